// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "schema_check/catalog.hpp"

#include <libpq-fe.h>

#include <set>

#include "svcgen/config.hpp"

namespace svcgen::schema_check {
namespace {

constexpr const char* kTables = R"sql(
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p'))sql";

constexpr const char* kColumns = R"sql(
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
       a.attidentity::text, pg_get_expr(d.adbin, d.adrelid), d.adbin IS NOT NULL
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum)sql";

// Column lists joined with chr(31), which no identifier svcgen writes contains.
constexpr const char* kConstraints = R"sql(
SELECT t.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid),
       con.confdeltype::text, con.convalidated::text,
       COALESCE((SELECT string_agg(a.attname, chr(31) ORDER BY k.n)
                 FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), ''),
       COALESCE((SELECT relname FROM pg_class WHERE oid = con.confrelid), ''),
       COALESCE((SELECT string_agg(a.attname, chr(31) ORDER BY k.n)
                 FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), '')
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND con.contype IN ('p', 'c', 'f')
ORDER BY t.relname, con.conname)sql";

constexpr const char* kIndexes = R"sql(
SELECT t.relname, i.relname, x.indisunique::text, x.indisvalid::text,
       pg_get_expr(x.indpred, x.indrelid), x.indpred IS NOT NULL,
       (SELECT string_agg(COALESCE(a.attname, '(expression)'), chr(31) ORDER BY k.n)
        FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
        LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
        WHERE k.n <= x.indnkeyatts)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND NOT x.indisprimary
ORDER BY t.relname, i.relname)sql";

constexpr const char* kTriggers = R"sql(
SELECT c.relname, t.tgname, (t.tgenabled <> 'D')::text
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT t.tgisinternal
ORDER BY c.relname, t.tgname)sql";

constexpr const char* kViews = R"sql(
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('v', 'm'))sql";

constexpr const char* kFunctions = R"sql(
SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1)sql";

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\x1f', start);
    names.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return names;
}

std::string comma_joined(const std::string& names) {
  std::string text = names;
  for (char& c : text) {
    c = c == '\x1f' ? ',' : c;
  }
  return text;
}

std::string on_delete_name(const std::string& code) {
  if (code == "r") {
    return "restrict";
  }
  if (code == "c") {
    return "cascade";
  }
  if (code == "n") {
    return "setNull";
  }
  return code == "d" ? "setDefault" : "noAction";
}

class Reader {
 public:
  Reader(const std::string& url, const std::string& schema, std::string& error) : schema_(schema) {
    // Read-only twice over: the session default and the transaction below.
    const char* keys[] = {"dbname", "application_name", "options", "connect_timeout", nullptr};
    const char* values[] = {url.c_str(), "svcgen-migrate-check",
                            "-c default_transaction_read_only=on", "10", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    if (PQstatus(conn_) != CONNECTION_OK) {
      error =
          "cannot connect to the database: " + redact_connection_error(PQerrorMessage(conn_), url);
      while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) {
        error.pop_back();
      }
    }
  }
  ~Reader() { PQfinish(conn_); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Rows of text, or nothing with `error_` set.
  std::optional<std::vector<std::vector<std::string>>> query(const std::string& sql,
                                                             bool with_schema = true) {
    const char* params[] = {schema_.c_str()};
    std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexecParams(conn_, sql.c_str(), with_schema ? 1 : 0, nullptr, params, nullptr, nullptr, 0),
        PQclear);
    ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      error_ = PQresultErrorMessage(result.get());
      while (!error_.empty() && (error_.back() == '\n' || error_.back() == ' ')) {
        error_.pop_back();
      }
      return std::nullopt;
    }
    std::vector<std::vector<std::string>> rows;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      std::vector<std::string> cells;
      cells.reserve(static_cast<std::size_t>(PQnfields(result.get())));
      for (int column = 0; column < PQnfields(result.get()); ++column) {
        cells.emplace_back(PQgetvalue(result.get(), row, column));
      }
      rows.push_back(std::move(cells));
    }
    return rows;
  }

  std::string quoted_schema() const {
    char* quoted = PQescapeIdentifier(conn_, schema_.c_str(), schema_.size());
    std::string text = quoted ? quoted : schema_;
    PQfreemem(quoted);
    return text;
  }

  const std::string& error() const { return error_; }

 private:
  PGconn* conn_ = nullptr;
  std::string schema_;
  std::string error_;
};

