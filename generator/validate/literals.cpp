#include "validate/literals.hpp"

#include <cmath>
#include <limits>

#include "ir/field_types.hpp"
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

std::optional<std::string> check_decimal(const ir::Field& field, const Json& value) {
  if (!value.is_string()) {
    return std::string(
        "must be a decimal string such as \"19.99\" (a JSON number cannot be exact)");
  }
  const std::string text = value.get<std::string>();
  std::optional<Decimal> decimal = Decimal::parse(text);
  if (!decimal) {
    return "must be a decimal string such as \"19.99\", got \"" + text + "\"";
  }
  if (!decimal->fits(field.precision, field.scale)) {
    return "does not fit numeric(" + std::to_string(field.precision) + "," +
           std::to_string(field.scale) + ")";
  }
  return check_range(field, std::stold(text));
}

std::optional<std::string> check_enum_member(const ir::Field& field, const Json& value) {
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

// A reference's literal is a literal of its target's key.
std::optional<std::string> check_key(const ir::Field& field, const Json& value) {
  if (ir::stored_type(field).type == ir::Type::kUuid) {
    if (value.is_string() && Uuid::parse(value.get<std::string>())) {
      return std::nullopt;
    }
    return "must be a UUID (the key of " + field.ref_model + "), got " +
           (value.is_string() ? "\"" + value.get<std::string>() + "\"" : value.dump());
  }
  return value.is_number_integer() && !value.is_number_unsigned()
             ? std::nullopt
             : std::optional<std::string>("must be an integer (the key of " + field.ref_model +
                                          ")");
}

}  // namespace

std::optional<std::string> check_literal(const ir::Field& field, const Json& value) {
  using ir::LiteralForm;
  using ir::Type;
  auto expect_string = [&](std::string_view what) -> std::optional<std::string> {
    return "must be " + std::string(what) + ", got " +
           (value.is_string() ? "\"" + value.get<std::string>() + "\"" : value.dump());
  };
  if (value.is_null()) {
    return field.optional ? std::nullopt
                          : std::optional<std::string>("is null, but the field is not optional");
  }
  const ir::FieldTypeInfo& row = ir::field_type(field.type);
  switch (row.literal) {
    case LiteralForm::kText:
      if (!value.is_string()) {
        return std::string("must be a string");
      }
      return check_string(field, value.get<std::string>());
    case LiteralForm::kInteger:
      return check_integer(field, value, row.min_integer, row.max_integer);
    case LiteralForm::kNumber:
      if (!value.is_number()) {
        return std::string("must be a number");
      }
      if (field.type == Type::kFloat32 &&
          std::fabs(value.get<double>()) > std::numeric_limits<float>::max()) {
        return std::string("is out of range for float32");
      }
      return check_range(field, value.get<long double>());
    case LiteralForm::kDecimal:
      return check_decimal(field, value);
    case LiteralForm::kBoolean:
      return value.is_boolean() ? std::nullopt
                                : std::optional<std::string>("must be true or false");
    case LiteralForm::kFormatted:
      return value.is_string() && row.parses(value.get<std::string>())
                 ? std::nullopt
                 : expect_string(row.expected);
    case LiteralForm::kAnyJson:
      return std::nullopt;
    case LiteralForm::kEnumMember:
      return check_enum_member(field, value);
    case LiteralForm::kKey:
      return check_key(field, value);
  }
  return std::nullopt;
}

}  // namespace svcgen
