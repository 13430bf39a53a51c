// The database layer against real PostgreSQL servers.
#include "svcgen/db.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>
#include <thread>

#include "pg_fixture.hpp"
#include "svcgen/service.hpp"
#include "svcgen/types.hpp"
#include "svcgen/values.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using testing::exec_sql;
using testing::PrivateServer;
using testing::run_on;
using testing::unique_name;

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::shared_database_url();
    table_ = unique_name(
        "items_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    for (char& c : table_) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    exec_sql(url_, "DROP TABLE IF EXISTS " + table_ + " CASCADE; CREATE TABLE " + table_ +
                       " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                       "name text NOT NULL UNIQUE, qty integer CHECK (qty >= 0), "
                       "parent_id bigint REFERENCES " +
                       table_ + "(id))");
    config_.db_write_url = url_;
    config_.db_application_name = "svcgen-db-test";
    config_.db_pool_wait_timeout = 500ms;
    config_.db_write_max_conns = 4;
    insert_ = {"insert", "INSERT INTO " + table_ +
                             " (name, qty, parent_id) VALUES ($1, $2, $3) "
                             "RETURNING id"};
    select_ = {"select", "SELECT id, name, qty FROM " + table_ + " WHERE id = $1"};
    count_ = {"count", "SELECT count(*) FROM " + table_};
    sleep_ = {"sleep", "SELECT pg_sleep($1::float8)"};
    backend_ = {"backend", "SELECT pg_backend_pid()"};
    write_backend_ = {"write_backend",
                      "INSERT INTO " + table_ + " (name) VALUES ($1) RETURNING pg_backend_pid()"};
    bump_ = {"bump", "UPDATE " + table_ + " SET qty = qty + 1 WHERE id = $1 RETURNING qty"};
  }

  void TearDown() override {
    restart_clean();
    exec_sql(url_, "DROP TABLE IF EXISTS " + table_ + " CASCADE");
  }

  // Pools stop and go before the loops they run on.
  void restart_clean() {
    if (db_) {
      db_->stop();
    }
    db_.reset();
    loops_.reset();
  }

  void start() {
    loops_ = std::make_unique<EventLoops>(threads_);
    db_ = std::make_unique<Db>(config_, logger_, metrics_);
    for (const Statement* statement :
         {&insert_, &select_, &count_, &sleep_, &backend_, &write_backend_, &bump_}) {
      db_->prepare(*statement);
    }
    db_->start(*loops_);
    loops_->start();
  }

  template <typename T>
  T run(std::function<Task<T>()> make, std::chrono::milliseconds timeout = 30s) {
    return run_on<T>(*loops_, std::move(make), timeout);
  }

  // Runs the statements concurrently, so they share a pipeline: per statement its rows, or
  // nothing when it failed.
  std::vector<std::optional<Rows>> run_concurrently(
      std::vector<std::function<Task<Rows>()>> statements) {
    using Outcomes = std::vector<std::optional<Rows>>;
    return run<Outcomes>([&]() -> Task<Outcomes> {
      auto outcomes = std::make_shared<Outcomes>(statements.size());
      auto remaining = std::make_shared<int>(static_cast<int>(statements.size()));
      auto waiter = std::make_shared<std::coroutine_handle<>>();
      for (std::size_t index = 0; index < statements.size(); ++index) {
        spawn(statements[index](),
              [outcomes, remaining, waiter, index](std::exception_ptr error, Rows rows) {
                if (!error) {
                  (*outcomes)[index] = std::move(rows);
                }
                if (--*remaining == 0 && *waiter) {
                  waiter->resume();
                }
              });
      }
      struct Wait {
        std::shared_ptr<int> remaining;
        std::shared_ptr<std::coroutine_handle<>> waiter;
        bool await_ready() { return *remaining == 0; }
        void await_suspend(std::coroutine_handle<> handle) { *waiter = handle; }
        void await_resume() {}
      };
      Wait wait{remaining, waiter};
      co_await wait;
      co_return std::move(*outcomes);
    });
  }

  // Per statement 1 + its row count, or 0 when it failed.
  std::vector<int> run_batch(std::vector<std::function<Task<Rows>()>> statements) {
    std::vector<int> counts;
    for (const auto& rows : run_concurrently(std::move(statements))) {
      counts.push_back(rows ? 1 + static_cast<int>(rows->size()) : 0);
    }
    return counts;
  }

  // The server processes that answered `count` concurrent runs of `statement`.
  std::set<std::string> backends_serving(int count, const std::function<Task<Rows>(int)>& make) {
    std::vector<std::function<Task<Rows>()>> statements;
    for (int i = 0; i < count; ++i) {
      statements.emplace_back([&make, i] { return make(i); });
    }
    std::set<std::string> pids;
    for (const auto& rows : run_concurrently(std::move(statements))) {
      pids.insert(rows && rows->size() == 1 ? std::string(rows->text(0, 0)) : "failed");
    }
    return pids;
  }

  std::int64_t insert(const std::string& name, std::optional<std::string> qty = "1",
                      std::optional<std::string> parent = std::nullopt) {
    Rows rows = run<Rows>([&]() -> Task<Rows> {
      co_return co_await db_->execute(insert_, params(name, qty, parent), Target::kWrite);
    });
    return std::stoll(std::string(rows.text(0, 0)));
  }

  DbError insert_error(const std::string& name, std::optional<std::string> qty,
                       std::optional<std::string> parent = std::nullopt) {
    try {
      insert(name, qty, parent);
    } catch (const DbError& error) {
      return error;
    }
    throw std::runtime_error("expected a database error");
  }

  std::string url_;
  std::string table_;
  Config config_;
  Metrics metrics_;
  Logger logger_{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  std::unique_ptr<EventLoops> loops_;
  std::unique_ptr<Db> db_;
  Statement insert_, select_, count_, sleep_, backend_, write_backend_, bump_;
  int threads_ = 1;
};

