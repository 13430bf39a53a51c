// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/rate_limit.hpp"

#include <algorithm>

#include "ip_address.hpp"

namespace svcgen {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An X-Forwarded-For entry: an address, "[IPv6]", or either with a port after it
// ("192.0.2.1:443", "[2001:db8::1]:443"), as some proxies write them.
std::optional<limits::IpAddress> forwarded_address(std::string_view entry) {
  if (std::optional<limits::IpAddress> plain = limits::parse_ip_address(entry)) {
    return plain;
  }
  if (entry.starts_with('[')) {
    std::size_t close = entry.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    std::string_view after = entry.substr(close + 1);
    if (!after.empty() && !(after.front() == ':' && all_digits(after.substr(1)))) {
      return std::nullopt;
    }
    std::optional<limits::IpAddress> inside = limits::parse_ip_address(entry.substr(1, close - 1));
    return inside && !inside->is_ipv4() ? inside : std::nullopt;
  }
  std::size_t colon = entry.find(':');
  if (colon == std::string_view::npos || !all_digits(entry.substr(colon + 1))) {
    return std::nullopt;
  }
  std::optional<limits::IpAddress> host = limits::parse_ip_address(entry.substr(0, colon));
  return host && host->is_ipv4() ? host : std::nullopt;
}

}  // namespace

// From the right, every entry was appended by the hop after it; the first hop that is not a
// trusted proxy is the client, as far as anyone trustworthy can tell. What lies to its left was
// written by the client itself and is never read. A malformed entry stops the walk: the trusted
// hop that passed it on becomes the client, so garbage can neither pick an identity nor make
// requests count against an address the client chose.
std::string client_address(const Request& request, const TrustedProxies& proxies) {
  std::optional<limits::IpAddress> peer = limits::parse_ip_address(request.peer_address);
  if (!peer) {
    return request.peer_address;
  }
  std::string nearest = limits::format_ip_address(*peer);
  if (proxies.empty() || !proxies.contains(nearest)) {
    return nearest;
  }
  // Several X-Forwarded-For fields are one list, joined in the order they arrived.
  std::string forwarded;
  for (const auto& [name, value] : request.headers.fields()) {
    if (iequals(name, "X-Forwarded-For")) {
      forwarded += forwarded.empty() ? "" : ",";
      forwarded += value;
    }
  }
  if (trim(forwarded).empty()) {
    return nearest;
  }
  std::string_view rest = forwarded;
  while (true) {
    std::size_t comma = rest.rfind(',');
    std::string_view entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    std::optional<limits::IpAddress> hop = forwarded_address(entry);
    if (!hop) {
      return nearest;
    }
    nearest = limits::format_ip_address(*hop);
    if (!proxies.contains(nearest) || comma == std::string_view::npos) {
      return nearest;
    }
    rest = rest.substr(0, comma);
  }
}

std::string rate_limit_client_key(const Request& request, const TrustedProxies& proxies) {
  if (request.principal != nullptr && !request.principal->subject.empty()) {
    return "s:" + request.principal->subject;
  }
  return "a:" + client_address(request, proxies);
}

}  // namespace svcgen
