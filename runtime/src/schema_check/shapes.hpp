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

// Read from the catalog only: the snapshot records no triggers, only leftovers that are.
struct TriggerShape {
  std::string name;
  bool enabled = true;
};

struct TableShape {
  std::string name;
  std::vector<ColumnShape> columns;
  std::string primary_key;  // column names, comma-separated
  std::string primary_key_constraint;
  std::vector<CheckShape> checks;
  std::vector<ForeignKeyShape> foreign_keys;
  std::vector<IndexShape> indexes;
  std::vector<TriggerShape> triggers;
};

using SchemaShape = std::map<std::string, TableShape>;

// An object that exists between an expand step and its contract step.
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

// What the comparison of the tables leaves alone, looked up by (kind, table, name); kind
// "constraint" also covers the index of a unique constraint, and "table" or "view" a whole table.
class Tolerance {
 public:
  // A leftover whose contract step is not applied: neither compared nor extra (the leftover
  // check requires it instead).
  void keep(const Leftover& leftover) { kept_.insert(key(leftover)); }
  // A leftover an applied contract step dropped: the leftover check reports it if it is there.
  void drop(const Leftover& leftover) { dropped_.insert(key(leftover)); }
  // The database has migrations newer than the snapshot: what the snapshot does not know is
  // theirs, so no extra object is a finding.
  void ignore_unknown() { ignore_unknown_ = true; }

  // Whether an object the snapshot has is left uncompared.
  bool table(const std::string& name) const { return table_in(kept_, name); }
  bool column(const std::string& table, const std::string& name) const {
    return kept_.count({"column", table, name}) != 0;
  }
  bool constraint(const std::string& table, const std::string& name) const {
    return constraint_in(kept_, table, name);
  }
  // Whether an object the snapshot lacks is reported as extra.
  bool extra_table(const std::string& name) const {
    return !ignore_unknown_ && !table_in(kept_, name) && !table_in(dropped_, name);
  }
  bool extra_column(const std::string& table, const std::string& name) const {
    return !ignore_unknown_ && !column(table, name) && dropped_.count({"column", table, name}) == 0;
  }
  bool extra_constraint(const std::string& table, const std::string& name) const {
    return !ignore_unknown_ && !constraint(table, name) && !constraint_in(dropped_, table, name);
  }

 private:
  using Key = std::tuple<std::string, std::string, std::string>;
  static Key key(const Leftover& leftover) {
    return {leftover.kind, leftover.table, leftover.name};
  }
  static bool table_in(const std::set<Key>& keys, const std::string& name) {
    return keys.count({"table", "", name}) != 0 || keys.count({"view", "", name}) != 0 ||
           keys.count({"table", name, name}) != 0;
  }
  static bool constraint_in(const std::set<Key>& keys, const std::string& table,
                            const std::string& name) {
    return keys.count({"constraint", table, name}) != 0 || keys.count({"index", table, name}) != 0;
  }
  std::set<Key> kept_;
  std::set<Key> dropped_;
  bool ignore_unknown_ = false;
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
