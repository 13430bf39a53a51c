#include "emit/cpp_model_types.hpp"

#include "emit/cpp_text.hpp"

namespace svcgen::cpp {

using ir::Type;

std::string sql_cast(Type type, Type ref_key_type) {
  switch (type) {
    case Type::kString:
    case Type::kText:
    case Type::kEnum:
      return "text";
    case Type::kInt32:
      return "integer";
    case Type::kInt64:
      return "bigint";
    case Type::kFloat32:
      return "real";
    case Type::kFloat64:
      return "double precision";
    case Type::kDecimal:
      return "numeric";
    case Type::kBool:
      return "boolean";
    case Type::kUuid:
      return "uuid";
    case Type::kTimestamp:
      return "timestamptz";
    case Type::kDate:
      return "date";
    case Type::kJson:
      return "jsonb";
    case Type::kBytes:
      return "bytea";
    case Type::kRef:
      return sql_cast(ref_key_type, ref_key_type);
  }
  return "text";
}

std::string value_kind(Type type) {
  switch (type) {
    case Type::kString:
    case Type::kText:
      return "kString";
    case Type::kInt32:
    case Type::kInt64:
    case Type::kRef:
      return "kInteger";
    case Type::kFloat32:
    case Type::kFloat64:
      return "kFloat";
    case Type::kDecimal:
      return "kDecimal";
    case Type::kBool:
      return "kBool";
    case Type::kUuid:
      return "kUuid";
    case Type::kTimestamp:
      return "kTimestamp";
    case Type::kDate:
      return "kDate";
    case Type::kEnum:
      return "kEnum";
    case Type::kBytes:
    case Type::kJson:
      return "kBytes";
  }
  return "kString";
}

std::string body_reader(const ir::Field& field) {
  switch (field.type) {
    case Type::kString:
    case Type::kText:
      return "string";
    case Type::kInt32:
      return "int32";
    case Type::kInt64:
      return "int64";
    case Type::kFloat32:
      return "float32";
    case Type::kFloat64:
      return "float64";
    case Type::kDecimal:
      return "decimal";
    case Type::kBool:
      return "boolean";
    case Type::kUuid:
      return "uuid";
    case Type::kTimestamp:
      return "timestamp";
    case Type::kDate:
      return "date";
    case Type::kJson:
      return "json";
    case Type::kBytes:
      return "bytes";
    case Type::kEnum:
      return "enumeration";
    case Type::kRef:
      return field.ref_key_type == Type::kUuid ? "uuid" : "int64";
  }
  return "string";
}

bool has_rule(Type type) {
  return type == Type::kString || type == Type::kText || type == Type::kInt32 ||
         type == Type::kInt64 || type == Type::kFloat32 || type == Type::kFloat64 ||
         type == Type::kDecimal;
}

bool needs_value_initializer(const ir::Field& field) {
  Type type = field.type;
  return type == Type::kInt32 || type == Type::kInt64 || type == Type::kFloat32 ||
         type == Type::kFloat64 || type == Type::kBool || type == Type::kEnum ||
         (type == Type::kRef && field.ref_key_type == Type::kInt64);
}

std::vector<std::string> integer_bounds(Type type) {
  if (type == Type::kInt32) {
    return {"INT32_MIN", "INT32_MAX"};
  }
  if (type == Type::kInt64) {
    return {"INT64_MIN", "INT64_MAX"};
  }
  return {};
}

std::vector<Column> model_columns(const ir::Model& model) {
  const ir::PrimaryKey& key = model.primary_key;
  std::vector<Column> columns = {{nullptr, key.name.text, key.name.cpp, key.name.sql,
                                  key_type(key.type), key.type == Type::kUuid ? "uuid" : "bigint",
                                  key.type, false, true}};
  for (const ir::Field& field : model.fields) {
    columns.push_back({&field, field.name.text, field.name.cpp, field.name.sql,
                       value_type(model, field), sql_cast(field.type, field.ref_key_type),
                       field.type == Type::kRef ? field.ref_key_type : field.type, field.optional,
                       !field.write_only});
  }
  if (model.timestamps) {
    for (const char* name : {"created_at", "updated_at"}) {
      columns.push_back({nullptr, name, name, name, "svcgen::Timestamp", "timestamptz",
                         Type::kTimestamp, false, true});
    }
  }
  if (model.optimistic_locking) {
    columns.push_back({nullptr, "version", "version", "version", "std::int64_t", "bigint",
                       Type::kInt64, false, true});
  }
  return columns;
}

std::string select_expression(const Column& column) {
  if (column.type == Type::kTimestamp) {
    return "to_char(" + column.sql + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
  }
  if (column.type == Type::kBytes) {
    return "translate(encode(" + column.sql + ", 'base64'), E'\\n', '')";
  }
  return column.sql;
}

}  // namespace svcgen::cpp
