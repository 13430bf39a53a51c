// Copied by svcgen from its runtime library. DO NOT EDIT.
#include <cstdlib>

#include "schema_check/shapes.hpp"

namespace svcgen::schema_check {
namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : separator) + item;
  }
  return text;
}

std::string or_none(const std::optional<std::string>& value) { return value ? *value : "none"; }

std::string column_description(const ColumnShape& column) {
  std::string text = column.type + (column.nullable ? "" : " NOT NULL");
  if (!column.identity.empty()) {
    text += " GENERATED " + std::string(column.identity == "always" ? "ALWAYS" : "BY DEFAULT") +
            " AS IDENTITY";
  }
  return column.default_sql ? text + " DEFAULT " + *column.default_sql : text;
}

std::string check_description(const CheckShape& check) {
  if (check.unstructured) {
    return "CHECK " + *check.unstructured;
  }
  std::vector<std::string> parts;
  if (!check.values.empty()) {
    parts.push_back("values " + joined(check.values));
  }
  if (check.minimum) {
    parts.push_back("minimum " + *check.minimum);
  }
  if (check.maximum) {
    parts.push_back("maximum " + *check.maximum);
  }
  if (check.min_length) {
    parts.push_back("minLength " + std::to_string(*check.min_length));
  }
  return "on " + check.column + ": " + joined(parts, "; ");
}

std::string key_description(const std::string& table, const ForeignKeyShape& key) {
  return table + " (" + key.column + ") -> " + key.references + " (" + key.ref_column + ")";
}

std::string index_description(const std::string& table, const IndexShape& index) {
  std::string text = (index.unique ? "a unique index on " : "an index on ") + table + " (" +
                     joined(index.columns) + ")";
  return index.where ? text + " WHERE " + *index.where : text;
}

// Numeric literals compare by value: "1.0" from a model and "1.0" or "1" from the catalog.
bool same_number(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) {
    return a == b;
  }
  return *a == *b || std::strtod(a->c_str(), nullptr) == std::strtod(b->c_str(), nullptr);
}

template <typename Shape>
const Shape* find_named(const std::vector<Shape>& shapes, const std::string& name) {
  for (const Shape& shape : shapes) {
    if (shape.name == name) {
      return &shape;
    }
  }
  return nullptr;
}

class Comparison {
 public:
  Comparison(const Tolerance& tolerance, std::vector<std::string>& findings)
      : tolerance_(tolerance), findings_(findings) {}

  void table(const TableShape& expected, const TableShape& live) {
    columns(expected, live);
    primary_key(expected, live);
    checks(expected, live);
    foreign_keys(expected, live);
    indexes(expected, live);
  }

 private:
  void add(std::string finding) { findings_.push_back(std::move(finding)); }

  void columns(const TableShape& expected, const TableShape& live) {
    for (const ColumnShape& want : expected.columns) {
      if (tolerance_.column(expected.name, want.name)) {
        continue;
      }
      std::string at = expected.name + "." + want.name;
      const ColumnShape* have = find_named(live.columns, want.name);
      if (!have) {
        add(at + ": column missing (the snapshot has " + column_description(want) + ")");
        continue;
      }
      if (have->type != want.type) {
        add(at + ": type is " + have->type + ", the snapshot has " + want.type);
      }
      if (have->nullable != want.nullable) {
        add(at + (have->nullable ? ": nullable, the snapshot has NOT NULL"
                                 : ": NOT NULL, the snapshot has it nullable"));
      }
      if (have->identity != want.identity) {
        auto identity = [](const std::string& kind) {
          return kind.empty() ? std::string("none") : "generated " + kind;
        };
        add(at + ": identity is " + identity(have->identity) + ", the snapshot has " +
            identity(want.identity));
      }
      if (have->default_sql != want.default_sql) {
        add(at + ": default is " + or_none(have->default_sql) + ", the snapshot has " +
            or_none(want.default_sql));
      }
    }
    for (const ColumnShape& have : live.columns) {
      if (!find_named(expected.columns, have.name) &&
          tolerance_.extra_column(live.name, have.name)) {
        add(live.name + "." + have.name + ": extra column (" + column_description(have) +
            "), not in the snapshot");
      }
    }
  }

  void primary_key(const TableShape& expected, const TableShape& live) {
    if (tolerance_.constraint(expected.name, expected.primary_key_constraint)) {
      return;
    }
    if (live.primary_key_constraint.empty()) {
      add(expected.name + ": primary key missing (the snapshot has " +
          expected.primary_key_constraint + " on (" + expected.primary_key + "))");
      return;
    }
    if (live.primary_key_constraint != expected.primary_key_constraint) {
      add(expected.name + ": primary key is " + live.primary_key_constraint +
          ", the snapshot has " + expected.primary_key_constraint);
    }
    if (live.primary_key != expected.primary_key) {
      add(live.primary_key_constraint + ": primary key on (" + live.primary_key +
          "), the snapshot has (" + expected.primary_key + ")");
    }
  }

  void not_validated(const std::string& name, bool validated) {
    if (!validated) {
      add(name + ": NOT VALID (never validated), the snapshot has it validated");
    }
  }

