#include "svcgen/rate_limit.hpp"

#include <cerrno>
#include <cstdlib>

namespace svcgen {
namespace {

// A client takes about 200 bytes: ten million of them are some 2 GB, more than any instance
// should spend on counting, so a larger number is taken for a typo.
constexpr unsigned long long kMaxClientsLimit = 10000000;

std::optional<std::string> value_of(const EnvLookup& env, std::string_view name) {
  std::optional<std::string> value = env(name);
  return value && !value->empty() ? value : std::nullopt;
}

void read_disabled(const EnvLookup& env, RateLimitSettings& settings,
                   std::vector<std::string>& errors) {
  std::optional<std::string> value = value_of(env, "RATE_LIMIT_DISABLED");
  if (!value) {
    return;
  }
  if (*value == "true" || *value == "1" || *value == "on" || *value == "yes") {
    settings.disabled = true;
  } else if (*value == "false" || *value == "0" || *value == "off" || *value == "no") {
    settings.disabled = false;
  } else {
    errors.push_back("RATE_LIMIT_DISABLED: expected true or false, got \"" + *value + "\"");
  }
}

void read_max_clients(const EnvLookup& env, RateLimitSettings& settings,
                      std::vector<std::string>& errors) {
  std::optional<std::string> value = value_of(env, "RATE_LIMIT_MAX_CLIENTS");
  if (!value) {
    return;
  }
  char* end = nullptr;
  errno = 0;
  unsigned long long parsed = std::strtoull(value->c_str(), &end, 10);
  bool digits_only = value->find_first_not_of("0123456789") == std::string::npos;
  if (!digits_only || *end != '\0' || errno == ERANGE || parsed < 1 || parsed > kMaxClientsLimit) {
    errors.push_back("RATE_LIMIT_MAX_CLIENTS: expected a whole number of clients from 1 to " +
                     std::to_string(kMaxClientsLimit) + ", got \"" + *value + "\"");
    return;
  }
  settings.max_clients = static_cast<std::size_t>(parsed);
}

void read_trusted_proxies(const EnvLookup& env, RateLimitSettings& settings,
                          std::vector<std::string>& errors) {
  std::optional<std::string> value = value_of(env, "TRUSTED_PROXIES");
  if (!value) {
    return;
  }
  std::string error;
  if (std::optional<TrustedProxies> proxies = TrustedProxies::parse(*value, error)) {
    settings.proxies = std::move(*proxies);
  } else {
    errors.push_back("TRUSTED_PROXIES: " + error);
  }
}

}  // namespace

RateLimitSettings read_rate_limit_settings(const EnvLookup& env, std::vector<std::string>& errors) {
  RateLimitSettings settings;
  read_disabled(env, settings, errors);
  read_max_clients(env, settings, errors);
  read_trusted_proxies(env, settings, errors);
  return settings;
}

}  // namespace svcgen
