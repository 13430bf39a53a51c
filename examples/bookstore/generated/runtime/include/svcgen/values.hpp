// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "svcgen/types.hpp"

// Conversions of model values between C++ and PostgreSQL's text format, one overload per
// type of the model format, so generated code converts every field the same way.
namespace svcgen {

// A field of an input: absent, explicitly null, or a value (JSON merge patch semantics).
template <typename T>
struct Input {
  enum class State { kAbsent, kNull, kValue };
  State state = State::kAbsent;
  T value{};

  bool absent() const { return state == State::kAbsent; }
  bool null() const { return state == State::kNull; }
  bool has_value() const { return state == State::kValue; }
  static Input of(T v) { return Input{State::kValue, std::move(v)}; }
  static Input make_null() { return Input{State::kNull, T{}}; }
};

// To PostgreSQL text (parameters).
inline std::string pg_text(const std::string& value) { return value; }
inline std::string pg_text(std::int32_t value) { return std::to_string(value); }
inline std::string pg_text(std::int64_t value) { return std::to_string(value); }
std::string pg_text(float value);
std::string pg_text(double value);
inline std::string pg_text(bool value) { return value ? "true" : "false"; }
inline std::string pg_text(const Decimal& value) { return value.str(); }
inline std::string pg_text(const Uuid& value) { return value.str(); }
inline std::string pg_text(const Timestamp& value) { return value.str(); }
inline std::string pg_text(const Date& value) { return value.str(); }
inline std::string pg_text(const Time& value) { return value.str(); }
std::string pg_text(const nlohmann::json& value);
std::string pg_text(const Bytes& value);  // bytea hex format

template <typename T>
std::optional<std::string> pg_param(const std::optional<T>& value) {
  return value ? std::optional<std::string>(pg_text(*value)) : std::nullopt;
}
template <typename T>
std::optional<std::string> pg_param(const Input<T>& value) {
  return value.has_value() ? std::optional<std::string>(pg_text(value.value)) : std::nullopt;
}
template <typename T>
std::optional<std::string> pg_param(const T& value) {
  return pg_text(value);
}
template <typename T>
std::optional<std::string> pg_flag(const Input<T>& value) {
  return value.absent() ? "false" : "true";
}

// From the text a generated SELECT returns (timestamps as RFC 3339 UTC, bytea as base64).
// Throws std::runtime_error when the database returns something unexpected.
template <typename T>
T from_pg(std::string_view text);

template <typename Enum>
Enum from_pg_enum(std::string_view text, std::optional<Enum> (*parse)(std::string_view)) {
  std::optional<Enum> value = parse(text);
  if (!value) {
    throw std::runtime_error("unexpected enum value from the database: \"" + std::string(text) +
                             "\"");
  }
  return *value;
}

}  // namespace svcgen
