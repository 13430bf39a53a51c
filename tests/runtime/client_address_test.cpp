#include "svcgen/rate_limit.hpp"

#include <gtest/gtest.h>

namespace svcgen {
namespace {

TrustedProxies proxies(std::string_view list) {
  std::string error;
  std::optional<TrustedProxies> parsed = TrustedProxies::parse(list, error);
  if (!parsed) {
    ADD_FAILURE() << list << ": " << error;
    return {};
  }
  return *parsed;
}

Request from(std::string peer, std::vector<std::string> forwarded = {}) {
  Request request;
  request.peer_address = std::move(peer);
  for (std::string& value : forwarded) {
    request.headers.add("X-Forwarded-For", std::move(value));
  }
  return request;
}

TEST(TrustedProxies, MatchesIpv4AndIpv6BlocksAndBareAddresses) {
  TrustedProxies trusted = proxies("10.0.0.0/8, ::1/128,192.168.1.7,2001:db8:aa::/48");
  EXPECT_TRUE(trusted.contains("10.0.0.1"));
  EXPECT_TRUE(trusted.contains("10.255.255.255"));
  EXPECT_FALSE(trusted.contains("11.0.0.1"));
  EXPECT_TRUE(trusted.contains("192.168.1.7"));
  EXPECT_FALSE(trusted.contains("192.168.1.8"));
  EXPECT_TRUE(trusted.contains("::1"));
  EXPECT_FALSE(trusted.contains("::2"));
  EXPECT_TRUE(trusted.contains("2001:db8:aa:ffff::1"));
  EXPECT_TRUE(trusted.contains("2001:DB8:AA::"));
  EXPECT_FALSE(trusted.contains("2001:db8:ab::1"));
  // An IPv4-mapped IPv6 address is the IPv4 address.
  EXPECT_TRUE(trusted.contains("::ffff:10.1.2.3"));
  EXPECT_FALSE(trusted.contains("nonsense"));
  EXPECT_FALSE(trusted.contains(""));
}

TEST(TrustedProxies, PrefixesCoverTheirBitsOnly) {
  TrustedProxies trusted = proxies("172.16.0.0/12,10.1.2.3/8,::ffff:192.0.2.0/120,fe80::/10");
  EXPECT_TRUE(trusted.contains("172.31.255.255"));
  EXPECT_FALSE(trusted.contains("172.32.0.0"));
  EXPECT_TRUE(trusted.contains("10.200.0.1"));  // host bits of the block are ignored
  EXPECT_TRUE(trusted.contains("192.0.2.200"));
  EXPECT_FALSE(trusted.contains("192.0.3.1"));
  EXPECT_TRUE(trusted.contains("febf::1"));
  EXPECT_FALSE(trusted.contains("fec0::1"));
  EXPECT_TRUE(proxies("0.0.0.0/0").contains("203.0.113.9"));
  EXPECT_FALSE(proxies("0.0.0.0/0").contains("2001:db8::1"));
  EXPECT_TRUE(proxies("").empty());
}

TEST(TrustedProxies, RefusesMalformedListsSayingWhy) {
  auto error_of = [](std::string_view list) {
    std::string error;
    EXPECT_FALSE(TrustedProxies::parse(list, error)) << list;
    return error;
  };
  EXPECT_EQ(error_of("10.0.0.0/33"),
            "\"10.0.0.0/33\": the prefix length of an IPv4 block is a whole number from 0 to 32");
  EXPECT_EQ(error_of("::/129"),
            "\"::/129\": the prefix length of an IPv6 block is a whole number from 0 to 128");
  EXPECT_EQ(error_of("10.0.0.0/"),
            "\"10.0.0.0/\": the prefix length of an IPv4 block is a whole number from 0 to 32");
  EXPECT_EQ(error_of("10.0.0.0/-1"),
            "\"10.0.0.0/-1\": the prefix length of an IPv4 block is a whole number from 0 to 32");
  EXPECT_EQ(error_of("nonsense"),
            "\"nonsense\" is not an IP address or CIDR block (like 10.0.0.0/8, 192.168.1.7 or "
            "::1/128)");
  EXPECT_EQ(error_of("10.0.0.0/8,10.0.0"),
            "\"10.0.0\" is not an IP address or CIDR block (like 10.0.0.0/8, 192.168.1.7 or "
            "::1/128)");
  EXPECT_EQ(error_of("10.0.0.0/8,,::1"),
            "an empty entry in the list; write it like 10.0.0.0/8,::1/128,192.168.1.7");
}

TEST(ClientAddress, IsThePeerWhenThePeerIsNotTrusted) {
  TrustedProxies trusted = proxies("10.0.0.0/8");
  EXPECT_EQ(client_address(from("203.0.113.5"), trusted), "203.0.113.5");
  // Whatever an untrusted peer says of itself is ignored.
  EXPECT_EQ(client_address(from("203.0.113.5", {"198.51.100.1"}), trusted), "203.0.113.5");
  EXPECT_EQ(client_address(from("203.0.113.5", {"198.51.100.1"}), TrustedProxies{}), "203.0.113.5");
  EXPECT_EQ(client_address(from("::1", {"198.51.100.1"}), trusted), "::1");
  EXPECT_EQ(client_address(from(""), trusted), "");
}

TEST(ClientAddress, BehindTrustedProxiesIsTheNearestUntrustedForwardedAddress) {
  TrustedProxies trusted = proxies("10.0.0.0/8,192.168.1.7");
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.1"}), trusted), "198.51.100.1");
  // The client wrote the leftmost entries itself: only what the proxies appended counts.
  EXPECT_EQ(
      client_address(from("10.0.0.1", {"1.1.1.1, 198.51.100.1, 192.168.1.7, 10.2.3.4"}), trusted),
      "198.51.100.1");
  // Every hop trusted: the leftmost one.
  EXPECT_EQ(client_address(from("10.0.0.1", {"10.9.9.9,192.168.1.7"}), trusted), "10.9.9.9");
  // A trusted peer that forwards nothing is the client.
  EXPECT_EQ(client_address(from("10.0.0.1"), trusted), "10.0.0.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"  "}), trusted), "10.0.0.1");
  // Addresses are written in one form, so that one client is one key.
  EXPECT_EQ(client_address(from("10.0.0.1", {"2001:DB8:0:0::1"}), trusted), "2001:db8::1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"::ffff:198.51.100.1"}), trusted), "198.51.100.1");
  // Ports, as some proxies add them.
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.1:5123"}), trusted), "198.51.100.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"[2001:db8::7]:443"}), trusted), "2001:db8::7");
  EXPECT_EQ(client_address(from("10.0.0.1", {"[2001:db8::7]"}), trusted), "2001:db8::7");
}

