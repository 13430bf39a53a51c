// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
  std::optional<T> value;
};

// A strong ETag for a row version: "3".
std::string etag(std::int64_t version);

// The version an If-Match header asks for. Missing: 428. A value that names no version (a weak
// or foreign tag): the version 0, which never matches, so the write answers 412.
std::int64_t required_version(const Request& request);

std::optional<std::int64_t> parse_int64_key(std::string_view text);
std::optional<std::string> parse_uuid_key(std::string_view text);

}  // namespace svcgen
