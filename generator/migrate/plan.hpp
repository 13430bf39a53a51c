#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "migrate/schema.hpp"

// A migration as typed changes between two schemas, checked by named safety rules, rendered to
// SQL for both directions.
namespace svcgen::migrate {

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
};

// A rule's finding: refused unless --allow-destructive when `destructive`, else a warning.
struct Finding {
  std::string rule;  // DROP_TABLE, DROP_COLUMN, TYPE_NARROWING, ...
  bool destructive = true;
  SourceLocation location;
  std::string message;
};

struct Plan {
  std::vector<Change> changes;
  std::vector<Finding> findings;
  bool empty() const { return changes.empty(); }
};

// The changes that turn `before` into `after`, in the order they must run.
Plan plan_changes(const Schema& before, const Schema& after);

// The named safety rules: each inspects one change.
struct Rule {
  std::string_view id;
  std::string_view summary;
  std::optional<Finding> (*check)(const Change& change);
};
const std::vector<Rule>& safety_rules();

struct RenderedMigration {
  std::vector<std::string> up;    // statements, in order
  std::vector<std::string> down;  // statements that revert `up`, in order
  bool no_transaction = false;
};

// SQL for the changes: the transactional part, and (when indexes are added to existing tables)
// a second part that runs outside a transaction with CREATE INDEX CONCURRENTLY.
std::vector<RenderedMigration> render(const Plan& plan, bool allow_destructive);

bool is_widening(const std::string& from, const std::string& to);

}  // namespace svcgen::migrate
