// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/crud.hpp"

#include <algorithm>
#include <charconv>

#include "svcgen/text.hpp"
#include "svcgen/types.hpp"

namespace svcgen {

std::string etag(std::int64_t version) {
  std::string tag = "\"";
  tag += std::to_string(version);
  tag += '"';
  return tag;
}

namespace {

// The version of a strong tag this service issued ("3"), or nullopt for any other element.
std::optional<std::int64_t> tagged_version(std::string_view element) {
  if (element.size() < 3 || element.front() != '"' || element.back() != '"') {
    return std::nullopt;
  }
  std::string_view digits = element.substr(1, element.size() - 2);
  std::int64_t version = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size() || version < 1) {
    return std::nullopt;
  }
  return version;
}

void add_elements(std::string_view list, IfMatch& condition) {
  // Entity tags cannot hold commas (RFC 9110 section 8.8.3), so a comma always separates.
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view element = trim_blanks(list.substr(0, comma));
    if (element == "*") {
      condition.any = true;
    } else if (std::optional<std::int64_t> version = tagged_version(element)) {
      condition.versions.push_back(*version);
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
}

}  // namespace

std::optional<std::int64_t> IfMatch::single() const {
  if (any) {
    return kAnyVersion;
  }
  if (versions.size() != 1) {
    return std::nullopt;
  }
  return versions.front();
}

std::int64_t IfMatch::version_to_write(std::int64_t current) const {
  bool accepted = any || std::binary_search(versions.begin(), versions.end(), current);
  return accepted ? current : 0;
}

IfMatch required_if_match(const Request& request) {
  IfMatch condition;
  bool present = false;
  for (const auto& [name, value] : request.headers.fields()) {
    if (iequals(name, "If-Match")) {
      present = true;
      add_elements(value, condition);
    }
  }
  if (!present) {
    throw ProblemError(428, "this resource uses optimistic locking: send If-Match with its ETag");
  }
  std::sort(condition.versions.begin(), condition.versions.end());
  condition.versions.erase(std::unique(condition.versions.begin(), condition.versions.end()),
                           condition.versions.end());
  return condition;
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
