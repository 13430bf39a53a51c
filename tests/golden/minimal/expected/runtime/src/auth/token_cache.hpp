// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal to the runtime: tokens whose signature and claims were checked, until they expire, so
// that a client repeating its token does not pay for the signature again.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "claims.hpp"
#include "svcgen/principal.hpp"

namespace svcgen::auth {

class TokenCache {
 public:
  explicit TokenCache(std::size_t capacity);

  struct Hit {
    std::shared_ptr<const Principal> principal;  // nothing: not cached, or expired
    bool expired = false;
  };
  // An entry whose exp (plus `skew`) has passed is dropped and reported as expired.
  Hit find(std::string_view token, UnixMillis now, UnixMillis skew);
  // Read before taking the key snapshot a token is verified with; the insertion is dropped when
  // the cache was cleared since, so a verification racing a key change leaves nothing behind.
  std::uint64_t generation() const { return generation_.load(); }
  void insert(std::string_view token, std::shared_ptr<const Principal> principal,
              UnixMillis expires_at, UnixMillis now, UnixMillis skew, std::uint64_t generation);
  // Forgets every token, for a key set that changed: each is verified again when next seen.
  void clear();
  std::size_t size() const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  struct Entry {
    std::shared_ptr<const Principal> principal;
    UnixMillis expires_at = 0;
  };
  // Several event loops look tokens up at once; a lock per shard keeps them off each other.
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> entries;
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_of(std::string_view token);
  void make_room(Shard& shard, UnixMillis now, UnixMillis skew) const;

  std::size_t shard_capacity_;
  std::atomic<std::uint64_t> generation_{0};
  std::array<Shard, kShards> shards_;
};

}  // namespace svcgen::auth
