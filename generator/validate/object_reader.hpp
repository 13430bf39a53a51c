#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostics.hpp"
#include "load/json_document.hpp"

namespace svcgen {

enum class JsonKind { kString, kBoolean, kInteger, kNumber, kArray, kObject, kAny };

struct KeySpec {
  std::string_view name;
  JsonKind kind;
  bool required = false;
};

// Reads one JSON object of an input file against the keys it may have: reports a value that is
// not an object, unknown keys (with a suggestion), missing required keys and values of the wrong
// JSON kind, then hands out only the values that passed. Each report points at the exact key or
// value, so users can fix every mistake in one pass.
class ObjectReader {
 public:
  ObjectReader(const JsonDocument& document, std::string pointer, Diagnostics& diagnostics,
               std::span<const KeySpec> keys, std::string_view what);

  bool is_object() const { return object_ != nullptr; }
  // The value of `key` when present and of the declared kind.
  const Json* get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key) != nullptr; }
  // Whether the key is written at all, valid or not.
  bool written(std::string_view key) const {
    return object_ != nullptr && object_->contains(std::string(key));
  }
  std::optional<std::string> string(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;

  std::string pointer(std::string_view key) const { return pointer_append(pointer_, key); }
  const std::string& pointer() const { return pointer_; }
  SourceLocation at(std::string_view key) const { return document_.at(pointer(key)); }
  SourceLocation at() const { return document_.at(pointer_); }
  const JsonDocument& document() const { return document_; }

 private:
  const JsonDocument& document_;
  std::string pointer_;
  const Json* object_ = nullptr;
  std::vector<std::string> valid_keys_;
};

std::string_view json_kind_name(const Json& value);
bool json_is_kind(const Json& value, JsonKind kind);

// " (did you mean \"x\"?)" for the closest candidate within a small edit distance, else "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace svcgen
