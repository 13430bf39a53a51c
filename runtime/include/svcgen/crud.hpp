#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/http.hpp"
#include "svcgen/problem.hpp"

// Pieces of the HTTP contract that every generated CRUD handler shares.
namespace svcgen {

// The outcome of a write that can miss: the row is gone (404), the If-Match version is stale
// (412), or a referenced row does not exist (409).
enum class WriteStatus { kDone, kNotFound, kStale, kMissingReference };

template <typename T>
struct WriteResult {
  WriteStatus status = WriteStatus::kDone;
  std::optional<T> value{};
};

// A strong ETag for a row version: "3".
std::string etag(std::int64_t version);

// The version a conditional write passes for "If-Match: *": its statement then matches the row
// whatever its version, in the same statement, so a concurrent write cannot make it fail.
inline constexpr std::int64_t kAnyVersion = -1;

// What the If-Match fields of a request accept (RFC 9110 section 13.1.1): any current version
// ("*"), or the versions of the strong tags they list. Weak and foreign tags match nothing.
struct IfMatch {
  bool any = false;
  std::vector<std::int64_t> versions;  // sorted, without duplicates

  // The version to write against without looking at the row first: kAnyVersion for "*", else
  // the one tag when the fields name exactly one.
  std::optional<std::int64_t> single() const;
  // `current` when the fields accept it, else 0, which no row has: the write then answers 412.
  std::int64_t version_to_write(std::int64_t current) const;
};

// The If-Match condition of a write to a resource with optimistic locking; missing: 428.
IfMatch required_if_match(const Request& request);

std::optional<std::int64_t> parse_int64_key(std::string_view text);
std::optional<std::string> parse_uuid_key(std::string_view text);

}  // namespace svcgen