TEST_F(DbTest, PreparedStatementsRoundTrip) {
  start();
  std::int64_t id = insert("a'); DROP TABLE x; --", "7");
  Rows rows = run<Rows>([&]() -> Task<Rows> {
    co_return co_await db_->execute(select_, params(std::to_string(id)));
  });
  ASSERT_EQ(rows.size(), 1);
  EXPECT_EQ(rows.text(0, 1), "a'); DROP TABLE x; --");
  EXPECT_EQ(rows.text(0, 2), "7");
  EXPECT_EQ(rows.column_name(1), "name");
  Rows none = run<Rows>(
      [&]() -> Task<Rows> { co_return co_await db_->execute(select_, params("999999")); });
  EXPECT_TRUE(none.empty());
}

// Run-time SQL (list queries) is prepared on first use per connection: PostgreSQL plans it once.
// A statement that cannot be prepared reports its own error, not the missing plan's, and
// neither it nor a batch sharing its pipeline leaves the connection unusable.
TEST_F(DbTest, RunTimeSqlIsPreparedOnceAndItsErrorsAreItsOwn) {
  start();
  insert("a", "1");
  insert("b", "2");
  std::string sql = "SELECT name FROM " + table_ + " WHERE qty > $1::integer ORDER BY id";
  auto dynamic = [&](std::string text, std::string value) {
    return run<Rows>(
        [&]() -> Task<Rows> { co_return co_await db_->execute_dynamic(text, params(value)); });
  };
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(dynamic(sql, "1").size(), 1);
    EXPECT_EQ(dynamic(sql, "0").size(), 2);
  }
  Rows plans = run<Rows>([&]() -> Task<Rows> {
    co_return co_await db_->execute_dynamic(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1::text", params(sql));
  });
  EXPECT_EQ(plans.text(0, 0), "1") << "the list query is prepared once on this connection";

  try {
    dynamic("SELECT no_such_column FROM " + table_ + " WHERE qty > $1::integer", "0");
    ADD_FAILURE() << "expected an error";
  } catch (const DbError& error) {
    EXPECT_NE(std::string(error.what()).find("no_such_column"), std::string::npos) << error.what();
  }
  // Reads batched in one pipeline with the failing one still answer: 1 + rows, or 0 on error.
  std::vector<int> results =
      run_batch({[&] { return db_->execute_dynamic(sql, params("0")); },
                 [&] { return db_->execute_dynamic("SELECT nope($1::integer)", params("1")); },
                 [&] { return db_->execute_dynamic(sql, params("0")); }});
  EXPECT_EQ(results, (std::vector<int>{3, 0, 3}));
  EXPECT_EQ(dynamic(sql, "1").size(), 1);
}

