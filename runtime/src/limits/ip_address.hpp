#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// IP addresses as the rate limits compare them: 16 bytes, IPv4 as IPv4-mapped IPv6, so that a
// peer written "127.0.0.1" and a header entry written "::ffff:127.0.0.1" are one client.
namespace svcgen::limits {

using IpBytes = std::array<std::uint8_t, 16>;

struct IpAddress {
  IpBytes bytes{};
  bool is_ipv4() const;
};

// A bare IPv4 or IPv6 address in the forms inet_pton reads; no zone, port or brackets.
std::optional<IpAddress> parse_ip_address(std::string_view text);

// "192.0.2.1" for IPv4 (mapped or not), the shortest RFC 5952 form for IPv6.
std::string format_ip_address(const IpAddress& address);

// Whether the first `prefix_bits` bits of the two are equal.
bool same_prefix(const IpBytes& a, const IpBytes& b, int prefix_bits);

}  // namespace svcgen::limits
