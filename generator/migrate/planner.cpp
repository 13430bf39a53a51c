#include <algorithm>
#include <map>
#include <set>

#include "migrate/named_diff.hpp"
#include "migrate/plan.hpp"
#include "migrate/rules.hpp"
#include "svcgen/text.hpp"

namespace svcgen::migrate {
namespace {

Change make_change(ChangeKind kind, std::string table, bool existing_table,
                   SourceLocation location) {
  Change change;
  change.kind = kind;
  change.table = std::move(table);
  change.existing_table = existing_table;
  change.location = std::move(location);
  return change;
}

// The names of a table's columns after the change, keyed by their names before it.
using ColumnNames = std::map<std::string, std::string>;

std::optional<std::string> previous_name(const std::optional<ir::Rename>& rename) {
  return rename ? std::optional<std::string>(rename->from) : std::nullopt;
}

std::string mapped(const ColumnNames& new_by_old, const std::string& name) {
  auto found = new_by_old.find(name);
  return found == new_by_old.end() ? name : found->second;
}

// A "renamedFrom" that names nothing in the previous snapshot: a typo, most likely, since the key
// otherwise stays silent (the rename applied, or an earlier migration made it).
Diagnostic ineffective_rename(const ir::Rename& rename, const std::string& why,
                              const std::string& instead) {
  return {Severity::kWarning, rename.location,
          concat({"renamedFrom \"", rename.from, "\" has no effect: the previous snapshot has ",
                  why, ", so this migration ", instead})};
}

std::string index_key(const std::vector<std::string>& columns, bool unique) {
  std::string key = unique ? "unique" : "plain";
  for (const std::string& column : columns) {
    key += "\n" + column;
  }
  return key;
}

// The changes inside one table that keeps its identity (and its key).
class TableDiff {
 public:
  TableDiff(const Table& before, const Table& after,
            const std::map<std::string, std::string>& new_table_names, Plan& out)
      : before_(before), after_(after), new_table_names_(new_table_names), out_(out) {}

  void run() {
    if (before_.name != after_.name) {
      Change rename = change(ChangeKind::kRenameTable);
      rename.from = before_.name;
      rename.to = after_.name;
      add(rename);
    }
    diff_columns();
    if (before_.primary_key_constraint != after_.primary_key_constraint) {
      rename_constraint(before_.primary_key_constraint, after_.primary_key_constraint);
    }
    diff_checks();
    diff_foreign_keys();
    diff_indexes();
  }

 private:
  Change change(ChangeKind kind, bool existing = true) const {
    Change made = make_change(kind, after_.name, existing, after_.location);
    made.primary_key = after_.primary_key;
    return made;
  }
  void add(Change change) { out_.changes.push_back(std::move(change)); }

  void rename_constraint(const std::string& from, const std::string& to) {
    Change rename = change(ChangeKind::kRenameConstraint);
    rename.from = from;
    rename.to = to;
    add(rename);
  }

  std::string new_table_name(const std::string& old_name) const {
    auto found = new_table_names_.find(old_name);
    return found == new_table_names_.end() ? old_name : found->second;
  }

  void diff_columns() {
    Matching<Column> by_name{[](const Column& c) { return c.name; },
                             [](const Column& c) { return c.name; },
                             [](const Column& c) { return previous_name(c.renamed_from); }};
    std::vector<Pairing<Column>> pairs = pair_objects(before_.columns, after_.columns, by_name);
    for (const Pairing<Column>& pair : pairs) {
      if (pair.before && pair.after) {
        new_by_old_[pair.before->name] = pair.after->name;
      }
    }
    for (const Pairing<Column>& pair : pairs) {
      if (!pair.before || !pair.after) {
        Change one = change(pair.after ? ChangeKind::kAddColumn : ChangeKind::kDropColumn);
        one.column = pair.after ? *pair.after : *pair.before;
        if (!pair.after) {
          describe_old(one, pair.before->name);
        }
        add(one);
        if (pair.after) {
          warn_if_ineffective(*pair.after);
        }
      } else {
        alter_column(*pair.before, *pair.after);
      }
    }
  }

  void describe_old(Change& change, const std::string& column) const {
    for (const Check& check : before_.checks) {
      if (check.column == column) {
        change.old_checks.push_back(check);
      }
    }
    bool unique =
        std::any_of(before_.indexes.begin(), before_.indexes.end(), [&](const Index& index) {
          return index.unique && std::find(index.columns.begin(), index.columns.end(), column) !=
                                     index.columns.end();
        });
    bool reference = std::any_of(before_.foreign_keys.begin(), before_.foreign_keys.end(),
                                 [&](const ForeignKey& key) { return key.column == column; });
    change.old_keyed = unique || reference;
  }

