// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migrate_session.hpp"
#include "svcgen/migrate.hpp"

namespace svcgen::migrate_detail {

// How far a migration that runs outside a transaction got, from
// svcgen_schema_migrations_progress: it is not applied until its last statement is.
struct Progress {
  std::string checksum;
  int done = 0;
  int total = 0;
  std::string failure;  // "000007_x.up.sql:5: ERROR:  ..." of the last run, or ""
};

// One connection's work on the tracking tables and the migration files.
class Run {
 public:
  Run(const Config& config, const std::vector<Migration>& migrations, std::ostream& out)
      : config_(config), migrations_(migrations), out_(out) {}

  // Connects, takes the lock, creates the schema and tracking tables when missing, and reads
  // what is applied.
  std::string open();
  // Connects and reads what is applied, taking no lock and creating nothing.
  std::string open_read_only();

  const Migration* known(long version) const;
  const std::vector<AppliedMigration>& applied() const { return applied_; }
  const std::map<long, Progress>& progress() const { return progress_; }

  // Runs one file: in a transaction with its tracking row, unless it is marked to run outside
  // one; then statement by statement, recording its progress. `waiting_contract` is recorded
  // with an applied up file (see AppliedMigration).
  std::string run_file(const Migration& migration, bool up,
                       const std::vector<SqlStatement>& statements, long waiting_contract = 0);

 private:
  struct Failure {
    std::string text;      // "file:line: error\n  in: the statement's first line"
    std::string location;  // "file:line"
    std::string summary;   // "file:line: the error's first line", for the progress table
    bool lock_timeout = false;
  };

  std::string connect(long connect_seconds);
  std::string take_lock();
  std::string create_tables();
  std::string read_applied(bool progress_table);
  std::string run_transaction(const Migration& migration, bool up,
                              const std::vector<SqlStatement>& statements, long waiting_contract);
  std::string run_statements(const Migration& migration, bool up,
                             const std::vector<SqlStatement>& statements, long waiting_contract);
  Failure execute(const std::string& file, const SqlStatement& statement);
  // A statement that waited too long for a lock: announces the retry and backs off, or returns
  // false when MIGRATION_RETRIES are used up.
  bool back_off(const Failure& failure, int retry);
  std::string exhausted(bool transactional) const;
  std::string record(const Migration& migration, bool up, long elapsed_ms, long waiting_contract);
  void record_progress(const Migration& migration, int done, int total, const std::string& failure);
  void drop_invalid_index(const std::string& statement);

  const Config& config_;
  const std::vector<Migration>& migrations_;
  std::ostream& out_;
  std::unique_ptr<Session> session_;
  std::vector<AppliedMigration> applied_;
  std::map<long, Progress> progress_;
};

}  // namespace svcgen::migrate_detail