// Generated services read time columns as PostgreSQL prints them, with no formatting in the
// SELECT: that text must be svcgen::Time's own, fraction trimmed, so a value reads back as sent.
TEST_F(DbTest, TimeOfDayReadsBackInItsCanonicalText) {
  start();
  for (const char* text : {"00:00:00", "12:30:00.5", "12:30:00.500", "23:59:59.999999",
                           "07:05:09.010", "12:30:00.000000"}) {
    Time sent = *Time::parse(text);
    Rows rows = run<Rows>([&]() -> Task<Rows> {
      co_return co_await db_->execute_dynamic("SELECT $1::time", params(pg_text(sent)));
    });
    ASSERT_EQ(rows.size(), 1) << text;
    EXPECT_EQ(rows.text(0, 0), sent.str()) << text;
    EXPECT_EQ(from_pg<Time>(rows.text(0, 0)), sent) << text;
  }
}

TEST_F(DbTest, SessionSettingsApplyToEveryConnection) {
  config_.db_statement_timeout = 1234ms;
  config_.db_lock_timeout = 250ms;
  config_.db_idle_in_tx_timeout = 10s;
  start();
  Statement show{"show",
                 "SELECT current_setting('statement_timeout'), "
                 "current_setting('lock_timeout'), current_setting('TimeZone'), "
                 "current_setting('application_name'), "
                 "current_setting('idle_in_transaction_session_timeout'), "
                 "current_setting('search_path')"};
  restart_clean();
  loops_ = std::make_unique<EventLoops>(1);
  db_ = std::make_unique<Db>(config_, logger_, metrics_);
  db_->prepare(show);
  db_->start(*loops_);
  loops_->start();
  Rows rows = run<Rows>([&]() -> Task<Rows> { co_return co_await db_->execute(show, {}); });
  EXPECT_EQ(rows.text(0, 0), "1234ms");
  EXPECT_EQ(rows.text(0, 1), "250ms");
  EXPECT_EQ(rows.text(0, 2), "UTC");
  EXPECT_EQ(rows.text(0, 3), "svcgen-db-test");
  EXPECT_EQ(rows.text(0, 4), "10s");
  EXPECT_EQ(rows.text(0, 5), "public");
}

TEST_F(DbTest, ConstraintViolationsAreClassified) {
  start();
  std::int64_t id = insert("taken");
  DbError unique = insert_error("taken", "1");
  EXPECT_EQ(unique.error_class(), DbErrorClass::kUniqueViolation);
  EXPECT_EQ(unique.sqlstate(), "23505");
  EXPECT_EQ(unique.constraint(), table_ + "_name_key");
  DbError foreign = insert_error("orphan", "1", "999999");
  EXPECT_EQ(foreign.error_class(), DbErrorClass::kForeignKeyViolation);
  EXPECT_EQ(foreign.constraint(), table_ + "_parent_id_fkey");
  DbError check = insert_error("negative", "-1");
  EXPECT_EQ(check.error_class(), DbErrorClass::kCheckViolation);
  DbError invalid = insert_error("bad", "not-a-number");
  EXPECT_EQ(invalid.error_class(), DbErrorClass::kInvalidInput);
  Statement null_name{"null_name", "INSERT INTO " + table_ + " (name) VALUES (NULL)"};
  EXPECT_EQ(classify_sqlstate("23502"), DbErrorClass::kNotNullViolation);
  EXPECT_EQ(classify_sqlstate("40001"), DbErrorClass::kSerializationFailure);
  EXPECT_EQ(classify_sqlstate("40P01"), DbErrorClass::kDeadlock);
  EXPECT_EQ(classify_sqlstate("08006"), DbErrorClass::kUnavailable);
  // The connection survives all of it.
  EXPECT_GT(insert("after", "1", std::to_string(id)), id);
  EXPECT_NE(metrics_.render().find("db_errors_total{class=\"unique_violation\"} 1"),
            std::string::npos);
}

