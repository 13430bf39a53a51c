#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "migrate/schema.hpp"

// A migration as typed changes between two schemas, with the findings of the safety rules
// (migrate/rules.hpp) on them. The renderer (migrate/render.hpp) turns it into SQL.
namespace svcgen::migrate {

// In the order the changes run: renames first, so later changes see the new names; drops of
// constraints before the columns and tables they sit on; indexes last.
enum class ChangeKind {
  kRenameTable,
  kRenameColumn,
  kRenameConstraint,
  kRenameIndex,
  kDropForeignKey,
  kDropCheck,
  kDropIndex,
  kCreateTable,
  kAddColumn,
  kAlterType,
  kSetDefault,
  kSetNotNull,
  kDropNotNull,
  kAddCheck,
  kAddForeignKey,
  kDropColumn,
  kDropTable,
  kRecreateTable,
  kCreateIndex,
};

struct Change {
  ChangeKind kind = ChangeKind::kCreateTable;
  std::string table;                  // the table as it is when the change runs
  bool existing_table = true;         // false: created by this migration (no data, no concurrency)
  SourceLocation location;            // the model file position that asks for the change
  std::optional<Table> table_before;  // full definitions, for create/drop/recreate
  std::optional<Table> table_after;
  std::optional<Column> column;      // new (or dropped) column
  std::optional<Column> old_column;  // previous definition, for alterations
  std::optional<Check> check;
  std::optional<Check> old_check;
  std::optional<ForeignKey> foreign_key;
  std::optional<Index> index;
  std::string from;  // renames
  std::string to;
  std::string primary_key;  // the table's key column, which batched backfills walk
  bool new_column = false;  // a check on a column this migration adds: no old value can fail it
  // What a down migration needs to give a dropped, or no longer required, column values again:
  // its checks, and whether it is unique or a reference, before the change.
  std::vector<Check> old_checks;
  bool old_keyed = false;
};

// What a rule's finding does to `migrate diff`.
enum class RuleLevel {
  kWarning,      // printed; the migration is written
  kDestructive,  // refused unless --allow-destructive
  kImpossible,   // refused whatever the flags: the migration could never work
};

struct Finding {
  std::string rule;  // the id of a rule of safety_rules()
  RuleLevel level = RuleLevel::kDestructive;
  SourceLocation location;
  std::string message;
  std::size_t change = 0;  // index in Plan::changes
};

inline bool refuses(const Finding& finding, bool allow_destructive) {
  return finding.level == RuleLevel::kImpossible ||
         (finding.level == RuleLevel::kDestructive && !allow_destructive);
}

struct Plan {
  std::vector<Change> changes;
  std::vector<Finding> findings;  // in the order of the changes, then of the rules
  // About the models rather than the database: "renamedFrom" keys that cannot apply.
  std::vector<Diagnostic> warnings;
  bool empty() const { return changes.empty(); }
};

// The changes that turn `before` into `after`, in the order they must run, and their findings.
Plan plan_changes(const Schema& before, const Schema& after);

}  // namespace svcgen::migrate
