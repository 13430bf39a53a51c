#include "migrate/plan.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

namespace svcgen::migrate {
namespace {

SourceLocation location_of(const Table& table) { return table.location; }

Change make_change(ChangeKind kind, std::string table, bool existing_table,
                   SourceLocation location) {
  Change change;
  change.kind = kind;
  change.table = std::move(table);
  change.existing_table = existing_table;
  change.location = std::move(location);
  return change;
}

// Old names of columns of a table, keyed by their new names.
std::map<std::string, std::string> match_columns(const Table& before, const Table& after) {
  std::map<std::string, std::string> matched;
  std::set<std::string> taken;
  for (const Column& column : after.columns) {
    if (before.find_column(column.name)) {
      matched[column.name] = column.name;
      taken.insert(column.name);
    }
  }
  for (const Column& column : after.columns) {
    if (matched.count(column.name) == 0 && column.renamed_from &&
        before.find_column(*column.renamed_from) && taken.count(*column.renamed_from) == 0 &&
        !after.find_column(*column.renamed_from)) {
      matched[column.name] = *column.renamed_from;
      taken.insert(*column.renamed_from);
    }
  }
  return matched;
}

std::string mapped(const std::map<std::string, std::string>& new_by_old, const std::string& name) {
  auto found = new_by_old.find(name);
  return found == new_by_old.end() ? name : found->second;
}

class Planner {
 public:
  Planner(const Schema& before, const Schema& after) : before_(before), after_(after) {}

  Plan run() {
    match_tables();
    for (const auto& [new_name, old_name] : table_matches_) {
      diff_table(*before_.find_table(old_name), *after_.find_table(new_name));
    }
    for (const Table& table : after_.tables) {
      if (table_matches_.count(table.name) == 0) {
        create_table(table);
      }
    }
    std::set<std::string> kept;
    for (const auto& [new_name, old_name] : table_matches_) {
      kept.insert(old_name);
    }
    for (const Table& table : before_.tables) {
      if (kept.count(table.name) == 0) {
        drop_table(table);
      }
    }
    std::stable_sort(plan_.changes.begin(), plan_.changes.end(),
                     [](const Change& a, const Change& b) { return a.kind < b.kind; });
    for (const Change& change : plan_.changes) {
      for (const Rule& rule : safety_rules()) {
        if (std::optional<Finding> finding = rule.check(change)) {
          plan_.findings.push_back(*finding);
        }
      }
    }
    return plan_;
  }

 private:
  void add(Change change) { plan_.changes.push_back(std::move(change)); }

  void match_tables() {
    std::set<std::string> taken;
    for (const Table& table : after_.tables) {
      const Table* old = before_.find_model(table.model);
      if (!old && table.renamed_from_model) {
        old = before_.find_model(*table.renamed_from_model);
      }
      if (!old) {
        old = before_.find_table(table.name);
        if (old && after_.find_model(old->model) && old->model != table.model) {
          old = nullptr;  // that table belongs to a model that still exists
        }
      }
      if (old && taken.insert(old->name).second) {
        table_matches_[table.name] = old->name;
        old_to_new_table_[old->name] = table.name;
      }
    }
  }

  std::string new_table_name(const std::string& old_name) const {
    auto found = old_to_new_table_.find(old_name);
    return found == old_to_new_table_.end() ? old_name : found->second;
  }

  void create_table(const Table& table) {
    Change change = make_change(ChangeKind::kCreateTable, table.name, false, location_of(table));
    change.table_after = table;
    add(change);
    for (const ForeignKey& key : table.foreign_keys) {
      Change fk = make_change(ChangeKind::kAddForeignKey, table.name, false, location_of(table));
      fk.foreign_key = key;
      add(fk);
    }
    for (const Index& index : table.indexes) {
      Change create = make_change(ChangeKind::kCreateIndex, table.name, false, location_of(table));
      create.index = index;
      add(create);
    }
  }

