#include "migrate/expand_contract.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "migrate/backfill.hpp"
#include "migrate/dual_write.hpp"
#include "migrate/rules.hpp"
#include "migrate/sql_text.hpp"
#include "migrate/type_change.hpp"
#include "svcgen/migration_markers.hpp"

namespace svcgen::migrate {
namespace {

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The objects of `table` on `column`, copied into `column`'s dual-write description.
void objects_on(const Table& table, const std::string& column, std::vector<Check>& checks,
                std::vector<ForeignKey>& keys, std::vector<Index>& indexes) {
  for (const Check& check : table.checks) {
    if (check.column == column) {
      checks.push_back(check);
    }
  }
  for (const ForeignKey& key : table.foreign_keys) {
    if (key.column == column) {
      keys.push_back(key);
    }
  }
  for (const Index& index : table.indexes) {
    if (has(index.columns, column)) {
      indexes.push_back(index);
    }
  }
}

// The names of the constraints, then of the indexes, on the old or the new column.
std::vector<std::string> names_of(const DualColumn& column, bool old, bool indexes = true) {
  std::vector<std::string> names;
  for (const Check& check : old ? column.old_checks : column.checks) {
    names.push_back(check.name);
  }
  for (const ForeignKey& key : old ? column.old_foreign_keys : column.foreign_keys) {
    names.push_back(key.name);
  }
  for (const Index& index : old ? column.old_indexes : column.indexes) {
    if (indexes) {
      names.push_back(index.name);
    }
  }
  return names;
}

bool relaxed(const DualColumn& column, const std::string& check) {
  return std::any_of(column.relaxed_checks.begin(), column.relaxed_checks.end(),
                     [&](const Check& one) { return one.name == check; });
}

// The objects a dual-write column leaves until the contract: the old column's (but the checks
// the expand step drops), and the new one's under their temporary names.
void add_leftovers(PendingContract& contract, const std::string& table, const DualColumn& column) {
  std::vector<std::string> old_constraints = names_of(column, true, false);
  for (const std::string& name : names_of(column, true)) {
    if (relaxed(column, name)) {
      continue;
    }
    contract.leftovers.push_back(
        {has(old_constraints, name) ? "constraint" : "index", table, name});
  }
  std::vector<std::string> new_constraints = names_of(column, false, false);
  for (const std::string& name : names_of(column, false)) {
    if (column.temp_name(name) != name) {
      contract.leftovers.push_back(
          {has(new_constraints, name) ? "constraint" : "index", table, column.temp_name(name)});
    }
  }
}

// Whether `change` is part of what the dual write of `column` does in its own way.
bool belongs_to(const Change& change, const DualColumn& column) {
  const std::string& name = column.now.name;
  switch (change.kind) {
    case ChangeKind::kRenameColumn:
      return change.to == name;
    case ChangeKind::kAlterType:
    case ChangeKind::kSetDefault:
    case ChangeKind::kSetNotNull:
    case ChangeKind::kDropNotNull:
      return change.column->name == name;
    case ChangeKind::kRenameConstraint:
    case ChangeKind::kRenameIndex:
      return has(names_of(column, false), change.to) || has(names_of(column, true), change.from);
    case ChangeKind::kDropCheck:
    case ChangeKind::kAddCheck:
      return change.check->column == name;
    case ChangeKind::kDropForeignKey:
    case ChangeKind::kAddForeignKey:
      return change.foreign_key->column == name;
    case ChangeKind::kCreateIndex:
    case ChangeKind::kDropIndex:
      return has(change.index->columns, name);
    default:
      return false;
  }
}

// What the contract step of a dropped column takes with it.
bool drops_with(const Change& change, const std::string& column) {
  switch (change.kind) {
    case ChangeKind::kDropColumn:
      return change.column->name == column;
    case ChangeKind::kDropCheck:
      return change.check->column == column;
    case ChangeKind::kDropForeignKey:
      return change.foreign_key->column == column;
    case ChangeKind::kDropIndex:
      return has(change.index->columns, column);
    default:
      return false;
  }
}

// The old column's checks that some value the new column accepts would fail.
std::vector<Check> relaxed_checks(const DualColumn& column) {
  std::vector<Check> relaxed;
  for (const Check& old : column.old_checks) {
    bool kept = std::any_of(column.checks.begin(), column.checks.end(), [&](const Check& now) {
      return now.values == old.values && now.minimum == old.minimum && now.maximum == old.maximum &&
             now.min_length == old.min_length;
    });
    if (!kept) {
      relaxed.push_back(old);
    }
  }
  return relaxed;
}

struct DroppedColumn {
  std::string table;
  Column column;
  std::vector<Leftover> objects;  // its constraints and indexes, which go with it
  bool keyed = false;             // unique, or a reference: a placeholder would not do
  std::string placeholder;        // a value that passes its checks
};

class Splitter {
 public:
  Splitter(const Plan& plan, const Schema& before, const Schema& after, long version)
      : plan_(plan), before_(before), after_(after), version_(version) {}

