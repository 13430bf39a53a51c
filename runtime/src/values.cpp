#include "svcgen/values.hpp"

#include <charconv>
#include <stdexcept>

namespace svcgen {
namespace {

template <typename F>
std::string shortest(F value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

[[noreturn]] void unexpected(std::string_view what, std::string_view text) {
  throw std::runtime_error("unexpected " + std::string(what) + " from the database: \"" +
                           std::string(text) + "\"");
}

template <typename Integer>
Integer parse_integer(std::string_view text) {
  Integer value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    unexpected("integer", text);
  }
  return value;
}

}  // namespace

std::string pg_text(float value) { return shortest(value); }
std::string pg_text(double value) { return shortest(value); }
std::string pg_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::string pg_text(const Bytes& value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text = "\\x";
  text.reserve(2 + value.size() * 2);
  for (std::uint8_t byte : value) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 15];
  }
  return text;
}

template <>
std::string from_pg<std::string>(std::string_view text) {
  return std::string(text);
}
template <>
std::int32_t from_pg<std::int32_t>(std::string_view text) {
  return parse_integer<std::int32_t>(text);
}
template <>
std::int64_t from_pg<std::int64_t>(std::string_view text) {
  return parse_integer<std::int64_t>(text);
}
template <>
float from_pg<float>(std::string_view text) {
  return std::strtof(std::string(text).c_str(), nullptr);
}
template <>
double from_pg<double>(std::string_view text) {
  return std::strtod(std::string(text).c_str(), nullptr);
}
template <>
bool from_pg<bool>(std::string_view text) {
  return text == "t" || text == "true";
}
template <>
Decimal from_pg<Decimal>(std::string_view text) {
  auto value = Decimal::parse(text);
  if (!value) {
    unexpected("numeric", text);
  }
  return *value;
}
template <>
Uuid from_pg<Uuid>(std::string_view text) {
  auto value = Uuid::parse(text);
  if (!value) {
    unexpected("uuid", text);
  }
  return *value;
}
template <>
Timestamp from_pg<Timestamp>(std::string_view text) {
  auto value = Timestamp::parse(text);
  if (!value) {
    unexpected("timestamp", text);
  }
  return *value;
}
template <>
Date from_pg<Date>(std::string_view text) {
  auto value = Date::parse(text);
  if (!value) {
    unexpected("date", text);
  }
  return *value;
}
template <>
Time from_pg<Time>(std::string_view text) {
  auto value = Time::parse(text);
  if (!value) {
    unexpected("time", text);
  }
  return *value;
}
template <>
nlohmann::json from_pg<nlohmann::json>(std::string_view text) {
  return nlohmann::json::parse(text);
}
template <>
Bytes from_pg<Bytes>(std::string_view text) {
  auto value = base64_decode(text);
  if (!value) {
    unexpected("base64", text);
  }
  return *value;
}

}  // namespace svcgen
