// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/rate_limit.hpp"

#include <algorithm>
#include <list>
#include <stdexcept>
#include <unordered_map>

namespace svcgen {
namespace {

using Microseconds = std::chrono::microseconds;
using TimePoint = std::chrono::steady_clock::time_point;

// A bucket's numbers are kept in microseconds times `requests`, so that a token costs `per`
// exactly and refilling is a multiplication: no rounding drifts, whatever the rate. The product
// must stay well inside 64 bits, room for a bucket's content plus one token.
constexpr std::int64_t kMaxScaledWindow = std::int64_t{1} << 61;
constexpr std::int64_t kMicrosecondsPerSecond = 1000000;

// Fewer clients than this per shard and the order of eviction is visibly per shard, not global.
constexpr std::size_t kMinClientsPerShard = 1024;
constexpr std::size_t kMaxShards = 16;

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return a <= 0 ? 0 : (a + b - 1) / b; }

std::size_t shard_count(std::size_t max_clients) {
  return std::clamp<std::size_t>(max_clients / kMinClientsPerShard, 1, kMaxShards);
}

}  // namespace

std::optional<std::string> rate_limit_problem(const RateLimit& limit) {
  if (limit.requests < 1) {
    return "a rate limit needs at least 1 request, got " + std::to_string(limit.requests);
  }
  if (limit.per < std::chrono::milliseconds(1)) {
    return "a rate limit's period must be at least 1ms, got " + format_duration(limit.per);
  }
  std::int64_t per_us = std::chrono::duration_cast<Microseconds>(limit.per).count();
  if (per_us > kMaxScaledWindow / limit.requests) {
    return "a rate limit of " + std::to_string(limit.requests) + " requests per " +
           format_duration(limit.per) + " is too large to count; use a shorter period";
  }
  return std::nullopt;
}

// A least-recently-seen map of clients behind one mutex. Once full, the oldest client's list
// node and index node are reused for the newcomer, so a full shard allocates nothing more.
class RateLimiter::Shard {
 public:
  explicit Shard(std::size_t capacity) : capacity_(capacity) {}

  RateDecision take(std::string_view operation, const RateLimit& limit, std::string_view key,
                    TimePoint now) {
    std::lock_guard lock(mutex_);
    Bucket& bucket = bucket_of(client(key), operation, now);
    std::int64_t requests = limit.requests;
    std::int64_t cost = std::chrono::duration_cast<Microseconds>(limit.per).count();
    std::int64_t capacity = cost * requests;
    refill(bucket, requests, cost, now);
    bucket.deficit = std::min(bucket.deficit, capacity);

    RateDecision decision;
    decision.limited = true;
    decision.limit = limit.requests;
    decision.allowed = bucket.deficit + cost <= capacity;
    if (decision.allowed) {
      bucket.deficit += cost;
    } else {
      std::int64_t wait = ceil_div(bucket.deficit + cost - capacity, requests);
      decision.retry_after_seconds =
          std::max<std::int64_t>(1, ceil_div(wait, kMicrosecondsPerSecond));
    }
    decision.remaining = static_cast<int>((capacity - bucket.deficit) / cost);
    decision.reset_seconds = ceil_div(ceil_div(bucket.deficit, requests), kMicrosecondsPerSecond);
    return decision;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return index_.size();
  }

 private:
  struct Bucket {
    std::string operation;
    std::int64_t deficit = 0;  // what the bucket lacks to be full, in scaled units
    TimePoint updated;
  };
  struct Client {
    std::string key;
    std::vector<Bucket> buckets;
  };
  using Clients = std::list<Client>;

  // Continuous refill, counted in whole microseconds; the remainder stays in `updated` for next
  // time. A clock read before another thread's later one may arrive second: no time went back.
  static void refill(Bucket& bucket, std::int64_t requests, std::int64_t cost, TimePoint now) {
    if (now <= bucket.updated) {
      return;
    }
    auto elapsed = std::chrono::duration_cast<Microseconds>(now - bucket.updated);
    if (elapsed.count() >= cost || elapsed.count() * requests >= bucket.deficit) {
      bucket.deficit = 0;
      bucket.updated = now;
      return;
    }
    bucket.deficit -= elapsed.count() * requests;
    bucket.updated += elapsed;
  }

  static Bucket& bucket_of(Client& client, std::string_view operation, TimePoint now) {
    auto found = std::find_if(client.buckets.begin(), client.buckets.end(),
                              [&](const Bucket& bucket) { return bucket.operation == operation; });
    if (found != client.buckets.end()) {
      return *found;
    }
    return client.buckets.emplace_back(Bucket{std::string(operation), 0, now});
  }

  // The client's entry, most recently seen from now on.
  Client& client(std::string_view key) {
    if (auto found = index_.find(key); found != index_.end()) {
      clients_.splice(clients_.begin(), clients_, found->second);
      return *found->second;
    }
    if (index_.size() < capacity_) {
      clients_.push_front(Client{std::string(key), {}});
      index_.emplace(clients_.front().key, clients_.begin());
      return clients_.front();
    }
    auto oldest = std::prev(clients_.end());
    auto node = index_.extract(oldest->key);
    oldest->key.assign(key);
    oldest->buckets.clear();
    clients_.splice(clients_.begin(), clients_, oldest);
    node.key() = oldest->key;
    index_.insert(std::move(node));
    return *oldest;
  }

  mutable std::mutex mutex_;
  std::size_t capacity_;
  Clients clients_;  // most recently seen first
  // Keys view the strings of `clients_`, whose nodes never move.
  std::unordered_map<std::string_view, Clients::iterator> index_;
};

RateLimiter::RateLimiter(const RateLimitSettings& settings, RateClock clock)
    : disabled_(settings.disabled),
      max_clients_(settings.max_clients),
      proxies_(settings.proxies),
      clock_(std::move(clock)) {
  if (max_clients_ < 1) {
    throw std::invalid_argument("RATE_LIMIT_MAX_CLIENTS: a rate limiter needs room for 1 client");
  }
  if (disabled_) {
    return;
  }
  std::size_t shards = shard_count(max_clients_);
  for (std::size_t i = 0; i < shards; ++i) {
    shards_.push_back(
        std::make_unique<Shard>(max_clients_ / shards + (i < max_clients_ % shards ? 1 : 0)));
  }
}

RateLimiter::~RateLimiter() = default;

RateDecision RateLimiter::take(std::string_view operation, const RateLimit& limit,
                               std::string_view client_key) {
  if (disabled_) {
    return {};
  }
  if (std::optional<std::string> problem = rate_limit_problem(limit)) {
    throw std::invalid_argument("operation " + std::string(operation) + ": " + *problem);
  }
  std::size_t shard = std::hash<std::string_view>{}(client_key) % shards_.size();
  RateDecision decision = shards_[shard]->take(operation, limit, client_key, clock_());
  if (!decision.allowed) {
    refused_total_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(refused_mutex_);
    auto found = refused_by_operation_.find(operation);
    if (found == refused_by_operation_.end()) {
      found = refused_by_operation_.emplace(std::string(operation), 0).first;
    }
    ++found->second;
  }
  return decision;
}

std::size_t RateLimiter::tracked_clients() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    total += shard->size();
  }
  return total;
}

std::vector<std::pair<std::string, std::uint64_t>> RateLimiter::refused_by_operation() const {
  std::lock_guard lock(refused_mutex_);
  return {refused_by_operation_.begin(), refused_by_operation_.end()};
}

}  // namespace svcgen
