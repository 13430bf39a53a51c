#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

// Both sides of the drift check in one form: what the snapshot expects and what the catalog
// holds, spelled the way the snapshot spells them, so that comparing is plain equality.
namespace svcgen::schema_check {

struct ColumnShape {
  std::string name;
  std::string type;  // "bigint", "varchar(200)", "timestamptz"...
  bool nullable = true;
  std::string identity;                    // "", "always" or "by default"
  std::optional<std::string> default_sql;  // normalised with normalise_expression
};

struct CheckShape {
  std::string name;
  std::string column;
  std::vector<std::string> values;
  std::optional<std::string> minimum;
  std::optional<std::string> maximum;
  std::optional<long long> min_length;
  // The catalog's definition when it is not of the structured form the snapshot records.
  std::optional<std::string> unstructured;
  bool validated = true;
};

struct ForeignKeyShape {
  std::string name;
  std::string column;
  std::string references;
  std::string ref_column;
  std::string on_delete;  // restrict, cascade, setNull (noAction, setDefault from the catalog)
  bool validated = true;
};

struct IndexShape {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  std::optional<std::string> where;  // normalised with normalise_expression
  bool valid = true;
};

struct TableShape {
  std::string name;
  std::vector<ColumnShape> columns;
  std::string primary_key;  // column names, comma-separated
  std::string primary_key_constraint;
  std::vector<CheckShape> checks;
  std::vector<ForeignKeyShape> foreign_keys;
  std::vector<IndexShape> indexes;
};

using SchemaShape = std::map<std::string, TableShape>;

// An object a pending contract step will drop, which the check leaves alone until then.
struct Leftover {
  std::string kind;  // column, index, constraint, trigger, function, view, table
  std::string table;
  std::string name;
};

struct ContractEntry {
  long expand = 0;
  std::optional<long> contract;
  std::vector<Leftover> leftovers;
};

struct Snapshot {
  SchemaShape schema;
  std::vector<ContractEntry> contracts;
};

// Tolerated leftovers, looked up by (kind, table, name); kind "constraint" also covers the
// index of a unique constraint, and "table" or "view" a whole table.
class Tolerance {
 public:
  void add(const Leftover& leftover) {
    entries_.insert({leftover.kind, leftover.table, leftover.name});
  }
  bool table(const std::string& name) const {
    return has("table", "", name) || has("view", "", name) || has("table", name, name);
  }
  bool column(const std::string& table, const std::string& name) const {
    return has("column", table, name);
  }
  bool constraint(const std::string& table, const std::string& name) const {
    return has("constraint", table, name) || has("index", table, name);
  }

 private:
  bool has(const std::string& kind, const std::string& table, const std::string& name) const {
    return entries_.count({kind, table, name}) != 0;
  }
  std::set<std::tuple<std::string, std::string, std::string>> entries_;
};

// Nothing, with `error` set, when the text is not a snapshot of format 1.
std::optional<Snapshot> parse_snapshot(const std::string& text, std::string& error);

// PostgreSQL's spelling of an expression made comparable with the one a migration wrote:
// casts of literals and columns dropped, redundant parentheses and blanks removed, and the
// spellings of the current time folded into now().
std::string normalise_expression(const std::string& expression);

// The snapshot's spelling of a format_type() result.
std::string snapshot_type(const std::string& catalog_type);

// pg_get_constraintdef() of a CHECK, read back into the snapshot's structure when it has that
// form; otherwise `unstructured` holds the normalised definition.
CheckShape parse_check_definition(const std::string& name, const std::string& column,
                                  const std::string& definition);

// Findings about the tables, in the words of the finding lines.
std::vector<std::string> compare_schemas(const SchemaShape& expected, const SchemaShape& live,
                                         const Tolerance& tolerance);

}  // namespace svcgen::schema_check
