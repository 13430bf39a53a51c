// The migration runner with hand-written files on a real PostgreSQL: expand and contract steps,
// a database ahead of the binary, lock timeouts retried, migrations that run outside a
// transaction and stop half-way, and what /ready makes of each.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "migrate_harness.hpp"
#include "pg_fixture.hpp"
#include "test_folder.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using testing::CommandResult;

const std::string kInit =
    "CREATE TABLE items (id bigint PRIMARY KEY, total integer, amount integer);\n"
    "CREATE TABLE other (id bigint PRIMARY KEY);\n";
const std::string kContractHeader = "-- svcgen:step contract\n-- svcgen:contracts 1\n";

// Migration files written by hand into a folder, applied to a schema of the test's own.
class Folder {
 public:
  explicit Folder(const std::string& name) : folder_(name), url_(testing::shared_database_url()) {
    schema_ = testing::unique_name("r_" + name);
    testing::exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }
  ~Folder() {
    try {
      testing::exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (...) {
    }
  }

  void file(const std::string& stem, const std::string& up,
            const std::string& down = "SELECT 1;\n") {
    folder_.write("migrations/" + stem + ".up.sql", up);
    folder_.write("migrations/" + stem + ".down.sql", down);
  }
  void remove(const std::string& stem) {
    std::filesystem::remove(folder_.path() / "migrations" / (stem + ".up.sql"));
    std::filesystem::remove(folder_.path() / "migrations" / (stem + ".down.sql"));
  }

  CommandResult migrate(const std::string& arguments, const std::string& environment = "") {
    return testing::shell(environment + " DB_WRITE_URL=" + testing::quote(url_) +
                              " DB_SCHEMA=" + schema_ + " " + SVCGEN_MIGRATE_TOOL + " " +
                              testing::quote(migrations()) + " migrate " + arguments,
                          folder_.path());
  }
  std::string sql(const std::string& statement) {
    return testing::exec_sql(url_, "SET search_path = " + schema_ + "; " + statement);
  }
  std::string applied() {
    return sql(
        "SELECT string_agg(version::text, ',' ORDER BY version) FROM "
        "svcgen_schema_migrations");
  }
  std::map<std::string, std::string> environment() const {
    return {{"DB_WRITE_URL", url_}, {"DB_SCHEMA", schema_}, {"HOST", "127.0.0.1"}, {"PORT", "0"}};
  }
  std::string migrations() const { return (folder_.path() / "migrations").string(); }
  std::string log(const std::string& name) const { return (folder_.path() / name).string(); }
  const std::string& url() const { return url_; }
  const std::string& schema() const { return schema_; }

 private:
  testing::TestFolder folder_;
  std::string url_;
  std::string schema_;
};

// A session that holds a lock on `table` (ACCESS SHARE, through an open transaction that read
// it), which every ALTER TABLE of it waits for.
class LockHolder {
 public:
  LockHolder(const Folder& folder, const std::string& table)
      : conn_(PQconnectdb(folder.url().c_str())) {
    PQclear(PQexec(conn_, ("BEGIN; SELECT * FROM " + folder.schema() + "." + table).c_str()));
  }
  ~LockHolder() { release(); }
  void release() {
    if (conn_ != nullptr) {
      PQclear(PQexec(conn_, "COMMIT"));
      PQfinish(conn_);
      conn_ = nullptr;
    }
  }

