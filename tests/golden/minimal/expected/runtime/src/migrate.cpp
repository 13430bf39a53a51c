// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/migrate.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <ostream>
#include <thread>

#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"

namespace svcgen {

bool split_sql(const std::string& text, std::vector<SqlStatement>& statements, std::string& error) {
  std::string current;
  int line = 1;
  int start_line = 1;
  bool has_code = false;
  std::size_t i = 0;
  auto flush = [&] {
    if (has_code) {
      std::size_t end = current.find_last_not_of(" \t\r\n");
      statements.push_back({current.substr(0, end + 1), start_line});
    }
    current.clear();
    has_code = false;
  };
  while (i < text.size()) {
    char c = text[i];
    if (!has_code && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      line += c == '\n';
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      std::size_t end = text.find('\n', i);
      end = end == std::string::npos ? text.size() : end;
      if (has_code) {
        current.append(text, i, end - i);
      }
      i = end;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      int depth = 0;
      std::size_t j = i;
      int comment_line = line;
      while (j < text.size()) {
        if (text.compare(j, 2, "/*") == 0) {
          ++depth;
          j += 2;
        } else if (text.compare(j, 2, "*/") == 0) {
          --depth;
          j += 2;
          if (depth == 0) {
            break;
          }
        } else {
          line += text[j] == '\n';
          ++j;
        }
      }
      if (depth != 0) {
        error = "unterminated /* comment starting on line " + std::to_string(comment_line);
        return false;
      }
      if (has_code) {
        current.append(text, i, j - i);
      }
      i = j;
      continue;
    }
    if (!has_code) {
      has_code = true;
      start_line = line;
    }
    if (c == ';') {
      flush();
      ++i;
      continue;
    }
    if (c == '\'' || c == '"') {
      bool escapes = c == '\'' && i > 0 && (text[i - 1] == 'E' || text[i - 1] == 'e');
      std::size_t j = i + 1;
      int quote_line = line;
      while (j < text.size()) {
        if (escapes && text[j] == '\\') {
          j += 2;
          continue;
        }
        if (text[j] == c) {
          if (j + 1 < text.size() && text[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        line += text[j] == '\n';
        ++j;
      }
      if (j >= text.size()) {
        error = std::string("unterminated ") + (c == '\'' ? "string" : "quoted identifier") +
                " starting on line " + std::to_string(quote_line);
        return false;
      }
      current.append(text, i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (c == '$') {
      std::size_t close = text.find('$', i + 1);
      std::string tag = close == std::string::npos ? "" : text.substr(i, close - i + 1);
      bool valid_tag = !tag.empty() && std::all_of(tag.begin() + 1, tag.end() - 1, [](char t) {
        return std::isalnum(static_cast<unsigned char>(t)) || t == '_';
      });
      if (valid_tag && !(tag.size() > 2 && std::isdigit(static_cast<unsigned char>(tag[1])))) {
        std::size_t end = text.find(tag, close + 1);
        if (end == std::string::npos) {
          error = "unterminated dollar-quoted string " + tag + " starting on line " +
                  std::to_string(line);
          return false;
        }
        for (std::size_t k = i; k < end; ++k) {
          line += text[k] == '\n';
        }
        current.append(text, i, end + tag.size() - i);
        i = end + tag.size();
        continue;
      }
    }
    line += c == '\n';
    current += c;
    ++i;
  }
  flush();
  return true;
}

namespace {

using Clock = std::chrono::steady_clock;

struct Result {
  std::shared_ptr<PGresult> result;
  bool ok() const {
    ExecStatusType status = PQresultStatus(result.get());
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  }
  std::string sqlstate() const {
    const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    return state ? state : "";
  }
  std::string error() const {
    std::string message = PQresultErrorMessage(result.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    return message;
  }
};

class Session {
 public:
  Session(const Config& config, std::string& error) {
    std::string options =
        "-c lock_timeout=" + std::to_string(config.migration_lock_timeout.count()) +
        " -c statement_timeout=0 -c TimeZone=UTC -c search_path=" + config.db_schema;
    std::string application = config.db_application_name + "-migrate";
    const char* keys[] = {"dbname", "application_name", "options", "connect_timeout", nullptr};
    const char* values[] = {config.db_write_url.c_str(), application.c_str(), options.c_str(), "10",
                            nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    if (PQstatus(conn_) != CONNECTION_OK) {
      error = "cannot connect to the database: " +
              redact_connection_error(PQerrorMessage(conn_), config.db_write_url);
      while (!error.empty() && error.back() == '\n') {
        error.pop_back();
      }
    }
  }
  ~Session() { PQfinish(conn_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Result exec(const std::string& sql) {
    return {std::shared_ptr<PGresult>(PQexec(conn_, sql.c_str()), PQclear)};
  }
  Result exec(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::string& param : params) {
      values.push_back(param.c_str());
    }
    return {
        std::shared_ptr<PGresult>(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                               nullptr, values.data(), nullptr, nullptr, 0),
                                  PQclear)};
  }

 private:
  PGconn* conn_ = nullptr;
};

struct Applied {
  long version;
  std::string name;
  std::string checksum;
  std::string applied_at;
};

std::string file_name(const Migration& migration, bool up) {
  return concat(
      {zero_padded(migration.version, 6), "_", migration.name, up ? ".up.sql" : ".down.sql"});
}

// One row of `migrate status`, in columns; a longer value widens its row instead of being cut.
void print_status_row(std::ostream& out, std::string_view version, std::string_view name,
                      std::string_view applied_at, std::string_view state) {
  auto padded = [](std::string_view text, std::size_t width) {
    std::string cell(text);
    cell.resize(std::max(width, text.size()), ' ');
    return cell;
  };
  out << padded(version, 8) << ' ' << padded(name, 40) << ' ' << padded(applied_at, 22) << ' '
      << state << '\n';
}

// The advisory lock key: stable for a schema, distinct across schemas in one database.
std::string lock_key(const std::string& schema) {
  std::string hex = sha256_hex("svcgen_schema_migrations:" + schema).substr(0, 15);
  return std::to_string(std::stoll(hex, nullptr, 16));
}

class Run {
 public:
  Run(const Config& config, const std::vector<Migration>& migrations, std::ostream& out)
      : config_(config), migrations_(migrations), out_(out) {}

  // Connects, prepares the schema and tracking table, takes the lock and reads what is applied.
  std::string open() {
    std::string error;
    for (std::size_t i = 1; i < migrations_.size(); ++i) {
      if (migrations_[i].version <= migrations_[i - 1].version) {
        return "migrations " + file_name(migrations_[i - 1], true) + " and " +
               file_name(migrations_[i], true) + " are out of order or share a version";
      }
    }
    session_ = std::make_unique<Session>(config_, error);
    if (!error.empty()) {
      return error;
    }
    // Another instance may be migrating: wait for its lock by polling. Blocking in
    // pg_advisory_lock would keep a transaction open, and CREATE INDEX CONCURRENTLY in the
    // other instance waits for every open transaction: the two would deadlock.
    auto deadline = Clock::now() + std::chrono::minutes(15);
    while (true) {
      Result locked =
          session_->exec("SELECT pg_try_advisory_lock(" + lock_key(config_.db_schema) + ")");
      if (!locked.ok()) {
        return "cannot take the migration lock: " + locked.error();
      }
      if (std::string(PQgetvalue(locked.result.get(), 0, 0)) == "t") {
        break;
      }
      if (Clock::now() > deadline) {
        return "another instance held the migration lock for 15 minutes; giving up";
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Only under the lock: concurrent CREATE ... IF NOT EXISTS of one name can still fail on
    // PostgreSQL's catalog unique index when several instances start on an empty database.
    Result exists =
        session_->exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {config_.db_schema});
    if (!exists.ok()) {
      return exists.error();
    }
    if (PQntuples(exists.result.get()) == 0) {
      Result created = session_->exec("CREATE SCHEMA IF NOT EXISTS \"" + config_.db_schema + "\"");
      if (!created.ok()) {
        return "cannot create schema " + config_.db_schema + ": " + created.error();
      }
    }
    Result table = session_->exec(
        "CREATE TABLE IF NOT EXISTS svcgen_schema_migrations (version bigint PRIMARY KEY, "
        "name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT "
        "now(), execution_ms bigint NOT NULL)");
    if (!table.ok()) {
      return "cannot create svcgen_schema_migrations: " + table.error();
    }
    Result rows = session_->exec(
        "SELECT version, name, checksum, to_char(applied_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "FROM svcgen_schema_migrations ORDER BY version");
    if (!rows.ok()) {
      return rows.error();
    }
    for (int i = 0; i < PQntuples(rows.result.get()); ++i) {
      applied_.push_back({std::stol(PQgetvalue(rows.result.get(), i, 0)),
                          PQgetvalue(rows.result.get(), i, 1), PQgetvalue(rows.result.get(), i, 2),
                          PQgetvalue(rows.result.get(), i, 3)});
    }
    return "";
  }

  const Migration* known(long version) const {
    for (const Migration& migration : migrations_) {
      if (migration.version == version) {
        return &migration;
      }
    }
    return nullptr;
  }

  // Refuses when the database does not match what this binary carries.
  std::string verify_applied() const {
    for (const Applied& row : applied_) {
      const Migration* migration = known(row.version);
      if (!migration) {
        return "the database has migration " + std::to_string(row.version) + " (" + row.name +
               ") applied, which this binary does not know: the database is ahead of the "
               "binary. Deploy the newer binary, or migrate down with it";
      }
      if (sha256_hex(migration->up) != row.checksum) {
        return file_name(*migration, true) +
               " was changed after it was applied (its checksum differs from the one recorded "
               "in svcgen_schema_migrations). Restore the applied version, or write a new "
               "migration for the change";
      }
    }
    return "";
  }

  bool is_applied(long version) const {
    return std::any_of(applied_.begin(), applied_.end(),
                       [&](const Applied& row) { return row.version == version; });
  }

  // Runs one file: in a transaction with the tracking change, unless it is marked to run
  // outside one. Retries a lock timeout a few times, since it only means someone held a lock.
  std::string run_file(const Migration& migration, bool up,
                       const std::vector<SqlStatement>& statements) {
    std::string file = file_name(migration, up);
    bool transactional = !runs_outside_transaction(up ? migration.up : migration.down);
    std::string checksum = sha256_hex(migration.up);
    for (int attempt = 1;; ++attempt) {
      auto started = Clock::now();
      std::string failure;
      bool lock_timeout = false;
      if (transactional) {
        session_->exec("BEGIN");
      }
      for (const SqlStatement& statement : statements) {
        Result result = session_->exec(statement.sql);
        if (!result.ok()) {
          lock_timeout = result.sqlstate() == "55P03";
          std::string first_line = statement.sql.substr(0, statement.sql.find('\n'));
          failure = concat({file, ":", std::to_string(statement.line), ": ", result.error(),
                            "\n  in: ", first_line});
          break;
        }
      }
      long elapsed_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
      if (failure.empty()) {
        Result tracked =
            up ? session_->exec(
                     "INSERT INTO svcgen_schema_migrations (version, name, checksum, "
                     "execution_ms) VALUES ($1, $2, $3, $4)",
                     {std::to_string(migration.version), migration.name, checksum,
                      std::to_string(elapsed_ms)})
               : session_->exec("DELETE FROM svcgen_schema_migrations WHERE version = $1",
                                {std::to_string(migration.version)});
        if (!tracked.ok()) {
          failure = file + ": cannot record it in svcgen_schema_migrations: " + tracked.error();
        }
      }
      if (failure.empty()) {
        if (transactional) {
          Result committed = session_->exec("COMMIT");
          if (!committed.ok()) {
            return file + ": commit failed: " + committed.error();
          }
        }
        out_ << (up ? "applied " : "reverted ") << file << " (" << elapsed_ms << " ms)\n";
        return "";
      }
      if (transactional) {
        session_->exec("ROLLBACK");
      }
      if (lock_timeout && attempt < 4 && transactional) {
        out_ << file << ": lock timeout, retrying (attempt " << attempt + 1 << " of 4)\n";
        std::this_thread::sleep_for(std::chrono::milliseconds(500 * attempt));
        continue;
      }
      std::string state = transactional
                              ? "nothing of it was applied"
                              : "it runs outside a transaction, so the statements before the "
                                "failing one were applied; fix the cause and run it again";
      return concat({failure, "\n", file, " failed: ", state});
    }
  }

  std::vector<Applied>& applied() { return applied_; }

 private:
  const Config& config_;
  const std::vector<Migration>& migrations_;
  std::ostream& out_;
  std::unique_ptr<Session> session_;
  std::vector<Applied> applied_;
};

}  // namespace

Migrator::Migrator(const Config& config, std::vector<Migration> migrations, const Logger& logger)
    : config_(config), migrations_(std::move(migrations)), logger_(logger) {
  std::sort(migrations_.begin(), migrations_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

std::string Migrator::up(std::ostream& out) {
  Run run(config_, migrations_, out);
  if (std::string error = run.open(); !error.empty()) {
    return error;
  }
  if (std::string error = run.verify_applied(); !error.empty()) {
    return error;
  }
  long highest_applied = run.applied().empty() ? 0 : run.applied().back().version;
  // Parse every pending file before the first one runs.
  std::vector<std::pair<const Migration*, std::vector<SqlStatement>>> pending;
  for (const Migration& migration : migrations_) {
    if (run.is_applied(migration.version)) {
      continue;
    }
    if (migration.version < highest_applied) {
      return file_name(migration, true) + " is pending, but a later migration (" +
             std::to_string(highest_applied) +
             ") is already applied; run `svcgen migrate renumber` so it comes after it";
    }
    std::vector<SqlStatement> statements;
    std::string error;
    if (!split_sql(migration.up, statements, error)) {
      return file_name(migration, true) + ": " + error + "; no migration was applied";
    }
    pending.emplace_back(&migration, std::move(statements));
  }
  if (pending.empty()) {
    out << "the database is up to date (version " << highest_applied << ")\n";
    return "";
  }
  for (const auto& [migration, statements] : pending) {
    if (std::string error = run.run_file(*migration, true, statements); !error.empty()) {
      logger_.error("migration failed", {{"migration", file_name(*migration, true)}});
      return error;
    }
    logger_.info("migration applied", {{"migration", file_name(*migration, true)}});
  }
  return "";
}

std::string Migrator::down(int count, std::ostream& out) {
  Run run(config_, migrations_, out);
  if (std::string error = run.open(); !error.empty()) {
    return error;
  }
  if (std::string error = run.verify_applied(); !error.empty()) {
    return error;
  }
  std::vector<Applied> applied = run.applied();
  if (applied.empty()) {
    out << "no migration is applied\n";
    return "";
  }
  std::vector<std::pair<const Migration*, std::vector<SqlStatement>>> reverting;
  for (int i = 0; i < count && !applied.empty(); ++i) {
    const Migration* migration = run.known(applied.back().version);
    applied.pop_back();
    std::vector<SqlStatement> statements;
    std::string error;
    if (!split_sql(migration->down, statements, error)) {
      return file_name(*migration, false) + ": " + error + "; nothing was reverted";
    }
    reverting.emplace_back(migration, std::move(statements));
  }
  for (const auto& [migration, statements] : reverting) {
    if (std::string error = run.run_file(*migration, false, statements); !error.empty()) {
      return error;
    }
  }
  return "";
}

std::string Migrator::status(std::ostream& out) {
  Run run(config_, migrations_, out);
  if (std::string error = run.open(); !error.empty()) {
    return error;
  }
  std::map<long, const Applied*> applied;
  for (const Applied& row : run.applied()) {
    applied[row.version] = &row;
  }
  print_status_row(out, "version", "name", "applied at", "state");
  for (const Migration& migration : migrations_) {
    auto found = applied.find(migration.version);
    std::string state = "pending";
    std::string when = "-";
    if (found != applied.end()) {
      when = found->second->applied_at;
      state = found->second->checksum == sha256_hex(migration.up) ? "applied"
                                                                  : "applied, checksum differs";
      applied.erase(found);
    }
    print_status_row(out, zero_padded(migration.version, 6), migration.name, when, state);
  }
  for (const auto& [version, row] : applied) {
    print_status_row(out, zero_padded(version, 6), row->name, row->applied_at,
                     "applied, unknown to this binary");
  }
  return run.verify_applied();
}

Service::ReadinessCheck migrations_applied(Db& db, const std::vector<Migration>& migrations) {
  auto expected = std::make_shared<std::map<long, std::string>>();
  for (const Migration& migration : migrations) {
    (*expected)[migration.version] = sha256_hex(migration.up);
  }
  return [&db, expected]() -> Task<std::optional<std::string>> {
    if (expected->empty()) {
      co_return std::nullopt;
    }
    Rows rows;
    try {
      rows = co_await db.execute_sql(
          "SELECT version, checksum FROM svcgen_schema_migrations ORDER BY version");
    } catch (const DbError& error) {
      co_return std::string("cannot read svcgen_schema_migrations: ") + error.what();
    }
    std::map<long, std::string> applied;
    for (int i = 0; i < rows.size(); ++i) {
      applied[std::stol(std::string(rows.text(i, 0)))] = std::string(rows.text(i, 1));
    }
    for (const auto& [version, checksum] : *expected) {
      auto found = applied.find(version);
      if (found == applied.end()) {
        co_return "migration " + std::to_string(version) + " is not applied yet";
      }
      if (found->second != checksum) {
        co_return "migration " + std::to_string(version) + " was applied with another checksum";
      }
    }
    co_return std::nullopt;
  };
}

}  // namespace svcgen
