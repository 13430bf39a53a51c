#include "migrate/render.hpp"

#include <array>

#include "migrate/backfill.hpp"
#include "migrate/rules.hpp"
#include "migrate/sql_text.hpp"
#include "migrate/type_change.hpp"
#include "svcgen/migration_markers.hpp"

namespace svcgen::migrate {
namespace {

// Where a statement goes (render.hpp). kValidate and kFinish make one file: every scan of
// VALIDATE CONSTRAINT runs before the first statement that takes an ACCESS EXCLUSIVE lock,
// which a transaction keeps until it ends.
enum Part { kMain, kBackfill, kValidate, kFinish, kConcurrently, kPartCount };

using Parts = std::array<RenderedMigration, kPartCount>;

struct Rendering {
  Parts& parts;
  std::string comment;  // the findings on the change being rendered
  void forward(std::string statement, Part part = kMain) {
    parts[part].up.push_back(std::move(statement));
  }
  // The statement a finding concerns.
  void flagged(const std::string& statement, Part part = kMain) {
    forward(comment + statement, part);
  }
  // Prepended: down runs in reverse order.
  void backward(std::vector<std::string> statements, Part part = kMain) {
    std::vector<std::string>& down = parts[part].down;
    down.insert(down.begin(), statements.begin(), statements.end());
  }
};

void render_rename(const Change& change, Rendering& out) {
  const std::string& table = change.table;
  switch (change.kind) {
    case ChangeKind::kRenameTable:
      out.forward(sql::alter(change.from) + "RENAME TO " + quote_ident(change.to));
      out.backward({sql::alter(change.to) + "RENAME TO " + quote_ident(change.from)});
      break;
    case ChangeKind::kRenameIndex:
      out.forward("ALTER INDEX " + quote_ident(change.from) + " RENAME TO " +
                  quote_ident(change.to));
      out.backward(
          {"ALTER INDEX " + quote_ident(change.to) + " RENAME TO " + quote_ident(change.from)});
      break;
    default: {
      std::string what = change.kind == ChangeKind::kRenameColumn ? "COLUMN" : "CONSTRAINT";
      out.forward(sql::rename(table, what, change.from, change.to));
      out.backward({sql::rename(table, what, change.to, change.from)});
    }
  }
}

std::string validate(const std::string& table, const std::string& name) {
  return sql::alter(table) + "VALIDATE CONSTRAINT " + quote_ident(name);
}

// Constraints added to an existing table: NOT VALID here, a catalog change, and VALIDATE in the
// later transaction, where its scan of the rows blocks neither reads nor writes. A check that
// only widens the one it replaces needs no validation at all.
void render_add_constraint(const Change& change, const std::string& name, const std::string& add,
                           Rendering& out) {
  out.backward({sql::drop_constraint(change.table, name)});
  if (!change.existing_table) {
    out.forward(add);
    return;
  }
  if (change.old_check && check_widened(*change.old_check, *change.check)) {
    out.flagged(
        "-- Every existing row passed the narrower CHECK this one replaces, so it is not\n"
        "-- validated: VALIDATE would only scan the table to find nothing.\n" +
        add + " NOT VALID");
    return;
  }
  out.flagged(add + " NOT VALID");
  out.forward(validate(change.table, name), kValidate);
}

// NOT NULL through a validated CHECK: the check added in `check_part` (after any backfill), its
// VALIDATE in the later transaction.
void require_not_null(const std::string& table, const std::string& column, Part check_part,
                      Rendering& out, bool flag_check) {
  NotNullThroughCheck steps = not_null_through_check(table, column);
  if (check_part == kBackfill) {
    out.forward(steps.drop_if_exists, kBackfill);
  }
  out.forward((flag_check ? out.comment : "") + steps.add, check_part);
  out.backward({steps.drop_if_exists}, check_part);
  out.forward(steps.validate, kValidate);
  out.forward(steps.set_not_null, kFinish);
  out.forward(steps.drop, kFinish);
  out.backward({steps.drop_not_null, steps.add}, kFinish);
}

// An optional column of an existing table becomes required: rows holding NULL get the default
// first, when the model gives one.
void render_set_not_null(const Change& change, Rendering& out) {
  if (change.column->default_sql) {
    out.flagged(batched_backfill(change.table, change.primary_key, change.column->name), kBackfill);
    require_not_null(change.table, change.column->name, kBackfill, out, false);
    return;
  }
  require_not_null(change.table, change.column->name, kMain, out, true);
}

void render_constraint(const Change& change, Rendering& out) {
  const std::string& table = change.table;
  switch (change.kind) {
    case ChangeKind::kDropForeignKey:
      out.forward(sql::drop_constraint(table, change.foreign_key->name));
      out.backward({sql::add_foreign_key(table, *change.foreign_key)});
      break;
    case ChangeKind::kDropCheck:
      out.forward(sql::drop_constraint(table, change.check->name));
      out.backward({sql::add_check(table, *change.check)});
      break;
    case ChangeKind::kAddCheck:
      render_add_constraint(change, change.check->name, sql::add_check(table, *change.check), out);
      break;
    default:
      render_add_constraint(change, change.foreign_key->name,
                            sql::add_foreign_key(table, *change.foreign_key), out);
  }
}

// A dropped column comes back in the down migration without its values; a required one needs
// a value for the rows while it is added.
std::vector<std::string> restore_column(const std::string& table, const Column& column,
                                        const std::vector<Check>& checks) {
  bool needs_placeholder = !column.nullable && !column.default_sql && !column.identity;
  std::vector<std::string> restore = {
      "-- " + column.name + " comes back empty: its values are not restored\n" + sql::alter(table) +
      "ADD COLUMN " + sql::column_definition(column) +
      (needs_placeholder ? " DEFAULT " + placeholder_for(column, checks) : "")};
  if (needs_placeholder) {
    restore.push_back(sql::alter(table) + "ALTER COLUMN " + quote_ident(column.name) +
                      " DROP DEFAULT");
  }
  return restore;
}

// The column's previous definition under its current name: a down migration reverts it before
// it reverts a rename, which ran first on the way up.
Column previous_definition(const Change& change) {
  Column previous = *change.old_column;
  previous.name = change.column->name;
  return previous;
}

// PostgreSQL casts a column's default along with its values only where an implicit cast exists
// ('09:00:00'::text to time has none), so a type change drops the default first and sets the
// new one after, in both directions.
void render_retype(const Change& change, Rendering& out) {
  const std::string& table = change.table;
  Column previous = previous_definition(change);
  std::string drop =
      sql::alter(table) + "ALTER COLUMN " + quote_ident(change.column->name) + " DROP DEFAULT";
  if (previous.default_sql) {
    out.forward(drop);
  }
  out.flagged(sql::retype(table, *change.column));
  if (change.column->default_sql) {
    out.forward(sql::set_default(table, *change.column));
  }
  std::vector<std::string> back;
  if (change.column->default_sql) {
    back.push_back(drop);
  }
  back.push_back(sql::retype(table, previous));
  if (previous.default_sql) {
    back.push_back(sql::set_default(table, previous));
  }
  out.backward(back);
}

// A default that is not a constant would make ADD COLUMN rewrite the table under its ACCESS
// EXCLUSIVE lock. The column is added empty instead, gets its default for new rows, and the
// existing ones are backfilled in batches before it becomes required.
void render_add_column(const Change& change, Rendering& out) {
  const Column& column = *change.column;
  out.backward({sql::alter(change.table) + "DROP COLUMN " + quote_ident(column.name)});
  std::string add = sql::alter(change.table) + "ADD COLUMN ";
  if (!column.default_sql || column.identity || is_constant_default(*column.default_sql)) {
    out.flagged(add + sql::column_definition(column));
    return;
  }
  Column empty = column;
  empty.nullable = true;
  empty.default_sql.reset();
  out.flagged(
      "-- The default " + *column.default_sql +
      " is not a constant: adding the column with it would rewrite\n"
      "-- the table under an ACCESS EXCLUSIVE lock, so it is added empty and backfilled.\n" +
      add + sql::column_definition(empty));
  out.forward(sql::set_default(change.table, column));
  out.forward(batched_backfill(change.table, change.primary_key, column.name), kBackfill);
  if (!column.nullable) {
    require_not_null(change.table, column.name, kBackfill, out, false);
  }
}

void render_column(const Change& change, Rendering& out) {
  const std::string& table = change.table;
  std::string column = sql::alter(table) + "ALTER COLUMN " + quote_ident(change.column->name);
  switch (change.kind) {
    case ChangeKind::kAddColumn:
      render_add_column(change, out);
      break;
    case ChangeKind::kAlterType:
      render_retype(change, out);
      break;
    case ChangeKind::kSetDefault:
      out.forward(sql::set_default(table, *change.column));
      out.backward({sql::set_default(table, previous_definition(change))});
      break;
    case ChangeKind::kSetNotNull:
      render_set_not_null(change, out);
      break;
    case ChangeKind::kDropNotNull:
      out.flagged(column + " DROP NOT NULL");
      out.backward(
          required_again(table, previous_definition(change), change.old_checks, change.old_keyed));
      break;
    default:
      out.flagged(sql::alter(table) + "DROP COLUMN " + quote_ident(change.column->name));
      out.backward(restore_column(table, *change.column, change.old_checks));
  }
}

// A table with its indexes and, when they are not changes of their own, its foreign keys.
std::vector<std::string> whole_table(const Table& table, bool with_foreign_keys) {
  std::vector<std::string> statements = {sql::create_table(table)};
  for (const Index& index : table.indexes) {
    statements.push_back(sql::create_index(table.name, index, false));
  }
  if (with_foreign_keys) {
    for (const ForeignKey& key : table.foreign_keys) {
      statements.push_back(sql::add_foreign_key(table.name, key));
    }
  }
  return statements;
}

// The same in a down migration, which cannot bring the rows back.
std::vector<std::string> restore_table(const Table& table, bool with_foreign_keys) {
  std::vector<std::string> statements = whole_table(table, with_foreign_keys);
  statements.front() =
      "-- " + table.name + " comes back empty: its rows are not restored\n" + statements.front();
  return statements;
}

void render_table(const Change& change, Rendering& out) {
  if (change.kind == ChangeKind::kCreateTable) {
    out.forward(sql::create_table(*change.table_after));
    out.backward({"DROP TABLE " + quote_ident(change.table)});
    return;
  }
  if (change.kind == ChangeKind::kDropTable) {
    // Its foreign keys are dropped (and restored) by changes of their own.
    out.flagged("DROP TABLE " + quote_ident(change.table));
    out.backward(restore_table(*change.table_before, false));
    return;
  }
  const Table& before = *change.table_before;
  const Table& after = *change.table_after;
  out.flagged("DROP TABLE " + quote_ident(before.name) + " CASCADE");
  for (std::string& statement : whole_table(after, true)) {
    out.forward(std::move(statement));
  }
  std::vector<std::string> restore = restore_table(before, true);
  restore.insert(restore.begin(), "DROP TABLE " + quote_ident(after.name) + " CASCADE");
  out.backward(restore);
}

void render_index(const Change& change, Rendering& out) {
  const Index& index = *change.index;
  if (change.kind == ChangeKind::kDropIndex) {
    out.forward("DROP INDEX " + quote_ident(index.name));
    out.backward({sql::create_index(change.table, index, false)});
    return;
  }
  Part part = change.existing_table ? kConcurrently : kMain;
  if (change.existing_table) {
    // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind: drop it first, so the
    // file can simply run again.
    out.forward("DROP INDEX CONCURRENTLY IF EXISTS " + quote_ident(index.name), part);
  }
  out.forward(sql::create_index(change.table, index, change.existing_table), part);
  out.backward({std::string("DROP INDEX ") + (change.existing_table ? "CONCURRENTLY " : "") +
                "IF EXISTS " + quote_ident(index.name)},
               part);
}

void render_change(const Change& change, Rendering& out) {
  switch (change.kind) {
    case ChangeKind::kRenameTable:
    case ChangeKind::kRenameColumn:
    case ChangeKind::kRenameConstraint:
    case ChangeKind::kRenameIndex:
      return render_rename(change, out);
    case ChangeKind::kDropForeignKey:
    case ChangeKind::kDropCheck:
    case ChangeKind::kAddCheck:
    case ChangeKind::kAddForeignKey:
      return render_constraint(change, out);
    case ChangeKind::kAddColumn:
    case ChangeKind::kAlterType:
    case ChangeKind::kSetDefault:
    case ChangeKind::kSetNotNull:
    case ChangeKind::kDropNotNull:
    case ChangeKind::kDropColumn:
      return render_column(change, out);
    case ChangeKind::kCreateTable:
    case ChangeKind::kDropTable:
    case ChangeKind::kRecreateTable:
      return render_table(change, out);
    case ChangeKind::kDropIndex:
    case ChangeKind::kCreateIndex:
      return render_index(change, out);
  }
}

std::string comment_for(const Plan& plan, std::size_t change, bool allow_destructive) {
  std::string comment;
  for (const Finding& finding : plan.findings) {
    if (finding.change == change) {
      comment += finding_comment(finding, allow_destructive);
    }
  }
  return comment;
}

}  // namespace

std::vector<RenderedMigration> render(const Plan& plan, bool allow_destructive) {
  Parts parts;
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    Rendering out{parts, comment_for(plan, i, allow_destructive)};
    render_change(plan.changes[i], out);
  }
  RenderedMigration& validated = parts[kValidate];
  validated.up.insert(validated.up.end(), parts[kFinish].up.begin(), parts[kFinish].up.end());
  validated.down.insert(validated.down.begin(), parts[kFinish].down.begin(),
                        parts[kFinish].down.end());
  parts[kBackfill].no_transaction = true;
  parts[kBackfill].suffix = kBackfillSuffix;
  parts[kBackfill].header =
      "-- The backfills commit batch by batch, which a transaction cannot do: this file runs\n"
      "-- statement by statement, and each statement can run again after a partial run.\n";
  validated.suffix = kValidateSuffix;
  validated.header =
      "-- VALIDATE CONSTRAINT scans the rows in a transaction of its own, which holds only a "
      "SHARE\n"
      "-- UPDATE EXCLUSIVE lock while it does: reads and writes of the table go on meanwhile.\n";
  parts[kConcurrently].no_transaction = true;
  parts[kConcurrently].suffix = kConcurrentlySuffix;
  parts[kConcurrently].header =
      "-- CREATE INDEX CONCURRENTLY cannot run inside a transaction: this file runs statement by\n"
      "-- statement, and each statement can run again after a partial run.\n";
  std::vector<RenderedMigration> migrations;
  for (Part part : {kMain, kBackfill, kValidate, kConcurrently}) {
    if (!parts[part].up.empty()) {
      migrations.push_back(std::move(parts[part]));
    }
  }
  return migrations;
}

std::string finding_comment(const Finding& finding, bool allow_destructive) {
  return "-- " + finding.rule +
         (finding.level == RuleLevel::kDestructive && allow_destructive
              ? " (allowed with --allow-destructive): "
              : ": ") +
         finding.message + "\n";
}

std::string sql_script(const std::vector<std::string>& statements) {
  std::string text;
  for (const std::string& statement : statements) {
    text += "\n" + statement + ";\n";
  }
  return text;
}

}  // namespace svcgen::migrate
