#include "migrate/sql_text.hpp"

#include <vector>

namespace svcgen::migrate::sql {
namespace {

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

}  // namespace

std::string alter(const std::string& table) { return "ALTER TABLE " + quote_ident(table) + " "; }

std::string column_definition(const Column& column) {
  std::string text = quote_ident(column.name) + " " + column.type.render();
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

std::string create_table(const Table& table) {
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

std::string create_index(const std::string& table, const Index& index, bool concurrently) {
  return std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
         (concurrently ? "CONCURRENTLY " : "") + quote_ident(index.name) + " ON " +
         quote_ident(table) + " (" + quoted_columns(index.columns) + ")" +
         (index.where ? " WHERE " + *index.where : "");
}

std::string add_foreign_key(const std::string& table, const ForeignKey& key) {
  return alter(table) + "ADD CONSTRAINT " + quote_ident(key.name) + " FOREIGN KEY (" +
         quote_ident(key.column) + ") REFERENCES " + quote_ident(key.references) + " (" +
         quote_ident(key.ref_column) + ") ON DELETE " + on_delete_sql(key.on_delete);
}

std::string add_check(const std::string& table, const Check& check) {
  return alter(table) + "ADD CONSTRAINT " + quote_ident(check.name) + " CHECK (" +
         check_expression(check) + ")";
}

std::string drop_constraint(const std::string& table, const std::string& name) {
  return alter(table) + "DROP CONSTRAINT " + quote_ident(name);
}

std::string rename(const std::string& table, const std::string& what, const std::string& from,
                   const std::string& to) {
  return alter(table) + "RENAME " + what + " " + quote_ident(from) + " TO " + quote_ident(to);
}

std::string retype(const std::string& table, const Column& column) {
  std::string type = column.type.render();
  return alter(table) + "ALTER COLUMN " + quote_ident(column.name) + " TYPE " + type + " USING " +
         quote_ident(column.name) + "::" + type;
}

std::string set_default(const std::string& table, const Column& column) {
  return alter(table) + "ALTER COLUMN " + quote_ident(column.name) +
         (column.default_sql ? " SET DEFAULT " + *column.default_sql : " DROP DEFAULT");
}

}  // namespace svcgen::migrate::sql