  ExpandContract run(bool allow_destructive) {
    find_renamed_tables();
    find_dual_columns();
    find_dropped_columns();
    ExpandContract result;
    Plan contract_plan;
    std::vector<Finding> owned_findings;
    std::vector<Finding> findings = check_changes(plan_.changes);
    for (std::size_t i = 0; i < plan_.changes.size(); ++i) {
      const Change& change = plan_.changes[i];
      if (moved_to_contract(change)) {
        contract_plan.changes.push_back(as_contracted(change));
      } else if (DualColumn* owner = owner_of(change)) {
        for (const Finding& finding : findings) {
          if (finding.change == i) {
            owner->comment += finding_comment(finding, allow_destructive);
            owned_findings.push_back(finding);
          }
        }
      } else {
        result.expand.changes.push_back(change);
      }
    }
    result.expand.findings = check_changes(result.expand.changes);
    // The findings on what the dual write does instead still count, at no statement of the plan.
    for (Finding& finding : owned_findings) {
      finding.change = result.expand.changes.size();
      result.expand.findings.push_back(finding);
    }
    contract_plan.findings = check_changes(contract_plan.changes);
    result.parts = render(result.expand, allow_destructive);
    add_expand_statements(result.parts);
    if (!dual_.empty() || !dropped_.empty() || !views_.empty()) {
      result.contract = contract_step(contract_plan);
    }
    return result;
  }

 private:
  void find_renamed_tables() {
    for (const Change& change : plan_.changes) {
      if (change.kind == ChangeKind::kRenameTable) {
        old_table_names_[change.to] = change.from;
        views_.emplace_back(change.from, change.to);
      }
    }
  }

  const Table& before_table(const std::string& after_name) const {
    auto renamed = old_table_names_.find(after_name);
    return *before_.find_table(renamed == old_table_names_.end() ? after_name : renamed->second);
  }

  DualTable& dual_table(const std::string& table) {
    for (DualTable& dual : dual_) {
      if (dual.table == table) {
        return dual;
      }
    }
    const Table& now = *after_.find_table(table);
    dual_.push_back({table,
                     now.primary_key,
                     fitted_identifier("svcgen_sync_" + table, "_" + std::to_string(version_)),
                     {}});
    return dual_.back();
  }

  // Renames, and type changes PostgreSQL can only make by rewriting the table.
  void find_dual_columns() {
    for (const Change& change : plan_.changes) {
      bool rename = change.kind == ChangeKind::kRenameColumn;
      bool retype = change.kind == ChangeKind::kAlterType &&
                    !changes_in_place(change.old_column->type, change.column->type);
      if (!change.existing_table || !(rename || retype)) {
        continue;
      }
      std::string now_name = rename ? change.to : change.column->name;
      if (dual_column(change.table, now_name)) {
        continue;  // a renamed column whose type changes too
      }
      const Table& before = before_table(change.table);
      const Table& after = *after_.find_table(change.table);
      DualColumn column;
      column.old = *before.find_column(rename ? change.from : change.column->name);
      column.now = *after.find_column(now_name);
      column.suffix = "_svcgen_" + std::to_string(version_);
      column.temp = rename ? now_name : fitted_identifier(now_name, column.suffix);
      objects_on(after, now_name, column.checks, column.foreign_keys, column.indexes);
      objects_on(before, column.old.name, column.old_checks, column.old_foreign_keys,
                 column.old_indexes);
      column.relaxed_checks = relaxed_checks(column);
      dual_table(change.table).columns.push_back(std::move(column));
    }
  }