  // An added column whose old name the previous table does not have either.
  void warn_if_ineffective(const Column& added) {
    if (added.renamed_from && !before_.find_column(added.renamed_from->from)) {
      out_.warnings.push_back(
          ineffective_rename(*added.renamed_from,
                             concat({"neither column ", before_.name, ".", added.renamed_from->from,
                                     " nor ", before_.name, ".", added.name}),
                             "adds " + added.name + " as a new column instead of renaming one"));
    }
  }

  void alter_column(const Column& old, const Column& now) {
    if (old.name != now.name) {
      Change rename = change(ChangeKind::kRenameColumn);
      rename.from = old.name;
      rename.to = now.name;
      add(rename);
    }
    Change base = change(ChangeKind::kAlterType);
    base.column = now;
    base.old_column = old;
    describe_old(base, old.name);
    if (old.type != now.type) {
      add(base);  // it carries the defaults across the type change itself
    } else if (old.default_sql != now.default_sql && !now.identity) {
      base.kind = ChangeKind::kSetDefault;
      add(base);
    }
    if (old.nullable != now.nullable) {
      base.kind = now.nullable ? ChangeKind::kDropNotNull : ChangeKind::kSetNotNull;
      add(base);
    }
  }

  bool column_existed(const std::string& column) const {
    return std::any_of(new_by_old_.begin(), new_by_old_.end(),
                       [&](const auto& pair) { return pair.second == column; });
  }

  void diff_checks() {
    Matching<Check> by_column{[this](const Check& c) { return mapped(new_by_old_, c.column); },
                              [](const Check& c) { return c.column; }, nullptr};
    for (const Pairing<Check>& pair : pair_objects(before_.checks, after_.checks, by_column)) {
      if (!pair.after) {
        // Checks of dropped columns are dropped explicitly too, so the down migration restores
        // them.
        Change drop = change(ChangeKind::kDropCheck);
        drop.check = *pair.before;
        drop.check->column = mapped(new_by_old_, pair.before->column);
        add(drop);
        continue;
      }
      if (!pair.before) {
        // A check on a column this migration adds has no existing values to fail on, but the
        // table's rows are still scanned to validate it.
        Change added = change(ChangeKind::kAddCheck);
        added.new_column = !column_existed(pair.after->column);
        added.check = *pair.after;
        add(added);
        continue;
      }
      Check renamed = *pair.before;
      renamed.column = pair.after->column;
      if (renamed.name != pair.after->name) {
        rename_constraint(renamed.name, pair.after->name);
        renamed.name = pair.after->name;
      }
      if (!(renamed == *pair.after)) {
        Change drop = change(ChangeKind::kDropCheck);
        drop.check = renamed;
        add(drop);
        Change added = change(ChangeKind::kAddCheck);
        added.check = *pair.after;
        added.old_check = renamed;
        add(added);
      }
    }
  }

  // An old foreign key in the new names of its column and of the table it references.
  ForeignKey in_new_names(const ForeignKey& key) const {
    ForeignKey renamed = key;
    renamed.column = mapped(new_by_old_, key.column);
    renamed.references = new_table_name(key.references);
    return renamed;
  }

  void diff_foreign_keys() {
    Matching<ForeignKey> by_column{
        [this](const ForeignKey& k) { return mapped(new_by_old_, k.column); },
        [](const ForeignKey& k) { return k.column; }, nullptr};
    for (const Pairing<ForeignKey>& pair :
         pair_objects(before_.foreign_keys, after_.foreign_keys, by_column)) {
      if (!pair.before || !pair.after) {
        Change one = change(pair.after ? ChangeKind::kAddForeignKey : ChangeKind::kDropForeignKey);
        one.foreign_key = pair.after ? *pair.after : in_new_names(*pair.before);
        add(one);
        continue;
      }
      ForeignKey renamed = in_new_names(*pair.before);
      if (renamed.name != pair.after->name) {
        rename_constraint(renamed.name, pair.after->name);
        renamed.name = pair.after->name;
      }
      if (!(renamed == *pair.after)) {
        Change drop = change(ChangeKind::kDropForeignKey);
        drop.foreign_key = renamed;
        add(drop);
        Change added = change(ChangeKind::kAddForeignKey);
        added.foreign_key = *pair.after;
        add(added);
      }
    }
  }

  std::vector<std::string> new_columns(std::vector<std::string> columns) const {
    for (std::string& column : columns) {
      column = mapped(new_by_old_, column);
    }
    return columns;
  }

