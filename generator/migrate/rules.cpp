#include "migrate/rules.hpp"

#include <algorithm>

#include "migrate/type_change.hpp"
#include "svcgen/text.hpp"

namespace svcgen::migrate {
namespace {

using Message = std::optional<std::string>;

Message drop_table(const Change& change) {
  if (change.kind != ChangeKind::kDropTable) {
    return std::nullopt;
  }
  return "model " + change.table_before->model + " was removed: dropping table " + change.table +
         " deletes its rows";
}

Message drop_column(const Change& change) {
  if (change.kind != ChangeKind::kDropColumn) {
    return std::nullopt;
  }
  std::string why =
      change.column->name == "deleted_at" ? " (soft-deleted rows would reappear as live ones)" : "";
  return "dropping column " + change.table + "." + change.column->name + " deletes its values" +
         why + "; to rename a field instead, set \"renamedFrom\"";
}

// Why the column cannot change type while both versions run, or nothing when it can: the
// trigger casts between the column and its shadow both ways, and the new version writes its
// values into the column while it still has the old type (a renamed column it writes directly).
std::optional<std::string> no_carry_over(const Change& change) {
  const ir::SqlType& old_type = change.old_column->type;
  const ir::SqlType& new_type = change.column->type;
  std::string column = change.table + "." + change.column->name;
  if (!casts(old_type, new_type) || !casts(new_type, old_type)) {
    static const std::string kNoCast =
        " cannot change type: neither its values nor what the running version writes could be "
        "carried over";
    return concat({"PostgreSQL has no cast between ", old_type.render(), " and ", new_type.render(),
                   ", so ", column, kNoCast});
  }
  bool renamed = change.old_column->name != change.column->name;
  if (!renamed && !assigns(new_type, old_type)) {
    static const std::string kOnlyWhenTold =
        ", and PostgreSQL converts the one to the other only when told to: every write of the "
        "new version would fail";
    return concat({"until the contract step, the new version writes ", column, " as ",
                   new_type.render(), " while the column is still ", old_type.render(),
                   kOnlyWhenTold});
  }
  return std::nullopt;
}

Message type_narrowing(const Change& change) {
  // A change PostgreSQL cannot make at all is TYPE_NO_CAST's.
  if (change.kind != ChangeKind::kAlterType ||
      is_widening(change.old_column->type, change.column->type) || no_carry_over(change)) {
    return std::nullopt;
  }
  return "changing " + change.table + "." + change.column->name + " from " +
         change.old_column->type.render() + " to " + change.column->type.render() +
         " can fail on or alter existing values";
}

Message type_without_cast(const Change& change) {
  if (change.kind != ChangeKind::kAlterType) {
    return std::nullopt;
  }
  std::optional<std::string> why = no_carry_over(change);
  if (!why) {
    return std::nullopt;
  }
  static const std::string kInstead =
      ". Add a field of the new type under another name instead, and remove this one once "
      "nothing uses it";
  return *why + kInstead;
}

Message enum_value_removed(const Change& change) {
  if (change.kind != ChangeKind::kAddCheck || !change.old_check || change.check->values.empty()) {
    return std::nullopt;
  }
  const std::vector<std::string>& now = change.check->values;
  std::string list;
  for (const std::string& value : change.old_check->values) {
    if (std::find(now.begin(), now.end(), value) == now.end()) {
      list += (list.empty() ? "\"" : ", \"") + value + "\"";
    }
  }
  if (list.empty()) {
    return std::nullopt;
  }
  return "enum values " + list + " of " + change.table + "." + change.check->column +
         " were removed: rows holding them make the migration fail";
}

// Whether every value the old bounds accepted passes the new ones too.
bool bounds_loosened(const Check& old, const Check& now) {
  bool minimum_ok =
      !now.minimum || (old.minimum && std::stold(*now.minimum) <= std::stold(*old.minimum));
  bool maximum_ok =
      !now.maximum || (old.maximum && std::stold(*now.maximum) >= std::stold(*old.maximum));
  bool length_ok = !now.min_length || (old.min_length && *now.min_length <= *old.min_length);
  return minimum_ok && maximum_ok && length_ok;
}

Message check_tightened(const Change& change) {
  if (change.kind != ChangeKind::kAddCheck || !change.existing_table || change.new_column) {
    return std::nullopt;
  }
  const Check& now = *change.check;
  if (!change.old_check) {
    return "a new CHECK on existing column " + change.table + "." + now.column + " (" +
           check_expression(now) + ") fails if existing rows violate it";
  }
  if (check_widened(*change.old_check, now) || !change.check->values.empty()) {
    return std::nullopt;
  }
  return "the CHECK on " + change.table + "." + now.column + " becomes stricter (" +
         check_expression(now) + "): existing rows may violate it";
}

Message not_null_without_default(const Change& change) {
  if (change.kind != ChangeKind::kAddColumn || !change.existing_table || change.column->nullable ||
      change.column->default_sql || change.column->identity) {
    return std::nullopt;
  }
  return "new required field " + change.column->name + " on existing table " + change.table +
         " has no default, so existing rows cannot get a value. Either give it a \"default\", or "
         "add it as \"optional\", backfill it, and make it required in a later migration";
}

Message set_not_null(const Change& change) {
  if (change.kind != ChangeKind::kSetNotNull || !change.existing_table) {
    return std::nullopt;
  }
  std::string column = change.table + "." + change.column->name;
  if (change.column->default_sql) {
    return column + " becomes required: rows holding NULL there are first set to its default (" +
           *change.column->default_sql + "), in batches";
  }
  return column +
         " becomes required and has no default: the migration fails while any row holds NULL "
         "there. Give the field a \"default\", or backfill it before the migration runs";
}

Message primary_key_changed(const Change& change) {
  if (change.kind != ChangeKind::kRecreateTable) {
    return std::nullopt;
  }
  return "the primary key of " + change.table +
         " changed: the table can only be dropped and created again, losing its rows";
}

Message unique_added(const Change& change) {
  if (change.kind != ChangeKind::kCreateIndex || !change.existing_table || !change.index->unique) {
    return std::nullopt;
  }
  return "unique index " + change.index->name +
         " is built on existing rows: duplicates make it fail";
}

Message foreign_key_added(const Change& change) {
  if (change.kind != ChangeKind::kAddForeignKey || !change.existing_table) {
    return std::nullopt;
  }
  return "foreign key " + change.foreign_key->name +
         " is validated against existing rows: rows pointing nowhere make it fail";
}

}  // namespace

bool check_widened(const Check& old, const Check& now) {
  if (old.column != now.column || old.values.empty() != now.values.empty()) {
    return false;
  }
  bool values_kept = std::all_of(old.values.begin(), old.values.end(), [&](const std::string& v) {
    return std::find(now.values.begin(), now.values.end(), v) != now.values.end();
  });
  return values_kept && bounds_loosened(old, now);
}

const std::vector<Rule>& safety_rules() {
  static const std::vector<Rule> rules = {
      {"DROP_TABLE", "a model was removed; its table and rows would be dropped",
       RuleLevel::kDestructive, drop_table},
      {"DROP_COLUMN", "a field was removed; its column and values would be dropped",
       RuleLevel::kDestructive, drop_column},
      {"TYPE_NARROWING", "a column type changes in a way that can fail or lose data",
       RuleLevel::kDestructive, type_narrowing},
      {"TYPE_NO_CAST", "a column type changes in a way PostgreSQL cannot carry over (refused)",
       RuleLevel::kImpossible, type_without_cast},
      {"ENUM_VALUE_REMOVED", "enum values were removed", RuleLevel::kDestructive,
       enum_value_removed},
      {"CHECK_TIGHTENED", "a CHECK becomes stricter or is added to existing rows",
       RuleLevel::kDestructive, check_tightened},
      {"NOT_NULL_WITHOUT_DEFAULT", "a required column without default on an existing table",
       RuleLevel::kDestructive, not_null_without_default},
      {"SET_NOT_NULL", "an optional field of an existing table becomes required (warning)",
       RuleLevel::kWarning, set_not_null},
      {"PK_CHANGED", "the primary key changed", RuleLevel::kDestructive, primary_key_changed},
      {"UNIQUE_ADDED", "a unique index on existing rows (warning)", RuleLevel::kWarning,
       unique_added},
      {"FOREIGN_KEY_ADDED", "a foreign key on existing rows (warning)", RuleLevel::kWarning,
       foreign_key_added},
  };
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule& rule : safety_rules()) {
    if (rule.id == id) {
      return &rule;
    }
  }
  return nullptr;
}

std::vector<Finding> check_changes(const std::vector<Change>& changes) {
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    for (const Rule& rule : safety_rules()) {
      if (std::optional<std::string> message = rule.check(changes[i])) {
        findings.push_back(
            {std::string(rule.id), rule.level, changes[i].location, std::move(*message), i});
      }
    }
  }
  return findings;
}

}  // namespace svcgen::migrate
