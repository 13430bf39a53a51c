// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/rate_limit.hpp"

#include <algorithm>

#include "ip_address.hpp"

namespace svcgen {
namespace {

constexpr int kIpv6Bits = 128;
constexpr int kIpv4Bits = 32;
constexpr int kMappedBits = kIpv6Bits - kIpv4Bits;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<int> prefix_length(std::string_view digits) {
  if (digits.empty() || digits.size() > 3 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int value = 0;
  for (char digit : digits) {
    value = value * 10 + (digit - '0');
  }
  return value;
}

// The host bits are cleared, so that contains() compares the network part only.
void clear_host_bits(TrustedProxies::Block& block) {
  for (int bit = block.prefix_bits; bit < kIpv6Bits; ++bit) {
    block.network[bit / 8] &= static_cast<std::uint8_t>(~(0x80U >> (bit % 8)));
  }
}

std::optional<TrustedProxies::Block> parse_block(std::string_view entry, std::string& error) {
  std::size_t slash = entry.find('/');
  std::string_view address_text = entry.substr(0, slash);
  std::optional<limits::IpAddress> address = limits::parse_ip_address(address_text);
  if (!address) {
    error = "\"" + std::string(entry) +
            "\" is not an IP address or CIDR block (like 10.0.0.0/8, 192.168.1.7 or ::1/128)";
    return std::nullopt;
  }
  // An IPv4 address written as such takes an IPv4 prefix length; one written as IPv6
  // (::ffff:10.0.0.0/104) an IPv6 one.
  bool written_as_ipv4 = address_text.find(':') == std::string_view::npos;
  int family_bits = written_as_ipv4 ? kIpv4Bits : kIpv6Bits;
  TrustedProxies::Block block{address->bytes, kIpv6Bits};
  if (slash != std::string_view::npos) {
    std::optional<int> bits = prefix_length(entry.substr(slash + 1));
    if (!bits || *bits > family_bits) {
      error = "\"" + std::string(entry) + "\": the prefix length of an " +
              (written_as_ipv4 ? "IPv4" : "IPv6") + " block is a whole number from 0 to " +
              std::to_string(family_bits);
      return std::nullopt;
    }
    block.prefix_bits = written_as_ipv4 ? kMappedBits + *bits : *bits;
  }
  clear_host_bits(block);
  return block;
}

}  // namespace

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list, std::string& error) {
  TrustedProxies proxies;
  if (trim(list).empty()) {
    return proxies;
  }
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    std::string_view entry = trim(list.substr(start, comma - start));
    if (entry.empty()) {
      error = "an empty entry in the list; write it like 10.0.0.0/8,::1/128,192.168.1.7";
      return std::nullopt;
    }
    std::optional<Block> block = parse_block(entry, error);
    if (!block) {
      return std::nullopt;
    }
    proxies.blocks_.push_back(*block);
    start = comma + 1;
  }
  return proxies;
}

bool TrustedProxies::contains(std::string_view address) const {
  std::optional<limits::IpAddress> parsed = limits::parse_ip_address(address);
  return parsed && std::any_of(blocks_.begin(), blocks_.end(), [&](const Block& block) {
           return limits::same_prefix(parsed->bytes, block.network, block.prefix_bits);
         });
}

}  // namespace svcgen