  const DualColumn* dual_column(const std::string& table, const std::string& name) const {
    for (const DualTable& dual : dual_) {
      for (const DualColumn& column : dual.columns) {
        if (dual.table == table && column.now.name == name) {
          return &column;
        }
      }
    }
    return nullptr;
  }

  void find_dropped_columns() {
    for (const Change& change : plan_.changes) {
      if (change.kind != ChangeKind::kDropColumn) {
        continue;
      }
      DroppedColumn dropped{change.table, *change.column, {}, false, ""};
      std::vector<Check> checks;
      std::vector<ForeignKey> keys;
      std::vector<Index> indexes;
      objects_on(before_table(change.table), change.column->name, checks, keys, indexes);
      for (const Check& check : checks) {
        dropped.objects.push_back({"constraint", change.table, check.name});
      }
      for (const ForeignKey& key : keys) {
        dropped.objects.push_back({"constraint", change.table, key.name});
      }
      for (const Index& index : indexes) {
        dropped.objects.push_back({"index", change.table, index.name});
        dropped.keyed = dropped.keyed || index.unique;
      }
      dropped.keyed = dropped.keyed || !keys.empty();
      dropped.placeholder = placeholder_for(dropped.column, checks);
      dropped_.push_back(std::move(dropped));
    }
  }

  // A dropped column that a placeholder would not do for went nullable in the expand step, and
  // the contract step's down brings it back that way: empty, it must not meet its unique index.
  Change as_contracted(Change change) const {
    if (change.kind == ChangeKind::kDropColumn) {
      for (const DroppedColumn& dropped : dropped_) {
        if (dropped.table == change.table && dropped.column.name == change.column->name &&
            dropped.keyed) {
          change.column->nullable = true;
        }
      }
    }
    return change;
  }

  bool moved_to_contract(const Change& change) const {
    return std::any_of(dropped_.begin(), dropped_.end(), [&](const DroppedColumn& dropped) {
      return dropped.table == change.table && drops_with(change, dropped.column.name);
    });
  }

  DualColumn* owner_of(const Change& change) {
    for (DualTable& dual : dual_) {
      for (DualColumn& column : dual.columns) {
        if (dual.table == change.table && belongs_to(change, column)) {
          return &column;
        }
      }
    }
    return nullptr;
  }

  void add_expand_statements(std::vector<RenderedMigration>& parts) const;
  PendingContract contract_step(const Plan& contract_plan) const;