void add_constraint(TableShape& table, const std::vector<std::string>& row) {
  const std::string& kind = row[2];
  bool validated = row[5] == "true";
  if (kind == "p") {
    table.primary_key_constraint = row[1];
    table.primary_key = comma_joined(row[6]);
  } else if (kind == "c") {
    CheckShape check = parse_check_definition(row[1], comma_joined(row[6]), row[3]);
    check.validated = validated;
    table.checks.push_back(check);
  } else {
    table.foreign_keys.push_back({row[1], comma_joined(row[6]), row[7], comma_joined(row[8]),
                                  on_delete_name(row[4]), validated});
  }
}

std::optional<SchemaShape> read_schema(Reader& reader) {
  auto tables = reader.query(kTables);
  auto columns = tables ? reader.query(kColumns) : std::nullopt;
  auto constraints = columns ? reader.query(kConstraints) : std::nullopt;
  auto indexes = constraints ? reader.query(kIndexes) : std::nullopt;
  auto triggers = indexes ? reader.query(kTriggers) : std::nullopt;
  if (!triggers) {
    return std::nullopt;
  }
  SchemaShape schema;
  for (const auto& row : *tables) {
    schema[row[0]].name = row[0];
  }
  for (const auto& row : *columns) {
    std::string identity = row[4] == "a" ? "always" : row[4] == "d" ? "by default" : "";
    std::optional<std::string> default_sql;
    if (row[6] == "t") {
      default_sql = normalise_expression(row[5]);
    }
    schema[row[0]].columns.push_back(
        {row[1], snapshot_type(row[2]), row[3] != "true", identity, default_sql});
  }
  for (const auto& row : *constraints) {
    add_constraint(schema[row[0]], row);
  }
  for (const auto& row : *indexes) {
    std::optional<std::string> where;
    if (row[5] == "t") {
      where = normalise_expression(row[4]);
    }
    schema[row[0]].indexes.push_back(
        {row[1], split_names(row[6]), row[2] == "true", where, row[3] == "true"});
  }
  for (const auto& row : *triggers) {
    schema[row[0]].triggers.push_back({row[1], row[2] == "true"});
  }
  return schema;
}

// The names the first column of `sql`'s rows holds, or nothing when the query failed.
std::optional<std::set<std::string>> read_names(Reader& reader, const char* sql) {
  auto rows = reader.query(sql);
  if (!rows) {
    return std::nullopt;
  }
  std::set<std::string> names;
  for (const auto& row : *rows) {
    names.insert(row[0]);
  }
  return names;
}

std::optional<std::vector<AppliedMigration>> read_applied(Reader& reader) {
  auto exists = reader.query(
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = $1 AND c.relname = 'svcgen_schema_migrations'");
  if (!exists) {
    return std::nullopt;
  }
  std::vector<AppliedMigration> applied;
  if ((*exists)[0][0] == "0") {
    return applied;
  }
  auto rows = reader.query("SELECT version, name, checksum FROM " + reader.quoted_schema() +
                               ".svcgen_schema_migrations ORDER BY version",
                           false);
  if (!rows) {
    return std::nullopt;
  }
  for (const auto& row : *rows) {
    applied.push_back({std::stol(row[0]), row[1], row[2]});
  }
  return applied;
}

}  // namespace

std::optional<LiveDatabase> read_live_database(const std::string& url, const std::string& schema,
                                               std::string& error) {
  Reader reader(url, schema, error);
  if (!error.empty()) {
    return std::nullopt;
  }
  // One snapshot of the catalog for every query, so a migration running meanwhile cannot
  // show half of itself.
  LiveDatabase live;
  std::optional<SchemaShape> shape;
  std::optional<std::set<std::string>> views;
  std::optional<std::set<std::string>> functions;
  std::optional<std::vector<AppliedMigration>> applied;
  if (reader.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", false)) {
    shape = read_schema(reader);
    views = shape ? read_names(reader, kViews) : std::nullopt;
    functions = views ? read_names(reader, kFunctions) : std::nullopt;
    applied = functions ? read_applied(reader) : std::nullopt;
  }
  if (!applied) {
    error = "cannot read the catalog: " + reader.error();
    return std::nullopt;
  }
  reader.query("COMMIT", false);
  live.schema = std::move(*shape);
  live.views = std::move(*views);
  live.functions = std::move(*functions);
  live.applied = std::move(*applied);
  return live;
}

}  // namespace svcgen::schema_check