// During an expand step that widens qty from integer to bigint, the new version writes the
// shadow column and the sync trigger copies the value into the old one, which cannot hold it.
// PostgreSQL names no column for that error (22003), so the problem cannot point at a field:
// it must say what happened rather than pass on a bare "integer out of range".
TEST_F(DbTest, AValueTooLargeForTheRunningVersionsColumnIsA422ThatSaysWhy) {
  exec_sql(url_, "ALTER TABLE " + table_ + " ADD COLUMN qty_wide bigint; CREATE FUNCTION " +
                     table_ + "_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.qty := " +
                     "NEW.qty_wide::integer; RETURN NEW; END $$; CREATE TRIGGER " + table_ +
                     "_sync BEFORE INSERT ON " + table_ + " FOR EACH ROW EXECUTE FUNCTION " +
                     table_ + "_sync()");
  start();
  std::string sql = "INSERT INTO " + table_ + " (name, qty_wide) VALUES ($1::text, $2::bigint)";
  std::optional<DbError> error;
  try {
    run<Rows>([&]() -> Task<Rows> {
      co_return co_await db_->execute_dynamic(sql, params("wide", "3000000000"), Target::kWrite);
    });
  } catch (const DbError& caught) {
    error = caught;
  }
  exec_sql(url_, "DROP FUNCTION " + table_ + "_sync() CASCADE");
  ASSERT_TRUE(error) << "the trigger must refuse the value";
  EXPECT_EQ(error->sqlstate(), "22003") << error->what();
  EXPECT_EQ(error->column(), "");

  Config quiet;
  quiet.log_level = LogLevel::kError;
  Service service({"t", "1", "{}"}, quiet);
  std::optional<Problem> problem = service.problem_for(std::make_exception_ptr(*error));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->status, 422);
  EXPECT_EQ(problem->detail,
            "a value is out of range for the database column (the schema is mid-migration?)");
  EXPECT_TRUE(problem->errors.empty());
}

TEST_F(DbTest, ManyConcurrentReadsSharePipelinedConnections) {
  start();
  std::int64_t id = insert("shared");
  int total = run<int>([&]() -> Task<int> {
    std::vector<Task<Rows>> reads;
    auto counter = std::make_shared<int>(0);
    auto remaining = std::make_shared<int>(500);
    struct Join {
      std::shared_ptr<int> remaining;
      std::coroutine_handle<> waiter;
    };
    auto join = std::make_shared<Join>(Join{remaining, {}});
    for (int i = 0; i < 500; ++i) {
      spawn(db_->execute(select_, params(std::to_string(i % 2 == 0 ? id : -1))),
            [counter, join](std::exception_ptr error, Rows rows) {
              if (!error && rows.size() <= 1) {
                ++*counter;
              }
              if (--*join->remaining == 0 && join->waiter) {
                join->waiter.resume();
              }
            });
    }
    struct Wait {
      std::shared_ptr<Join> join;
      bool await_ready() { return *join->remaining == 0; }
      void await_suspend(std::coroutine_handle<> handle) { join->waiter = handle; }
      void await_resume() {}
    };
    Wait wait{join};
    co_await wait;
    co_return *counter;
  });
  EXPECT_EQ(total, 500);
  auto stats = db_->stats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_LE(stats[0].open, 2);
}

// A loop's reads go out as one batch on one connection, to one backend; writes, each its own
// transaction, run on connections of their own, so their commits do not queue behind each
// other, and never on the last one that carries the reads.
TEST_F(DbTest, ReadsGatherOnOneConnectionWhileWritesSpread) {
  start();
  auto write = [&](int i) {
    return db_->execute(write_backend_, params("w" + std::to_string(i)), Target::kWrite);
  };
  auto read = [&](int) { return db_->execute(backend_, params()); };
  insert("first");
  std::set<std::string> writers = backends_serving(200, write);
  for (int i = 0; i < 100 && db_->stats()[0].open < 4; ++i) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(db_->stats()[0].open, 4);  // DB_WRITE_MAX_CONNS of this fixture
  std::set<std::string> readers = backends_serving(200, read);
  EXPECT_EQ(readers.size(), 1u);
  writers = backends_serving(200, [&](int i) { return write(200 + i); });
  EXPECT_EQ(writers.size(), 3u) << "one connection stays with the reads";
  EXPECT_EQ(writers.count("failed"), 0u);
}

TEST_F(DbTest, FailedReadInABatchDoesNotFailTheOthers) {
  start();
  std::int64_t id = insert("batch");
  std::vector<int> results =
      run_batch({[&] { return db_->execute(select_, params(std::to_string(id))); },
                 [&] { return db_->execute(select_, params("not-an-integer")); },
                 [&] { return db_->execute(select_, params(std::to_string(id))); }});
  EXPECT_EQ(results, (std::vector<int>{2, 0, 2}));
}

TEST_F(DbTest, TransactionsCommitAndRollBack) {
  start();
  run<bool>([&]() -> Task<bool> {
    Transaction committed = co_await db_->begin();
    co_await committed.execute(insert_, params("kept", "1", std::nullopt));
    co_await committed.commit();
    Transaction undone = co_await db_->begin(Isolation::kSerializable);
    co_await undone.execute(insert_, params("undone", "1", std::nullopt));
    co_await undone.rollback();
    {
      Transaction abandoned = co_await db_->begin();
      co_await abandoned.execute(insert_, params("abandoned", "1", std::nullopt));
    }
    co_return true;
  });
  std::string names = exec_sql(url_, "SELECT string_agg(name, ',' ORDER BY name) FROM " + table_);
  EXPECT_EQ(names, "kept");
}