  const Plan& plan_;
  const Schema& before_;
  const Schema& after_;
  long version_;
  std::map<std::string, std::string> old_table_names_;      // new name -> old name
  std::vector<std::pair<std::string, std::string>> views_;  // old name, new name
  std::vector<DualTable> dual_;
  std::vector<DroppedColumn> dropped_;
};

// The transactional part and the one outside a transaction, created when the plan has none.
RenderedMigration& part(std::vector<RenderedMigration>& parts, bool no_transaction) {
  for (RenderedMigration& part : parts) {
    if (part.no_transaction == no_transaction) {
      return part;
    }
  }
  RenderedMigration added;
  added.no_transaction = no_transaction;
  if (no_transaction) {
    added.suffix = kBackfillSuffix;
    added.header =
        "-- Fills the new columns in batches that commit one by one, then validates their\n"
        "-- constraints and builds their indexes without blocking writes.\n";
  }
  return no_transaction ? parts.emplace_back(added) : *parts.insert(parts.begin(), added);
}

void append(std::vector<std::string>& to, const std::vector<std::string>& statements) {
  to.insert(to.end(), statements.begin(), statements.end());
}

void prepend(std::vector<std::string>& to, const std::vector<std::string>& statements) {
  to.insert(to.begin(), statements.begin(), statements.end());
}

void append_leftovers(std::vector<Leftover>& to, const std::vector<Leftover>& objects) {
  to.insert(to.end(), objects.begin(), objects.end());
}

// The new version leaves a dropped column out of its INSERTs: a required one gets a default
// that passes its checks, or, when a placeholder would collide or point nowhere, accepts NULL.
Statements relax_dropped(const DroppedColumn& dropped) {
  const Column& column = dropped.column;
  std::string alter = sql::alter(dropped.table) + "ALTER COLUMN " + quote_ident(column.name);
  if (column.nullable || column.default_sql || column.identity) {
    return {};
  }
  if (dropped.keyed) {
    return {{alter + " DROP NOT NULL"}, required_again(dropped.table, column, {}, true)};
  }
  return {{alter + " SET DEFAULT " + dropped.placeholder}, {alter + " DROP DEFAULT"}};
}

std::string create_view(const std::string& old_name, const std::string& new_name) {
  return "-- The running version still uses the old name: a view, which PostgreSQL makes "
         "updatable.\nCREATE VIEW " +
         quote_ident(old_name) + " AS SELECT * FROM " + quote_ident(new_name);
}

void Splitter::add_expand_statements(std::vector<RenderedMigration>& parts) const {
  if (dual_.empty() && dropped_.empty() && views_.empty()) {
    return;
  }
  Statements start;
  Statements fill;
  for (const DualTable& table : dual_) {
    Statements one = dual_write_start(table);
    append(start.up, one.up);
    prepend(start.down, one.down);
    Statements filled = dual_write_fill(table);
    append(fill.up, filled.up);
    prepend(fill.down, filled.down);
  }
  for (const DroppedColumn& dropped : dropped_) {
    Statements one = relax_dropped(dropped);
    append(start.up, one.up);
    prepend(start.down, one.down);
  }
  for (const auto& [old_name, new_name] : views_) {
    start.up.push_back(create_view(old_name, new_name));
    start.down.insert(start.down.begin(), "DROP VIEW " + quote_ident(old_name));
  }
  RenderedMigration& main = part(parts, false);
  append(main.up, start.up);
  prepend(main.down, start.down);
  if (!fill.up.empty()) {
    RenderedMigration& outside = part(parts, true);
    prepend(outside.up, fill.up);
    append(outside.down, fill.down);
  }
}

PendingContract Splitter::contract_step(const Plan& contract_plan) const {
  PendingContract contract;
  contract.expand = version_;
  Statements sections;
  for (const auto& [old_name, new_name] : views_) {
    sections.up.push_back("DROP VIEW " + quote_ident(old_name));
    sections.down.push_back(create_view(old_name, new_name));
    contract.leftovers.push_back({"view", "", old_name});
    contract.touched.push_back({old_name, ""});
    contract.touched.push_back({new_name, ""});
  }
  for (const DualTable& table : dual_) {
    Statements one = dual_write_finish(table);
    append(sections.up, one.up);
    prepend(sections.down, one.down);
    contract.leftovers.push_back({"trigger", table.table, table.sync});
    contract.leftovers.push_back({"function", "", table.sync});
    for (const DualColumn& column : table.columns) {
      contract.leftovers.push_back({"column", table.table, column.old.name});
      if (!column.renamed()) {
        contract.leftovers.push_back({"column", table.table, column.temp});
      }
      add_leftovers(contract, table.table, column);
      contract.touched.push_back({table.table, column.old.name});
      contract.touched.push_back({table.table, column.now.name});
    }
  }
  if (!contract_plan.empty()) {
    RenderedMigration drops = render(contract_plan, true).front();
    std::vector<std::string> down = drops.down;
    for (const DroppedColumn& dropped : dropped_) {
      append(down, relax_dropped(dropped).up);
      contract.leftovers.push_back({"column", dropped.table, dropped.column.name});
      append_leftovers(contract.leftovers, dropped.objects);
      contract.touched.push_back({dropped.table, dropped.column.name});
    }
    append(sections.up, drops.up);
    prepend(sections.down, down);
  }
  contract.up = sections.up;
  contract.down = sections.down;
  contract.findings = contract_plan.findings;
  return contract;
}

}  // namespace

ExpandContract split_expand_contract(const Plan& plan, const Schema& before, const Schema& after,
                                     long version, bool allow_destructive) {
  return Splitter(plan, before, after, version).run(allow_destructive);
}

}  // namespace svcgen::migrate
