#pragma once

#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

// Descriptions of a database schema as sorted lines, so two can be compared and a difference
// reads as a diff: one read from the live catalog (pg_catalog), one computed from svcgen's
// snapshot of what the models ask for.
namespace svcgen::testing {

struct Catalog {
  std::vector<std::vector<std::string>> columns;  // table, column, type, notnull, identity, default
  std::vector<std::vector<std::string>>
      constraints;  // table, name, type, definition, validated, ref table, on delete
  std::vector<std::vector<std::string>> indexes;  // table, name, definition, valid, unique
};

inline std::vector<std::vector<std::string>> query_rows(PGconn* conn, const std::string& sql,
                                                        const std::string& schema) {
  const char* values[] = {schema.c_str()};
  PGresult* result = PQexecParams(conn, sql.c_str(), 1, nullptr, values, nullptr, nullptr, 0);
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    std::string error = PQresultErrorMessage(result);
    PQclear(result);
    throw std::runtime_error(error);
  }
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < PQntuples(result); ++i) {
    std::vector<std::string> row;
    for (int j = 0; j < PQnfields(result); ++j) {
      row.emplace_back(PQgetvalue(result, i, j));
    }
    rows.push_back(row);
  }
  PQclear(result);
  return rows;
}

inline Catalog read_catalog(const std::string& url, const std::string& schema) {
  PGconn* conn = PQconnectdb(url.c_str());
  Catalog catalog;
  // The runner's own tables (the svcgen_ prefix is reserved for them) are not the models'.
  const std::string user_tables =
      "n.nspname = $1 AND c.relkind = 'r' AND c.relname NOT IN ('svcgen_schema_migrations', "
      "'svcgen_schema_migrations_progress')";
  catalog.columns = query_rows(
      conn,
      "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, "
      "a.attidentity::text, coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a "
      "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
      "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE " +
          user_tables + " AND a.attnum > 0 AND NOT a.attisdropped",
      schema);
  catalog.constraints = query_rows(
      conn,
      "SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid), "
      "con.convalidated::text, coalesce(r.relname, ''), con.confdeltype::text FROM pg_constraint "
      "con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = "
      "c.relnamespace LEFT JOIN pg_class r ON r.oid = con.confrelid WHERE " +
          user_tables + " AND con.contype IN ('p', 'c', 'f', 'u')",
      schema);
  catalog.indexes = query_rows(
      conn,
      "SELECT c.relname, i.relname, pg_get_indexdef(i.oid), ix.indisvalid::text, "
      "ix.indisunique::text FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN "
      "pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " +
          user_tables + " AND NOT ix.indisprimary",
      schema);
  PQfinish(conn);
  return catalog;
}

inline std::string join_sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const std::string& line : lines) {
    text += line + "\n";
  }
  return text;
}

// Everything the catalog says, with the schema name removed: two schemas built the same way
// describe the same.
inline std::string full_description(const std::string& url, const std::string& schema) {
  Catalog catalog = read_catalog(url, schema);
  std::vector<std::string> lines;
  auto strip = [&](std::string text) {
    return std::regex_replace(text, std::regex(schema + "\\."), "");
  };
  for (const auto& row : catalog.columns) {
    lines.push_back("column " + row[0] + "." + row[1] + " " + row[2] + " notnull=" + row[3] +
                    " identity=" + row[4] + " default=" + strip(row[5]));
  }
  for (const auto& row : catalog.constraints) {
    lines.push_back("constraint " + row[0] + "." + row[1] + " " + row[2] + " " + strip(row[3]) +
                    " valid=" + row[4]);
  }
  for (const auto& row : catalog.indexes) {
    lines.push_back("index " + row[0] + "." + row[1] + " " + strip(row[2]) + " valid=" + row[3]);
  }
  return join_sorted(lines);
}

inline std::string catalog_type(const std::string& type) {
  std::smatch match;
  if (std::regex_match(type, match, std::regex(R"(varchar\((\d+)\))"))) {
    return "character varying(" + match[1].str() + ")";
  }
  if (type == "timestamptz") {
    return "timestamp with time zone";
  }
  if (type == "time") {
    return "time without time zone";
  }
  return type;
}

inline std::string on_delete_code(const std::string& action) {
  return action == "cascade" ? "c" : action == "setNull" ? "n" : "r";
}

// What the models ask for, at the level of detail both sides can state: tables, columns with
// type, nullability, identity and whether there is a default; constraints by name and kind,
// foreign keys with target and action; indexes with uniqueness, columns and partiality.
inline std::string model_description_from_snapshot(const nlohmann::json& snapshot) {
  std::vector<std::string> lines;
  for (const auto& table : snapshot["tables"]) {
    std::string name = table["name"];
    for (const auto& column : table["columns"]) {
      lines.push_back("column " + name + "." + column["name"].get<std::string>() + " " +
                      catalog_type(column["type"]) +
                      " notnull=" + (column["nullable"].get<bool>() ? "false" : "true") +
                      " identity=" + (column.value("identity", false) ? "yes" : "no") +
                      " default=" + (column.contains("default") ? "yes" : "no"));
    }
    lines.push_back("constraint " + name + "." + table["primaryKeyConstraint"].get<std::string>() +
                    " p");
    for (const auto& check : table["checks"]) {
      lines.push_back("constraint " + name + "." + check["name"].get<std::string>() + " c");
    }
    for (const auto& key : table["foreignKeys"]) {
      lines.push_back("constraint " + name + "." + key["name"].get<std::string>() + " f -> " +
                      key["references"].get<std::string>() + " " + on_delete_code(key["onDelete"]));
    }
    for (const auto& index : table["indexes"]) {
      std::string columns;
      for (const auto& column : index["columns"]) {
        columns += (columns.empty() ? "" : ", ") + column.get<std::string>();
      }
      lines.push_back("index " + name + "." + index["name"].get<std::string>() +
                      " unique=" + (index["unique"].get<bool>() ? "true" : "false") + " (" +
                      columns + ")" + (index.contains("where") ? " partial" : ""));
    }
  }
  return join_sorted(lines);
}

inline std::string model_description_from_catalog(const std::string& url,
                                                  const std::string& schema) {
  Catalog catalog = read_catalog(url, schema);
  std::vector<std::string> lines;
  for (const auto& row : catalog.columns) {
    lines.push_back("column " + row[0] + "." + row[1] + " " + row[2] + " notnull=" + row[3] +
                    " identity=" + (row[4] == "a" ? "yes" : "no") +
                    " default=" + (row[5].empty() || row[4] == "a" ? "no" : "yes"));
  }
  for (const auto& row : catalog.constraints) {
    std::string line = "constraint " + row[0] + "." + row[1] + " " + row[2];
    if (row[2] == "f") {
      line += " -> " + row[5] + " " + (row[6] == "a" ? "r" : row[6]);
    }
    lines.push_back(line);
  }
  for (const auto& row : catalog.indexes) {
    std::smatch match;
    std::regex_search(row[2], match, std::regex(R"(USING btree \(([^)]*)\))"));
    lines.push_back("index " + row[0] + "." + row[1] + " unique=" + row[4] + " (" + match[1].str() +
                    ")" + (row[2].find(" WHERE ") != std::string::npos ? " partial" : ""));
  }
  return join_sorted(lines);
}

}  // namespace svcgen::testing
