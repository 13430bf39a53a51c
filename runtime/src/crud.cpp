#include "svcgen/crud.hpp"

#include <charconv>

#include "svcgen/types.hpp"

namespace svcgen {

std::string etag(std::int64_t version) {
  std::string tag = "\"";
  tag += std::to_string(version);
  tag += '"';
  return tag;
}

std::int64_t required_version(const Request& request) {
  auto header = request.headers.get("If-Match");
  if (!header) {
    throw ProblemError(428, "this resource uses optimistic locking: send If-Match with its ETag");
  }
  std::string_view text = *header;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (text.size() < 3 || text.front() != '"' || text.back() != '"') {
    return 0;
  }
  std::string_view digits = text.substr(1, text.size() - 2);
  std::int64_t version = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size() || version < 1) {
    return 0;
  }
  return version;
}

std::optional<std::int64_t> parse_int64_key(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() ||
      text.front() == '+') {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> parse_uuid_key(std::string_view text) {
  auto uuid = Uuid::parse(text);
  return uuid ? std::optional<std::string>(uuid->str()) : std::nullopt;
}

}  // namespace svcgen