TEST_F(DbTest, ReadsInATransactionSeeItsWrites) {
  start();
  std::string count = run<std::string>([&]() -> Task<std::string> {
    Transaction transaction = co_await db_->begin();
    co_await transaction.execute(insert_, params("mine", "1", std::nullopt));
    Rows rows = co_await transaction.execute(count_, {});
    std::string result(rows.text(0, 0));
    co_await transaction.rollback();
    co_return result;
  });
  EXPECT_EQ(count, "1");
}

TEST_F(DbTest, StatementTimeoutIsClassifiedAndReleasesTheConnection) {
  config_.db_statement_timeout = 100ms;
  start();
  try {
    run<Rows>([&]() -> Task<Rows> { co_return co_await db_->execute(sleep_, params("5")); });
    FAIL() << "expected a timeout";
  } catch (const DbError& error) {
    EXPECT_EQ(error.error_class(), DbErrorClass::kStatementTimeout);
  }
  EXPECT_GT(insert("after-timeout"), 0);
}

TEST_F(DbTest, LockTimeoutIsClassified) {
  config_.db_lock_timeout = 100ms;
  start();
  std::int64_t id = insert("locked");
  Statement update{"update", "UPDATE " + table_ + " SET qty = qty + 1 WHERE id = $1"};
  restart_clean();
  loops_ = std::make_unique<EventLoops>(1);
  db_ = std::make_unique<Db>(config_, logger_, metrics_);
  db_->prepare(update);
  db_->start(*loops_);
  loops_->start();
  PGconn* holder = PQconnectdb(url_.c_str());
  PQclear(PQexec(holder, "BEGIN"));
  PQclear(PQexec(holder,
                 ("UPDATE " + table_ + " SET qty = 5 WHERE id = " + std::to_string(id)).c_str()));
  try {
    run<Rows>([&]() -> Task<Rows> {
      co_return co_await db_->execute(update, params(std::to_string(id)), Target::kWrite);
    });
    ADD_FAILURE() << "expected a lock timeout";
  } catch (const DbError& error) {
    EXPECT_EQ(error.error_class(), DbErrorClass::kLockTimeout);
  }
  PQclear(PQexec(holder, "ROLLBACK"));
  PQfinish(holder);
}

TEST_F(DbTest, ExhaustedPoolAnswersPoolTimeoutNotAHang) {
  config_.db_write_max_conns = 1;
  config_.db_pool_wait_timeout = 200ms;
  start();
  auto started = std::chrono::steady_clock::now();
  DbErrorClass error_class = run<DbErrorClass>([&]() -> Task<DbErrorClass> {
    Transaction held = co_await db_->begin();
    try {
      Transaction second = co_await db_->begin();
    } catch (const DbError& error) {
      co_return error.error_class();
    }
    co_return DbErrorClass::kOther;
  });
  EXPECT_EQ(error_class, DbErrorClass::kPoolTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  // Once the transaction is gone the pool serves again.
  EXPECT_GT(insert("recovered"), 0);
}

// Holds a row lock from a session of its own, as `BEGIN; SELECT ... FOR UPDATE` in psql does.
class RowLock {
 public:
  RowLock(const std::string& url, const std::string& table, std::int64_t id)
      : conn_(PQconnectdb(url.c_str())) {
    run("BEGIN");
    run("SELECT 1 FROM " + table + " WHERE id = " + std::to_string(id) + " FOR UPDATE");
  }
  ~RowLock() {
    release();
    PQfinish(conn_);
  }
  RowLock(const RowLock&) = delete;
  RowLock& operator=(const RowLock&) = delete;
  void release() {
    if (held_) {
      held_ = false;
      run("ROLLBACK");
    }
  }

 private:
  void run(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    ExecStatusType status = PQresultStatus(result);
    std::string error = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error(sql + ": " + error);
    }
  }
  PGconn* conn_;
  bool held_ = true;
};

// Statements started on the loop and left running; the counts are read from the test thread.
struct Background {
  std::atomic<int> succeeded{0};
  std::atomic<int> failed{0};
  std::atomic<int> pool_timeouts{0};
};

