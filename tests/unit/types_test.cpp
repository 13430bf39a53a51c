#include "svcgen/types.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace svcgen {
namespace {

TEST(Uuid, ParsesAndLowercases) {
  auto uuid = Uuid::parse("3F2B8C1E-0D4A-4E8B-9A51-2C7D9E6F1A00");
  ASSERT_TRUE(uuid);
  EXPECT_EQ(uuid->str(), "3f2b8c1e-0d4a-4e8b-9a51-2c7d9e6f1a00");
  EXPECT_FALSE(Uuid::parse("3f2b8c1e0d4a4e8b9a512c7d9e6f1a00"));
  EXPECT_FALSE(Uuid::parse("3f2b8c1e-0d4a-4e8b-9a51-2c7d9e6f1a0g"));
  EXPECT_FALSE(Uuid::parse(""));
}

TEST(Decimal, KeepsExactTextAndCountsDigits) {
  auto decimal = Decimal::parse("12345678.90");
  ASSERT_TRUE(decimal);
  EXPECT_EQ(decimal->str(), "12345678.90");
  EXPECT_EQ(decimal->integer_digits(), 8);
  EXPECT_EQ(decimal->fraction_digits(), 2);
  EXPECT_TRUE(decimal->fits(10, 2));
  EXPECT_FALSE(decimal->fits(9, 2));
  EXPECT_TRUE(Decimal::parse("0.5")->fits(1, 1));
  EXPECT_TRUE(Decimal::parse("-3"));
  for (const char* bad : {"", "-", "1.", ".5", "01", "+1", "1e5", "1.2.3", " 1"}) {
    EXPECT_FALSE(Decimal::parse(bad)) << bad;
  }
}

TEST(Date, ValidatesTheCalendar) {
  EXPECT_EQ(Date::parse("2024-02-29")->str(), "2024-02-29");
  EXPECT_FALSE(Date::parse("2023-02-29"));
  EXPECT_FALSE(Date::parse("2024-13-01"));
  EXPECT_FALSE(Date::parse("0000-01-01"));
  EXPECT_FALSE(Date::parse("2024-1-01"));
}

TEST(Time, ParsesPartialTimeAndPrintsLikePostgresql) {
  EXPECT_EQ(Time::parse("00:00:00")->str(), "00:00:00");
  EXPECT_EQ(Time::parse("23:59:59")->str(), "23:59:59");
  EXPECT_EQ(Time::parse("12:30:00.5")->str(), "12:30:00.5");
  EXPECT_EQ(Time::parse("12:30:00.500000")->str(), "12:30:00.5");
  EXPECT_EQ(Time::parse("12:30:00.000")->str(), "12:30:00");
  EXPECT_EQ(Time::parse("07:05:09.000001")->str(), "07:05:09.000001");
  EXPECT_EQ(Time::parse("12:30:00.25")->since_midnight(),
            std::chrono::hours(12) + std::chrono::minutes(30) + std::chrono::milliseconds(250));
  for (const char* bad : {"", "24:00:00", "23:60:00", "23:59:60", "12:30", "12:30:00.",
                          "12:30:00.1234567", "12:30:00Z", "12:30:00+01:00", "1:30:00", "12-30-00",
                          "12:30:0a", " 12:30:00", "12:30:00 ", "T12:30:00"}) {
    EXPECT_FALSE(Time::parse(bad)) << bad;
  }
}

TEST(Time, OrdersByTimeOfDay) {
  EXPECT_LT(*Time::parse("09:00:00"), *Time::parse("09:00:00.000001"));
  EXPECT_LT(*Time::parse("09:59:59.9"), *Time::parse("10:00:00"));
  EXPECT_EQ(*Time::parse("10:00:00.10"), *Time::parse("10:00:00.1"));
}

TEST(Timestamp, NormalisesOffsetsToUtc) {
  EXPECT_EQ(Timestamp::parse("2024-01-31T12:00:00Z")->str(), "2024-01-31T12:00:00.000000Z");
  EXPECT_EQ(Timestamp::parse("2024-01-31T23:30:00.5-02:00")->str(), "2024-02-01T01:30:00.500000Z");
  EXPECT_EQ(Timestamp::parse("2024-01-01T00:00:00+01:00")->str(), "2023-12-31T23:00:00.000000Z");
  EXPECT_EQ(Timestamp::parse("2024-01-31t12:00:00.1234567z")->str(), "2024-01-31T12:00:00.123457Z");
  EXPECT_FALSE(Timestamp::parse("2024-01-31T12:00:00"));
  EXPECT_FALSE(Timestamp::parse("2024-01-31T24:00:00Z"));
  EXPECT_FALSE(Timestamp::parse("2024-01-31T12:00:00.Z"));
  EXPECT_FALSE(Timestamp::parse("2024-01-31T12:00:00+0100"));
}

TEST(Base64, RoundTripsAndRefusesNonCanonicalText) {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    Bytes bytes(text.begin(), text.end());
    std::string encoded = base64_encode(bytes);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(base64_encode(Bytes{'f', 'o'}), "Zm8=");
  EXPECT_FALSE(base64_decode("Zm8"));
  EXPECT_FALSE(base64_decode("Zm9="));
  EXPECT_FALSE(base64_decode("Z=8="));
  EXPECT_FALSE(base64_decode("Zm8-"));
  EXPECT_FALSE(base64_decode("===="));
}

TEST(Utf8, ValidatesAndCountsCodePoints) {
  EXPECT_TRUE(is_valid_utf8("h\xC3\xA9llo \xF0\x9F\x98\x80"));
  EXPECT_EQ(utf8_length("h\xC3\xA9llo \xF0\x9F\x98\x80"), 7u);
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
}

}  // namespace
}  // namespace svcgen

#include "svcgen/sha256.hpp"

namespace svcgen {
namespace {

TEST(Sha256, HmacMatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Sha256, OneKeyedHmacSignsManyMessages) {
  HmacSha256 jefe("Jefe");
  EXPECT_EQ(jefe.hex("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4231 test case 7: a key longer than a block and a message of several blocks.
  HmacSha256 long_key(std::string(131, '\xaa'));
  EXPECT_EQ(long_key.hex("This is a test using a larger than block-size key and a larger than "
                         "block-size data. The key needs to be hashed before being used by the "
                         "HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  EXPECT_EQ(jefe.hex(""), hmac_sha256_hex("Jefe", ""));
}

TEST(Sha256, MatchesKnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

}  // namespace
}  // namespace svcgen
