// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "migrate_run.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <random>
#include <regex>
#include <thread>

#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"

namespace svcgen::migrate_detail {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kLockTimeout = "55P03";

// The advisory lock key: stable for a schema, distinct across schemas in one database.
std::string lock_key(const std::string& schema) {
  std::string hex = sha256_hex("svcgen_schema_migrations:" + schema).substr(0, 15);
  return std::to_string(std::stoll(hex, nullptr, 16));
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

long elapsed_ms(Clock::time_point started) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
}

// Exponential backoff with jitter: retry n waits between half and all of 200 ms * 2^(n-1),
// at most 10 s, so that runners retrying together do not meet on the lock again.
std::chrono::milliseconds backoff(int retry) {
  long nominal = std::min<long>(10000, 200L << std::min(retry - 1, 10));
  static thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<long> jitter(0, nominal / 2);
  return std::chrono::milliseconds(nominal - nominal / 2 + jitter(random));
}

}  // namespace

std::string Run::connect(long connect_seconds) {
  for (std::size_t i = 1; i < migrations_.size(); ++i) {
    if (migrations_[i].version <= migrations_[i - 1].version) {
      return "migrations " + migration_file_name(migrations_[i - 1]) + " and " +
             migration_file_name(migrations_[i]) + " are out of order or share a version";
    }
  }
  std::string error;
  session_ = std::make_unique<Session>(config_, error, connect_seconds);
  return error;
}

