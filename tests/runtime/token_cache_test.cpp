// The cache of verified tokens on its own: bounded, never past a token's expiry, and emptied by a
// key change even for a verification that was under way.
#include <gtest/gtest.h>

#include "auth/token_cache.hpp"

namespace svcgen::auth {
namespace {

std::shared_ptr<const Principal> principal(const std::string& subject) {
  auto made = std::make_shared<Principal>();
  made->subject = subject;
  return made;
}

TEST(TokenCache, HitsUntilExpiryWithTheSkew) {
  TokenCache cache(100);
  cache.insert("t", principal("alice"), 1000, 0, 0, cache.generation());
  EXPECT_EQ(cache.find("t", 999, 0).principal->subject, "alice");
  EXPECT_TRUE(cache.find("t", 1029, 30).principal);
  TokenCache::Hit late = cache.find("t", 1030, 30);
  EXPECT_FALSE(late.principal);
  EXPECT_TRUE(late.expired);
  TokenCache::Hit gone = cache.find("t", 1030, 30);
  EXPECT_FALSE(gone.expired) << "an expired entry is dropped";
  EXPECT_FALSE(cache.find("other", 0, 0).principal);
}

TEST(TokenCache, StaysBoundedAndKeepsTheLongestLived) {
  TokenCache cache(160);  // 10 per shard
  for (int i = 0; i < 5000; ++i) {
    cache.insert("token-" + std::to_string(i), principal("p"), 10000 + i, 0, 0, cache.generation());
  }
  EXPECT_LE(cache.size(), 160U);
  EXPECT_TRUE(cache.find("token-4999", 0, 0).principal);
  EXPECT_FALSE(cache.find("token-0", 0, 0).principal);
}

TEST(TokenCache, ClearDropsEntriesAndInsertionsOfVerificationsUnderWay) {
  TokenCache cache(100);
  cache.insert("a", principal("a"), 1000, 0, 0, cache.generation());
  std::uint64_t before = cache.generation();
  cache.clear();
  EXPECT_FALSE(cache.find("a", 0, 0).principal);
  cache.insert("b", principal("b"), 1000, 0, 0, before);
  EXPECT_FALSE(cache.find("b", 0, 0).principal) << "verified with keys from before the change";
  EXPECT_EQ(cache.size(), 0U);
}

}  // namespace
}  // namespace svcgen::auth
