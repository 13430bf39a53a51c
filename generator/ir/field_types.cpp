#include "ir/field_types.hpp"

#include <array>
#include <limits>

#include "svcgen/types.hpp"

namespace svcgen::ir {
namespace {

using Int32 = std::numeric_limits<std::int32_t>;
using Int64 = std::numeric_limits<std::int64_t>;

template <typename Value>
bool parses(std::string_view text) {
  return Value::parse(text).has_value();
}
bool parses_base64(std::string_view text) { return base64_decode(text).has_value(); }

constexpr std::string_view kTimestampSelect =
    R"(to_char($column$ AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))";
constexpr std::string_view kBytesSelect = R"(translate(encode($column$, 'base64'), E'\n', ''))";
constexpr std::string_view kTimeSchema =
    R"({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?$"})";

// One row per ir::Type, in its order (checked by field_type()).
constexpr std::array<FieldTypeInfo, 16> kFieldTypes = {{
    {.type = Type::kString,
     .name = "string",
     .sql_base = SqlBase::kVarchar,
     .cast = "text",
     .cpp_type = "std::string",
     .value_kind = ValueKind::kString,
     .body_reader = "string",
     .json_schema = R"({"type": "string"})",
     .literal = LiteralForm::kText,
     .expected = "a string"},
    {.type = Type::kText,
     .name = "text",
     .sql_base = SqlBase::kText,
     .cast = "text",
     .cpp_type = "std::string",
     .value_kind = ValueKind::kString,
     .body_reader = "string",
     .json_schema = R"({"type": "string"})",
     .literal = LiteralForm::kText,
     .expected = "a string"},
    {.type = Type::kInt32,
     .name = "int32",
     .sql_base = SqlBase::kInteger,
     .cast = "integer",
     .cpp_type = "std::int32_t",
     .value_kind = ValueKind::kInteger,
     .body_reader = "int32",
     .json_schema = R"({"type": "integer", "format": "int32"})",
     .literal = LiteralForm::kInteger,
     .expected = "an integer",
     .min_integer = Int32::min(),
     .max_integer = Int32::max(),
     .cpp_scalar = true},
    {.type = Type::kInt64,
     .name = "int64",
     .sql_base = SqlBase::kBigint,
     .cast = "bigint",
     .cpp_type = "std::int64_t",
     .value_kind = ValueKind::kInteger,
     .body_reader = "int64",
     .json_schema = R"({"type": "integer", "format": "int64"})",
     .literal = LiteralForm::kInteger,
     .expected = "an integer",
     .min_integer = Int64::min(),
     .max_integer = Int64::max(),
     .cpp_scalar = true},
    {.type = Type::kFloat32,
     .name = "float32",
     .sql_base = SqlBase::kReal,
     .cast = "real",
     .cpp_type = "float",
     .value_kind = ValueKind::kFloat,
     .body_reader = "float32",
     .json_schema = R"({"type": "number", "format": "float"})",
     .literal = LiteralForm::kNumber,
     .expected = "a number",
     .cpp_scalar = true},
    {.type = Type::kFloat64,
     .name = "float64",
     .sql_base = SqlBase::kDoublePrecision,
     .cast = "double precision",
     .cpp_type = "double",
     .value_kind = ValueKind::kFloat,
     .body_reader = "float64",
     .json_schema = R"({"type": "number", "format": "double"})",
     .literal = LiteralForm::kNumber,
     .expected = "a number",
     .cpp_scalar = true},
    {.type = Type::kDecimal,
     .name = "decimal",
     .sql_base = SqlBase::kNumeric,
     .cast = "numeric",
     .cpp_type = "svcgen::Decimal",
     .value_kind = ValueKind::kDecimal,
     .body_reader = "decimal",
     .json_schema = R"({"type": "string"})",
     .literal = LiteralForm::kDecimal,
     .expected = "a decimal string such as \"19.99\"",
     .runtime_types = true},
    {.type = Type::kBool,
     .name = "bool",
     .sql_base = SqlBase::kBoolean,
     .cast = "boolean",
     .cpp_type = "bool",
     .value_kind = ValueKind::kBool,
     .body_reader = "boolean",
     .json_schema = R"({"type": "boolean"})",
     .literal = LiteralForm::kBoolean,
     .expected = "true or false",
     .cpp_scalar = true},
    {.type = Type::kUuid,
     .name = "uuid",
     .sql_base = SqlBase::kUuid,
     .cast = "uuid",
     .cpp_type = "svcgen::Uuid",
     .value_kind = ValueKind::kUuid,
     .body_reader = "uuid",
     .json_schema = R"({"type": "string", "format": "uuid"})",
     .literal = LiteralForm::kFormatted,
     .expected = "a UUID such as \"3f2b8c1e-0d4a-4e8b-9a51-2c7d9e6f1a00\"",
     .parses = &parses<Uuid>,
     .runtime_types = true},
    {.type = Type::kTimestamp,
     .name = "timestamp",
     .sql_base = SqlBase::kTimestamptz,
     .cast = "timestamptz",
     .cpp_type = "svcgen::Timestamp",
     .value_kind = ValueKind::kTimestamp,
     .body_reader = "timestamp",
     .json_schema = R"({"type": "string", "format": "date-time"})",
     .select_format = kTimestampSelect,
     .literal = LiteralForm::kFormatted,
     .expected = "an RFC 3339 timestamp such as \"2024-01-31T12:00:00Z\"",
     .parses = &parses<Timestamp>,
     .runtime_types = true},
    {.type = Type::kDate,
     .name = "date",
     .sql_base = SqlBase::kDate,
     .cast = "date",
     .cpp_type = "svcgen::Date",
     .value_kind = ValueKind::kDate,
     .body_reader = "date",
     .json_schema = R"({"type": "string", "format": "date"})",
     .literal = LiteralForm::kFormatted,
     .expected = "a date such as \"2024-01-31\"",
     .parses = &parses<Date>,
     .runtime_types = true},
    // PostgreSQL prints time the way svcgen::Time does, so it is read back as it is.
    {.type = Type::kTime,
     .name = "time",
     .sql_base = SqlBase::kTime,
     .cast = "time",
     .cpp_type = "svcgen::Time",
     .value_kind = ValueKind::kTime,
     .body_reader = "time",
     .json_schema = kTimeSchema,
     .literal = LiteralForm::kFormatted,
     .expected = "a time of day such as \"12:30:00\"",
     .parses = &parses<Time>,
     .runtime_types = true},
    {.type = Type::kJson,
     .name = "json",
     .sql_base = SqlBase::kJsonb,
     .cast = "jsonb",
     .cpp_type = "nlohmann::json",
     .value_kind = ValueKind::kBytes,
     .body_reader = "json",
     .json_schema = "{}",
     .literal = LiteralForm::kAnyJson,
     .expected = "any JSON value",
     .comparable = false},
    {.type = Type::kBytes,
     .name = "bytes",
     .sql_base = SqlBase::kBytea,
     .cast = "bytea",
     .cpp_type = "svcgen::Bytes",
     .value_kind = ValueKind::kBytes,
     .body_reader = "bytes",
     .json_schema = R"({"type": "string", "format": "byte", "contentEncoding": "base64"})",
     .select_format = kBytesSelect,
     .literal = LiteralForm::kFormatted,
     .expected = "standard base64 with padding",
     .parses = &parses_base64,
     .runtime_types = true},
    // The C++ type is the field's own enum; its values come from the field.
    {.type = Type::kEnum,
     .name = "enum",
     .sql_base = SqlBase::kText,
     .cast = "text",
     .value_kind = ValueKind::kEnum,
     .body_reader = "enumeration",
     .json_schema = R"({"type": "string"})",
     .literal = LiteralForm::kEnumMember,
     .expected = "one of the enum values",
     .cpp_scalar = true},
    // Everything stored is the target key's (stored_type()); this row only names the type.
    {.type = Type::kRef,
     .name = "ref",
     .sql_base = SqlBase::kBigint,
     .cast = "bigint",
     .value_kind = ValueKind::kInteger,
     .body_reader = "int64",
     .json_schema = R"({"type": "integer"})",
     .literal = LiteralForm::kKey,
     .expected = "the key of the referenced model"},
}};

}  // namespace