TEST(ClientAddress, TrustsIpv6Proxies) {
  TrustedProxies trusted = proxies("::1/128,fd00::/8");
  EXPECT_EQ(client_address(from("::1", {"2001:db8::1, fd12::3"}), trusted), "2001:db8::1");
  EXPECT_EQ(client_address(from("fd00::9", {"203.0.113.7"}), trusted), "203.0.113.7");
  EXPECT_EQ(client_address(from("fe00::9", {"203.0.113.7"}), trusted), "fe00::9");
}

TEST(ClientAddress, SeveralForwardedForFieldsAreOneList) {
  TrustedProxies trusted = proxies("10.0.0.0/8");
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.1", "10.0.0.2"}), trusted),
            "198.51.100.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"10.0.0.3", "198.51.100.2, 10.0.0.2"}), trusted),
            "198.51.100.2");
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.3", "10.0.0.3", "10.0.0.2"}), trusted),
            "198.51.100.3");
  Request mixed_case = from("10.0.0.1", {"198.51.100.4"});
  mixed_case.headers.add("x-forwarded-for", "10.0.0.5");
  EXPECT_EQ(client_address(mixed_case, trusted), "198.51.100.4");
}

// A malformed entry ends the walk at the trusted hop that passed it on: the client behind it
// cannot be told, and no text of its choosing becomes an identity.
TEST(ClientAddress, AMalformedEntryMakesTheLastTrustedHopTheClient) {
  TrustedProxies trusted = proxies("10.0.0.0/8");
  EXPECT_EQ(client_address(from("10.0.0.1", {"unknown"}), trusted), "10.0.0.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.1, garbage, 10.0.0.2"}), trusted),
            "10.0.0.2");
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.1,,10.0.0.2"}), trusted), "10.0.0.2");
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.1,"}), trusted), "10.0.0.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"fe80::1%eth0"}), trusted), "10.0.0.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"[198.51.100.1]"}), trusted), "10.0.0.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"198.51.100.1:http"}), trusted), "10.0.0.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"[2001:db8::1"}), trusted), "10.0.0.1");
  EXPECT_EQ(client_address(from("10.0.0.1", {"[2001:db8::1]x"}), trusted), "10.0.0.1");
  // Entries left of the client are never read, malformed or not.
  EXPECT_EQ(client_address(from("10.0.0.1", {"garbage, 198.51.100.1"}), trusted), "198.51.100.1");
}

TEST(RateLimitClientKey, IsTheVerifiedSubjectElseTheAddress) {
  TrustedProxies trusted = proxies("10.0.0.0/8");
  Request anonymous = from("10.0.0.1", {"198.51.100.1"});
  EXPECT_EQ(rate_limit_client_key(anonymous, trusted), "a:198.51.100.1");
  Request signed_in = anonymous;
  auto principal = std::make_shared<Principal>();
  principal->subject = "198.51.100.1";
  signed_in.principal = principal;
  // Prefixes keep a subject that reads like an address apart from the address.
  EXPECT_EQ(rate_limit_client_key(signed_in, trusted), "s:198.51.100.1");
  EXPECT_NE(rate_limit_client_key(signed_in, trusted), rate_limit_client_key(anonymous, trusted));
  principal->subject = "user-42";
  EXPECT_EQ(rate_limit_client_key(signed_in, trusted), "s:user-42");
  principal->subject = "";
  EXPECT_EQ(rate_limit_client_key(signed_in, trusted), "a:198.51.100.1");
}

}  // namespace
}  // namespace svcgen