std::shared_ptr<Background> in_background(EventLoops& loops, int loop, int count,
                                          const std::function<Task<Rows>()>& make) {
  auto state = std::make_shared<Background>();
  boost::asio::post(loops.at(loop).context(), [state, count, make] {
    for (int i = 0; i < count; ++i) {
      spawn(make(), [state](const std::exception_ptr& error, const Rows&) {
        if (!error) {
          ++state->succeeded;
          return;
        }
        ++state->failed;
        try {
          std::rethrow_exception(error);
        } catch (const DbError& db_error) {
          state->pool_timeouts += db_error.error_class() == DbErrorClass::kPoolTimeout ? 1 : 0;
        } catch (...) {
        }
      });
    }
  });
  return state;
}

template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// Runs the statement and adds how long it took, in milliseconds, to `samples` (a loop's own).
Task<Rows> timed(std::function<Task<Rows>()> make, std::shared_ptr<std::vector<double>> samples) {
  auto started = std::chrono::steady_clock::now();
  Rows rows = co_await make();
  samples->push_back(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count());
  co_return rows;
}

double percentile(std::vector<double> samples, double fraction) {
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples.size())));
  return samples.at(std::max<std::size_t>(rank, 1) - 1);
}

// Four updates of a row locked from another session wait for the lock; meanwhile reads of other
// rows and updates of other rows, 12 at a time for 60 rounds (720 samples), must each finish with
// a p99 under 50 ms. Had they queued on a pipelined connection behind one of the blocked
// updates, they would wait for the lock, which is held until every round is done: the rounds
// would not finish at all.
TEST_F(DbTest, StatementsWaitingForALockHoldUpNoOtherStatement) {
  config_.db_write_max_conns = 20;
  config_.db_lock_timeout = 60s;
  config_.db_statement_timeout = 60s;
  start();
  std::int64_t locked = insert("locked", "0");
  std::vector<std::string> others;
  for (int i = 0; i < 8; ++i) {
    others.push_back(std::to_string(insert("other" + std::to_string(i), "0")));
  }
  RowLock lock(url_, table_, locked);
  auto blocked = in_background(*loops_, 0, 4, [this, locked] {
    return db_->execute(bump_, params(std::to_string(locked)), Target::kWrite);
  });
  std::this_thread::sleep_for(200ms);  // sent, and waiting for the lock
  auto samples = std::make_shared<std::vector<double>>();
  for (int round = 0; round < 60; ++round) {
    std::vector<std::function<Task<Rows>()>> statements;
    for (int i = 0; i < 12; ++i) {
      std::string other = others[static_cast<std::size_t>(i % 8)];
      bool write = i % 3 == 2;
      statements.emplace_back([this, other, write, samples] {
        return timed(
            [this, other, write] {
              return write ? db_->execute(bump_, params(other), Target::kWrite)
                           : db_->execute(select_, params(other));
            },
            samples);
      });
    }
    for (const auto& rows : run_concurrently(std::move(statements))) {
      ASSERT_TRUE(rows && rows->size() == 1) << "round " << round;
    }
  }
  ASSERT_EQ(samples->size(), 720u);
  EXPECT_LT(percentile(*samples, 0.99), 50.0) << "max " << percentile(*samples, 1.0) << " ms";
  EXPECT_EQ(blocked->succeeded + blocked->failed, 0) << "the lock was not held throughout";

  lock.release();
  EXPECT_TRUE(eventually([&] { return blocked->succeeded == 4; }, 10s));
  EXPECT_EQ(blocked->failed, 0);
  EXPECT_EQ(exec_sql(url_, "SELECT qty FROM " + table_ + " WHERE id = " + std::to_string(locked)),
            "4");
}