  void drop_table(const Table& table) {
    Change change = make_change(ChangeKind::kDropTable, table.name, true, dropped_location(table));
    change.table_before = table;
    add(change);
    for (const ForeignKey& key : table.foreign_keys) {
      Change fk = make_change(ChangeKind::kDropForeignKey, table.name, true, change.location);
      fk.foreign_key = key;
      add(fk);
    }
  }

  SourceLocation dropped_location(const Table& table) const {
    SourceLocation at;
    at.file = table.source;
    return at;
  }

  void diff_table(const Table& before, const Table& after) {
    SourceLocation at = location_of(after);
    const Column* old_key = before.find_column(before.primary_key);
    const Column* new_key = after.find_column(after.primary_key);
    if (before.primary_key != after.primary_key || !old_key || !new_key ||
        old_key->type != new_key->type) {
      Change change = make_change(ChangeKind::kRecreateTable, after.name, true, at);
      change.table_before = before;
      change.table_after = after;
      change.from = before.name;
      add(change);
      return;
    }
    if (before.name != after.name) {
      Change rename = make_change(ChangeKind::kRenameTable, after.name, true, at);
      rename.from = before.name;
      rename.to = after.name;
      add(rename);
    }
    std::map<std::string, std::string> old_by_new = match_columns(before, after);
    std::map<std::string, std::string> new_by_old;
    for (const auto& [new_name, old_name] : old_by_new) {
      new_by_old[old_name] = new_name;
    }
    for (const Column& column : after.columns) {
      auto found = old_by_new.find(column.name);
      if (found == old_by_new.end()) {
        Change change = make_change(ChangeKind::kAddColumn, after.name, true, at);
        change.column = column;
        add(change);
        continue;
      }
      const Column& old = *before.find_column(found->second);
      if (old.name != column.name) {
        Change rename = make_change(ChangeKind::kRenameColumn, after.name, true, at);
        rename.from = old.name;
        rename.to = column.name;
        add(rename);
      }
      Change base = make_change(ChangeKind::kAlterType, after.name, true, at);
      base.column = column;
      base.old_column = old;
      if (old.type != column.type) {
        add(base);
      }
      if (old.default_sql != column.default_sql && !column.identity) {
        Change change = base;
        change.kind = ChangeKind::kSetDefault;
        add(change);
      }
      if (old.nullable != column.nullable) {
        Change change = base;
        change.kind = column.nullable ? ChangeKind::kDropNotNull : ChangeKind::kSetNotNull;
        add(change);
      }
    }
    for (const Column& column : before.columns) {
      if (new_by_old.count(column.name) == 0) {
        Change change = make_change(ChangeKind::kDropColumn, after.name, true, at);
        change.column = column;
        add(change);
      }
    }
    if (before.primary_key_constraint != after.primary_key_constraint) {
      rename_constraint(after.name, before.primary_key_constraint, after.primary_key_constraint,
                        at);
    }
    diff_checks(before, after, new_by_old, at);
    diff_foreign_keys(before, after, new_by_old, at);
    diff_indexes(before, after, new_by_old, at);
  }

  void rename_constraint(const std::string& table, const std::string& from, const std::string& to,
                         const SourceLocation& at) {
    Change change = make_change(ChangeKind::kRenameConstraint, table, true, at);
    change.from = from;
    change.to = to;
    add(change);
  }

  void diff_checks(const Table& before, const Table& after,
                   const std::map<std::string, std::string>& new_by_old, const SourceLocation& at) {
    std::set<std::string> seen;
    for (const Check& check : after.checks) {
      const Check* old = nullptr;
      for (const Check& candidate : before.checks) {
        if (mapped(new_by_old, candidate.column) == check.column) {
          old = &candidate;
        }
      }
      if (!old) {
        // A check on a column this migration adds has no existing values to fail on.
        bool column_existed =
            std::any_of(new_by_old.begin(), new_by_old.end(),
                        [&](const auto& pair) { return pair.second == check.column; });
        Change change = make_change(ChangeKind::kAddCheck, after.name, column_existed, at);
        change.check = check;
        add(change);
        continue;
      }
      seen.insert(old->name);
      Check renamed = *old;
      renamed.column = check.column;
      if (old->name != check.name) {
        rename_constraint(after.name, old->name, check.name, at);
        renamed.name = check.name;
      }
      if (!(renamed == check)) {
        Change drop = make_change(ChangeKind::kDropCheck, after.name, true, at);
        drop.check = renamed;
        add(drop);
        Change change = make_change(ChangeKind::kAddCheck, after.name, true, at);
        change.check = check;
        change.old_check = renamed;
        add(change);
      }
    }
    // Checks of dropped columns are dropped explicitly too, so the down migration restores them.
    for (const Check& check : before.checks) {
      if (seen.count(check.name) == 0) {
        Change drop = make_change(ChangeKind::kDropCheck, after.name, true, at);
        drop.check = check;
        drop.check->column = mapped(new_by_old, check.column);
        add(drop);
      }
    }
  }

