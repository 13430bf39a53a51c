// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "token_cache.hpp"

#include <algorithm>
#include <utility>

namespace svcgen::auth {

TokenCache::TokenCache(std::size_t capacity)
    : shard_capacity_(std::max<std::size_t>(1, capacity / kShards)) {}

TokenCache::Shard& TokenCache::shard_of(std::string_view token) {
  // The map hashes the same way; the high bits pick the shard so the two stay independent.
  constexpr int kShift = 60;
  return shards_[(StringHash{}(token) >> kShift) % kShards];
}

TokenCache::Hit TokenCache::find(std::string_view token, UnixMillis now, UnixMillis skew) {
  Shard& shard = shard_of(token);
  std::lock_guard lock(shard.mutex);
  auto found = shard.entries.find(token);
  if (found == shard.entries.end()) {
    return {};
  }
  if (found->second.expires_at + skew <= now) {
    shard.entries.erase(found);
    return {nullptr, true};
  }
  return {found->second.principal, false};
}

// Expired entries go first; when all are live, the one that expires soonest makes way, as it
// is the one worth least.
void TokenCache::make_room(Shard& shard, UnixMillis now, UnixMillis skew) const {
  if (shard.entries.size() < shard_capacity_) {
    return;
  }
  std::erase_if(shard.entries,
                [&](const auto& entry) { return entry.second.expires_at + skew <= now; });
  if (shard.entries.size() < shard_capacity_) {
    return;
  }
  auto soonest = std::min_element(shard.entries.begin(), shard.entries.end(),
                                  [](const auto& left, const auto& right) {
                                    return left.second.expires_at < right.second.expires_at;
                                  });
  shard.entries.erase(soonest);
}

void TokenCache::insert(std::string_view token, std::shared_ptr<const Principal> principal,
                        UnixMillis expires_at, UnixMillis now, UnixMillis skew,
                        std::uint64_t generation) {
  Shard& shard = shard_of(token);
  std::lock_guard lock(shard.mutex);
  if (generation != generation_.load()) {
    return;
  }
  auto found = shard.entries.find(token);
  if (found != shard.entries.end()) {
    found->second = Entry{std::move(principal), expires_at};
    return;
  }
  make_room(shard, now, skew);
  shard.entries.emplace(std::string(token), Entry{std::move(principal), expires_at});
}

void TokenCache::clear() {
  ++generation_;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.entries.clear();
  }
}

std::size_t TokenCache::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace svcgen::auth