// DB_WRITE_MAX_CONNS=4: three updates waiting for a row lock hold the three connections writes
// may take (the fourth stays with the reads). A further write, to the locked row or another,
// waits in the pool and fails with kPoolTimeout (a 503 with Retry-After) after
// DB_POOL_WAIT_TIMEOUT rather than queueing behind them; reads still answer. Once the lock goes
// every blocked update completes, and writes are served again.
TEST_F(DbTest, WritesBlockedOnALockExhaustThePoolIntoPoolTimeouts) {
  config_.db_write_max_conns = 4;
  config_.db_pool_wait_timeout = 300ms;
  config_.db_lock_timeout = 60s;
  start();
  std::int64_t locked = insert("locked", "0");
  std::int64_t other = insert("other", "0");
  RowLock lock(url_, table_, locked);
  auto bump = [this](std::int64_t id) {
    return [this, id] { return db_->execute(bump_, params(std::to_string(id)), Target::kWrite); };
  };
  auto blocked = in_background(*loops_, 0, 3, bump(locked));
  ASSERT_TRUE(eventually([&] { return db_->stats()[0].busy == 3; }, 5s));
  for (std::int64_t id : {locked, other}) {
    auto started = std::chrono::steady_clock::now();
    auto waiting = in_background(*loops_, 0, 1, bump(id));
    ASSERT_TRUE(eventually([&] { return waiting->failed == 1; }, 5s)) << id;
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(waiting->pool_timeouts, 1);
    EXPECT_GE(took, 290ms);
    EXPECT_LT(took, 2500ms);  // generous slack for a loaded machine; a hang would be the lock
  }
  Rows read = run<Rows>([&]() -> Task<Rows> {
    co_return co_await db_->execute(select_, params(std::to_string(other)));
  });
  EXPECT_EQ(read.size(), 1);
  EXPECT_EQ(blocked->succeeded + blocked->failed, 0);

  lock.release();
  EXPECT_TRUE(eventually([&] { return blocked->succeeded == 3; }, 10s));
  EXPECT_EQ(blocked->failed, 0);
  EXPECT_EQ(exec_sql(url_, "SELECT qty FROM " + table_ + " WHERE id = " + std::to_string(locked)),
            "3");
  auto after = in_background(*loops_, 0, 1, bump(other));
  EXPECT_TRUE(eventually([&] { return after->succeeded == 1; }, 5s));
}

// DB_WRITE_MAX_CONNS is a maximum for the whole process, whatever THREADS is. With one
// connection for two, then four, event loops, each loop runs rounds of 10 reads and 10 writes
// at once, all loops together; a second session samples pg_stat_activity all along. PostgreSQL
// must never see more than one backend of the service, and every statement must succeed: a loop
// gives up its idle connection when another waits for one.
TEST_F(DbTest, MaxConnsBoundsTheWholeProcessWhateverTheThreads) {
  config_.db_write_max_conns = 1;
  config_.db_pool_wait_timeout = 5s;
  for (int threads : {2, 4}) {
    SCOPED_TRACE("THREADS=" + std::to_string(threads));
    config_.db_application_name = unique_name("svcgen-budget-" + std::to_string(threads));
    threads_ = threads;
    start();
    std::atomic<bool> sampling{true};
    std::atomic<int> most{0};
    std::atomic<int> samples{0};
    std::thread sampler([&] {
      PGconn* conn = PQconnectdb(url_.c_str());
      std::string sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" +
                        config_.db_application_name + "'";
      while (sampling) {
        PGresult* result = PQexec(conn, sql.c_str());
        if (PQresultStatus(result) == PGRES_TUPLES_OK) {
          most = std::max(most.load(), std::atoi(PQgetvalue(result, 0, 0)));
          ++samples;
        }
        PQclear(result);
      }
      PQfinish(conn);
    });
    int names = 0;
    for (int round = 0; round < 5; ++round) {
      std::vector<std::shared_ptr<Background>> work;
      for (int loop = 0; loop < threads; ++loop) {
        work.push_back(
            in_background(*loops_, loop, 10, [this] { return db_->execute(count_, params()); }));
        for (int i = 0; i < 10; ++i) {
          std::string name = "t" + std::to_string(threads) + "-" + std::to_string(++names);
          work.push_back(in_background(*loops_, loop, 1, [this, name] {
            return db_->execute(insert_, params(name, "1", std::nullopt), Target::kWrite);
          }));
        }
      }
      EXPECT_TRUE(eventually(
          [&] {
            int finished = 0;
            for (const auto& part : work) {
              finished += part->succeeded + part->failed;
            }
            return finished == threads * 20;
          },
          30s));
      int failed = 0;
      for (const auto& part : work) {
        failed += part->failed;
      }
      EXPECT_EQ(failed, 0) << "round " << round;
    }
    sampling = false;
    sampler.join();
    EXPECT_GT(samples.load(), 10);
    EXPECT_EQ(most.load(), 1);
    EXPECT_EQ(exec_sql(url_, "SELECT count(*) FROM " + table_), std::to_string(names));
    restart_clean();
    exec_sql(url_, "TRUNCATE " + table_);
  }
}

