// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/config.hpp"
#include "svcgen/log.hpp"
#include "svcgen/metrics.hpp"
#include "svcgen/task.hpp"

// PostgreSQL access for services: prepared statements over pipelined non-blocking connections,
// pools for the primary and an optional replica, transactions on dedicated connections, and
// errors classified by SQLSTATE. libpq stays inside the runtime.
namespace svcgen {

enum class DbErrorClass {
  kUniqueViolation,       // 23505
  kForeignKeyViolation,   // 23503
  kNotNullViolation,      // 23502
  kCheckViolation,        // 23514
  kInvalidInput,          // 22xxx: a value PostgreSQL refused
  kSerializationFailure,  // 40001
  kDeadlock,              // 40P01
  kStatementTimeout,      // 57014
  kLockTimeout,           // 55P03
  kUnavailable,           // the server cannot be reached, or the connection broke
  kPoolTimeout,           // no connection within DB_POOL_WAIT_TIMEOUT
  // 42703, 42P01, 42883, 42804 (and a stale plan that preparing again did not cure): the
  // statement does not fit the database's schema
  kSchemaMismatch,
  kOther,
};

std::string_view db_error_class_name(DbErrorClass error_class);

class DbError : public std::runtime_error {
 public:
  DbError(DbErrorClass error_class, const std::string& message, std::string sqlstate = "",
          std::string constraint = "", std::string column = "")
      : std::runtime_error(message),
        error_class_(error_class),
        sqlstate_(std::move(sqlstate)),
        constraint_(std::move(constraint)),
        column_(std::move(column)) {}

  DbErrorClass error_class() const { return error_class_; }
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& constraint() const { return constraint_; }
  const std::string& column() const { return column_; }
  // The connection broke after a write or COMMIT was sent: it may or may not have taken effect,
  // so no answer may claim either.
  bool outcome_unknown() const { return outcome_unknown_; }
  void set_outcome_unknown() { outcome_unknown_ = true; }

 private:
  DbErrorClass error_class_;
  std::string sqlstate_;
  std::string constraint_;
  std::string column_;
  bool outcome_unknown_ = false;
};

DbErrorClass classify_sqlstate(std::string_view sqlstate);

// A statement prepared once on every connection and then executed by name.
struct Statement {
  std::string name;
  std::string sql;
};

// Parameters in PostgreSQL's text format; nullopt is NULL.
using Params = std::vector<std::optional<std::string>>;

// Builds Params. Use it instead of a braced list inside co_await expressions: g++ 12 miscompiles
// initializer lists that live in a coroutine frame.
template <typename... Values>
Params params(Values&&... values) {
  Params result;
  result.reserve(sizeof...(values));
  (result.emplace_back(std::forward<Values>(values)), ...);
  return result;
}

// A result set in text format. Cheap to move; keeps the underlying result alive.
class Rows {
 public:
  Rows() = default;
  explicit Rows(std::shared_ptr<const void> result);

  int size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  int columns() const { return columns_; }
  bool is_null(int row, int column) const;
  std::string_view text(int row, int column) const;
  std::string_view column_name(int column) const;
  // Rows affected by INSERT/UPDATE/DELETE.
  std::int64_t affected() const { return affected_; }

 private:
  std::shared_ptr<const void> result_;
  int rows_ = 0;
  int columns_ = 0;
  std::int64_t affected_ = 0;
};

enum class Target { kRead, kWrite };
enum class Isolation { kReadCommitted, kRepeatableRead, kSerializable };

class Connection;
class Pools;

// Statements on one dedicated primary connection between BEGIN and COMMIT. Destroying an
// unfinished transaction rolls it back before the connection serves anyone else.
class Transaction {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) noexcept;
  ~Transaction();

  Task<Rows> execute(const Statement& statement, Params params);
  Task<Rows> execute_sql(std::string sql);  // unprepared: for migrations and fixed SQL only
  Task<void> commit();
  Task<void> rollback();

 private:
  friend class Db;
  explicit Transaction(std::shared_ptr<Connection> connection);
  Task<Rows> run_sql(std::string sql, bool may_commit);
  std::shared_ptr<Connection> connection_;
  std::shared_ptr<void> pool_;  // the pool the connection returns to
  bool finished_ = false;
};

struct PoolStats {
  std::string pool;  // "write" or "read"
  int open = 0;
  int busy = 0;  // with queries in flight or checked out for a transaction
  int idle = 0;
  int waiting = 0;  // requests waiting for a connection
};

class EventLoops;

class Db {
 public:
  Db(const Config& config, const Logger& logger, Metrics& metrics);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Registers a statement; call before start().
  void prepare(Statement statement);
  // Creates the pools on the given event loops (one set per loop) and connects lazily.
  void start(EventLoops& loops);
  // Closes every connection; requests still waiting fail with kUnavailable.
  void stop();

  // One statement. Reads go to the replica when there is one; writes to the primary. Must be
  // awaited from a runtime event loop thread.
  Task<Rows> execute(const Statement& statement, Params params, Target target = Target::kRead);
  // Fixed SQL without parameters, not prepared (operational queries only).
  Task<Rows> execute_sql(std::string sql, Target target = Target::kWrite);
  // SQL built at run time from trusted identifiers (list queries), values bound as parameters.
  Task<Rows> execute_dynamic(std::string sql, Params params, Target target = Target::kRead);
  Task<Transaction> begin(Isolation isolation = Isolation::kReadCommitted);
  // SELECT 1 on the primary within `timeout`.
  Task<bool> ping(std::chrono::milliseconds timeout);

  // The schema version this instance was built for (its newest embedded migration), named in
  // the errors of statements that do not fit the database's schema.
  void set_expected_schema_version(long version);
  // Prepares again every statement that did not fit the schema and whose back-off has elapsed,
  // then says which statement still does not fit and why, or nothing.
  Task<std::optional<std::string>> unfit_statements();

  std::vector<PoolStats> stats() const;

 private:
  Task<Rows> execute_once(const Statement& statement, Params params, Target target);
  // The schema version the database is at, read again after a statement stopped fitting.
  Task<void> refresh_database_version();
  // With TRACE on: execute_once plus one log record per statement.
  Task<Rows> traced(const Statement& statement, Params params, Target target);

  std::unique_ptr<Pools> pools_;
};

}  // namespace svcgen
