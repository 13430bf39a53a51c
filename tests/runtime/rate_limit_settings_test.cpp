#include "svcgen/rate_limit.hpp"

#include <gtest/gtest.h>

#include <map>

namespace svcgen {
namespace {

struct Read {
  RateLimitSettings settings;
  std::vector<std::string> errors;
};

Read read(std::map<std::string, std::string> values) {
  Read result;
  result.settings = read_rate_limit_settings(
      [&](std::string_view name) -> std::optional<std::string> {
        auto found = values.find(std::string(name));
        return found == values.end() ? std::nullopt : std::optional<std::string>(found->second);
      },
      result.errors);
  return result;
}

TEST(RateLimitSettings, DefaultsLimitEveryClientAndTrustNoProxy) {
  Read result = read({});
  EXPECT_TRUE(result.errors.empty());
  EXPECT_FALSE(result.settings.disabled);
  EXPECT_EQ(result.settings.max_clients, 100000u);
  EXPECT_TRUE(result.settings.proxies.empty());
  EXPECT_TRUE(read({{"TRUSTED_PROXIES", ""}, {"RATE_LIMIT_MAX_CLIENTS", ""}}).errors.empty());
}

TEST(RateLimitSettings, ReadsEachVariable) {
  Read result = read({{"RATE_LIMIT_DISABLED", "true"},
                      {"RATE_LIMIT_MAX_CLIENTS", "5000"},
                      {"TRUSTED_PROXIES", "10.0.0.0/8,::1"}});
  ASSERT_TRUE(result.errors.empty());
  EXPECT_TRUE(result.settings.disabled);
  EXPECT_EQ(result.settings.max_clients, 5000u);
  EXPECT_TRUE(result.settings.proxies.contains("10.3.0.1"));
  EXPECT_TRUE(result.settings.proxies.contains("::1"));
  EXPECT_FALSE(result.settings.proxies.contains("11.0.0.1"));
  EXPECT_FALSE(read({{"RATE_LIMIT_DISABLED", "false"}}).settings.disabled);
}

TEST(RateLimitSettings, EveryBadValueIsNamedByItsVariable) {
  const std::string max_clients_error =
      "RATE_LIMIT_MAX_CLIENTS: expected a whole number of clients from 1 to 10000000, got ";
  for (const char* bad : {"0", "abc", "-5", "12x", " 7", "10000001", "99999999999999999999999"}) {
    Read result = read({{"RATE_LIMIT_MAX_CLIENTS", bad}});
    ASSERT_EQ(result.errors.size(), 1u) << bad;
    EXPECT_EQ(result.errors[0], max_clients_error + "\"" + bad + "\"");
  }
  EXPECT_EQ(read({{"TRUSTED_PROXIES", "10.0.0.0/33"}}).errors,
            std::vector<std::string>{"TRUSTED_PROXIES: \"10.0.0.0/33\": the prefix length of an "
                                     "IPv4 block is a whole number from 0 to 32"});
  EXPECT_EQ(read({{"TRUSTED_PROXIES", "nonsense"}}).errors,
            std::vector<std::string>{"TRUSTED_PROXIES: \"nonsense\" is not an IP address or CIDR "
                                     "block (like 10.0.0.0/8, 192.168.1.7 or ::1/128)"});
  EXPECT_EQ(read({{"RATE_LIMIT_DISABLED", "maybe"}}).errors,
            std::vector<std::string>{"RATE_LIMIT_DISABLED: expected true or false, got \"maybe\""});
  // All problems are reported together.
  Read all = read({{"RATE_LIMIT_DISABLED", "maybe"},
                   {"RATE_LIMIT_MAX_CLIENTS", "0"},
                   {"TRUSTED_PROXIES", "nonsense"}});
  EXPECT_EQ(all.errors.size(), 3u);
}

TEST(RateLimitSettings, ALimiterNeedsRoomForOneClient) {
  RateLimitSettings settings;
  settings.max_clients = 0;
  EXPECT_THROW(RateLimiter limiter(settings), std::invalid_argument);
}

}  // namespace
}  // namespace svcgen
