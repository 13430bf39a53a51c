// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "list_steps.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "svcgen/body.hpp"
#include "svcgen/problem.hpp"
#include "svcgen/text.hpp"
#include "svcgen/types.hpp"

namespace svcgen {
namespace {

std::string hex_of_bytes(const Bytes& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text = "\\x";
  for (std::uint8_t byte : bytes) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 15];
  }
  return text;
}

std::optional<std::string> parse_integer(const ListField& field, const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < field.min_integer ||
      value > field.max_integer) {
    return std::nullopt;
  }
  return std::to_string(value);
}

std::optional<std::string> parse_float(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) ||
      text.find_first_of("xXnN") != std::string::npos) {
    return std::nullopt;
  }
  return text;
}

// The canonical text of a value type of svcgen/types.hpp.
template <typename T>
std::optional<std::string> canonical(const std::string& text) {
  auto value = T::parse(text);
  return value ? std::optional<std::string>(value->str()) : std::nullopt;
}

}  // namespace

namespace list_steps {

void bad(const std::string& parameter, const std::string& message) {
  throw ProblemError(400, parameter + ": " + message, {{parameter, message}});
}

const ListField* find_field(const ListSpec& spec, std::string_view name) {
  for (const ListField& field : spec.fields) {
    if (field.name == name) {
      return &field;
    }
  }
  return nullptr;
}

std::string bind_value(ListQuery& query, std::string value, std::string_view cast) {
  query.params.push_back(std::move(value));
  return concat({"$", std::to_string(query.params.size()), "::", cast});
}

std::optional<std::string> parse_value(const ListField& field, const std::string& text) {
  switch (field.kind) {
    case ValueKind::kString:
      // PostgreSQL would refuse either with an error about the database, not the parameter.
      if (text.find('\0') != std::string::npos || !is_valid_utf8(text)) {
        return std::nullopt;
      }
      return text;
    case ValueKind::kInteger:
      return parse_integer(field, text);
    case ValueKind::kFloat:
      return parse_float(text);
    case ValueKind::kDecimal:
      return canonical<Decimal>(text);
    case ValueKind::kBool:
      if (text == "true" || text == "false") {
        return text;
      }
      return std::nullopt;
    case ValueKind::kUuid:
      return canonical<Uuid>(text);
    case ValueKind::kTimestamp:
      return canonical<Timestamp>(text);
    case ValueKind::kDate:
      return canonical<Date>(text);
    case ValueKind::kTime:
      return canonical<Time>(text);
    case ValueKind::kEnum:
      return listed(field.values, text) ? std::optional<std::string>(text) : std::nullopt;
    case ValueKind::kBytes: {
      auto value = base64_decode(text);
      return value ? std::optional<std::string>(hex_of_bytes(*value)) : std::nullopt;
    }
  }
  return std::nullopt;
}

std::string expected_value(const ListField& field) {
  switch (field.kind) {
    case ValueKind::kString:
      return "UTF-8 text without U+0000";
    case ValueKind::kInteger:
      return "an integer in range";
    case ValueKind::kFloat:
      return "a number";
    case ValueKind::kDecimal:
      return "a decimal such as 19.99";
    case ValueKind::kBool:
      return "true or false";
    case ValueKind::kUuid:
      return "a UUID";
    case ValueKind::kTimestamp:
      return "an RFC 3339 timestamp";
    case ValueKind::kDate:
      return "a date (YYYY-MM-DD)";
    case ValueKind::kTime:
      return "a time of day (HH:MM:SS)";
    case ValueKind::kBytes:
      return "base64";
    case ValueKind::kEnum: {
      std::string list(field.values);
      std::replace(list.begin(), list.end(), '\n', ',');
      return "one of " + list;
    }
  }
  return "a value";
}

}  // namespace list_steps

std::vector<std::string> split_list_values(std::string_view text) {
  std::vector<std::string> values(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == ',' || text[i + 1] == '\\')) {
      values.back() += text[++i];
    } else if (text[i] == ',') {
      values.emplace_back();
    } else {
      values.back() += text[i];
    }
  }
  return values;
}

}  // namespace svcgen
