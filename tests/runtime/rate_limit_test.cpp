#include "svcgen/rate_limit.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <thread>

namespace svcgen {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A clock the test moves by hand; readable from several threads.
class ManualClock {
 public:
  RateClock function() {
    return [this] {
      return std::chrono::steady_clock::time_point(
          std::chrono::nanoseconds(now_.load(std::memory_order_relaxed)));
    };
  }
  void advance(std::chrono::nanoseconds by) { now_.fetch_add(by.count()); }

 private:
  // Far from zero, so that a bucket created "now" never meets the clock's epoch.
  std::atomic<std::int64_t> now_{std::chrono::nanoseconds(std::chrono::hours(1000)).count()};
};

RateLimitSettings settings_with(std::size_t max_clients) {
  RateLimitSettings settings;
  settings.max_clients = max_clients;
  return settings;
}

constexpr RateLimit kTenPerMinute{10, std::chrono::minutes(1)};

TEST(RateLimiter, ABurstOfTheLimitPassesAndTheNextIsRefusedUntilOneTokenRefills) {
  ManualClock clock;
  RateLimiter limiter(settings_with(100), clock.function());
  for (int i = 0; i < 10; ++i) {
    RateDecision decision = limiter.take("create", kTenPerMinute, "a:192.0.2.1");
    ASSERT_TRUE(decision.allowed) << i;
    EXPECT_TRUE(decision.limited);
    EXPECT_EQ(decision.limit, 10);
    EXPECT_EQ(decision.remaining, 9 - i);
    // One token refills every 6 s: full again 6 s per token taken.
    EXPECT_EQ(decision.reset_seconds, 6 * (i + 1));
  }
  RateDecision refused = limiter.take("create", kTenPerMinute, "a:192.0.2.1");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.limit, 10);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.reset_seconds, 60);
  EXPECT_EQ(refused.retry_after_seconds, 6);
  EXPECT_EQ(limiter.refused_total(), 1u);

  clock.advance(seconds(5));
  RateDecision still_refused = limiter.take("create", kTenPerMinute, "a:192.0.2.1");
  EXPECT_FALSE(still_refused.allowed);
  EXPECT_EQ(still_refused.retry_after_seconds, 1);
  EXPECT_EQ(still_refused.reset_seconds, 55);

  clock.advance(seconds(1));
  RateDecision refilled = limiter.take("create", kTenPerMinute, "a:192.0.2.1");
  EXPECT_TRUE(refilled.allowed);
  EXPECT_EQ(refilled.remaining, 0);
  EXPECT_EQ(refilled.reset_seconds, 60);
  EXPECT_FALSE(limiter.take("create", kTenPerMinute, "a:192.0.2.1").allowed);
  EXPECT_EQ(limiter.refused_total(), 3u);
}

TEST(RateLimiter, RetryAfterIsAtLeastOneSecondAndRoundsUp) {
  ManualClock clock;
  RateLimiter limiter(settings_with(100), clock.function());
  const RateLimit five_per_second{5, seconds(1)};  // a token every 200 ms
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(limiter.take("read", five_per_second, "a:192.0.2.1").allowed);
  }
  RateDecision refused = limiter.take("read", five_per_second, "a:192.0.2.1");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_EQ(refused.reset_seconds, 1);

  const RateLimit seven_per_minute{7, std::chrono::minutes(1)};  // 8.571... s per token
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(limiter.take("update", seven_per_minute, "a:192.0.2.1").allowed);
  }
  EXPECT_EQ(limiter.take("update", seven_per_minute, "a:192.0.2.1").retry_after_seconds, 9);
  clock.advance(std::chrono::nanoseconds(8571428571));
  EXPECT_FALSE(limiter.take("update", seven_per_minute, "a:192.0.2.1").allowed);
  clock.advance(std::chrono::microseconds(1));
  EXPECT_TRUE(limiter.take("update", seven_per_minute, "a:192.0.2.1").allowed);
}

TEST(RateLimiter, AnIdleBucketRefillsToItsCapacityAndNoFurther) {
  ManualClock clock;
  RateLimiter limiter(settings_with(100), clock.function());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(limiter.take("list", kTenPerMinute, "a:192.0.2.1").allowed);
  }
  clock.advance(std::chrono::hours(5));
  RateDecision decision = limiter.take("list", kTenPerMinute, "a:192.0.2.1");
  EXPECT_EQ(decision.remaining, 9);
  EXPECT_EQ(decision.reset_seconds, 6);
  clock.advance(seconds(6));
  EXPECT_EQ(limiter.take("list", kTenPerMinute, "a:192.0.2.1").remaining, 9);
}