  void diff_indexes() {
    Matching<Index> by_columns{
        [this](const Index& i) { return index_key(new_columns(i.columns), i.unique); },
        [](const Index& i) { return index_key(i.columns, i.unique); }, nullptr};
    for (const Pairing<Index>& pair : pair_objects(before_.indexes, after_.indexes, by_columns)) {
      if (!pair.before) {
        Change create = change(ChangeKind::kCreateIndex);
        create.index = *pair.after;
        add(create);
        continue;
      }
      if (!pair.after) {
        // Dropped explicitly even when its column goes, so the down migration restores it.
        Change drop = change(ChangeKind::kDropIndex);
        drop.index = *pair.before;
        drop.index->columns = new_columns(pair.before->columns);
        add(drop);
        continue;
      }
      if (pair.before->name != pair.after->name) {
        Change rename = change(ChangeKind::kRenameIndex);
        rename.from = pair.before->name;
        rename.to = pair.after->name;
        add(rename);
      }
      if (pair.before->where != pair.after->where) {
        Change drop = change(ChangeKind::kDropIndex);
        drop.index = *pair.before;
        drop.index->name = pair.after->name;
        drop.index->columns = pair.after->columns;
        add(drop);
        Change create = change(ChangeKind::kCreateIndex);
        create.index = *pair.after;
        add(create);
      }
    }
  }

  const Table& before_;
  const Table& after_;
  const std::map<std::string, std::string>& new_table_names_;
  Plan& out_;
  ColumnNames new_by_old_;
};

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
    for (const Table& table : before_.tables) {
      if (new_table_names_.count(table.name) == 0) {
        drop_table(table);
      }
    }
    std::stable_sort(plan_.changes.begin(), plan_.changes.end(),
                     [](const Change& a, const Change& b) { return a.kind < b.kind; });
    plan_.findings = check_changes(plan_.changes);
    return plan_;
  }

 private:
  void add(Change change) { plan_.changes.push_back(std::move(change)); }

  // A table is the same one when its model is (or was renamed from) the same model, or, failing
  // that, when it has the same name and its old model is gone.
  void match_tables() {
    std::set<std::string> taken;
    for (const Table& table : after_.tables) {
      const Table* old = before_.find_model(table.model);
      if (!old && table.renamed_from_model) {
        old = before_.find_model(table.renamed_from_model->from);
      }
      if (!old) {
        old = before_.find_table(table.name);
        if (old && after_.find_model(old->model) && old->model != table.model) {
          old = nullptr;
        }
      }
      if (old && taken.insert(old->name).second) {
        table_matches_[table.name] = old->name;
        new_table_names_[old->name] = table.name;
      }
    }
  }

  void create_table(const Table& table) {
    Change change = make_change(ChangeKind::kCreateTable, table.name, false, table.location);
    change.table_after = table;
    add(change);
    warn_of_ineffective_renames(table);
    for (const ForeignKey& key : table.foreign_keys) {
      Change fk = make_change(ChangeKind::kAddForeignKey, table.name, false, table.location);
      fk.foreign_key = key;
      add(fk);
    }
    for (const Index& index : table.indexes) {
      Change create = make_change(ChangeKind::kCreateIndex, table.name, false, table.location);
      create.index = index;
      add(create);
    }
  }

  // A new table takes nothing over, so the renames it names have nothing to apply to.
  void warn_of_ineffective_renames(const Table& table) {
    if (table.renamed_from_model && !before_.find_model(table.renamed_from_model->from)) {
      plan_.warnings.push_back(ineffective_rename(
          *table.renamed_from_model,
          concat({"neither model ", table.renamed_from_model->from, " nor ", table.model}),
          "creates table " + table.name + " as a new table instead of renaming one"));
    }
    for (const Column& column : table.columns) {
      if (column.renamed_from) {
        plan_.warnings.push_back(
            ineffective_rename(*column.renamed_from, "no table of model " + table.model,
                               concat({"creates column ", column.name, " with the new table ",
                                       table.name, " instead of renaming one"})));
      }
    }
  }

  void drop_table(const Table& table) {
    // The model file is gone with the model, so the finding points at the file only.
    SourceLocation at;
    at.file = table.source;
    Change change = make_change(ChangeKind::kDropTable, table.name, true, at);
    change.table_before = table;
    add(change);
    for (const ForeignKey& key : table.foreign_keys) {
      Change fk = make_change(ChangeKind::kDropForeignKey, table.name, true, at);
      fk.foreign_key = key;
      add(fk);
    }
  }

  // A changed key cannot be altered in place: the table is created again.
  void diff_table(const Table& before, const Table& after) {
    const Column* old_key = before.find_column(before.primary_key);
    const Column* new_key = after.find_column(after.primary_key);
    if (before.primary_key != after.primary_key || !old_key || !new_key ||
        old_key->type != new_key->type) {
      Change change = make_change(ChangeKind::kRecreateTable, after.name, true, after.location);
      change.table_before = before;
      change.table_after = after;
      change.from = before.name;
      add(change);
      return;
    }
    TableDiff(before, after, new_table_names_, plan_).run();
  }

  const Schema& before_;
  const Schema& after_;
  std::map<std::string, std::string> table_matches_;    // new name -> old name
  std::map<std::string, std::string> new_table_names_;  // old name -> new name
  Plan plan_;
};

}  // namespace

Plan plan_changes(const Schema& before, const Schema& after) {
  return Planner(before, after).run();
}

}  // namespace svcgen::migrate
