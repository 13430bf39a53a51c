// Copied by svcgen from its runtime library. DO NOT EDIT.
#include <nlohmann/json.hpp>

#include "schema_check/shapes.hpp"

namespace svcgen::schema_check {
namespace {

using Json = nlohmann::json;

ColumnShape column_of(const Json& json) {
  ColumnShape column;
  column.name = json.at("name").get<std::string>();
  column.type = json.at("type").get<std::string>();
  column.nullable = json.at("nullable").get<bool>();
  column.identity = json.value("identity", false) ? "always" : "";
  if (json.contains("default")) {
    column.default_sql = normalise_expression(json.at("default").get<std::string>());
  }
  return column;
}

CheckShape check_of(const Json& json) {
  CheckShape check;
  check.name = json.at("name").get<std::string>();
  check.column = json.at("column").get<std::string>();
  check.values = json.value("values", std::vector<std::string>{});
  if (json.contains("minimum")) {
    check.minimum = json.at("minimum").get<std::string>();
  }
  if (json.contains("maximum")) {
    check.maximum = json.at("maximum").get<std::string>();
  }
  if (json.contains("minLength")) {
    check.min_length = json.at("minLength").get<long long>();
  }
  return check;
}

TableShape table_of(const Json& json) {
  TableShape table;
  table.name = json.at("name").get<std::string>();
  table.primary_key = json.at("primaryKey").get<std::string>();
  table.primary_key_constraint = json.at("primaryKeyConstraint").get<std::string>();
  for (const Json& column : json.at("columns")) {
    table.columns.push_back(column_of(column));
  }
  for (const Json& check : json.at("checks")) {
    table.checks.push_back(check_of(check));
  }
  for (const Json& key : json.at("foreignKeys")) {
    table.foreign_keys.push_back(
        {key.at("name").get<std::string>(), key.at("column").get<std::string>(),
         key.at("references").get<std::string>(), key.at("refColumn").get<std::string>(),
         key.at("onDelete").get<std::string>(), true});
  }
  for (const Json& index : json.at("indexes")) {
    IndexShape shape{index.at("name").get<std::string>(),
                     index.at("columns").get<std::vector<std::string>>(),
                     index.at("unique").get<bool>(), std::nullopt, true};
    if (index.contains("where")) {
      shape.where = normalise_expression(index.at("where").get<std::string>());
    }
    table.indexes.push_back(shape);
  }
  return table;
}

ContractEntry contract_of(const Json& json) {
  ContractEntry entry;
  entry.expand = json.at("expand").get<long>();
  if (json.contains("contract") && !json.at("contract").is_null()) {
    entry.contract = json.at("contract").get<long>();
  }
  for (const Json& leftover : json.value("leftovers", Json::array())) {
    entry.leftovers.push_back({leftover.at("kind").get<std::string>(), leftover.value("table", ""),
                               leftover.at("name").get<std::string>()});
  }
  return entry;
}

}  // namespace

std::optional<Snapshot> parse_snapshot(const std::string& text, std::string& error) {
  Snapshot snapshot;
  if (text.empty()) {
    return snapshot;  // no migration yet: the service expects no tables
  }
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || json.value("svcgenSnapshot", 0) != 1) {
    error = "not a svcgen schema snapshot (format 1)";
    return std::nullopt;
  }
  try {
    for (const Json& table : json.at("tables")) {
      TableShape shape = table_of(table);
      snapshot.schema[shape.name] = std::move(shape);
    }
    for (const Json& entry : json.value("contracts", Json::array())) {
      snapshot.contracts.push_back(contract_of(entry));
    }
  } catch (const Json::exception& failure) {
    error = std::string("malformed snapshot: ") + failure.what();
    return std::nullopt;
  }
  return snapshot;
}

}  // namespace svcgen::schema_check