  void diff_foreign_keys(const Table& before, const Table& after,
                         const std::map<std::string, std::string>& new_by_old,
                         const SourceLocation& at) {
    std::set<std::string> seen;
    for (const ForeignKey& key : after.foreign_keys) {
      const ForeignKey* old = nullptr;
      for (const ForeignKey& candidate : before.foreign_keys) {
        if (mapped(new_by_old, candidate.column) == key.column) {
          old = &candidate;
        }
      }
      if (!old) {
        Change change = make_change(ChangeKind::kAddForeignKey, after.name, true, at);
        change.foreign_key = key;
        add(change);
        continue;
      }
      seen.insert(old->name);
      ForeignKey renamed = *old;
      renamed.column = key.column;
      renamed.references = new_table_name(old->references);
      if (old->name != key.name) {
        rename_constraint(after.name, old->name, key.name, at);
        renamed.name = key.name;
      }
      if (!(renamed == key)) {
        Change drop = make_change(ChangeKind::kDropForeignKey, after.name, true, at);
        drop.foreign_key = renamed;
        add(drop);
        Change change = make_change(ChangeKind::kAddForeignKey, after.name, true, at);
        change.foreign_key = key;
        add(change);
      }
    }
    for (const ForeignKey& key : before.foreign_keys) {
      if (seen.count(key.name) == 0) {
        Change drop = make_change(ChangeKind::kDropForeignKey, after.name, true, at);
        drop.foreign_key = key;
        drop.foreign_key->column = mapped(new_by_old, key.column);
        drop.foreign_key->references = new_table_name(key.references);
        add(drop);
      }
    }
  }

  void diff_indexes(const Table& before, const Table& after,
                    const std::map<std::string, std::string>& new_by_old,
                    const SourceLocation& at) {
    std::set<std::string> seen;
    for (const Index& index : after.indexes) {
      const Index* old = nullptr;
      for (const Index& candidate : before.indexes) {
        std::vector<std::string> columns;
        for (const std::string& column : candidate.columns) {
          columns.push_back(mapped(new_by_old, column));
        }
        if (columns == index.columns && candidate.unique == index.unique &&
            seen.count(candidate.name) == 0) {
          old = &candidate;
          break;
        }
      }
      if (!old) {
        Change change = make_change(ChangeKind::kCreateIndex, after.name, true, at);
        change.index = index;
        add(change);
        continue;
      }
      seen.insert(old->name);
      if (old->name != index.name) {
        Change rename = make_change(ChangeKind::kRenameIndex, after.name, true, at);
        rename.from = old->name;
        rename.to = index.name;
        add(rename);
      }
      if (old->where != index.where) {
        Change drop = make_change(ChangeKind::kDropIndex, after.name, true, at);
        drop.index = *old;
        drop.index->name = index.name;
        drop.index->columns = index.columns;
        add(drop);
        Change create = make_change(ChangeKind::kCreateIndex, after.name, true, at);
        create.index = index;
        add(create);
      }
    }
    for (const Index& index : before.indexes) {
      if (seen.count(index.name) == 0) {
        // Dropped explicitly even when its column goes, so the down migration restores it.
        Change drop = make_change(ChangeKind::kDropIndex, after.name, true, at);
        drop.index = index;
        for (std::string& column : drop.index->columns) {
          column = mapped(new_by_old, column);
        }
        add(drop);
      }
    }
  }

