// The migrations `svcgen migrate diff` writes for tables that have rows never hold a lock that
// blocks readers for long. Each plan case with a rows.sql is applied by the runtime's runner
// (through migrate_tool) to a table of a million rows, while a reader on its own connection
// selects rows by primary key with lock_timeout = 100ms: PostgreSQL's own lock wait timer tells
// whether any statement kept an ACCESS EXCLUSIVE lock longer than that.
#include <atomic>
#include <chrono>
#include <thread>

#include "case_database.hpp"
#include "migration_case.hpp"
#include "svcgen/migration_markers.hpp"

namespace svcgen::testing {
namespace {

using namespace std::chrono_literals;

void write_migrations(const fs::path& dir, long version, const std::string& name,
                      const std::vector<migrate::RenderedMigration>& parts) {
  for (const migrate::RenderedMigration& part : parts) {
    std::string marker = part.no_transaction ? std::string(kNoTransactionMarker) + "\n" : "";
    std::string slug = name + (part.suffix.empty() ? "" : part.suffix);
    std::ofstream(dir / migrate::migration_file_name(version, slug, true))
        << marker << part.header << migrate::sql_script(part.up);
    std::ofstream(dir / migrate::migration_file_name(version, slug, false))
        << marker << migrate::sql_script(part.down);
    ++version;
  }
}

struct Applied {
  int exit_code;
  std::string output;
};

Applied migrate_up(const CaseDatabase& database, const fs::path& dir) {
  fs::path log = dir / "migrate.log";
  std::string command = "DB_WRITE_URL='" + database.url() + "' DB_SCHEMA=" + database.schema() +
                        " " SVCGEN_MIGRATE_TOOL " '" + dir.string() + "' migrate up >'" +
                        log.string() + "' 2>&1 </dev/null";
  int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(log)};
}

// Selects rows of every table by primary key in a loop until stopped, and keeps the first error.
class Reader {
 public:
  Reader(const std::string& url, const std::string& schema, const migrate::Schema& tables)
      : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw std::runtime_error("reader: " + std::string(PQerrorMessage(conn_)));
    }
    exec("SET search_path TO " + schema);
    exec("SET lock_timeout = '100ms'");
    for (const migrate::Table& table : tables.tables) {
      queries_.push_back("SELECT * FROM " + migrate::quote_ident(table.name) + " WHERE " +
                         migrate::quote_ident(table.primary_key) + " = $1");
    }
    thread_ = std::thread([this] { loop(); });
  }
  ~Reader() {
    stop();
    PQfinish(conn_);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  long selects() const { return selects_; }
  const std::string& error() const { return error_; }

 private:
  void exec(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) {
      throw std::runtime_error(sql + ": " + message);
    }
  }
  void loop() {
    for (long i = 0; !stopping_ && error_.empty(); ++i) {
      std::string key = std::to_string((i * 7919) % 1000 + 1);
      const char* values[] = {key.c_str()};
      const std::string& query = queries_[i % queries_.size()];
      PGresult* result =
          PQexecParams(conn_, query.c_str(), 1, nullptr, values, nullptr, nullptr, 0);
      if (PQresultStatus(result) != PGRES_TUPLES_OK) {
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        error_ = query + " failed (SQLSTATE " + (state ? state : "?") +
                 "): " + PQresultErrorMessage(result);
      }
      PQclear(result);
      ++selects_;
    }
  }

  PGconn* conn_;
  std::vector<std::string> queries_;
  std::atomic<bool> stopping_{false};
  std::atomic<long> selects_{0};
  std::string error_;  // written by the reader thread only, read after stop()
  std::thread thread_;
};

std::vector<std::string> lock_cases() {
  std::vector<std::string> names;
  for (const std::string& name : case_names(plan_cases_dir())) {
    if (fs::exists(plan_cases_dir() / name / "rows.sql")) {
      names.push_back(name);
    }
  }
  return names;
}

class LockCase : public ::testing::TestWithParam<std::string> {};

// The migration succeeds, reaches what after/ asks for, and the reader never waited 100 ms.
TEST_P(LockCase, ReaderNeverWaitsOnALockWhileTheMigrationRuns) {
  fs::path folder = plan_cases_dir() / GetParam();
  MigrationCase migration(folder);
  CaseDatabase database("lock_" + GetParam());
  fs::path dir =
      fs::temp_directory_path() / ("svcgen-lock-" + GetParam() + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_migrations(dir, 1, "init",
                   migrate::render(migrate::plan_changes({}, migration.before), true));
  Applied init = migrate_up(database, dir);
  ASSERT_EQ(init.exit_code, 0) << init.output;
  database.run(read_text(folder / "rows.sql"));
  database.run("ANALYZE");
  write_migrations(dir, 2, "change", migrate::render(migration.plan, true));

  Reader reader(database.url(), database.schema(), migration.before);
  std::this_thread::sleep_for(200ms);  // the reader is under way before the first lock
  Applied change = migrate_up(database, dir);
  reader.stop();
  EXPECT_EQ(change.exit_code, 0) << change.output;
  EXPECT_EQ(reader.error(), "") << "while:\n" << change.output;
  EXPECT_GT(reader.selects(), 0);
  EXPECT_EQ(database.model_description(), asked_for(migration.after));
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Plans, LockCase, ::testing::ValuesIn(lock_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace svcgen::testing
