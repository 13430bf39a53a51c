#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ir/ir.hpp"
#include "ir/sql_type.hpp"
#include "svcgen/value_kind.hpp"

// The one table of field types: every fact about a type that the generator needs (its name in
// model files, its column type, how services bind, read and print it, its JSON Schema) is one
// row here, and every reader looks the row up instead of switching on the type.
//
// Adding a type takes:
//   1. an enumerator in ir::Type and a row in kFieldTypes (field_types.cpp);
//   2. a runtime value class in runtime/include/svcgen/types.hpp when no standard type fits
//      (parse the JSON text, print it canonically, order it), with its pg_text/from_pg overloads
//      (values.hpp), a BodyReader member (body.hpp), a write_json_value overload
//      (json_writer.hpp), and a ValueKind with its kind_traits() row (svcgen/value_kind.hpp), which
//      decide the filters and sorting the type offers;
//   3. the name in the model schema's type enum (schemas/model.schema.json).
namespace svcgen::ir {

// How a literal of the type (a default, an example) is written in JSON and checked.
enum class LiteralForm {
  kText,        // a JSON string, checked against the field's length and pattern rules
  kInteger,     // a JSON integer in the range of the row's integer bounds
  kNumber,      // a JSON number
  kDecimal,     // a decimal string that fits the field's numeric(precision, scale)
  kBoolean,     // true or false
  kFormatted,   // a JSON string that the row's runtime parser accepts
  kAnyJson,     // any JSON value
  kEnumMember,  // one of the field's enum values
  kKey,         // a literal of the referenced model's key type
};

struct FieldTypeInfo {
  Type type;
  std::string_view name;  // as written in model files
  // The column type; kVarchar and kNumeric take their modifiers from the field, and a reference
  // stores its target's key (see stored_type()).
  SqlBase sql_base;
  std::string_view cast;           // the SQL type a bound value is cast to, without modifiers
  std::string_view cpp_type = "";  // the C++ value type; empty when it depends on the field
  ValueKind value_kind = ValueKind::kString;  // how list filters parse it
  std::string_view body_reader;  // the svcgen::BodyReader member that reads it from a request
  // Its JSON Schema, as JSON text; field constraints (lengths, bounds, enum values) come on top.
  std::string_view json_schema;
  // How a SELECT reads the column back when PostgreSQL's own text is not the API's form, with
  // `$column$` standing for the quoted column; empty when the column is read as it is.
  std::string_view select_format = "";
  LiteralForm literal;
  std::string_view expected;  // what a literal must be, for messages
  // LiteralForm::kFormatted: the runtime's own parser, so the generator accepts exactly the
  // literals its services accept.
  bool (*parses)(std::string_view text) = nullptr;
  std::int64_t min_integer = 0;  // LiteralForm::kInteger: the range of the C++ type
  std::int64_t max_integer = 0;
  bool comparable = true;      // offers equality filters and sorting at all (json does not)
  bool runtime_types = false;  // its C++ type comes from svcgen/types.hpp
  bool cpp_scalar = false;     // a C++ scalar, value-initialised with {} where it has no value

  // Offers range filters (lt, lte, gt, gte) and sorting by value: the runtime's traits decide.
  constexpr bool ordered() const { return kind_traits(value_kind).ordered; }
};

// Every row, in the order of ir::Type.
std::span<const FieldTypeInfo> field_types();
const FieldTypeInfo& field_type(Type type);
const FieldTypeInfo* find_field_type(std::string_view name);

// The row that says how a field's value is stored and carried: a reference is its target's key.
const FieldTypeInfo& stored_type(const Field& field);
// The column type of a field (its target's key type for a reference, once refs are resolved).
SqlType sql_type_of(const Field& field);
SqlType key_sql_type(Type key_type);
// The ValueKind enumerator's name, for generated code ("kDate").
std::string_view value_kind_enumerator(ValueKind kind);
// The select-list expression for a column of the row's type.
std::string select_expression(const FieldTypeInfo& info, const std::string& quoted_column);

}  // namespace svcgen::ir
