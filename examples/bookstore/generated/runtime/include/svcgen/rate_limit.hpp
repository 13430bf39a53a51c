// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "svcgen/config.hpp"
#include "svcgen/http.hpp"

// Per-client, per-operation request limits: token buckets counted in this process (each replica
// counts on its own), keyed by the verified subject or else the client's address.
namespace svcgen {

// `requests` per `per`: the bucket holds `requests` tokens and refills continuously at that rate.
struct RateLimit {
  int requests = 0;
  std::chrono::milliseconds per{0};
};

// Why a limit cannot be counted (fewer than one request, a window under 1ms, or a product of the
// two too large to count in microseconds); nothing when it can.
std::optional<std::string> rate_limit_problem(const RateLimit& limit);

// The networks whose addresses are proxies allowed to say who their client is (TRUSTED_PROXIES).
class TrustedProxies {
 public:
  // A comma-separated list of CIDR blocks and bare addresses, IPv4 and IPv6
  // ("10.0.0.0/8,::1/128,192.168.1.7"); a bare address is a /32 or /128 block. Host bits set in
  // a block ("10.1.2.3/8") are ignored. An empty list trusts nobody.
  static std::optional<TrustedProxies> parse(std::string_view list, std::string& error);

  // False for anything that is not an IP address. IPv4-mapped IPv6 addresses count as IPv4.
  bool contains(std::string_view address) const;
  bool empty() const { return blocks_.empty(); }

  // IPv4 blocks are held as IPv4-mapped IPv6 ones (::ffff:a.b.c.d/(96 + prefix)), so that one
  // comparison serves both families.
  struct Block {
    std::array<std::uint8_t, 16> network{};
    int prefix_bits = 0;
  };

 private:
  std::vector<Block> blocks_;
};

// Run-time settings of the limits: RATE_LIMIT_DISABLED, RATE_LIMIT_MAX_CLIENTS, TRUSTED_PROXIES.
struct RateLimitSettings {
  bool disabled = false;
  std::size_t max_clients = 100000;
  TrustedProxies proxies;
};

// Unset or empty variables keep the defaults; every problem is appended to `errors` as
// "<VARIABLE>: <what is wrong>".
RateLimitSettings read_rate_limit_settings(const EnvLookup& env, std::vector<std::string>& errors);

// The address a request counts against: the TCP peer, or, when the peer is a trusted proxy, the
// nearest X-Forwarded-For entry that is not (see docs/runtime-api.md, "Rate limits"). Written in
// canonical form ("2001:db8::1", IPv4-mapped addresses as IPv4); "" without a peer.
std::string client_address(const Request& request, const TrustedProxies& proxies);

// "s:<subject>" for a request with a verified token, else "a:<client address>".
std::string rate_limit_client_key(const Request& request, const TrustedProxies& proxies);

struct RateDecision {
  bool limited = false;  // false when limits are off: no headers, nothing counted
  bool allowed = true;
  int limit = 0;                      // RateLimit-Limit: the limit's `requests`
  int remaining = 0;                  // RateLimit-Remaining: whole tokens left after this request
  long long reset_seconds = 0;        // RateLimit-Reset: until the bucket is full again, rounded up
  long long retry_after_seconds = 0;  // Retry-After when refused: until one token, at least 1
};

using RateClock = std::function<std::chrono::steady_clock::time_point()>;

// Token buckets for every (client, operation). Memory is bounded by `max_clients` client entries,
// each holding the buckets of the operations that client used; the least recently seen client
// is forgotten first. Safe to call from several threads at once.
class RateLimiter {
 public:
  explicit RateLimiter(
      const RateLimitSettings& settings,
      RateClock clock = [] { return std::chrono::steady_clock::now(); });
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes one token from the client's bucket of `operation`, which must be a fixed name (the
  // operation or route), never text from the request. Throws std::invalid_argument for a limit
  // that rate_limit_problem() refuses.
  RateDecision take(std::string_view operation, const RateLimit& limit,
                    std::string_view client_key);

  bool enabled() const { return !disabled_; }
  const TrustedProxies& proxies() const { return proxies_; }
  std::size_t max_clients() const { return max_clients_; }
  std::size_t tracked_clients() const;

  // Refused requests since start, in total and by operation (for /metrics).
  std::uint64_t refused_total() const { return refused_total_.load(std::memory_order_relaxed); }
  std::vector<std::pair<std::string, std::uint64_t>> refused_by_operation() const;

  class Shard;

 private:
  bool disabled_;
  std::size_t max_clients_;
  TrustedProxies proxies_;
  RateClock clock_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::uint64_t> refused_total_{0};
  mutable std::mutex refused_mutex_;
  std::map<std::string, std::uint64_t, std::less<>> refused_by_operation_;
};

// Sets RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, and Retry-After when refused;
// nothing for a decision that was not limited.
void apply_rate_limit_headers(const RateDecision& decision, Response& response);

// The 429 problem of a refused request, with the headers above.
Response rate_limited_response(const RateDecision& decision, const Request& request);

}  // namespace svcgen