std::span<const FieldTypeInfo> field_types() { return kFieldTypes; }

const FieldTypeInfo& field_type(Type type) {
  const FieldTypeInfo& row = kFieldTypes[static_cast<std::size_t>(type)];
  if (row.type != type) {
    throw std::logic_error("the field type table is out of the order of ir::Type");
  }
  return row;
}

const FieldTypeInfo* find_field_type(std::string_view name) {
  for (const FieldTypeInfo& row : kFieldTypes) {
    if (row.name == name) {
      return &row;
    }
  }
  return nullptr;
}

const FieldTypeInfo& stored_type(const Field& field) {
  return field_type(field.type == Type::kRef ? field.ref_key_type : field.type);
}

SqlType key_sql_type(Type key_type) { return {field_type(key_type).sql_base, 0, 0, 0}; }

SqlType sql_type_of(const Field& field) {
  switch (stored_type(field).sql_base) {
    case SqlBase::kVarchar:
      return field.max_length ? SqlType::varchar(static_cast<int>(*field.max_length))
                              : SqlType{SqlBase::kText, 0, 0, 0};
    case SqlBase::kNumeric:
      return SqlType::numeric(field.precision, field.scale);
    default:
      return {stored_type(field).sql_base, 0, 0, 0};
  }
}

std::string select_expression(const FieldTypeInfo& info, const std::string& quoted_column) {
  std::string text(info.select_format.empty() ? "$column$" : info.select_format);
  std::string_view placeholder = "$column$";
  return text.replace(text.find(placeholder), placeholder.size(), quoted_column);
}

}  // namespace svcgen::ir

namespace svcgen::ir {

std::string_view value_kind_enumerator(ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
      return "kString";
    case ValueKind::kInteger:
      return "kInteger";
    case ValueKind::kFloat:
      return "kFloat";
    case ValueKind::kDecimal:
      return "kDecimal";
    case ValueKind::kBool:
      return "kBool";
    case ValueKind::kUuid:
      return "kUuid";
    case ValueKind::kTimestamp:
      return "kTimestamp";
    case ValueKind::kDate:
      return "kDate";
    case ValueKind::kTime:
      return "kTime";
    case ValueKind::kEnum:
      return "kEnum";
    case ValueKind::kBytes:
      return "kBytes";
  }
  return "kString";
}

}  // namespace svcgen::ir
