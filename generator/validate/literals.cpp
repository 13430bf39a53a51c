#include "validate/literals.hpp"

#include <cmath>
#include <limits>

#include "svcgen/pattern.hpp"
#include "svcgen/types.hpp"

namespace svcgen {
namespace {

std::string format_number(const Json& number) { return number.dump(); }

long double as_long_double(const Json& number) { return number.get<long double>(); }

std::optional<std::string> check_range(const ir::Field& field, long double value) {
  if (field.minimum && value < as_long_double(*field.minimum)) {
    return "is below the minimum " + format_number(*field.minimum);
  }
  if (field.maximum && value > as_long_double(*field.maximum)) {
    return "is above the maximum " + format_number(*field.maximum);
  }
  return std::nullopt;
}

std::optional<std::string> check_string(const ir::Field& field, const std::string& text) {
  if (text.find('\0') != std::string::npos) {
    return std::string("contains U+0000, which PostgreSQL cannot store");
  }
  std::size_t length = utf8_length(text);
  if (field.min_length && static_cast<std::int64_t>(length) < *field.min_length) {
    return "is shorter than minLength " + std::to_string(*field.min_length);
  }
  if (field.max_length && static_cast<std::int64_t>(length) > *field.max_length) {
    return "is longer than maxLength " + std::to_string(*field.max_length);
  }
  // The service's own check: the translated pattern run by RE2.
  if (field.pattern && field.pattern_re2 &&
      !Pattern(*field.pattern, *field.pattern_re2).search(text)) {
    return "does not match the pattern " + *field.pattern;
  }
  return std::nullopt;
}

std::optional<std::string> check_integer(const ir::Field& field, const Json& value,
                                         std::int64_t low, std::int64_t high) {
  if (!value.is_number_integer()) {
    return "must be an integer";
  }
  if (value.is_number_unsigned() || value.get<std::int64_t>() < low ||
      value.get<std::int64_t>() > high) {
    return "is out of range for " + std::string(ir::type_name(field.type));
  }
  return check_range(field, static_cast<long double>(value.get<std::int64_t>()));
}

}  // namespace

std::optional<std::string> check_literal(const ir::Field& field, const Json& value) {
  using ir::Type;
  auto expect_string = [&](std::string_view what) -> std::optional<std::string> {
    return "must be " + std::string(what) + ", got " +
           (value.is_string() ? "\"" + value.get<std::string>() + "\"" : value.dump());
  };
  if (value.is_null()) {
    return field.optional ? std::nullopt
                          : std::optional<std::string>("is null, but the field is not optional");
  }
  switch (field.type) {
    case Type::kString:
    case Type::kText:
      if (!value.is_string()) {
        return std::string("must be a string");
      }
      return check_string(field, value.get<std::string>());
    case Type::kInt32:
      return check_integer(field, value, std::numeric_limits<std::int32_t>::min(),
                           std::numeric_limits<std::int32_t>::max());
    case Type::kInt64:
      return check_integer(field, value, std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max());
    case Type::kFloat32:
    case Type::kFloat64:
      if (!value.is_number()) {
        return std::string("must be a number");
      }
      if (field.type == Type::kFloat32 &&
          std::fabs(value.get<double>()) > std::numeric_limits<float>::max()) {
        return std::string("is out of range for float32");
      }
      return check_range(field, value.get<long double>());
    case Type::kDecimal: {
      if (!value.is_string()) {
        return std::string(
            "must be a decimal string such as \"19.99\" (a JSON number cannot be exact)");
      }
      const std::string text = value.get<std::string>();
      std::optional<Decimal> decimal = Decimal::parse(text);
      if (!decimal) {
        return expect_string("a decimal string such as \"19.99\"");
      }
      if (!decimal->fits(field.precision, field.scale)) {
        return "does not fit numeric(" + std::to_string(field.precision) + "," +
               std::to_string(field.scale) + ")";
      }
      return check_range(field, std::stold(text));
    }
    case Type::kBool:
      return value.is_boolean() ? std::nullopt
                                : std::optional<std::string>("must be true or false");
    case Type::kUuid:
      return value.is_string() && Uuid::parse(value.get<std::string>())
                 ? std::nullopt
                 : expect_string("a UUID such as \"3f2b8c1e-0d4a-4e8b-9a51-2c7d9e6f1a00\"");
    case Type::kTimestamp:
      return value.is_string() && Timestamp::parse(value.get<std::string>())
                 ? std::nullopt
                 : expect_string("an RFC 3339 timestamp such as \"2024-01-31T12:00:00Z\"");
    case Type::kDate:
      return value.is_string() && Date::parse(value.get<std::string>())
                 ? std::nullopt
                 : expect_string("a date such as \"2024-01-31\"");
    case Type::kJson:
      return std::nullopt;
    case Type::kBytes:
      return value.is_string() && base64_decode(value.get<std::string>())
                 ? std::nullopt
                 : expect_string("standard base64 with padding");
    case Type::kEnum: {
      if (!value.is_string()) {
        return std::string("must be one of the enum values");
      }
      for (const ir::EnumMember& member : field.values) {
        if (member.value == value.get<std::string>()) {
          return std::nullopt;
        }
      }
      return "\"" + value.get<std::string>() + "\" is not one of the enum values";
    }
    case Type::kRef:
      if (field.ref_key_type == Type::kUuid) {
        return value.is_string() && Uuid::parse(value.get<std::string>())
                   ? std::nullopt
                   : expect_string("a UUID (the key of " + field.ref_model + ")");
      }
      return value.is_number_integer() && !value.is_number_unsigned()
                 ? std::nullopt
                 : std::optional<std::string>("must be an integer (the key of " + field.ref_model +
                                              ")");
  }
  return std::nullopt;
}

}  // namespace svcgen
