#include "migrate/schema.hpp"

#include <algorithm>
#include <stdexcept>

#include "ir/names.hpp"
#include "svcgen/types.hpp"

namespace svcgen::migrate {
namespace {

using ir::SqlBase;
using ir::Type;

// The validator spells every column type it builds in render()'s words.
ir::SqlType built_type(const std::string& text) {
  if (std::optional<ir::SqlType> type = ir::parse_sql_type(text)) {
    return *type;
  }
  throw std::logic_error("column type \"" + text + "\" is not one migrations know");
}

std::string hex_of(const Bytes& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (std::uint8_t byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

std::string literal_sql(const ir::Field& field, const nlohmann::ordered_json& value) {
  if (value.is_null()) {
    return "NULL";
  }
  switch (field.type) {
    case Type::kInt32:
    case Type::kInt64:
    case Type::kFloat32:
    case Type::kFloat64:
    case Type::kBool:
      return value.dump();
    case Type::kDecimal:
      return value.get<std::string>();
    case Type::kJson:
      return sql_literal(value.dump()) + "::jsonb";
    case Type::kBytes:
      return sql_literal("\\x" + hex_of(*base64_decode(value.get<std::string>()))) + "::bytea";
    case Type::kRef:
      return value.is_string() ? sql_literal(value.get<std::string>()) : value.dump();
    default:
      return sql_literal(value.get<std::string>());
  }
}

Column field_column(const ir::Field& field) {
  Column column;
  column.name = field.name.text;
  column.type = built_type(field.sql_type);
  column.nullable = field.optional;
  column.field = field.name.text;
  column.renamed_from = field.renamed_from;
  column.default_sql = column_default_sql(field);
  return column;
}

std::optional<Check> field_check(const std::string& table, const ir::Field& field) {
  Check check;
  check.name = field.check_constraint.empty() ? table + "_" + field.name.text + "_check"
                                              : field.check_constraint;
  check.column = field.name.text;
  for (const ir::EnumMember& member : field.values) {
    check.values.push_back(member.value);
  }
  if (field.minimum) {
    check.minimum = field.minimum->dump();
  }
  if (field.maximum) {
    check.maximum = field.maximum->dump();
  }
  if (field.min_length && *field.min_length > 0) {
    check.min_length = field.min_length;
  }
  if (check.values.empty() && !check.minimum && !check.maximum && !check.min_length) {
    return std::nullopt;
  }
  return check;
}

// Nothing, with `error` set, when the column's type is not one render() writes.
std::optional<Column> column_from_json(const std::string& table, const nlohmann::ordered_json& json,
                                       std::string& error) {
  Column column;
  column.name = json.at("name").get<std::string>();
  std::string type = json.at("type").get<std::string>();
  std::optional<ir::SqlType> known = ir::parse_sql_type(type);
  if (!known) {
    error = "column " + table + "." + column.name + " has the unknown type \"" + type + "\"";
    return std::nullopt;
  }
  column.type = *known;
  column.nullable = json.at("nullable").get<bool>();
  column.identity = json.value("identity", false);
  if (json.contains("default")) {
    column.default_sql = json.at("default").get<std::string>();
  }
  column.field = json.value("field", "");
  return column;
}

}  // namespace

bool Column::operator==(const Column& other) const {
  return name == other.name && type == other.type && nullable == other.nullable &&
         identity == other.identity && default_sql == other.default_sql;
}

std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

std::string quote_ident(std::string_view name) { return names::sql_identifier(name); }

std::string check_expression(const Check& check) {
  std::string column = quote_ident(check.column);
  std::vector<std::string> parts;
  if (!check.values.empty()) {
    std::string list;
    for (const std::string& value : check.values) {
      list += (list.empty() ? "" : ", ") + sql_literal(value);
    }
    parts.push_back(column + " IN (" + list + ")");
  }
  if (check.minimum) {
    parts.push_back(column + " >= " + *check.minimum);
  }
  if (check.maximum) {
    parts.push_back(column + " <= " + *check.maximum);
  }
  if (check.min_length) {
    parts.push_back("char_length(" + column + ") >= " + std::to_string(*check.min_length));
  }
  std::string expression;
  for (const std::string& part : parts) {
    expression += (expression.empty() ? "" : " AND ") + part;
  }
  return expression;
}

const Column* Table::find_column(const std::string& column) const {
  for (const Column& candidate : columns) {
    if (candidate.name == column) {
      return &candidate;
    }
  }
  return nullptr;
}

const Table* Schema::find_table(const std::string& name) const {
  for (const Table& table : tables) {
    if (table.name == name) {
      return &table;
    }
  }
  return nullptr;
}

const Table* Schema::find_model(const std::string& model) const {
  for (const Table& table : tables) {
    if (table.model == model) {
      return &table;
    }
  }
  return nullptr;
}

Schema schema_from_service(const ir::Service& service) {
  Schema schema;
  for (const ir::Model& model : service.models) {
    Table table;
    table.name = model.table.text;
    table.model = model.name;
    table.source = model.source;
    table.location = model.location;
    table.renamed_from_model = model.renamed_from;
    const ir::PrimaryKey& key = model.primary_key;
    Column id{
        key.name.text,
        built_type(key.sql_type),
        false,
        key.type == Type::kInt64,
        key.type == Type::kUuid ? std::optional<std::string>("gen_random_uuid()") : std::nullopt,
        "",
        std::nullopt};
    table.columns.push_back(id);
    table.primary_key = key.name.text;
    table.primary_key_constraint = key.constraint;
    std::optional<std::string> live_rows;
    if (model.soft_delete) {
      live_rows = "deleted_at IS NULL";
    }
    for (const ir::Field& field : model.fields) {
      table.columns.push_back(field_column(field));
      if (std::optional<Check> check = field_check(table.name, field)) {
        table.checks.push_back(*check);
      }
      if (field.type == Type::kRef) {
        const ir::Model* target = service.find_model(field.ref_model);
        table.foreign_keys.push_back({field.foreign_key_constraint, field.name.text,
                                      target->table.text, target->primary_key.name.text,
                                      std::string(ir::on_delete_name(field.on_delete))});
      }
      if (field.unique) {
        table.indexes.push_back(
            {table.name + "_" + field.name.text + "_key", {field.name.text}, true, live_rows});
      } else if (field.index || field.type == Type::kRef) {
        table.indexes.push_back(
            {table.name + "_" + field.name.text + "_idx", {field.name.text}, false, std::nullopt});
      }
    }
    if (model.timestamps) {
      table.columns.push_back(
          {"created_at", {SqlBase::kTimestamptz}, false, false, "now()", "", std::nullopt});
      table.columns.push_back(
          {"updated_at", {SqlBase::kTimestamptz}, false, false, "now()", "", std::nullopt});
    }
    if (model.soft_delete) {
      table.columns.push_back(
          {"deleted_at", {SqlBase::kTimestamptz}, true, false, std::nullopt, "", std::nullopt});
    }
    if (model.optimistic_locking) {
      table.columns.push_back({"version", {SqlBase::kBigint}, false, false, "1", "", std::nullopt});
    }
    for (const ir::Index& index : model.indexes) {
      if (std::none_of(table.indexes.begin(), table.indexes.end(),
                       [&](const Index& existing) { return existing.name == index.name.text; })) {
        table.indexes.push_back(
            {index.name.text, index.fields, index.unique, index.unique ? live_rows : std::nullopt});
      }
    }
    std::sort(table.indexes.begin(), table.indexes.end(),
              [](const Index& a, const Index& b) { return a.name < b.name; });
    std::sort(table.checks.begin(), table.checks.end(),
              [](const Check& a, const Check& b) { return a.name < b.name; });
    std::sort(table.foreign_keys.begin(), table.foreign_keys.end(),
              [](const ForeignKey& a, const ForeignKey& b) { return a.name < b.name; });
    schema.tables.push_back(std::move(table));
  }
  std::sort(schema.tables.begin(), schema.tables.end(),
            [](const Table& a, const Table& b) { return a.name < b.name; });
  return schema;
}

nlohmann::ordered_json schema_to_json(const Schema& schema) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const Table& table : schema.tables) {
    nlohmann::ordered_json columns = nlohmann::ordered_json::array();
    for (const Column& column : table.columns) {
      nlohmann::ordered_json entry = {
          {"name", column.name}, {"type", column.type.render()}, {"nullable", column.nullable}};
      if (column.identity) {
        entry["identity"] = true;
      }
      if (column.default_sql) {
        entry["default"] = *column.default_sql;
      }
      if (!column.field.empty()) {
        entry["field"] = column.field;
      }
      columns.push_back(entry);
    }
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const Check& check : table.checks) {
      nlohmann::ordered_json entry = {{"name", check.name}, {"column", check.column}};
      if (!check.values.empty()) {
        entry["values"] = check.values;
      }
      if (check.minimum) {
        entry["minimum"] = *check.minimum;
      }
      if (check.maximum) {
        entry["maximum"] = *check.maximum;
      }
      if (check.min_length) {
        entry["minLength"] = *check.min_length;
      }
      checks.push_back(entry);
    }
    nlohmann::ordered_json foreign_keys = nlohmann::ordered_json::array();
    for (const ForeignKey& key : table.foreign_keys) {
      foreign_keys.push_back({{"name", key.name},
                              {"column", key.column},
                              {"references", key.references},
                              {"refColumn", key.ref_column},
                              {"onDelete", key.on_delete}});
    }
    nlohmann::ordered_json indexes = nlohmann::ordered_json::array();
    for (const Index& index : table.indexes) {
      nlohmann::ordered_json entry = {
          {"name", index.name}, {"columns", index.columns}, {"unique", index.unique}};
      if (index.where) {
        entry["where"] = *index.where;
      }
      indexes.push_back(entry);
    }
    tables.push_back({{"name", table.name},
                      {"model", table.model},
                      {"source", table.source},
                      {"primaryKey", table.primary_key},
                      {"primaryKeyConstraint", table.primary_key_constraint},
                      {"columns", columns},
                      {"checks", checks},
                      {"foreignKeys", foreign_keys},
                      {"indexes", indexes}});
  }
  return {{"svcgenSnapshot", 1}, {"tables", tables}};
}