  void checks(const TableShape& expected, const TableShape& live) {
    for (const CheckShape& want : expected.checks) {
      if (tolerance_.constraint(expected.name, want.name)) {
        continue;
      }
      const CheckShape* have = find_named(live.checks, want.name);
      if (!have) {
        add(want.name + ": check missing (the snapshot has it " + check_description(want) + ")");
        continue;
      }
      // A check that only widened (enum values added, bounds loosened) is left NOT VALID on
      // purpose: every existing row passed the narrower one, and PostgreSQL enforces it for new
      // rows. Its validity is no drift.
      if (have->unstructured) {
        add(want.name + ": is " + check_description(*have) + ", the snapshot has it " +
            check_description(want));
        continue;
      }
      if (have->column != want.column) {
        add(want.name + ": on column " + have->column + ", the snapshot has " + want.column);
      }
      if (have->values != want.values) {
        auto list = [](const std::vector<std::string>& values) {
          return values.empty() ? std::string("none") : joined(values);
        };
        add(want.name + ": values are " + list(have->values) + ", the snapshot has " +
            list(want.values));
      }
      if (!same_number(have->minimum, want.minimum)) {
        add(want.name + ": minimum is " + or_none(have->minimum) + ", the snapshot has " +
            or_none(want.minimum));
      }
      if (!same_number(have->maximum, want.maximum)) {
        add(want.name + ": maximum is " + or_none(have->maximum) + ", the snapshot has " +
            or_none(want.maximum));
      }
      if (have->min_length != want.min_length) {
        auto length = [](const std::optional<long long>& value) {
          return value ? std::to_string(*value) : std::string("none");
        };
        add(want.name + ": minLength is " + length(have->min_length) + ", the snapshot has " +
            length(want.min_length));
      }
    }
    for (const CheckShape& have : live.checks) {
      if (!find_named(expected.checks, have.name) &&
          tolerance_.extra_constraint(live.name, have.name)) {
        add(have.name + ": extra check on " + live.name + " (" + check_description(have) +
            "), not in the snapshot");
      }
    }
  }

  void foreign_keys(const TableShape& expected, const TableShape& live) {
    for (const ForeignKeyShape& want : expected.foreign_keys) {
      if (tolerance_.constraint(expected.name, want.name)) {
        continue;
      }
      const ForeignKeyShape* have = find_named(live.foreign_keys, want.name);
      if (!have) {
        add(want.name + ": foreign key missing (the snapshot has " +
            key_description(expected.name, want) + ", onDelete " + want.on_delete + ")");
        continue;
      }
      not_validated(want.name, have->validated);
      if (key_description(live.name, *have) != key_description(expected.name, want)) {
        add(want.name + ": is " + key_description(live.name, *have) + ", the snapshot has " +
            key_description(expected.name, want));
      }
      if (have->on_delete != want.on_delete) {
        add(want.name + ": onDelete is " + have->on_delete + ", the snapshot has " +
            want.on_delete);
      }
    }
    for (const ForeignKeyShape& have : live.foreign_keys) {
      if (!find_named(expected.foreign_keys, have.name) &&
          tolerance_.extra_constraint(live.name, have.name)) {
        add(have.name + ": extra foreign key " + key_description(live.name, have) + ", onDelete " +
            have.on_delete + ", not in the snapshot");
      }
    }
  }

  void indexes(const TableShape& expected, const TableShape& live) {
    for (const IndexShape& want : expected.indexes) {
      if (tolerance_.constraint(expected.name, want.name)) {
        continue;
      }
      const IndexShape* have = find_named(live.indexes, want.name);
      if (!have) {
        add(want.name + ": index missing (the snapshot has " +
            index_description(expected.name, want) + ")");
        continue;
      }
      if (!have->valid) {
        add(want.name +
            ": invalid (left by a CREATE INDEX CONCURRENTLY that failed); drop it and apply the "
            "migration again");
      }
      if (have->columns != want.columns) {
        add(want.name + ": columns are (" + joined(have->columns) + "), the snapshot has (" +
            joined(want.columns) + ")");
      }
      if (have->unique != want.unique) {
        add(want.name + (have->unique ? ": unique, the snapshot has it not unique"
                                      : ": not unique, the snapshot has it unique"));
      }
      if (have->where != want.where) {
        add(want.name + ": predicate is " + or_none(have->where) + ", the snapshot has " +
            or_none(want.where));
      }
    }
    for (const IndexShape& have : live.indexes) {
      if (!find_named(expected.indexes, have.name) &&
          tolerance_.extra_constraint(live.name, have.name)) {
        add(have.name + ": extra index (" + index_description(live.name, have) +
            "), not in the snapshot");
      }
    }
  }

  const Tolerance& tolerance_;
  std::vector<std::string>& findings_;
};

}  // namespace

std::vector<std::string> compare_schemas(const SchemaShape& expected, const SchemaShape& live,
                                         const Tolerance& tolerance) {
  std::vector<std::string> findings;
  Comparison comparison(tolerance, findings);
  for (const auto& [name, table] : expected) {
    auto found = live.find(name);
    if (found == live.end()) {
      if (!tolerance.table(name)) {
        findings.push_back(name + ": table missing (the snapshot has it)");
      }
      continue;
    }
    comparison.table(table, found->second);
  }
  for (const auto& [name, table] : live) {
    // svcgen's own tracking tables (svcgen_schema_migrations...) are not part of any model.
    bool tracking = name.rfind("svcgen_", 0) == 0;
    if (expected.count(name) == 0 && !tracking && tolerance.extra_table(name)) {
      findings.push_back(name + ": extra table (not in the snapshot)");
    }
  }
  return findings;
}

}  // namespace svcgen::schema_check