  const Schema& before_;
  const Schema& after_;
  std::map<std::string, std::string> table_matches_;  // new name -> old name
  std::map<std::string, std::string> old_to_new_table_;
  Plan plan_;
};

// varchar(n) -> n; text -> unlimited; numeric(p,s) -> p, s.
std::optional<long> varchar_length(const std::string& type) {
  std::smatch match;
  static const std::regex varchar(R"(varchar\((\d+)\))");
  if (std::regex_match(type, match, varchar)) {
    return std::stol(match[1]);
  }
  return std::nullopt;
}

bool numeric_widening(const std::string& from, const std::string& to) {
  static const std::regex numeric(R"(numeric\((\d+),(\d+)\))");
  std::smatch a;
  std::smatch b;
  if (!std::regex_match(from, a, numeric) || !std::regex_match(to, b, numeric)) {
    return false;
  }
  long p1 = std::stol(a[1]), s1 = std::stol(a[2]), p2 = std::stol(b[1]), s2 = std::stol(b[2]);
  return s2 >= s1 && p2 - s2 >= p1 - s1;
}

std::optional<Finding> finding(const Change& change, std::string_view rule, bool destructive,
                               std::string message) {
  return Finding{std::string(rule), destructive, change.location, std::move(message)};
}

// A rule engine is overkill; each rule is a small function with an id.
std::optional<Finding> drop_table_rule(const Change& change) {
  if (change.kind != ChangeKind::kDropTable) {
    return std::nullopt;
  }
  return finding(change, "DROP_TABLE", true,
                 "model " + change.table_before->model + " was removed: dropping table " +
                     change.table + " deletes its rows");
}

std::optional<Finding> drop_column_rule(const Change& change) {
  if (change.kind != ChangeKind::kDropColumn) {
    return std::nullopt;
  }
  std::string why =
      change.column->name == "deleted_at" ? " (soft-deleted rows would reappear as live ones)" : "";
  return finding(change, "DROP_COLUMN", true,
                 "dropping column " + change.table + "." + change.column->name +
                     " deletes its values" + why +
                     "; to rename a field instead, set \"renamedFrom\"");
}

std::optional<Finding> type_rule(const Change& change) {
  if (change.kind != ChangeKind::kAlterType ||
      is_widening(change.old_column->type, change.column->type)) {
    return std::nullopt;
  }
  return finding(change, "TYPE_NARROWING", true,
                 "changing " + change.table + "." + change.column->name + " from " +
                     change.old_column->type + " to " + change.column->type +
                     " can fail on or alter existing values");
}

std::optional<Finding> enum_rule(const Change& change) {
  if (change.kind != ChangeKind::kAddCheck || !change.old_check) {
    return std::nullopt;
  }
  std::vector<std::string> removed;
  for (const std::string& value : change.old_check->values) {
    if (std::find(change.check->values.begin(), change.check->values.end(), value) ==
        change.check->values.end()) {
      removed.push_back(value);
    }
  }
  if (removed.empty() || change.check->values.empty()) {
    return std::nullopt;
  }
  std::string list;
  for (const std::string& value : removed) {
    list += (list.empty() ? "\"" : ", \"") + value + "\"";
  }
  return finding(change, "ENUM_VALUE_REMOVED", true,
                 "enum values " + list + " of " + change.table + "." + change.check->column +
                     " were removed: rows holding them make the migration fail");
}

std::optional<Finding> check_tightened_rule(const Change& change) {
  if (change.kind != ChangeKind::kAddCheck || !change.existing_table) {
    return std::nullopt;
  }
  const Check& now = *change.check;
  if (!change.old_check) {
    return finding(change, "CHECK_TIGHTENED", true,
                   "a new CHECK on existing column " + change.table + "." + now.column + " (" +
                       check_expression(now) + ") fails if existing rows violate it");
  }
  const Check& old = *change.old_check;
  auto looser_min = [](const std::optional<std::string>& before,
                       const std::optional<std::string>& after) {
    return !after || (before && std::stold(*after) <= std::stold(*before));
  };
  auto looser_max = [](const std::optional<std::string>& before,
                       const std::optional<std::string>& after) {
    return !after || (before && std::stold(*after) >= std::stold(*before));
  };
  bool length_ok = !now.min_length || (old.min_length && *now.min_length <= *old.min_length);
  if (looser_min(old.minimum, now.minimum) && looser_max(old.maximum, now.maximum) && length_ok) {
    return std::nullopt;
  }
  return finding(change, "CHECK_TIGHTENED", true,
                 "the CHECK on " + change.table + "." + now.column + " becomes stricter (" +
                     check_expression(now) + "): existing rows may violate it");
}

std::optional<Finding> not_null_rule(const Change& change) {
  if (change.kind == ChangeKind::kAddColumn && change.existing_table && !change.column->nullable &&
      !change.column->default_sql && !change.column->identity) {
    return finding(change, "NOT_NULL_WITHOUT_DEFAULT", true,
                   "new required field " + change.column->name + " on existing table " +
                       change.table +
                       " has no default, so existing rows cannot get a value. Either give it a "
                       "\"default\", or add it as \"optional\", backfill it, and make it "
                       "required in a later migration");
  }
  if (change.kind == ChangeKind::kSetNotNull && change.existing_table) {
    return finding(change, "SET_NOT_NULL", false,
                   change.table + "." + change.column->name +
                       " becomes required: the migration fails while any row holds NULL there; "
                       "backfill first");
  }
  return std::nullopt;
}

std::optional<Finding> primary_key_rule(const Change& change) {
  if (change.kind != ChangeKind::kRecreateTable) {
    return std::nullopt;
  }
  return finding(change, "PK_CHANGED", true,
                 "the primary key of " + change.table +
                     " changed: the table can only be dropped and created again, losing its "
                     "rows");
}

std::optional<Finding> unique_rule(const Change& change) {
  if (change.kind != ChangeKind::kCreateIndex || !change.existing_table || !change.index->unique) {
    return std::nullopt;
  }
  return finding(
      change, "UNIQUE_ADDED", false,
      "unique index " + change.index->name + " is built on existing rows: duplicates make it fail");
}

std::optional<Finding> foreign_key_rule(const Change& change) {
  if (change.kind != ChangeKind::kAddForeignKey || !change.existing_table) {
    return std::nullopt;
  }
  return finding(change, "FOREIGN_KEY_ADDED", false,
                 "foreign key " + change.foreign_key->name +
                     " is validated against existing rows: rows pointing nowhere make it fail");
}

std::string quoted_columns(const std::vector<std::string>& columns) {
  std::string text;
  for (const std::string& column : columns) {
    text += (text.empty() ? "" : ", ") + quote_ident(column);
  }
  return text;
}

std::string on_delete_sql(const std::string& action) {
  return action == "cascade" ? "CASCADE" : action == "setNull" ? "SET NULL" : "RESTRICT";
}

std::string column_definition(const Column& column) {
  std::string text = quote_ident(column.name) + " " + column.type;
  if (column.identity) {
    text += " GENERATED ALWAYS AS IDENTITY";
  }
  if (!column.nullable) {
    text += " NOT NULL";
  }
  if (column.default_sql) {
    text += " DEFAULT " + *column.default_sql;
  }
  return text;
}

std::string create_table_sql(const Table& table) {
  std::string text = "CREATE TABLE " + quote_ident(table.name) + " (\n";
  for (const Column& column : table.columns) {
    text += "  " + column_definition(column) + ",\n";
  }
  for (const Check& check : table.checks) {
    text +=
        "  CONSTRAINT " + quote_ident(check.name) + " CHECK (" + check_expression(check) + "),\n";
  }
  text += "  CONSTRAINT " + quote_ident(table.primary_key_constraint) + " PRIMARY KEY (" +
          quote_ident(table.primary_key) + ")\n)";
  return text;
}

std::string create_index_sql(const std::string& table, const Index& index, bool concurrently) {
  return std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
         (concurrently ? "CONCURRENTLY " : "") + quote_ident(index.name) + " ON " +
         quote_ident(table) + " (" + quoted_columns(index.columns) + ")" +
         (index.where ? " WHERE " + *index.where : "");
}

std::string add_foreign_key_sql(const std::string& table, const ForeignKey& key) {
  return "ALTER TABLE " + quote_ident(table) + " ADD CONSTRAINT " + quote_ident(key.name) +
         " FOREIGN KEY (" + quote_ident(key.column) + ") REFERENCES " +
         quote_ident(key.references) + " (" + quote_ident(key.ref_column) + ") ON DELETE " +
         on_delete_sql(key.on_delete);
}

std::string alter(const std::string& table) { return "ALTER TABLE " + quote_ident(table) + " "; }

// A value every row can take while a required column comes back in a down migration.
std::string placeholder_default(const Column& column) {
  const std::string& type = column.type;
  if (type == "bigint" || type == "integer" || type == "real" || type == "double precision" ||
      type.rfind("numeric", 0) == 0) {
    return "0";
  }
  if (type == "boolean") {
    return "false";
  }
  if (type == "jsonb") {
    return "'null'::jsonb";
  }
  if (type == "bytea") {
    return "''::bytea";
  }
  if (type == "date" || type == "timestamptz") {
    return "'epoch'";
  }
  if (type == "uuid") {
    return "'00000000-0000-0000-0000-000000000000'";
  }
  return "''";
}

struct Rendering {
  std::vector<std::string>& up;
  std::vector<std::string>& down;  // prepended: down runs in reverse order
  void forward(std::string statement) { up.push_back(std::move(statement)); }
  void backward(std::vector<std::string> statements) {
    down.insert(down.begin(), statements.begin(), statements.end());
  }
};

void render_change(const Change& change, Rendering& out, const std::string& comment) {
  const std::string& table = change.table;
  auto with_comment = [&](const std::string& statement) {
    return comment.empty() ? statement : comment + statement;
  };
  switch (change.kind) {
    case ChangeKind::kRenameTable:
      out.forward(alter(change.from) + "RENAME TO " + quote_ident(change.to));
      out.backward({alter(change.to) + "RENAME TO " + quote_ident(change.from)});
      break;
    case ChangeKind::kRenameColumn:
      out.forward(alter(table) + "RENAME COLUMN " + quote_ident(change.from) + " TO " +
                  quote_ident(change.to));
      out.backward({alter(table) + "RENAME COLUMN " + quote_ident(change.to) + " TO " +
                    quote_ident(change.from)});
      break;
    case ChangeKind::kRenameConstraint:
      out.forward(alter(table) + "RENAME CONSTRAINT " + quote_ident(change.from) + " TO " +
                  quote_ident(change.to));
      out.backward({alter(table) + "RENAME CONSTRAINT " + quote_ident(change.to) + " TO " +
                    quote_ident(change.from)});
      break;
    case ChangeKind::kRenameIndex:
      out.forward("ALTER INDEX " + quote_ident(change.from) + " RENAME TO " +
                  quote_ident(change.to));
      out.backward(
          {"ALTER INDEX " + quote_ident(change.to) + " RENAME TO " + quote_ident(change.from)});
      break;
    case ChangeKind::kDropForeignKey:
      out.forward(alter(table) + "DROP CONSTRAINT " + quote_ident(change.foreign_key->name));
      out.backward({add_foreign_key_sql(table, *change.foreign_key)});
      break;
    case ChangeKind::kDropCheck:
      out.forward(alter(table) + "DROP CONSTRAINT " + quote_ident(change.check->name));
      out.backward({alter(table) + "ADD CONSTRAINT " + quote_ident(change.check->name) +
                    " CHECK (" + check_expression(*change.check) + ")"});
      break;
    case ChangeKind::kDropIndex:
      out.forward("DROP INDEX " + quote_ident(change.index->name));
      out.backward({create_index_sql(table, *change.index, false)});
      break;
    case ChangeKind::kCreateTable:
      out.forward(create_table_sql(*change.table_after));
      out.backward({"DROP TABLE " + quote_ident(table)});
      break;
    case ChangeKind::kAddColumn:
      out.forward(with_comment(alter(table) + "ADD COLUMN " + column_definition(*change.column)));
      out.backward({alter(table) + "DROP COLUMN " + quote_ident(change.column->name)});
      break;
    case ChangeKind::kAlterType: {
      auto retype = [&](const Column& column) {
        return alter(table) + "ALTER COLUMN " + quote_ident(column.name) + " TYPE " + column.type +
               " USING " + quote_ident(column.name) + "::" + column.type;
      };
      out.forward(with_comment(retype(*change.column)));
      out.backward({retype(*change.old_column)});
      break;
    }
    case ChangeKind::kSetDefault: {
      auto set = [&](const Column& column) {
        return alter(table) + "ALTER COLUMN " + quote_ident(column.name) +
               (column.default_sql ? " SET DEFAULT " + *column.default_sql : " DROP DEFAULT");
      };
      out.forward(set(*change.column));
      out.backward({set(*change.old_column)});
      break;
    }
    case ChangeKind::kSetNotNull:
    case ChangeKind::kDropNotNull: {
      std::string column = alter(table) + "ALTER COLUMN " + quote_ident(change.column->name);
      bool set = change.kind == ChangeKind::kSetNotNull;
      out.forward(with_comment(column + (set ? " SET NOT NULL" : " DROP NOT NULL")));
      out.backward({column + (set ? " DROP NOT NULL" : " SET NOT NULL")});
      break;
    }
    case ChangeKind::kAddCheck: {
      std::string name = quote_ident(change.check->name);
      std::string add = alter(table) + "ADD CONSTRAINT " + name + " CHECK (" +
                        check_expression(*change.check) + ")";
      if (change.existing_table) {
        // NOT VALID then VALIDATE: the scan of existing rows does not block writes.
        out.forward(with_comment(add + " NOT VALID"));
        out.forward(alter(table) + "VALIDATE CONSTRAINT " + name);
      } else {
        out.forward(add);
      }
      out.backward({alter(table) + "DROP CONSTRAINT " + name});
      break;
    }
    case ChangeKind::kAddForeignKey: {
      std::string name = quote_ident(change.foreign_key->name);
      std::string add = add_foreign_key_sql(table, *change.foreign_key);
      if (change.existing_table) {
        out.forward(with_comment(add + " NOT VALID"));
        out.forward(alter(table) + "VALIDATE CONSTRAINT " + name);
      } else {
        out.forward(add);
      }
      out.backward({alter(table) + "DROP CONSTRAINT " + name});
      break;
    }
    case ChangeKind::kDropColumn: {
      const Column& column = *change.column;
      out.forward(with_comment(alter(table) + "DROP COLUMN " + quote_ident(column.name)));
      std::vector<std::string> restore = {"-- " + column.name +
                                          " comes back empty: its values are not restored\n" +
                                          alter(table) + "ADD COLUMN " + column_definition(column) +
                                          (column.nullable || column.default_sql || column.identity
                                               ? ""
                                               : " DEFAULT " + placeholder_default(column))};
      if (!column.nullable && !column.default_sql && !column.identity) {
        restore.push_back(alter(table) + "ALTER COLUMN " + quote_ident(column.name) +
                          " DROP DEFAULT");
      }
      out.backward(restore);
      break;
    }
    case ChangeKind::kDropTable: {
      out.forward(with_comment("DROP TABLE " + quote_ident(table)));
      std::vector<std::string> restore = {"-- " + table +
                                          " comes back empty: its rows are not restored\n" +
                                          create_table_sql(*change.table_before)};
      for (const Index& index : change.table_before->indexes) {
        restore.push_back(create_index_sql(table, index, false));
      }
      out.backward(restore);
      break;
    }
    case ChangeKind::kRecreateTable: {
      const Table& before = *change.table_before;
      const Table& after = *change.table_after;
      out.forward(with_comment("DROP TABLE " + quote_ident(before.name) + " CASCADE"));
      out.forward(create_table_sql(after));
      for (const Index& index : after.indexes) {
        out.forward(create_index_sql(after.name, index, false));
      }
      for (const ForeignKey& key : after.foreign_keys) {
        out.forward(add_foreign_key_sql(after.name, key));
      }
      std::vector<std::string> restore = {"DROP TABLE " + quote_ident(after.name) + " CASCADE",
                                          "-- " + before.name +
                                              " comes back empty: its rows are not restored\n" +
                                              create_table_sql(before)};
      for (const Index& index : before.indexes) {
        restore.push_back(create_index_sql(before.name, index, false));
      }
      for (const ForeignKey& key : before.foreign_keys) {
        restore.push_back(add_foreign_key_sql(before.name, key));
      }
      out.backward(restore);
      break;
    }
    case ChangeKind::kCreateIndex:
      if (change.existing_table) {
        // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind: drop it first, so
        // the file can simply run again.
        out.forward("DROP INDEX CONCURRENTLY IF EXISTS " + quote_ident(change.index->name));
      }
      out.forward(create_index_sql(table, *change.index, change.existing_table));
      out.backward({std::string("DROP INDEX ") + (change.existing_table ? "CONCURRENTLY " : "") +
                    "IF EXISTS " + quote_ident(change.index->name)});
      break;
  }
}

}  // namespace

bool is_widening(const std::string& from, const std::string& to) {
  if (from == to) {
    return true;
  }
  if ((from == "integer" && to == "bigint") || (from == "real" && to == "double precision")) {
    return true;
  }
  std::optional<long> from_length = varchar_length(from);
  if (from_length && to == "text") {
    return true;
  }
  std::optional<long> to_length = varchar_length(to);
  if (from_length && to_length && *to_length >= *from_length) {
    return true;
  }
  return numeric_widening(from, to);
}

const std::vector<Rule>& safety_rules() {
  static const std::vector<Rule> rules = {
      {"DROP_TABLE", "a model was removed; its table and rows would be dropped", drop_table_rule},
      {"DROP_COLUMN", "a field was removed; its column and values would be dropped",
       drop_column_rule},
      {"TYPE_NARROWING", "a column type changes in a way that can fail or lose data", type_rule},
      {"ENUM_VALUE_REMOVED", "enum values were removed", enum_rule},
      {"CHECK_TIGHTENED", "a CHECK becomes stricter or is added to existing rows",
       check_tightened_rule},
      {"NOT_NULL_WITHOUT_DEFAULT", "a required column without default on an existing table",
       not_null_rule},
      {"PK_CHANGED", "the primary key changed", primary_key_rule},
      {"UNIQUE_ADDED", "a unique index on existing rows (warning)", unique_rule},
      {"FOREIGN_KEY_ADDED", "a foreign key on existing rows (warning)", foreign_key_rule},
  };
  return rules;
}

Plan plan_changes(const Schema& before, const Schema& after) {
  return Planner(before, after).run();
}

std::vector<RenderedMigration> render(const Plan& plan, bool allow_destructive) {
  RenderedMigration main;
  RenderedMigration concurrent;
  concurrent.no_transaction = true;
  Rendering main_out{main.up, main.down};
  Rendering concurrent_out{concurrent.up, concurrent.down};
  for (const Change& change : plan.changes) {
    std::string comment;
    for (const Rule& rule : safety_rules()) {
      if (std::optional<Finding> finding = rule.check(change)) {
        comment +=
            "-- " + finding->rule +
            (finding->destructive && allow_destructive ? " (allowed with --allow-destructive): "
                                                       : ": ") +
            finding->message + "\n";
      }
    }
    bool runs_concurrently = change.kind == ChangeKind::kCreateIndex && change.existing_table;
    render_change(change, runs_concurrently ? concurrent_out : main_out, comment);
  }
  std::vector<RenderedMigration> migrations;
  if (!main.up.empty()) {
    migrations.push_back(std::move(main));
  }
  if (!concurrent.up.empty()) {
    migrations.push_back(std::move(concurrent));
  }
  return migrations;
}

}  // namespace svcgen::migrate
