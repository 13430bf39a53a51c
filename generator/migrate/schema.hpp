#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "ir/ir.hpp"
#include "ir/sql_type.hpp"

// The database shape the models ask for: what migrations create and what the snapshot in the
// migrations folder records. Diffing two of these gives the changes of a migration.
namespace svcgen::migrate {

struct Column {
  std::string name;
  ir::SqlType
      type;  // rendered as "bigint", "varchar(200)", "numeric(10,2)"... in SQL and snapshots
  bool nullable = false;
  bool identity = false;                   // GENERATED ALWAYS AS IDENTITY
  std::optional<std::string> default_sql;  // an SQL expression
  std::string field;                       // the model field it stores ("" for generated columns)
  std::optional<ir::Rename> renamed_from;  // from the model; never stored in the snapshot
  bool operator==(const Column& other) const;
};

// A CHECK constraint in structured form, so a diff can tell widening from tightening.
struct Check {
  std::string name;
  std::string column;
  std::vector<std::string> values;     // enum members
  std::optional<std::string> minimum;  // SQL numeric literals
  std::optional<std::string> maximum;
  std::optional<std::int64_t> min_length;
  bool operator==(const Check&) const = default;
};

struct ForeignKey {
  std::string name;
  std::string column;
  std::string references;  // table
  std::string ref_column;
  std::string on_delete;  // restrict, cascade, setNull
  bool operator==(const ForeignKey&) const = default;
};

struct Index {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  std::optional<std::string> where;  // partial index predicate
  bool operator==(const Index&) const = default;
};

struct Table {
  std::string name;
  std::string model;
  std::string source;                            // model file, relative to the service file
  SourceLocation location;                       // not stored
  std::optional<ir::Rename> renamed_from_model;  // not stored
  std::vector<Column> columns;
  std::string primary_key;  // the key column
  std::string primary_key_constraint;
  std::vector<Check> checks;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Index> indexes;

  const Column* find_column(const std::string& column) const;
};

struct Schema {
  std::vector<Table> tables;  // sorted by name
  const Table* find_table(const std::string& name) const;
  const Table* find_model(const std::string& model) const;
};

Schema schema_from_service(const ir::Service& service);
// The DEFAULT expression of a field's column, as the migrations write it.
std::optional<std::string> column_default_sql(const ir::Field& field);

// The snapshot file: a stable JSON form of a schema.
nlohmann::ordered_json schema_to_json(const Schema& schema);
// Nothing, with `error` set, when the text is not a snapshot this version of svcgen wrote.
std::optional<Schema> schema_from_json(const nlohmann::ordered_json& json, std::string& error);

// SQL pieces shared by rendering and tests.
std::string sql_literal(std::string_view text);
std::string quote_ident(std::string_view name);
// `stem` followed by `suffix`, within PostgreSQL's 63 bytes: when too long, the stem is cut and
// a hash of the whole name keeps it apart from every other cut name. PostgreSQL would cut it
// silently, so that two derived names could meet, or a later statement miss the object.
std::string fitted_identifier(std::string_view stem, std::string_view suffix);
std::string check_expression(const Check& check);

}  // namespace svcgen::migrate
