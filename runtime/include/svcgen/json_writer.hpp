#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "svcgen/types.hpp"

// Response bodies written straight into one string. Building an nlohmann::ordered_json tree for
// a page of rows and dumping it cost most of a list request's CPU (an allocation per value and
// per key); this writes the same text with a handful of allocations per response.
namespace svcgen {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(1024); }

  JsonWriter& begin_object() {
    separate();
    out_ += '{';
    need_comma_ = false;
    return *this;
  }
  JsonWriter& end_object() {
    out_ += '}';
    need_comma_ = true;
    return *this;
  }
  JsonWriter& begin_array() {
    separate();
    out_ += '[';
    need_comma_ = false;
    return *this;
  }
  JsonWriter& end_array() {
    out_ += ']';
    need_comma_ = true;
    return *this;
  }
  // `name` is a member name from the model (letters, digits, underscores): written unescaped.
  JsonWriter& key(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    out_ += "\":";
    need_comma_ = false;
    return *this;
  }

  void null() { raw("null"); }
  void boolean(bool value) { raw(value ? "true" : "false"); }
  void integer(std::int64_t value);
  // Escaped like nlohmann::json's dump; invalid UTF-8 becomes U+FFFD rather than an error.
  void string(std::string_view value);
  // A string known to need no escaping: a decimal, a UUID.
  void plain_string(std::string_view text) {
    separate();
    out_ += '"';
    out_ += text;
    out_ += '"';
    need_comma_ = true;
  }
  // A date, time or timestamp, formatted straight into the body (their text needs no escaping).
  template <typename Value>
  void formatted_string(const Value& value) {
    separate();
    out_ += '"';
    value.append_to(out_);
    out_ += '"';
    need_comma_ = true;
  }
  // Already valid JSON text.
  void raw(std::string_view text) {
    separate();
    out_ += text;
    need_comma_ = true;
  }

  std::string take() { return std::move(out_); }

 private:
  void separate() {
    if (need_comma_) {
      out_ += ',';
    }
  }

  std::string out_;
  bool need_comma_ = false;
};

// One overload per type of the model format, as JSON in responses; generated code adds one per
// enum. Floats, doubles and json values go through nlohmann::json so their text stays exactly what
// it was.
inline void write_json_value(JsonWriter& out, const std::string& value) { out.string(value); }
inline void write_json_value(JsonWriter& out, std::int32_t value) { out.integer(value); }
inline void write_json_value(JsonWriter& out, std::int64_t value) { out.integer(value); }
void write_json_value(JsonWriter& out, float value);
void write_json_value(JsonWriter& out, double value);
inline void write_json_value(JsonWriter& out, bool value) { out.boolean(value); }
inline void write_json_value(JsonWriter& out, const Decimal& value) {
  out.plain_string(value.str());
}
inline void write_json_value(JsonWriter& out, const Uuid& value) { out.plain_string(value.str()); }
inline void write_json_value(JsonWriter& out, const Timestamp& value) {
  out.formatted_string(value);
}
inline void write_json_value(JsonWriter& out, const Date& value) { out.formatted_string(value); }
inline void write_json_value(JsonWriter& out, const Time& value) { out.formatted_string(value); }
void write_json_value(JsonWriter& out, const nlohmann::json& value);
void write_json_value(JsonWriter& out, const Bytes& value);

template <typename T>
void write_json_value(JsonWriter& out, const std::optional<T>& value) {
  if (value) {
    write_json_value(out, *value);
  } else {
    out.null();
  }
}

}  // namespace svcgen