 private:
  PGconn* conn_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MigrationRunner, ExpandOnlySkipsContractStepsAndUpAppliesThemAfterwards) {
  Folder folder("expand_only");
  folder.file("000001_init", kInit);
  folder.file("000002_drop_total", kContractHeader + "ALTER TABLE items DROP COLUMN total;\n");
  folder.file("000003_note", "ALTER TABLE items ADD COLUMN note text;\n");
  CommandResult expand = folder.migrate("up --expand-only");
  ASSERT_EQ(expand.exit_code, 0) << expand.err;
  EXPECT_TRUE(contains(expand.out, "skipped 000002_drop_total.up.sql (contract step"))
      << expand.out;
  EXPECT_TRUE(contains(expand.out, "applied 000003_note.up.sql")) << expand.out;
  EXPECT_EQ(folder.applied(), "1,3");
  EXPECT_EQ(folder.sql("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                       "current_schema() AND column_name IN ('total', 'note')"),
            "2");
  CommandResult status = folder.migrate("status");
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(contains(status.out, "pending (contract step)")) << status.out;
  // A second expand-only run has nothing to do but says what it leaves.
  CommandResult again = folder.migrate("up --expand-only");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "skipped 000002_drop_total.up.sql")) << again.out;
  // The contract step below version 3 is in order: 3 was applied while it waited.
  CommandResult up = folder.migrate("up");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_TRUE(contains(up.out, "applied 000002_drop_total.up.sql")) << up.out;
  EXPECT_EQ(folder.applied(), "1,2,3");
  EXPECT_EQ(folder.sql("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                       "current_schema() AND column_name = 'total'"),
            "0");
  EXPECT_TRUE(contains(folder.migrate("status").out, "applied (contract step)"));
  EXPECT_EQ(folder.migrate("up").out, "the database is up to date (version 3)\n");
}

TEST(MigrationRunner, OtherPendingVersionsBelowTheHighestAppliedStayRefused) {
  Folder folder("out_of_order");
  folder.file("000001_init", kInit);
  folder.file("000003_note", "ALTER TABLE items ADD COLUMN note text;\n");
  ASSERT_EQ(folder.migrate("up").exit_code, 0);
  const std::string hint =
      "000002_late.up.sql is pending, but a later migration (3) is already applied; run `svcgen "
      "migrate renumber` so it comes after it";
  // An expand step merged in below an applied version: refused by both forms of up.
  folder.file("000002_late", "ALTER TABLE items ADD COLUMN late integer;\n");
  for (const char* arguments : {"up", "up --expand-only"}) {
    CommandResult up = folder.migrate(arguments);
    EXPECT_EQ(up.exit_code, 1) << arguments;
    EXPECT_TRUE(contains(up.err, hint)) << up.err;
  }
  // A contract step merged in below a version that plain `up` applied did not wait for it.
  folder.file("000002_late", kContractHeader + "ALTER TABLE items DROP COLUMN total;\n");
  CommandResult contract = folder.migrate("up");
  EXPECT_EQ(contract.exit_code, 1);
  EXPECT_TRUE(contains(contract.err, hint)) << contract.err;
  EXPECT_EQ(folder.applied(), "1,3");
}

TEST(MigrationRunner, ADatabaseAheadOfTheBinaryIsTheNormalStateOfARollout) {
  Folder folder("ahead");
  folder.file("000001_init", kInit);
  folder.file("000002_note", "ALTER TABLE items ADD COLUMN note text;\n");
  folder.file("000003_size", "ALTER TABLE items ADD COLUMN size integer;\n");
  ASSERT_EQ(folder.migrate("up").exit_code, 0);
  folder.remove("000002_note");
  folder.remove("000003_size");
  // The old binary restarts (AUTO_MIGRATE runs `up`) while the new one has migrated.
  CommandResult up = folder.migrate("up");
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.out,
            "the database is ahead of this binary: at version 3, this binary knows up to 1; "
            "nothing to apply\n");
  CommandResult status = folder.migrate("status");
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(contains(status.out, "applied, unknown to this binary")) << status.out;
  // Unknown below its own highest: the histories differ.
  folder.file("000003_size", "ALTER TABLE items ADD COLUMN size integer;\n");
  CommandResult differ = folder.migrate("up");
  EXPECT_EQ(differ.exit_code, 1);
  EXPECT_TRUE(contains(differ.err,
                       "the database has migration 2 (note) applied, which this binary does not "
                       "know, below its own highest (3)"))
      << differ.err;
  // Ahead, but one of its own files changed: refused as ever.
  folder.remove("000003_size");
  folder.file("000001_init", kInit + "-- edited\n");
  CommandResult changed = folder.migrate("up");
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_TRUE(contains(changed.err, "000001_init.up.sql was changed after it was applied"))
      << changed.err;
}

TEST(MigrationRunner, ALockTimeoutRetriesTheWholeTransactionUntilTheLockIsFree) {
  Folder folder("lock_retry");
  folder.file("000001_init", kInit);
  ASSERT_EQ(folder.migrate("up").exit_code, 0);
  folder.file("000002_columns",
              "ALTER TABLE other ADD COLUMN a integer;\nALTER TABLE items ADD COLUMN b integer;\n");
  auto holder = std::make_unique<LockHolder>(folder, "items");
  auto release = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(700ms);
    holder->release();
  });
  CommandResult up = folder.migrate("up", "MIGRATION_LOCK_TIMEOUT=200ms MIGRATION_RETRIES=6");
  release.get();
  ASSERT_EQ(up.exit_code, 0) << up.err << up.out;
  EXPECT_TRUE(contains(up.out,
                       "000002_columns.up.sql:2: lock timeout (MIGRATION_LOCK_TIMEOUT=200ms), "
                       "retrying in "))
      << up.out;
  EXPECT_TRUE(contains(up.out, " ms (retry 1 of 6)")) << up.out;
  EXPECT_TRUE(contains(up.out, "applied 000002_columns.up.sql")) << up.out;
  EXPECT_EQ(folder.applied(), "1,2");
}

