#pragma once

#include <string>
#include <vector>

#include "ir/ir.hpp"

// What the C++ emission knows about field types, each in one small function so a shared type
// table can take their place.
namespace svcgen::cpp {

// SQL type of a bound value ("text", "bigint"...).
std::string sql_cast(ir::Type type, ir::Type ref_key_type);
// svcgen::ValueKind enumerator of a list field ("kInteger").
std::string value_kind(ir::Type type);
// The BodyReader member that reads a field ("string", "int64"...).
std::string body_reader(const ir::Field& field);
// Whether the field's input is checked against a svcgen::Rule.
bool has_rule(ir::Type type);
// Whether a plain member of the type needs `{}` to start out initialized.
bool needs_value_initializer(const ir::Field& field);
// The integer range of a list field's type as `min`/`max` constants, or empty for others.
std::vector<std::string> integer_bounds(ir::Type type);

// One column of the API as the C++ emission sees it; generated columns have no field.
struct Column {
  const ir::Field* field = nullptr;
  std::string json;      // API name
  std::string member;    // C++ member name
  std::string sql;       // quoted column
  std::string cpp_type;  // value type
  std::string cast;      // SQL type of a bound value
  ir::Type type = ir::Type::kString;
  bool nullable = false;
  bool selected = true;  // write-only columns are never read back
};

// The key, then the fields, then the generated columns, in select-list order.
std::vector<Column> model_columns(const ir::Model& model);
// The SQL that reads a column back in the text the runtime parses.
std::string select_expression(const Column& column);

}  // namespace svcgen::cpp