std::string Run::take_lock() {
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
    if (locked.text(0, 0) == "t") {
      return "";
    }
    if (Clock::now() > deadline) {
      return "another instance held the migration lock for 15 minutes; giving up";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::string Run::create_tables() {
  // Only under the lock: concurrent CREATE ... IF NOT EXISTS of one name can still fail on
  // PostgreSQL's catalog unique index when several instances start on an empty database.
  Result exists =
      session_->exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {config_.db_schema});
  if (!exists.ok()) {
    return exists.error();
  }
  if (exists.rows() == 0) {
    Result created = session_->exec("CREATE SCHEMA IF NOT EXISTS \"" + config_.db_schema + "\"");
    if (!created.ok()) {
      return "cannot create schema " + config_.db_schema + ": " + created.error();
    }
  }
  // The column is added only where it is missing: ALTER TABLE would take a lock that the
  // readiness checks of running instances wait for, on every run.
  const char* statements[] = {
      "CREATE TABLE IF NOT EXISTS svcgen_schema_migrations (version bigint PRIMARY KEY, "
      "name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT "
      "now(), execution_ms bigint NOT NULL, waiting_contract bigint)",
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema "
      "= current_schema() AND table_name = 'svcgen_schema_migrations' AND column_name = "
      "'waiting_contract') THEN ALTER TABLE svcgen_schema_migrations ADD COLUMN IF NOT EXISTS "
      "waiting_contract bigint; END IF; END $$",
      "CREATE TABLE IF NOT EXISTS svcgen_schema_migrations_progress (version bigint PRIMARY "
      "KEY, name text NOT NULL, checksum text NOT NULL, statements_done integer NOT NULL, "
      "statements_total integer NOT NULL, failure text, updated_at timestamptz NOT NULL "
      "DEFAULT now())"};
  for (const char* statement : statements) {
    if (Result done = session_->exec(statement); !done.ok()) {
      return "cannot create the tracking tables next to svcgen_schema_migrations: " + done.error();
    }
  }
  return "";
}

std::string Run::read_applied(bool progress_table) {
  // A database that an older runner migrated has no waiting_contract column yet.
  Result column = session_->exec(
      "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND table_name = 'svcgen_schema_migrations' AND column_name = 'waiting_contract'");
  if (!column.ok()) {
    return column.error();
  }
  std::string waiting = column.text(0, 0) == "1" ? "coalesce(waiting_contract, 0)" : "0";
  Result rows = session_->exec(
      "SELECT version, name, checksum, to_char(applied_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " +
      waiting + " FROM svcgen_schema_migrations ORDER BY version");
  if (!rows.ok()) {
    return rows.error();
  }
  for (int i = 0; i < rows.rows(); ++i) {
    applied_.push_back({std::stol(rows.text(i, 0)), rows.text(i, 1), rows.text(i, 2),
                        rows.text(i, 3), std::stol(rows.text(i, 4))});
  }
  if (!progress_table) {
    return "";
  }
  Result progress = session_->exec(
      "SELECT version, checksum, statements_done, statements_total, coalesce(failure, '') FROM "
      "svcgen_schema_migrations_progress ORDER BY version");
  if (!progress.ok()) {
    return progress.error();
  }
  for (int i = 0; i < progress.rows(); ++i) {
    progress_[std::stol(progress.text(i, 0))] = {
        progress.text(i, 1), std::stoi(progress.text(i, 2)), std::stoi(progress.text(i, 3)),
        progress.text(i, 4)};
  }
  return "";
}

std::string Run::open() {
  if (std::string error = connect(10); !error.empty()) {
    return error;
  }
  for (auto step : {&Run::take_lock, &Run::create_tables}) {
    if (std::string error = (this->*step)(); !error.empty()) {
      return error;
    }
  }
  return read_applied(true);
}

std::string Run::open_read_only() {
  // Serving waits for this at start: no longer than a readiness probe would.
  long seconds =
      std::max<long>(1, static_cast<long>((config_.health_timeout.count() + 999) / 1000));
  if (std::string error = connect(seconds); !error.empty()) {
    return error;
  }
  Result tables = session_->exec(
      "SELECT to_regclass('svcgen_schema_migrations') IS NOT NULL, "
      "to_regclass('svcgen_schema_migrations_progress') IS NOT NULL");
  if (!tables.ok()) {
    return tables.error();
  }
  return tables.text(0, 0) == "t" ? read_applied(tables.text(0, 1) == "t") : "";
}

const Migration* Run::known(long version) const {
  for (const Migration& migration : migrations_) {
    if (migration.version == version) {
      return &migration;
    }
  }
  return nullptr;
}

Run::Failure Run::execute(const std::string& file, const SqlStatement& statement) {
  Result result = session_->exec(statement.sql);
  if (result.ok()) {
    return {};
  }
  std::string location = file + ":" + std::to_string(statement.line);
  return {concat({location, ": ", result.error(), "\n  in: ", first_line(statement.sql)}), location,
          location + ": " + first_line(result.error()), result.sqlstate() == kLockTimeout};
}

bool Run::back_off(const Failure& failure, int retry) {
  if (retry > config_.migration_retries) {
    return false;
  }
  std::chrono::milliseconds delay = backoff(retry);
  out_ << failure.location << ": lock timeout (MIGRATION_LOCK_TIMEOUT="
       << format_duration(config_.migration_lock_timeout) << "), retrying in " << delay.count()
       << " ms (retry " << retry << " of " << config_.migration_retries << ")" << std::endl;
  std::this_thread::sleep_for(delay);
  return true;
}

std::string Run::exhausted(bool transactional) const {
  return concat({transactional ? "nothing of it was applied: " : "",
                 "another session held a lock it needs for longer than MIGRATION_LOCK_TIMEOUT=",
                 format_duration(config_.migration_lock_timeout),
                 ", at the first try and at each of MIGRATION_RETRIES=",
                 std::to_string(config_.migration_retries),
                 " retries. Run it again once that session is done (pg_stat_activity shows it), ",
                 "or raise MIGRATION_LOCK_TIMEOUT or MIGRATION_RETRIES"});
}

std::string Run::record(const Migration& migration, bool up, long elapsed, long waiting_contract) {
  std::string version = std::to_string(migration.version);
  Result tracked =
      up ? session_->exec(
               "INSERT INTO svcgen_schema_migrations (version, name, checksum, execution_ms, "
               "waiting_contract) VALUES ($1, $2, $3, $4, NULLIF($5::bigint, 0))",
               {version, migration.name, sha256_hex(migration.up), std::to_string(elapsed),
                std::to_string(waiting_contract)})
         : session_->exec("DELETE FROM svcgen_schema_migrations WHERE version = $1", {version});
  if (tracked.ok() && up) {
    tracked = session_->exec("DELETE FROM svcgen_schema_migrations_progress WHERE version = $1",
                             {version});
  }
  return tracked.ok() ? ""
                      : migration_file_name(migration, up) +
                            ": cannot record it in svcgen_schema_migrations: " + tracked.error();
}

void Run::record_progress(const Migration& migration, int done, int total,
                          const std::string& failure) {
  Result recorded = session_->exec(
      "INSERT INTO svcgen_schema_migrations_progress (version, name, checksum, statements_done, "
      "statements_total, failure) VALUES ($1, $2, $3, $4, $5, NULLIF($6, '')) ON CONFLICT "
      "(version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, "
      "statements_done = EXCLUDED.statements_done, statements_total = "
      "EXCLUDED.statements_total, failure = EXCLUDED.failure, updated_at = now()",
      {std::to_string(migration.version), migration.name, sha256_hex(migration.up),
       std::to_string(done), std::to_string(total), failure});
  if (!recorded.ok()) {
    out_ << migration_file_name(migration) << ": cannot record its progress: " << recorded.error()
         << "\n";
  }
}

// A CREATE INDEX CONCURRENTLY that failed (or timed out on a lock) leaves an invalid index of
// its name behind, which a rerun with IF NOT EXISTS would keep: drop it before running again.
void Run::drop_invalid_index(const std::string& statement) {
  static const std::regex create_index(
      R"(^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))",
      std::regex::icase);
  std::smatch match;
  if (!std::regex_search(statement, match, create_index)) {
    return;
  }
  std::string name = match[3].str();
  Result invalid = session_->exec(
      "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid", {name});
  if (invalid.ok() && invalid.rows() == 1) {
    Result dropped = session_->exec("DROP INDEX CONCURRENTLY IF EXISTS " + name);
    out_ << "dropped the invalid index " << name << " an interrupted CREATE INDEX CONCURRENTLY left"
         << (dropped.ok() ? "" : ": " + dropped.error()) << "\n";
  }
}

std::string Run::run_file(const Migration& migration, bool up,
                          const std::vector<SqlStatement>& statements, long waiting_contract) {
  return runs_outside_transaction(up ? migration.up : migration.down)
             ? run_statements(migration, up, statements, waiting_contract)
             : run_transaction(migration, up, statements, waiting_contract);
}

// A lock timeout rolls the whole transaction back before the next try, so that no lock it took
// is held while it waits: everyone else would queue behind those.
std::string Run::run_transaction(const Migration& migration, bool up,
                                 const std::vector<SqlStatement>& statements,
                                 long waiting_contract) {
  std::string file = migration_file_name(migration, up);
  for (int retry = 1;; ++retry) {
    auto started = Clock::now();
    Failure failure;
    if (Result begun = session_->exec("BEGIN"); !begun.ok()) {
      return file + ": cannot begin a transaction: " + begun.error();
    }
    for (const SqlStatement& statement : statements) {
      if (failure = execute(file, statement); !failure.text.empty()) {
        break;
      }
    }
    if (failure.text.empty()) {
      failure.text = record(migration, up, elapsed_ms(started), waiting_contract);
    }
    if (failure.text.empty()) {
      if (Result committed = session_->exec("COMMIT"); !committed.ok()) {
        return file + ": commit failed: " + committed.error();
      }
      out_ << (up ? "applied " : "reverted ") << file << " (" << elapsed_ms(started) << " ms)\n";
      return "";
    }
    session_->exec("ROLLBACK");
    if (failure.lock_timeout && back_off(failure, retry)) {
      continue;
    }
    return concat({failure.text, "\n", file, " failed: ",
                   failure.lock_timeout ? exhausted(true) : "nothing of it was applied"});
  }
}

// Statement by statement, each idempotent on a rerun: a lock timeout retries that statement,
// and a run that stops records how far it got, so that the next `migrate up` continues there.
std::string Run::run_statements(const Migration& migration, bool up,
                                const std::vector<SqlStatement>& statements,
                                long waiting_contract) {
  std::string file = migration_file_name(migration, up);
  int total = static_cast<int>(statements.size());
  int start = 0;
  auto found = progress_.find(migration.version);
  if (up && found != progress_.end() && found->second.checksum == sha256_hex(migration.up) &&
      found->second.total == total && found->second.done > 0) {
    start = found->second.done;
    out_ << "continuing " << file << " at statement " << start + 1 << " of " << total << "\n";
  }
  auto started = Clock::now();
  for (int i = start; i < total; ++i) {
    for (int retry = 1;; ++retry) {
      drop_invalid_index(statements[i].sql);
      Failure failure = execute(file, statements[i]);
      if (failure.text.empty()) {
        break;
      }
      if (failure.lock_timeout && back_off(failure, retry)) {
        continue;
      }
      if (!up) {
        return concat({failure.text, "\n", file,
                       " failed: it runs outside a transaction, so the statements before the "
                       "failing one were applied; fix the cause and run it again"});
      }
      record_progress(migration, i, total, failure.summary);
      return concat({failure.text, "\n", file, " failed: it runs outside a transaction: ",
                     std::to_string(i), " of ", std::to_string(total),
                     " statements are applied; `migrate up` finishes it once the cause is fixed",
                     failure.lock_timeout ? " (" + exhausted(false) + ")" : ""});
    }
    if (up) {
      record_progress(migration, i + 1, total, "");
    }
  }
  session_->exec("BEGIN");
  if (std::string error = record(migration, up, elapsed_ms(started), waiting_contract);
      !error.empty()) {
    session_->exec("ROLLBACK");
    return error;
  }
  if (Result committed = session_->exec("COMMIT"); !committed.ok()) {
    return file + ": commit failed: " + committed.error();
  }
  out_ << (up ? "applied " : "reverted ") << file << " (" << elapsed_ms(started) << " ms)\n";
  return "";
}

}  // namespace svcgen::migrate_detail
