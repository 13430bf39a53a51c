#include "migrate/dual_write.hpp"

#include <algorithm>

#include "migrate/backfill.hpp"
#include "migrate/sql_text.hpp"
#include "migrate/type_change.hpp"
#include "svcgen/text.hpp"

namespace svcgen::migrate {
namespace {

std::string column_of(const DualTable& table, const std::string& column) {
  return sql::alter(table.table) + "ALTER COLUMN " + quote_ident(column);
}

std::string cast(const std::string& value, const Column& to) {
  return value + "::" + to.type.render();
}

// Copies `from` into `to` unless the row already holds the same value in both: the backfill
// writes the new column from the old one, and that copy must not come back through a narrowing
// cast.
std::string copy_on_update(const std::string& from, const Column& from_column,
                           const std::string& to, const Column& to_column) {
  std::string source = "NEW." + quote_ident(from);
  return source + " IS DISTINCT FROM OLD." + quote_ident(from) + " AND " + source +
         " IS DISTINCT FROM " + cast("NEW." + quote_ident(to), from_column) + " THEN\n      NEW." +
         quote_ident(to) + " := " + cast(source, to_column) + ";\n";
}

// The running version writes `old`, the new one `temp`: an INSERT fills whichever it left NULL,
// an UPDATE copies whichever it changed (the new column winning when both changed).
std::string sync_function(const DualTable& table) {
  std::string inserts;
  std::string updates;
  for (const DualColumn& column : table.columns) {
    std::string old_name = quote_ident(column.old.name);
    std::string temp = quote_ident(column.temp);
    inserts += concat({"    IF NEW.", temp, " IS NULL THEN\n      NEW.", temp,
                       " := ", cast("NEW." + old_name, column.now), ";\n    ELSIF NEW.", old_name,
                       " IS NULL THEN\n      NEW.", old_name,
                       " := ", cast("NEW." + temp, column.old), ";\n    END IF;\n"});
    updates +=
        concat({"    IF ", copy_on_update(column.temp, column.now, column.old.name, column.old),
                "    ELSIF ", copy_on_update(column.old.name, column.old, column.temp, column.now),
                "    END IF;\n"});
  }
  return "CREATE FUNCTION " + quote_ident(table.sync) +
         "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n" +
         inserts + "  ELSE\n" + updates + "  END IF;\n  RETURN NEW;\nEND\n$$";
}

std::vector<std::string> sync_trigger(const DualTable& table) {
  return {sync_function(table), "CREATE TRIGGER " + quote_ident(table.sync) +
                                    " BEFORE INSERT OR UPDATE ON " + quote_ident(table.table) +
                                    " FOR EACH ROW EXECUTE FUNCTION " + quote_ident(table.sync) +
                                    "()"};
}

std::vector<std::string> drop_sync_trigger(const DualTable& table) {
  return {"DROP TRIGGER " + quote_ident(table.sync) + " ON " + quote_ident(table.table),
          "DROP FUNCTION " + quote_ident(table.sync) + "()"};
}

Check on_temp(const DualColumn& column, Check check) {
  check.column = column.temp;
  check.name = column.temp_name(check.name);
  return check;
}

ForeignKey on_temp(const DualColumn& column, ForeignKey key) {
  key.column = column.temp;
  key.name = column.temp_name(key.name);
  return key;
}

Index on_temp(const DualColumn& column, Index index) {
  for (std::string& name : index.columns) {
    name = name == column.now.name ? column.temp : name;
  }
  index.name = column.temp_name(index.name);
  return index;
}

std::vector<std::string> constraint_names(const DualColumn& column) {
  std::vector<std::string> names;
  for (const Check& check : column.checks) {
    names.push_back(check.name);
  }
  for (const ForeignKey& key : column.foreign_keys) {
    names.push_back(key.name);
  }
  return names;
}

void prepend(std::vector<std::string>& to, const std::vector<std::string>& statements) {
  to.insert(to.begin(), statements.begin(), statements.end());
}

void append(std::vector<std::string>& to, const std::vector<std::string>& statements) {
  to.insert(to.end(), statements.begin(), statements.end());
}

// The running version relies on no column default; dropping the renamed column's one lets an
// INSERT of the new version show as NULL there, which the trigger fills.
void start_column(const DualTable& table, const DualColumn& column, Statements& out) {
  Column added = column.now;
  added.name = column.temp;
  added.nullable = true;
  added.default_sql.reset();
  added.identity = false;
  out.up.push_back(column.comment + sql::alter(table.table) + "ADD COLUMN " +
                   sql::column_definition(added));
  out.down.push_back(sql::alter(table.table) + "DROP COLUMN " + quote_ident(column.temp));
  // A field that becomes optional: the new version's NULLs reach the old column too.
  if (!column.old.nullable && column.now.nullable) {
    out.up.push_back(column_of(table, column.old.name) + " DROP NOT NULL");
    bool keyed = !column.old_foreign_keys.empty() ||
                 std::any_of(column.old_indexes.begin(), column.old_indexes.end(),
                             [](const Index& index) { return index.unique; });
    prepend(out.down, required_again(table.table, column.old, column.old_checks, keyed));
  }
  if (column.renamed() && column.old.default_sql) {
    out.up.push_back(column_of(table, column.old.name) + " DROP DEFAULT");
    out.down.insert(out.down.begin(), sql::set_default(table.table, column.old));
  }
  for (const Check& check : column.relaxed_checks) {
    out.up.push_back(sql::drop_constraint(table.table, check.name));
    out.down.insert(out.down.begin(), sql::add_check(table.table, check));
  }
  for (const Check& check : column.checks) {
    out.up.push_back(sql::add_check(table.table, on_temp(column, check)) + " NOT VALID");
  }
  for (const ForeignKey& key : column.foreign_keys) {
    out.up.push_back(sql::add_foreign_key(table.table, on_temp(column, key)) + " NOT VALID");
  }
}

std::string backfill(const DualTable& table) {
  std::string sets;
  std::string pending;
  for (const DualColumn& column : table.columns) {
    std::string temp = quote_ident(column.temp);
    std::string old_name = quote_ident(column.old.name);
    sets += concat({sets.empty() ? "" : ", ", temp, " = COALESCE(", temp, ", ",
                    cast(old_name, column.now), ")"});
    pending += concat(
        {pending.empty() ? "" : " OR ", "(", temp, " IS NULL AND ", old_name, " IS NOT NULL)"});
  }
  return batched_update(table.table, table.primary_key,
                        concat({"Copies ", std::to_string(table.columns.size()), " column(s) of ",
                                table.table, " into their new shape"}),
                        sets, pending);
}

void fill_column(const DualTable& table, const DualColumn& column, Statements& out) {
  for (const std::string& name : constraint_names(column)) {
    out.up.push_back(sql::alter(table.table) + "VALIDATE CONSTRAINT " +
                     quote_ident(column.temp_name(name)));
  }
  if (!column.now.nullable) {
    NotNullThroughCheck steps = not_null_through_check(table.table, column.temp);
    append(out.up,
           {steps.drop_if_exists, steps.add, steps.validate, steps.set_not_null, steps.drop});
  }
  for (const Index& index : column.indexes) {
    Index temp = on_temp(column, index);
    // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind.
    out.up.push_back("DROP INDEX CONCURRENTLY IF EXISTS " + quote_ident(temp.name));
    out.up.push_back(sql::create_index(table.table, temp, true));
    out.down.insert(out.down.begin(),
                    "DROP INDEX CONCURRENTLY IF EXISTS " + quote_ident(temp.name));
  }
}

// The running version's column as it was before the expand step, refilled from the new one.
std::vector<std::string> restore_old(const DualTable& table, const DualColumn& column) {
  Column restored = column.old;
  restored.nullable = true;
  if (column.renamed()) {
    restored.default_sql.reset();
  }
  std::vector<std::string> statements = {
      sql::alter(table.table) + "ADD COLUMN " + sql::column_definition(restored),
      "UPDATE " + quote_ident(table.table) + " SET " + quote_ident(column.old.name) + " = " +
          cast(quote_ident(column.temp), column.old)};
  if (!column.old.nullable && !column.now.nullable) {
    statements.push_back(column_of(table, column.old.name) + " SET NOT NULL");
  }
  for (const Check& check : column.old_checks) {
    if (std::find(column.relaxed_checks.begin(), column.relaxed_checks.end(), check) ==
        column.relaxed_checks.end()) {
      statements.push_back(sql::add_check(table.table, check));
    }
  }
  for (const ForeignKey& key : column.old_foreign_keys) {
    statements.push_back(sql::add_foreign_key(table.table, key));
  }
  for (const Index& index : column.old_indexes) {
    statements.push_back(sql::create_index(table.table, index, false));
  }
  return statements;
}

void finish_column(const DualTable& table, const DualColumn& column, Statements& out) {
  std::vector<std::string> up = {sql::alter(table.table) + "DROP COLUMN " +
                                 quote_ident(column.old.name)};
  std::vector<std::string> down = restore_old(table, column);
  if (!column.renamed()) {
    up.push_back(sql::rename(table.table, "COLUMN", column.temp, column.now.name));
    down.insert(down.begin(), sql::rename(table.table, "COLUMN", column.now.name, column.temp));
    for (const std::string& name : constraint_names(column)) {
      up.push_back(sql::rename(table.table, "CONSTRAINT", column.temp_name(name), name));
      down.insert(down.begin(),
                  sql::rename(table.table, "CONSTRAINT", name, column.temp_name(name)));
    }
    for (const Index& index : column.indexes) {
      std::string temp = quote_ident(column.temp_name(index.name));
      up.push_back("ALTER INDEX " + temp + " RENAME TO " + quote_ident(index.name));
      down.insert(down.begin(), "ALTER INDEX " + quote_ident(index.name) + " RENAME TO " + temp);
    }
  }
  if (column.now.default_sql) {
    up.push_back(sql::set_default(table.table, column.now));
    Column without = column.now;
    without.default_sql.reset();
    down.insert(down.begin(), sql::set_default(table.table, without));
  }
  append(out.up, up);
  prepend(out.down, down);
}

}  // namespace

std::string DualColumn::temp_name(const std::string& final_name) const {
  if (temp == now.name) {
    return final_name;
  }
  // <table>_<column>_check becomes <table>_<column>_svcgen_<version>_check when it fits.
  // The other columns of a composite index may make that ending too long to keep whole.
  static constexpr std::size_t kLongestEnding = 24;
  std::string part = "_" + now.name + "_";
  std::size_t at = final_name.find(part);
  if (at == std::string::npos ||
      suffix.size() + final_name.size() - (at + part.size() - 1) > kLongestEnding) {
    return fitted_identifier(final_name, suffix);
  }
  std::string stem = final_name.substr(0, at + part.size() - 1);
  return fitted_identifier(stem, suffix + final_name.substr(at + part.size() - 1));
}

Statements dual_write_start(const DualTable& table) {
  Statements out;
  for (const DualColumn& column : table.columns) {
    Statements one;
    start_column(table, column, one);
    append(out.up, one.up);
    prepend(out.down, one.down);
  }
  append(out.up, sync_trigger(table));
  prepend(out.down, drop_sync_trigger(table));
  return out;
}

Statements dual_write_fill(const DualTable& table) {
  Statements out;
  out.up.push_back(backfill(table));
  for (const DualColumn& column : table.columns) {
    Statements one;
    fill_column(table, column, one);
    append(out.up, one.up);
    prepend(out.down, one.down);
  }
  return out;
}

Statements dual_write_finish(const DualTable& table) {
  Statements out;
  out.up = drop_sync_trigger(table);
  out.down = sync_trigger(table);
  for (const DualColumn& column : table.columns) {
    finish_column(table, column, out);
  }
  return out;
}

}  // namespace svcgen::migrate