TEST(MigrationRunner, ALockHeldThroughEveryRetryFailsWithNothingApplied) {
  Folder folder("lock_held");
  folder.file("000001_init", kInit);
  ASSERT_EQ(folder.migrate("up").exit_code, 0);
  folder.file("000002_columns",
              "ALTER TABLE other ADD COLUMN a integer;\nALTER TABLE items ADD COLUMN b integer;\n");
  LockHolder holder(folder, "items");
  CommandResult up = folder.migrate("up", "MIGRATION_LOCK_TIMEOUT=100ms MIGRATION_RETRIES=2");
  holder.release();
  EXPECT_EQ(up.exit_code, 1) << up.out;
  EXPECT_TRUE(contains(up.out, "(retry 1 of 2)")) << up.out;
  EXPECT_TRUE(contains(up.out, "(retry 2 of 2)")) << up.out;
  EXPECT_FALSE(contains(up.out, "retry 3")) << up.out;
  EXPECT_TRUE(contains(up.err,
                       "000002_columns.up.sql:2: ERROR:  canceling statement due to lock "
                       "timeout"))
      << up.err;
  EXPECT_TRUE(contains(up.err, "000002_columns.up.sql failed: nothing of it was applied"))
      << up.err;
  EXPECT_TRUE(contains(up.err, "MIGRATION_LOCK_TIMEOUT=100ms")) << up.err;
  EXPECT_TRUE(contains(up.err, "MIGRATION_RETRIES=2")) << up.err;
  EXPECT_EQ(folder.applied(), "1");
  EXPECT_EQ(folder.sql("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                       "current_schema() AND column_name IN ('a', 'b')"),
            "0");
  // MIGRATION_RETRIES=0 tries once.
  LockHolder again(folder, "items");
  CommandResult once = folder.migrate("up", "MIGRATION_LOCK_TIMEOUT=100ms MIGRATION_RETRIES=0");
  again.release();
  EXPECT_EQ(once.exit_code, 1);
  EXPECT_FALSE(contains(once.out, "retrying")) << once.out;
  EXPECT_TRUE(contains(once.err, "MIGRATION_RETRIES=0")) << once.err;
}

TEST(MigrationRunner, AFileOutsideATransactionThatStopsIsPartlyAppliedAndUpFinishesIt) {
  Folder folder("partly");
  folder.file("000001_init", kInit);
  ASSERT_EQ(folder.migrate("up").exit_code, 0);
  folder.sql("INSERT INTO items (id, total, amount) VALUES (1, 5, 7), (2, 5, 7)");
  // The unique index fails on the duplicates and leaves an invalid index of its name behind.
  folder.file("000002_indexes",
              "-- svcgen:no-transaction\n"
              "CREATE INDEX CONCURRENTLY IF NOT EXISTS items_total_idx ON items (total);\n"
              "\n"
              "CREATE UNIQUE INDEX CONCURRENTLY items_amount_key ON items (amount);\n");
  CommandResult failed = folder.migrate("up");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_TRUE(contains(failed.err,
                       "000002_indexes.up.sql:4: ERROR:  could not create unique "
                       "index \"items_amount_key\""))
      << failed.err;
  EXPECT_TRUE(contains(failed.err, "1 of 2 statements are applied; `migrate up` finishes it"))
      << failed.err;
  EXPECT_EQ(folder.applied(), "1");
  CommandResult status = folder.migrate("status");
  EXPECT_TRUE(contains(status.out,
                       "partly applied: 1 of 2 statements; the last run failed at "
                       "000002_indexes.up.sql:4: ERROR:  could not create unique index "
                       "\"items_amount_key\"; `migrate up` finishes it"))
      << status.out;
  EXPECT_FALSE(contains(status.out, "dirty"));
  folder.sql("DELETE FROM items WHERE id = 2");
  CommandResult finished = folder.migrate("up");
  ASSERT_EQ(finished.exit_code, 0) << finished.err << finished.out;
  EXPECT_TRUE(contains(finished.out, "continuing 000002_indexes.up.sql at statement 2 of 2"))
      << finished.out;
  EXPECT_TRUE(contains(finished.out, "dropped the invalid index items_amount_key")) << finished.out;
  EXPECT_EQ(folder.applied(), "1,2");
  EXPECT_EQ(folder.sql("SELECT bool_and(indisvalid) FROM pg_index WHERE indexrelid IN "
                       "('items_total_idx'::regclass, 'items_amount_key'::regclass)"),
            "t");
  EXPECT_EQ(folder.sql("SELECT count(*) FROM svcgen_schema_migrations_progress"), "0");
  EXPECT_TRUE(contains(folder.migrate("status").out, "applied")) << status.out;
}

TEST(MigrationRunner, ReadinessWaitsForExpandStepsOnly) {
  Folder folder("ready");
  folder.file("000001_init", kInit);
  folder.file("000002_drop_total", kContractHeader + "ALTER TABLE items DROP COLUMN total;\n");
  {
    testing::ChildProcess process(SVCGEN_MIGRATE_TOOL, {folder.migrations(), "serve"},
                                  folder.environment(), folder.log("behind.log"));
    std::uint16_t port = testing::port_of(process);
    ASSERT_NE(port, 0) << process.output();
    testing::RawResponse behind = testing::ready_response(port);
    EXPECT_EQ(behind.status, 503);
    EXPECT_TRUE(contains(behind.body,
                         "migrations not applied yet: 000001_init.up.sql (the database is at "
                         "version 0); run `migrate_tool migrate up --expand-only`"))
        << behind.body;
    EXPECT_FALSE(contains(behind.body, "000002")) << behind.body;
    EXPECT_TRUE(contains(process.output(), "the database is behind this binary"))
        << process.output();
    // Between the expand Job and the contract Job, an image carrying its contract step is ready.
    ASSERT_EQ(folder.migrate("up --expand-only").exit_code, 0);
    EXPECT_EQ(testing::ready_status(port), 200);
  }
  ASSERT_EQ(folder.migrate("up").exit_code, 0);
  folder.file("000003_note", "ALTER TABLE items ADD COLUMN note text;\n");
  ASSERT_EQ(folder.migrate("up").exit_code, 0);
  // The old binary (versions 1 and 2) against a database at version 3: ready, logged once.
  folder.remove("000003_note");
  testing::ChildProcess process(SVCGEN_MIGRATE_TOOL, {folder.migrations(), "serve"},
                                folder.environment(), folder.log("ahead.log"));
  std::uint16_t port = testing::port_of(process);
  ASSERT_NE(port, 0) << process.output();
  EXPECT_EQ(testing::ready_status(port), 200);
  EXPECT_EQ(testing::ready_status(port), 200);
  std::string output = process.output();
  std::size_t first = output.find("the database is ahead of this binary");
  ASSERT_NE(first, std::string::npos) << output;
  EXPECT_EQ(output.find("the database is ahead of this binary", first + 1), std::string::npos)
      << output;
  EXPECT_TRUE(contains(output, "\"database_version\":3,\"binary_version\":2")) << output;
  // A changed applied file is never ready.
  folder.file("000001_init", kInit + "-- edited\n");
  testing::ChildProcess changed(SVCGEN_MIGRATE_TOOL, {folder.migrations(), "serve"},
                                folder.environment(), folder.log("changed.log"));
  std::uint16_t changed_port = testing::port_of(changed);
  ASSERT_NE(changed_port, 0) << changed.output();
  testing::RawResponse refused = testing::ready_response(changed_port);
  EXPECT_EQ(refused.status, 503);
  EXPECT_TRUE(contains(refused.body, "000001_init.up.sql was applied with another checksum"))
      << refused.body;
}

// Each bad command line or MIGRATION_RETRIES exits 2 with what is wrong, before connecting.
TEST(MigrationRunner, BadArgumentsAndSettingsExitTwo) {
  Folder folder("arguments");
  folder.file("000001_init", kInit);
  struct Case {
    std::string arguments;
    std::string environment;
    std::string message;
  };
  std::vector<Case> cases = {
      {"up --expand-only", "MIGRATION_RETRIES=three",
       "MIGRATION_RETRIES: expected a whole number from 0 to 100, got \"three\""},
      {"up", "MIGRATION_RETRIES=-1",
       "MIGRATION_RETRIES: expected a whole number from 0 to 100, got \"-1\""},
      {"up --contract-only", "", "usage: migrate_tool"},
      {"status --expand-only", "", "usage: migrate_tool"},
      {"down --expand-only", "", "migrate down takes a positive count, got \"--expand-only\""},
  };
  for (const Case& bad : cases) {
    CommandResult result = folder.migrate(bad.arguments, bad.environment);
    EXPECT_EQ(result.exit_code, 2) << bad.arguments;
    EXPECT_TRUE(contains(result.err, bad.message)) << bad.arguments << ": " << result.err;
  }
}

}  // namespace
}  // namespace svcgen
