// Statements that stop fitting the schema under a running service (a column renamed, dropped or
// retyped by a migration) against real PostgreSQL: only the operations using them fail, with
// the mismatch named, and they recover by themselves once the schema fits again.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "pg_fixture.hpp"
#include "svcgen/db.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using testing::exec_sql;

class StatementFitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::shared_database_url();
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    schema_ = testing::unique_name("fit_" + std::to_string(test.size()) + "_" +
                                   std::to_string(std::hash<std::string>{}(test) % 100000));
    sql("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
    sql("CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, qty integer);"
        "INSERT INTO items (qty) VALUES (7)");
    config_.db_write_url = url_;
    config_.db_schema = schema_;
    config_.db_application_name = "svcgen-fit-test";
    config_.db_write_max_conns = 4;
  }

  void TearDown() override {
    if (db_) {
      db_->stop();
    }
    db_.reset();
    loops_.reset();
    sql("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }

  std::string sql(const std::string& statement) {
    return exec_sql(
        url_, "SET search_path = " + (schema_.empty() ? "public" : schema_) + "; " + statement);
  }

  void applied_versions(const std::string& versions) {
    sql("CREATE TABLE svcgen_schema_migrations (version bigint PRIMARY KEY);"
        "INSERT INTO svcgen_schema_migrations VALUES " +
        versions);
  }

  void start() {
    loops_ = std::make_unique<EventLoops>(1);
    db_ = std::make_unique<Db>(config_, logger_, metrics_);
    db_->prepare(find_);
    db_->prepare(count_);
    db_->set_expected_schema_version(4);
    db_->start(*loops_);
    loops_->start();
  }

  template <typename T>
  T run(std::function<Task<T>()> make) {
    return testing::run_on<T>(*loops_, std::move(make));
  }

  // The row's qty, or the error the statement failed with.
  std::string find() {
    return run<std::string>([this]() -> Task<std::string> {
      try {
        Rows rows = co_await db_->execute(find_, params(std::string("1")));
        co_return "qty " + std::string(rows.text(0, 1));
      } catch (const DbError& error) {
        co_return std::string(db_error_class_name(error.error_class())) + ": " + error.what();
      }
    });
  }

  std::string count() {
    return run<std::string>([this]() -> Task<std::string> {
      Rows rows = co_await db_->execute(count_, params());
      co_return std::string(rows.text(0, 0));
    });
  }

  std::optional<std::string> unfit() {
    return run<std::optional<std::string>>([this] { return db_->unfit_statements(); });
  }

  // Polls what /ready asks until every statement fits; false after `bound`.
  bool recovers_within(std::chrono::seconds bound) {
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!unfit()) {
        return true;
      }
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  std::string url_;
  std::string schema_;
  Config config_;
  Metrics metrics_;
  Logger logger_{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  std::unique_ptr<EventLoops> loops_;
  std::unique_ptr<Db> db_;
  Statement find_{"item_find", "SELECT id, qty FROM items WHERE id = $1::bigint"};
  Statement count_{"item_count", "SELECT count(*) FROM items"};
};

const char* kRenamed =
    "schema_mismatch: column items.qty does not exist; this instance expects schema version 4, "
    "the database is at 6";

TEST_F(StatementFitTest, ARenamedColumnFailsOnlyTheStatementsUsingItUntilItIsBack) {
  applied_versions("(5), (6)");
  start();
  ASSERT_EQ(find(), "qty 7");

  sql("ALTER TABLE items RENAME COLUMN qty TO amount");
  EXPECT_EQ(find(), kRenamed);
  // Within the back-off: the same answer, without asking the database.
  EXPECT_EQ(find(), kRenamed);
  // The connection that failed it keeps serving every other statement.
  EXPECT_EQ(count(), "1");
  EXPECT_EQ(unfit(), std::string("statement item_find does not fit the schema: ") +
                         (kRenamed + std::string_view("schema_mismatch: ").size()));

  sql("ALTER TABLE items RENAME COLUMN amount TO qty");
  // No request needed: the readiness check prepares the statement again after its back-off.
  ASSERT_TRUE(recovers_within(20s)) << *unfit();
  EXPECT_EQ(find(), "qty 7");
}

TEST_F(StatementFitTest, AStatementThatDoesNotFitAtConnectLeavesTheConnectionServing) {
  // Before the first migration the database is at version 0.
  sql("ALTER TABLE items DROP COLUMN qty");
  start();
  EXPECT_EQ(count(), "1");
  EXPECT_EQ(find(),
            "schema_mismatch: column items.qty does not exist; this instance expects schema "
            "version 4, the database is at 0");
  EXPECT_EQ(count(), "1");

  sql("ALTER TABLE items ADD COLUMN qty integer DEFAULT 3");
  // Requests alone also recover it: the first after the back-off prepares it again.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  std::string found = find();
  while (found != "qty 3" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    found = find();
  }
  EXPECT_EQ(found, "qty 3");
  EXPECT_FALSE(unfit());
}

TEST_F(StatementFitTest, AColumnTypeChangeIsPreparedAgainWithinTheRequest) {
  applied_versions("(6)");
  start();
  ASSERT_EQ(find(), "qty 7");
  sql("ALTER TABLE items ALTER COLUMN qty TYPE bigint");
  // The prepared plan returned an integer: it is prepared again and the request succeeds.
  EXPECT_EQ(find(), "qty 7");
  EXPECT_EQ(find(), "qty 7");
  EXPECT_FALSE(unfit());
}

TEST_F(StatementFitTest, ATypeChangeInsideATransactionIsPreparedAgainForTheNextOne) {
  applied_versions("(6)");
  config_.db_write_max_conns = 1;  // every transaction on the connection that prepared it
  start();
  auto in_transaction = [this] {
    return run<std::string>([this]() -> Task<std::string> {
      Transaction transaction = co_await db_->begin();
      std::optional<std::string> failure;
      try {
        Rows rows = co_await transaction.execute(find_, params(std::string("1")));
        co_await transaction.commit();
        co_return "qty " + std::string(rows.text(0, 1));
      } catch (const DbError& error) {
        failure = std::string(db_error_class_name(error.error_class())) + ": " + error.what();
      }
      co_await transaction.rollback();
      co_return *failure;
    });
  };
  ASSERT_EQ(in_transaction(), "qty 7");
  sql("ALTER TABLE items ALTER COLUMN qty TYPE bigint");
  // The transaction is aborted and cannot run it again; it says so, and the next one works.
  EXPECT_EQ(in_transaction(),
            "schema_mismatch: statement item_find was prepared before a column it reads changed "
            "type (cached plan must not change result type); it is prepared again for the next "
            "request: retry it");
  EXPECT_EQ(in_transaction(), "qty 7");
  EXPECT_FALSE(unfit());
}

}  // namespace
}  // namespace svcgen