// With fewer connections than loops the loops take turns: a loop gives its idle connection up
// for another that waits, and no statement of either may fail while the connection moves,
// whether the statements come one at a time or several at once.
TEST_F(DbTest, LoopsTakingTurnsWithOneConnectionFailNothing) {
  config_.db_write_max_conns = 1;
  config_.db_pool_wait_timeout = 5s;
  threads_ = 2;
  start();
  for (int i = 0; i < 60; ++i) {
    int at_once = 1 + i % 3;
    std::vector<std::shared_ptr<Background>> work;
    for (int loop = 0; loop < 2; ++loop) {
      if ((i + loop) % 2 == 0 || at_once > 1) {
        work.push_back(in_background(*loops_, loop, at_once,
                                     [this] { return db_->execute(count_, params()); }));
      }
    }
    int expected = static_cast<int>(work.size()) * at_once;
    ASSERT_TRUE(eventually(
        [&] {
          int finished = 0;
          for (const auto& part : work) {
            finished += part->succeeded + part->failed;
          }
          return finished == expected;
        },
        10s))
        << "step " << i;
    int failed = 0;
    int timeouts = 0;
    for (const auto& part : work) {
      failed += part->failed;
      timeouts += part->pool_timeouts;
    }
    ASSERT_EQ(failed, 0) << "step " << i << ", pool timeouts: " << timeouts;
  }
}

TEST_F(DbTest, PingAnswersWithinTheTimeout) {
  start();
  EXPECT_TRUE(run<bool>([&]() -> Task<bool> { co_return co_await db_->ping(1s); }));
}

TEST(DbFaults, RecoversAfterTheServerRestarts) {
  PrivateServer server("restart");
  exec_sql(server.url(), "CREATE TABLE t (id int)");
  Config config;
  config.db_write_url = server.url();
  config.db_pool_wait_timeout = 300ms;
  Metrics metrics;
  Logger logger{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  EventLoops loops(1);
  Db db(config, logger, metrics);
  Statement count{"count", "SELECT count(*) FROM t"};
  db.prepare(count);
  db.start(loops);
  loops.start();
  auto query = [&]() -> Task<Rows> { co_return co_await db.execute(count, {}); };
  EXPECT_EQ(run_on<Rows>(loops, query).text(0, 0), "0");

  server.pause();
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    try {
      run_on<Rows>(loops, query);
      ADD_FAILURE() << "expected the database to be unavailable";
    } catch (const DbError& error) {
      EXPECT_TRUE(error.error_class() == DbErrorClass::kUnavailable ||
                  error.error_class() == DbErrorClass::kPoolTimeout)
          << error.what();
    }
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_FALSE(run_on<bool>(loops, [&]() -> Task<bool> { co_return co_await db.ping(500ms); }));

  server.resume();
  bool recovered = false;
  for (int i = 0; i < 50 && !recovered; ++i) {
    try {
      recovered = run_on<Rows>(loops, query).text(0, 0) == "0";
    } catch (const DbError&) {
      std::this_thread::sleep_for(100ms);
    }
  }
  EXPECT_TRUE(recovered);
  db.stop();
}

TEST(DbFaults, ReadsGoToTheReplicaAndFallBackToThePrimary) {
  PrivateServer primary("primary");
  PrivateServer replica("replica");
  Config config;
  config.db_write_url = primary.url();
  config.db_read_url = replica.url();
  config.db_pool_wait_timeout = 300ms;
  Metrics metrics;
  Logger logger{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  EventLoops loops(1);
  Db db(config, logger, metrics);
  Statement port{"port", "SELECT current_setting('port')"};
  db.prepare(port);
  db.start(loops);
  loops.start();
  auto read = [&]() -> Task<std::string> {
    Rows rows = co_await db.execute(port, {});
    co_return std::string(rows.text(0, 0));
  };
  auto write = [&]() -> Task<std::string> {
    Rows rows = co_await db.execute(port, {}, Target::kWrite);
    co_return std::string(rows.text(0, 0));
  };
  auto in_transaction = [&]() -> Task<std::string> {
    Transaction transaction = co_await db.begin();
    Rows rows = co_await transaction.execute(port, {});
    co_await transaction.commit();
    co_return std::string(rows.text(0, 0));
  };
  EXPECT_EQ(run_on<std::string>(loops, read), replica.port());
  EXPECT_EQ(run_on<std::string>(loops, write), primary.port());
  EXPECT_EQ(run_on<std::string>(loops, in_transaction), primary.port());

  replica.pause();
  std::string answered;
  for (int i = 0; i < 3; ++i) {
    answered = run_on<std::string>(loops, read);
  }
  EXPECT_EQ(answered, primary.port());
  EXPECT_EQ(run_on<std::string>(loops, write), primary.port());
  db.stop();
}

}  // namespace
}  // namespace svcgen