TEST(RateLimiter, ClientsAndOperationsAreCountedSeparately) {
  ManualClock clock;
  RateLimiter limiter(settings_with(100), clock.function());
  const RateLimit two{2, std::chrono::minutes(1)};
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(limiter.take("create", two, "a:192.0.2.1").allowed);
  }
  EXPECT_FALSE(limiter.take("create", two, "a:192.0.2.1").allowed);
  EXPECT_TRUE(limiter.take("create", two, "a:192.0.2.2").allowed);
  EXPECT_TRUE(limiter.take("delete", two, "a:192.0.2.1").allowed);
  EXPECT_TRUE(limiter.take("publish", two, "a:192.0.2.1").allowed);
  // A subject that reads like an address is still another client.
  EXPECT_TRUE(limiter.take("create", two, "s:192.0.2.1").allowed);
  EXPECT_EQ(limiter.tracked_clients(), 3u);
  EXPECT_TRUE(limiter.take("delete", two, "a:192.0.2.1").allowed);
  EXPECT_FALSE(limiter.take("delete", two, "a:192.0.2.1").allowed);
  std::vector<std::pair<std::string, std::uint64_t>> refused = limiter.refused_by_operation();
  std::vector<std::pair<std::string, std::uint64_t>> expected = {{"create", 1}, {"delete", 1}};
  EXPECT_EQ(refused, expected);
  EXPECT_EQ(limiter.refused_total(), 2u);
}

TEST(RateLimiter, DisabledCountsNothingAndSetsNoHeaders) {
  RateLimitSettings settings;
  settings.disabled = true;
  RateLimiter limiter(settings);
  EXPECT_FALSE(limiter.enabled());
  const RateLimit one{1, std::chrono::minutes(1)};
  for (int i = 0; i < 100; ++i) {
    RateDecision decision = limiter.take("create", one, "a:192.0.2.1");
    ASSERT_TRUE(decision.allowed);
    ASSERT_FALSE(decision.limited);
  }
  EXPECT_EQ(limiter.tracked_clients(), 0u);
  EXPECT_EQ(limiter.refused_total(), 0u);
  Response response = empty_response(204);
  apply_rate_limit_headers(limiter.take("create", one, "a:192.0.2.1"), response);
  EXPECT_TRUE(response.headers.fields().empty());
}

TEST(RateLimiter, RefusesLimitsItCannotCount) {
  RateLimiter limiter(settings_with(100));
  EXPECT_EQ(rate_limit_problem({0, seconds(1)}),
            std::optional<std::string>("a rate limit needs at least 1 request, got 0"));
  EXPECT_EQ(rate_limit_problem({10, milliseconds(0)}),
            std::optional<std::string>("a rate limit's period must be at least 1ms, got 0ms"));
  EXPECT_EQ(rate_limit_problem({2000000000, std::chrono::hours(24 * 365)}),
            std::optional<std::string>("a rate limit of 2000000000 requests per 31536000s is "
                                       "too large to count; use a shorter period"));
  EXPECT_EQ(rate_limit_problem({1000000, std::chrono::hours(24)}), std::nullopt);
  try {
    limiter.take("create", {-1, seconds(1)}, "a:192.0.2.1");
    FAIL() << "a negative limit was counted";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "operation create: a rate limit needs at least 1 request, got -1");
  }
}

TEST(RateLimiter, EvictsTheLeastRecentlySeenClientFirst) {
  ManualClock clock;
  RateLimiter limiter(settings_with(3), clock.function());
  const RateLimit one{1, std::chrono::minutes(1)};
  ASSERT_TRUE(limiter.take("create", one, "a:192.0.2.1").allowed);
  ASSERT_TRUE(limiter.take("create", one, "a:192.0.2.2").allowed);
  ASSERT_TRUE(limiter.take("create", one, "a:192.0.2.3").allowed);
  // .1 is seen again (and refused), so .2 is now the oldest and goes when .4 arrives.
  ASSERT_FALSE(limiter.take("create", one, "a:192.0.2.1").allowed);
  ASSERT_TRUE(limiter.take("create", one, "a:192.0.2.4").allowed);
  EXPECT_EQ(limiter.tracked_clients(), 3u);
  EXPECT_FALSE(limiter.take("create", one, "a:192.0.2.1").allowed);  // remembered
  EXPECT_FALSE(limiter.take("create", one, "a:192.0.2.3").allowed);  // remembered
  EXPECT_FALSE(limiter.take("create", one, "a:192.0.2.4").allowed);  // remembered
  // .2 was forgotten: it starts with a full bucket, and evicts .1, the oldest by now.
  EXPECT_TRUE(limiter.take("create", one, "a:192.0.2.2").allowed);
  EXPECT_TRUE(limiter.take("create", one, "a:192.0.2.1").allowed);
  EXPECT_EQ(limiter.tracked_clients(), 3u);
}

// g++ says so with __SANITIZE_ADDRESS__, clang only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long total_pages = 0;
  long resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return statm ? resident_pages * ::sysconf(_SC_PAGESIZE) : -1;
}

