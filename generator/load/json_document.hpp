#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "diag/diagnostics.hpp"

namespace svcgen {

using Json = nlohmann::ordered_json;

// A parsed JSON file that remembers where each value and each object key stood, so that every
// later error, however deep in validation, can point at a line and column.
class JsonDocument {
 public:
  JsonDocument(std::string file, Json root) : file_(std::move(file)), root_(std::move(root)) {}

  const std::string& file() const { return file_; }
  const Json& root() const { return root_; }

  // The value at `pointer`; a pointer with no recorded position falls back to its nearest
  // ancestor, so a missing key is reported at the object that lacks it.
  SourceLocation at(const std::string& pointer) const;
  // The key of the member at `pointer` (for "unknown key" errors); the value when no key exists.
  SourceLocation key_at(const std::string& pointer) const;

  void set_root(Json root) { root_ = std::move(root); }
  void record_value(const std::string& pointer, int line, int column);
  void record_key(const std::string& pointer, int line, int column);

 private:
  struct Position {
    int line;
    int column;
  };
  SourceLocation locate(const std::unordered_map<std::string, Position>& table,
                        const std::string& pointer) const;

  std::string file_;
  Json root_;
  std::unordered_map<std::string, Position> values_;
  std::unordered_map<std::string, Position> keys_;
};

// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string pointer_append(const std::string& pointer, std::string_view token);
std::string pointer_append(const std::string& pointer, std::size_t index);

struct JsonLimits {
  int max_depth = 64;
};

// Parses strict RFC 8259 JSON. Unlike nlohmann's parser it records positions, rejects duplicate
// keys (which a model author never means) and bounds nesting, reporting each problem into
// `diagnostics` and returning nothing when the text is not usable.
std::optional<JsonDocument> parse_json_document(const std::string& file, std::string_view text,
                                                Diagnostics& diagnostics, JsonLimits limits = {});

}  // namespace svcgen