std::optional<Schema> schema_from_json(const nlohmann::ordered_json& json, std::string& error) {
  try {
    if (!json.is_object() || json.value("svcgenSnapshot", 0) != 1) {
      error = "not a svcgen schema snapshot (format 1)";
      return std::nullopt;
    }
    Schema schema;
    for (const auto& entry : json.at("tables")) {
      Table table;
      table.name = entry.at("name").get<std::string>();
      table.model = entry.at("model").get<std::string>();
      table.source = entry.value("source", "");
      table.primary_key = entry.at("primaryKey").get<std::string>();
      table.primary_key_constraint = entry.at("primaryKeyConstraint").get<std::string>();
      for (const auto& column : entry.at("columns")) {
        std::optional<Column> parsed = column_from_json(table.name, column, error);
        if (!parsed) {
          return std::nullopt;
        }
        table.columns.push_back(*parsed);
      }
      for (const auto& check : entry.at("checks")) {
        Check parsed;
        parsed.name = check.at("name").get<std::string>();
        parsed.column = check.at("column").get<std::string>();
        if (check.contains("values")) {
          parsed.values = check.at("values").get<std::vector<std::string>>();
        }
        if (check.contains("minimum")) {
          parsed.minimum = check.at("minimum").get<std::string>();
        }
        if (check.contains("maximum")) {
          parsed.maximum = check.at("maximum").get<std::string>();
        }
        if (check.contains("minLength")) {
          parsed.min_length = check.at("minLength").get<std::int64_t>();
        }
        table.checks.push_back(parsed);
      }
      for (const auto& key : entry.at("foreignKeys")) {
        table.foreign_keys.push_back(
            {key.at("name").get<std::string>(), key.at("column").get<std::string>(),
             key.at("references").get<std::string>(), key.at("refColumn").get<std::string>(),
             key.at("onDelete").get<std::string>()});
      }
      for (const auto& index : entry.at("indexes")) {
        Index parsed{index.at("name").get<std::string>(),
                     index.at("columns").get<std::vector<std::string>>(),
                     index.at("unique").get<bool>(), std::nullopt};
        if (index.contains("where")) {
          parsed.where = index.at("where").get<std::string>();
        }
        table.indexes.push_back(parsed);
      }
      schema.tables.push_back(std::move(table));
    }
    return schema;
  } catch (const nlohmann::json::exception& failure) {
    error = std::string("malformed snapshot: ") + failure.what();
    return std::nullopt;
  }
}

std::optional<std::string> column_default_sql(const ir::Field& field) {
  if (field.default_value.sql_expression) {
    return *field.default_value.sql_expression;
  }
  if (field.default_value.literal) {
    return literal_sql(field, field.default_value.literal->value);
  }
  return std::nullopt;
}

}  // namespace svcgen::migrate
