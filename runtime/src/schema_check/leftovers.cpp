#include <algorithm>

#include "schema_check/catalog.hpp"
#include "svcgen/text.hpp"

namespace svcgen::schema_check {
namespace {

const TableShape* table_named(const SchemaShape& schema, const std::string& name) {
  auto found = schema.find(name);
  return found == schema.end() ? nullptr : &found->second;
}

template <typename Shape>
bool has_named(const std::vector<Shape>& shapes, const std::string& name) {
  return std::any_of(shapes.begin(), shapes.end(),
                     [&](const Shape& shape) { return shape.name == name; });
}

// A constraint or index of the table by that name: a check, a foreign key, the primary key, or
// an index (the one of a unique constraint included).
bool has_relation_object(const TableShape& table, const std::string& name) {
  return table.primary_key_constraint == name || has_named(table.checks, name) ||
         has_named(table.foreign_keys, name) || has_named(table.indexes, name);
}

// Whether `schema` (the snapshot's or the catalog's) holds the leftover. Triggers, functions and
// views are only the catalog's.
bool holds(const SchemaShape& schema, const LiveDatabase* live, const Leftover& leftover) {
  if (leftover.kind == "function") {
    return live && live->functions.count(leftover.name) != 0;
  }
  if (leftover.kind == "view") {
    return live && live->views.count(leftover.name) != 0;
  }
  const TableShape* table =
      table_named(schema, leftover.kind == "table" ? leftover.name : leftover.table);
  if (!table || leftover.kind == "table") {
    return table != nullptr;
  }
  if (leftover.kind == "column") {
    return has_named(table->columns, leftover.name);
  }
  if (leftover.kind == "trigger") {
    return has_named(table->triggers, leftover.name);
  }
  return has_relation_object(*table, leftover.name);
}

// "orders.total_old: column", "svcgen_sync_orders_7: trigger on orders", "authors: view".
std::string subject(const Leftover& leftover) {
  if (leftover.kind == "column") {
    return leftover.table + "." + leftover.name + ": column";
  }
  std::string text = leftover.name + ": " + leftover.kind;
  return leftover.table.empty() || leftover.kind == "table" ? text : text + " on " + leftover.table;
}

bool disabled_trigger(const LiveDatabase& live, const Leftover& leftover) {
  const TableShape* table = table_named(live.schema, leftover.table);
  return leftover.kind == "trigger" && table &&
         std::any_of(table->triggers.begin(), table->triggers.end(),
                     [&](const TriggerShape& t) { return t.name == leftover.name && !t.enabled; });
}

}  // namespace

std::vector<std::string> leftover_findings(const std::vector<StepLeftover>& leftovers,
                                           const SchemaShape& expected, const LiveDatabase& live) {
  std::vector<std::string> findings;
  for (const StepLeftover& one : leftovers) {
    bool there = holds(live.schema, &live, one.leftover);
    if (one.kept && !there) {
      findings.push_back(concat({subject(one.leftover), " missing (", one.step,
                                 " left it for its contract step, which is not applied)"}));
    } else if (one.kept && disabled_trigger(live, one.leftover)) {
      findings.push_back(concat({subject(one.leftover), " disabled (", one.step,
                                 " created it to keep both versions' columns in step until its "
                                 "contract step)"}));
    } else if (!one.kept && there && !holds(expected, nullptr, one.leftover)) {
      findings.push_back(concat({subject(one.leftover), " still there (", one.step,
                                 ", the contract step that drops it, is applied)"}));
    }
  }
  return findings;
}

}  // namespace svcgen::schema_check
