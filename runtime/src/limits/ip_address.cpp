#include "ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace svcgen::limits {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

bool IpAddress::is_ipv4() const {
  return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin());
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  // inet_pton wants a NUL-terminated string; the longest address text is 45 characters.
  constexpr std::size_t kMaxText = 64;
  if (text.empty() || text.size() >= kMaxText) {
    return std::nullopt;
  }
  std::array<char, kMaxText> buffer{};
  std::copy(text.begin(), text.end(), buffer.begin());
  IpAddress address;
  std::array<std::uint8_t, 4> ipv4{};
  if (::inet_pton(AF_INET, buffer.data(), ipv4.data()) == 1) {
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), address.bytes.begin());
    std::copy(ipv4.begin(), ipv4.end(), address.bytes.begin() + kMappedPrefix.size());
    return address;
  }
  if (::inet_pton(AF_INET6, buffer.data(), address.bytes.data()) == 1) {
    return address;
  }
  return std::nullopt;
}

std::string format_ip_address(const IpAddress& address) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (address.is_ipv4()) {
    ::inet_ntop(AF_INET, address.bytes.data() + kMappedPrefix.size(), text.data(), text.size());
  } else {
    ::inet_ntop(AF_INET6, address.bytes.data(), text.data(), text.size());
  }
  return text.data();
}

bool same_prefix(const IpBytes& a, const IpBytes& b, int prefix_bits) {
  int whole_bytes = prefix_bits / 8;
  if (!std::equal(a.begin(), a.begin() + whole_bytes, b.begin())) {
    return false;
  }
  int rest = prefix_bits % 8;
  if (rest == 0) {
    return true;
  }
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[whole_bytes] & mask) == (b[whole_bytes] & mask);
}

}  // namespace svcgen::limits