// Clients that rotate addresses must not exhaust memory: a million of them leave at most the
// default 100000 entries, and a recently seen one survives the flood.
TEST(RateLimiter, MemoryStaysBoundedUnderAMillionDistinctAddresses) {
  ManualClock clock;  // no refill for the keeper however long the flood takes
  RateLimitSettings settings;
  ASSERT_EQ(settings.max_clients, 100000u);
  RateLimiter limiter(settings, clock.function());
  const RateLimit limit{10, std::chrono::minutes(1)};
  auto address = [](std::uint32_t n) {
    return "a:10." + std::to_string((n >> 16) & 0xff) + "." + std::to_string((n >> 8) & 0xff) +
           "." + std::to_string(n & 0xff);
  };
  auto flood = [&](std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t n = from; n < to; ++n) {
      limiter.take("create", limit, address(n));
      // Seen again every thousand newcomers, "keeper" stays among the most recent clients.
      if (n % 1000 == 0) {
        limiter.take("create", limit, "s:keeper");
      }
    }
  };
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(limiter.take("create", limit, "s:keeper").allowed);
  }
  flood(0, 200000);
  EXPECT_EQ(limiter.tracked_clients(), 100000u);
  long after_filling = resident_bytes();
  ASSERT_GT(after_filling, 0) << "cannot read /proc/self/statm";
  flood(200000, 1000000);
  EXPECT_EQ(limiter.tracked_clients(), 100000u);
  EXPECT_FALSE(limiter.take("create", limit, "s:keeper").allowed) << "the keeper was evicted";
  // The first addresses are long gone: each starts over with a full bucket.
  EXPECT_EQ(limiter.take("create", limit, address(0)).remaining, 9);
  if (kAddressSanitizer) {
    GTEST_SKIP() << "AddressSanitizer holds freed memory in its quarantine: resident memory says "
                    "nothing here (the entry count above is checked)";
  }
  // 800000 more clients kept would be well over 100 MB; the entries are reused instead.
  long growth = resident_bytes() - after_filling;
  EXPECT_LT(growth, 16L * 1024 * 1024) << "resident memory grew by " << growth << " bytes";
}

TEST(RateLimiter, ThreadsHammeringOneBucketGetExactlyTheLimit) {
  ManualClock clock;  // frozen: nothing refills while the threads run
  RateLimiter limiter(settings_with(100000), clock.function());
  const RateLimit limit{1000, std::chrono::hours(1)};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        if (limiter.take("create", limit, "s:shared").allowed) {
          allowed.fetch_add(1);
        }
        // Other clients in between, so that the shards' maps change under the hammering.
        limiter.take("create", limit,
                     "a:10.0." + std::to_string(t) + "." + std::to_string(i % 250));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(allowed.load(), 1000);
  EXPECT_EQ(limiter.refused_total(), 8u * 5000 - 1000);
}

TEST(RateLimitHeaders, AllowedAndRefusedResponsesCarryTheirHeaders) {
  ManualClock clock;
  RateLimiter limiter(settings_with(100), clock.function());
  const RateLimit two{2, std::chrono::minutes(1)};
  Response allowed = empty_response(201);
  apply_rate_limit_headers(limiter.take("create", two, "a:192.0.2.1"), allowed);
  EXPECT_EQ(allowed.headers.get("RateLimit-Limit"), "2");
  EXPECT_EQ(allowed.headers.get("RateLimit-Remaining"), "1");
  EXPECT_EQ(allowed.headers.get("RateLimit-Reset"), "30");
  EXPECT_FALSE(allowed.headers.has("Retry-After"));

  limiter.take("create", two, "a:192.0.2.1");
  Request request;
  request.path = "/api/books";
  request.request_id = "r-1";
  Response refused = rate_limited_response(limiter.take("create", two, "a:192.0.2.1"), request);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers.get("Content-Type"), "application/problem+json");
  EXPECT_EQ(refused.headers.get("RateLimit-Limit"), "2");
  EXPECT_EQ(refused.headers.get("RateLimit-Remaining"), "0");
  EXPECT_EQ(refused.headers.get("RateLimit-Reset"), "60");
  EXPECT_EQ(refused.headers.get("Retry-After"), "30");
  nlohmann::json body = nlohmann::json::parse(refused.body);
  EXPECT_EQ(body["type"], "urn:svcgen:problem:too-many-requests");
  EXPECT_EQ(body["title"], "Too Many Requests");
  EXPECT_EQ(body["status"], 429);
  EXPECT_EQ(body["instance"], "/api/books");
  EXPECT_EQ(body["detail"],
            "too many requests: this operation allows 2 per client in its period; retry in 30 s");
}

}  // namespace
}  // namespace svcgen
