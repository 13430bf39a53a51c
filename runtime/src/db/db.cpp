#include "svcgen/db.hpp"

#include <boost/asio/post.hpp>

#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>

#include "../event_loops.hpp"
#include "pool.hpp"
#include "schema_fit.hpp"

namespace svcgen {

namespace asio = boost::asio;

namespace {

// Suspends until the connection has the result of `query`.
struct QueryAwaiter {
  Connection& connection;
  PendingQuery& query;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> handle) {
    if (connection.state() != Connection::State::kReady) {
      query.error = std::make_exception_ptr(
          DbError(DbErrorClass::kUnavailable, "database connection is not ready"));
      return false;
    }
    query.waiter = handle;
    connection.submit(&query);
    return true;
  }
  void await_resume() const noexcept {}
};

std::string options_for(const Config& config) {
  auto ms = [](std::chrono::milliseconds value) { return std::to_string(value.count()); };
  // Applied by the server at connection start: no extra round trip per connection.
  return "-c statement_timeout=" + ms(config.db_statement_timeout) +
         " -c lock_timeout=" + ms(config.db_lock_timeout) +
         " -c idle_in_transaction_session_timeout=" + ms(config.db_idle_in_tx_timeout) +
         " -c TimeZone=UTC -c search_path=" + config.db_schema;
}

}  // namespace

class Pools {
 public:
  Pools(const Config& config, const Logger& logger, Metrics& metrics)
      : statements_(logger), config_(config), logger_(logger), metrics_(metrics) {}

  struct LoopPools {
    std::shared_ptr<LoopPool> write;
    std::shared_ptr<LoopPool> read;  // null without a replica
  };

  // Every loop may use up to the whole maximum; the budget keeps their sum within it.
  void start(EventLoops& loops) {
    write_budget_ = std::make_shared<ConnectionBudget>(config_.db_write_max_conns);
    read_budget_ = std::make_shared<ConnectionBudget>(config_.db_read_max_conns);
    for (int i = 0; i < loops.size(); ++i) {
      EventLoop& loop = loops.at(i);
      LoopPools pools;
      pools.write = std::make_shared<LoopPool>(
          loop.context(),
          settings("write", config_.db_write_url, config_.db_write_max_conns, write_budget_),
          statements_, logger_, metrics_);
      write_budget_->add_pool(pools.write);
      if (config_.db_read_url) {
        pools.read = std::make_shared<LoopPool>(
            loop.context(),
            settings("read", *config_.db_read_url, config_.db_read_max_conns, read_budget_),
            statements_, logger_, metrics_);
        read_budget_->add_pool(pools.read);
      }
      by_loop_[&loop] = pools;
      asio::post(loop.context(), [pools] {
        pools.write->start();
        if (pools.read) {
          pools.read->start();
        }
      });
    }
  }

  // Stops every pool on its own loop, then waits until the loop has also run the handlers the
  // cancellations queued, so no Asio object of a pool outlives the loop it belongs to.
  void stop() {
    for (const auto& budget : {write_budget_, read_budget_}) {
      if (budget) {
        budget->close();
      }
    }
    for (auto& [loop, pools] : by_loop_) {
      std::mutex mutex;
      std::condition_variable done_condition;
      bool done = false;
      asio::post(loop->context(), [pools = pools] {
        pools.write->stop();
        if (pools.read) {
          pools.read->stop();
        }
      });
      asio::post(loop->context(), [&] {
        std::lock_guard lock(mutex);
        done = true;
        done_condition.notify_all();
      });
      std::unique_lock lock(mutex);
      if (!done_condition.wait_for(lock, std::chrono::seconds(5), [&] { return done; })) {
        // The loop no longer runs: nothing else can touch the pools, stop them here.
        lock.unlock();
        pools.write->stop();
        if (pools.read) {
          pools.read->stop();
        }
      }
    }
    by_loop_.clear();
  }

  LoopPools& current() {
    EventLoop* loop = EventLoop::current();
    auto found = by_loop_.find(loop);
    if (found == by_loop_.end()) {
      throw std::logic_error("database access outside the service's event loops");
    }
    return found->second;
  }

  std::vector<PoolStats> stats() const {
    std::map<std::string, PoolStats> totals;
    for (const auto& [loop, pools] : by_loop_) {
      for (const auto& pool : {pools.write, pools.read}) {
        if (!pool) {
          continue;
        }
        PoolStats part = pool->stats();
        PoolStats& total = totals[part.pool];
        total.pool = part.pool;
        total.open += part.open;
        total.busy += part.busy;
        total.idle += part.idle;
        total.waiting += part.waiting;
      }
    }
    std::vector<PoolStats> result;
    result.reserve(totals.size());
    for (auto& [name, stats] : totals) {
      result.push_back(stats);
    }
    return result;
  }

  StatementRegistry statements_;
  Metrics& metrics() { return metrics_; }
  const Logger& logger() const { return logger_; }

 private:
  PoolSettings settings(std::string name, const std::string& url, int max_connections,
                        std::shared_ptr<ConnectionBudget> budget) {
    PoolSettings settings;
    settings.budget = std::move(budget);
    settings.name = std::move(name);
    settings.connection = {url, config_.db_application_name, options_for(config_)};
    settings.max_connections = max_connections;
    settings.shared_connections = std::min(2, max_connections);
    settings.wait_timeout = config_.db_pool_wait_timeout;
    settings.max_lifetime = config_.db_conn_max_lifetime;
    settings.max_idle_time = config_.db_conn_max_idle_time;
    return settings;
  }

  const Config& config_;
  const Logger& logger_;
  Metrics& metrics_;
  std::map<EventLoop*, LoopPools> by_loop_;
  std::shared_ptr<ConnectionBudget> write_budget_;
  std::shared_ptr<ConnectionBudget> read_budget_;
};

Db::Db(const Config& config, const Logger& logger, Metrics& metrics)
    : pools_(std::make_unique<Pools>(config, logger, metrics)) {
  metrics.add_gauge("db_pool_connections", "Database connections by pool and state.", [this] {
    std::vector<Metrics::GaugeSample> samples;
    for (const PoolStats& stats : this->stats()) {
      std::string pool = "pool=\"" + stats.pool + "\"";
      samples.push_back({pool + ",state=\"busy\"", static_cast<double>(stats.busy)});
      samples.push_back({pool + ",state=\"idle\"", static_cast<double>(stats.idle)});
    }
    return samples;
  });
  metrics.add_gauge("db_pool_waiting", "Requests waiting for a database connection.", [this] {
    std::vector<Metrics::GaugeSample> samples;
    for (const PoolStats& stats : this->stats()) {
      samples.push_back({"pool=\"" + stats.pool + "\"", static_cast<double>(stats.waiting)});
    }
    return samples;
  });
}

Db::~Db() = default;

void Db::prepare(Statement statement) { pools_->statements_.add(std::move(statement)); }

void Db::set_expected_schema_version(long version) {
  pools_->statements_.set_expected_version(version);
}

void Db::start(EventLoops& loops) { pools_->start(loops); }

void Db::stop() { pools_->stop(); }

std::vector<PoolStats> Db::stats() const { return pools_->stats(); }

namespace {

// A write runs on a connection of its own for as long as it takes: one that waits for a row
// lock then holds up nothing queued behind it on a shared pipeline.
Task<Rows> run_on(LoopPool& pool, PendingQuery& query, Metrics& metrics) {
  bool exclusive = query.may_commit;
  std::shared_ptr<Connection> connection = co_await pool.acquire(exclusive, !query.own_sync);
  QueryAwaiter awaiter{*connection, query};
  co_await awaiter;
  if (exclusive) {
    pool.release(connection);
  }
  if (query.error) {
    try {
      std::rethrow_exception(query.error);
    } catch (const DbError& error) {
      metrics.record_db_error(std::string(db_error_class_name(error.error_class())));
      throw;
    }
  }
  co_return std::move(*query.rows);
}

}  // namespace

namespace {

void reset(PendingQuery& query) {
  query.error = nullptr;
  query.rows.reset();
  query.aborted = false;
  query.attempts = 0;
  query.waiter = {};
}

// Reads go to the replica while it is there, and to the primary when it is not.
Task<Rows> run_with_fallback(Pools::LoopPools& pools, PendingQuery& query, Target target,
                             Metrics& metrics) {
  if (target == Target::kRead && pools.read && !pools.read->down()) {
    try {
      co_return co_await run_on(*pools.read, query, metrics);
    } catch (const DbError& error) {
      if (error.error_class() != DbErrorClass::kUnavailable &&
          error.error_class() != DbErrorClass::kPoolTimeout) {
        throw;
      }
    }
    // The replica is gone: reads fall back to the primary.
    reset(query);
  }
  co_return co_await run_on(*pools.write, query, metrics);
}

}  // namespace

Task<Rows> Db::execute(const Statement& statement, Params params, Target target) {
  if (pools_->logger().tracing()) {
    return traced(statement, std::move(params), target);
  }
  return execute_once(statement, std::move(params), target);
}

Task<Rows> Db::execute_sql(std::string sql, Target target) {
  Pools::LoopPools& pools = pools_->current();
  PendingQuery query;
  query.prepared = false;
  query.statement = std::move(sql);
  query.own_sync = true;
  query.may_commit = target == Target::kWrite;
  LoopPool& pool =
      target == Target::kRead && pools.read && !pools.read->down() ? *pools.read : *pools.write;
  co_return co_await run_on(pool, query, pools_->metrics());
}

Task<Rows> Db::execute_dynamic(std::string sql, Params params, Target target) {
  Pools::LoopPools& pools = pools_->current();
  PendingQuery query;
  query.prepared = false;
  query.cache_plan = true;
  query.statement = std::move(sql);
  query.params = std::move(params);
  query.own_sync = target == Target::kWrite;
  query.may_commit = target == Target::kWrite;
  LoopPool& pool =
      target == Target::kRead && pools.read && !pools.read->down() ? *pools.read : *pools.write;
  std::optional<DbError> mismatch;
  for (int attempt = 0; attempt < 2 && !mismatch; ++attempt) {
    try {
      co_return co_await run_on(pool, query, pools_->metrics());
    } catch (const DbError& error) {
      if (attempt == 0 && is_stale_plan(error.sqlstate(), error.what())) {
        // The connection forgot the plan a column type change made stale; this run goes
        // unplanned, the next is planned again.
        query.cache_plan = false;
        reset(query);
        continue;
      }
      if (error.error_class() != DbErrorClass::kSchemaMismatch) {
        throw;
      }
      mismatch = error;
    }
  }
  // Not a registered statement, so nothing to remember; but the answer says what does not fit.
  co_await refresh_database_version();
  throw DbError(
      DbErrorClass::kSchemaMismatch,
      pools_->statements_.with_versions(describe_mismatch(mismatch->what(), query.statement)),
      mismatch->sqlstate());
}

Task<Rows> Db::execute_once(const Statement& statement, Params params, Target target) {
  Pools::LoopPools& pools = pools_->current();
  StatementRegistry& statements = pools_->statements_;
  PendingQuery query;
  query.statement = statement.name;
  query.params = std::move(params);
  query.own_sync = target == Target::kWrite;
  query.may_commit = target == Target::kWrite;
  query.registered = statements.find(statement.name);
  if (query.registered == nullptr) {
    co_return co_await run_with_fallback(pools, query, target, pools_->metrics());
  }
  StatementState& state = *query.registered;
  if (statements.refuse(state)) {
    pools_->metrics().record_db_error("schema_mismatch");
    if (statements.take_version_stale()) {
      co_await refresh_database_version();
    }
    throw statements.error_for(state);
  }
  std::optional<DbError> failure;
  std::exception_ptr raised;
  for (int attempt = 0; attempt < 2; ++attempt) {
    query.generation = state.generation.load();
    try {
      Rows rows = co_await run_with_fallback(pools, query, target, pools_->metrics());
      statements.record_fit(state);
      co_return rows;
    } catch (const DbError& error) {
      failure = error;
      raised = std::current_exception();
    }
    if (attempt == 0 && is_stale_plan(failure->sqlstate(), failure->what())) {
      // A column under the prepared plan changed type: prepare it again (every connection
      // does before its next use) and run it once more.
      statements.replan(state, query.generation);
      reset(query);
      continue;
    }
    break;
  }
  bool stale = is_stale_plan(failure->sqlstate(), failure->what());
  if (failure->error_class() != DbErrorClass::kSchemaMismatch && !stale) {
    std::rethrow_exception(raised);
  }
  statements.record_mismatch(state, *failure);
  if (statements.take_version_stale()) {
    co_await refresh_database_version();
  }
  throw statements.error_for(state);
}

Task<Rows> Db::traced(const Statement& statement, Params params, Target target) {
  auto started = std::chrono::steady_clock::now();
  std::exception_ptr failure;
  Rows rows;
  try {
    rows = co_await execute_once(statement, std::move(params), target);
  } catch (...) {
    failure = std::current_exception();
  }
  nlohmann::ordered_json fields = {{"statement", statement.name},
                                   {"target", target == Target::kWrite ? "write" : "read"}};
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const DbError& error) {
      fields["error"] = db_error_class_name(error.error_class());
    } catch (...) {
      fields["error"] = "other";
    }
  } else {
    fields["rows"] = rows.size();
  }
  fields["duration_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  pools_->logger().log(LogLevel::kInfo, "db statement", std::move(fields));
  if (failure) {
    std::rethrow_exception(failure);
  }
  co_return rows;
}

namespace {

Task<bool> ping_once(LoopPool& pool, Metrics& metrics) {
  PendingQuery query;
  query.prepared = false;
  query.statement = "SELECT 1";
  query.own_sync = true;
  try {
    co_await run_on(pool, query, metrics);
    co_return true;
  } catch (const DbError&) {
    co_return false;
  }
}

// Whichever comes first on this loop: the ping's answer or the timeout.
struct PingRace {
  explicit PingRace(asio::io_context& context) : timer(context) {}
  asio::steady_timer timer;
  std::coroutine_handle<> waiter;
  bool finished = false;
  bool healthy = false;

  void finish(bool result) {
    if (finished) {
      return;
    }
    finished = true;
    healthy = result;
    timer.cancel();
    if (waiter) {
      waiter.resume();
    }
  }
};

struct PingAwaiter {
  std::shared_ptr<PingRace> race;
  bool await_ready() const noexcept { return race->finished; }
  void await_suspend(std::coroutine_handle<> handle) noexcept { race->waiter = handle; }
  bool await_resume() const noexcept { return race->healthy; }
};

}  // namespace

namespace {

// Runs `query` on a pipelined connection of `pool`; the outcome is left in `query`.
Task<void> run_quietly(LoopPool& pool, PendingQuery& query) {
  try {
    std::shared_ptr<Connection> connection = co_await pool.acquire(false, !query.own_sync);
    QueryAwaiter awaiter{*connection, query};
    co_await awaiter;
  } catch (const DbError&) {
    query.error = std::current_exception();
  }
}

std::optional<DbError> error_of(const PendingQuery& query) {
  if (!query.error) {
    return std::nullopt;
  }
  try {
    std::rethrow_exception(query.error);
  } catch (const DbError& error) {
    return error;
  }
}

// The newest applied migration; 0 before the first, -1 when the database cannot say.
Task<void> read_database_version(LoopPool& pool, StatementRegistry& statements) {
  PendingQuery query;
  query.prepared = false;
  query.statement = "SELECT max(version) FROM svcgen_schema_migrations";
  query.own_sync = true;
  co_await run_quietly(pool, query);
  std::optional<DbError> error = error_of(query);
  long version = error ? (error->sqlstate() == "42P01" ? 0 : -1) : 0;
  if (!error && !query.rows->empty() && !query.rows->is_null(0, 0)) {
    version = std::stol(std::string(query.rows->text(0, 0)));
  }
  statements.set_database_version(version);
  co_return;
}

// Prepares an unfit statement unnamed, which replaces nothing any connection runs: if it
// prepares, it fits again.
Task<void> retry_prepare(LoopPool& pool, StatementRegistry& statements, StatementState& state) {
  PendingQuery query;
  query.is_prepare = true;
  query.statement = "";
  query.sql = state.statement.sql;
  query.own_sync = true;
  co_await run_quietly(pool, query);
  std::optional<DbError> error = error_of(query);
  if (!error) {
    statements.record_fit(state);
  } else if (error->error_class() == DbErrorClass::kSchemaMismatch) {
    statements.record_mismatch(state, *error);
  }
  co_return;
}

}  // namespace

Task<void> Db::refresh_database_version() {
  co_await read_database_version(*pools_->current().write, pools_->statements_);
}

Task<std::optional<std::string>> Db::unfit_statements() {
  StatementRegistry& statements = pools_->statements_;
  if (!statements.any_unfit()) {
    co_return std::nullopt;
  }
  LoopPool& pool = *pools_->current().write;
  for (StatementState* state : statements.due_for_retry()) {
    co_await retry_prepare(pool, statements, *state);
  }
  if (!statements.any_unfit()) {
    co_return std::nullopt;
  }
  statements.take_version_stale();
  co_await read_database_version(pool, statements);
  co_return statements.unfit_reason();
}

Task<bool> Db::ping(std::chrono::milliseconds timeout) {
  Pools::LoopPools& pools = pools_->current();
  auto race = std::make_shared<PingRace>(EventLoop::current()->context());
  race->timer.expires_after(timeout);
  race->timer.async_wait([race](boost::system::error_code error) {
    if (!error) {
      race->finish(false);
    }
  });
  spawn(ping_once(*pools.write, pools_->metrics()),
        [race](const std::exception_ptr&, bool healthy) {
          // Resume on a fresh stack turn, never inside the query's completion.
          asio::post(race->timer.get_executor(), [race, healthy] { race->finish(healthy); });
        });
  PingAwaiter awaiter{race};
  co_return co_await awaiter;
}

Task<Transaction> Db::begin(Isolation isolation) {
  Pools::LoopPools& pools = pools_->current();
  std::shared_ptr<Connection> connection = co_await pools.write->acquire(true);
  Transaction transaction(connection);
  transaction.pool_ = pools.write;
  const char* level = isolation == Isolation::kSerializable     ? "SERIALIZABLE"
                      : isolation == Isolation::kRepeatableRead ? "REPEATABLE READ"
                                                                : "READ COMMITTED";
  co_await transaction.execute_sql(std::string("BEGIN ISOLATION LEVEL ") + level);
  co_return transaction;
}

Transaction::Transaction(std::shared_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::move(other.connection_)),
      pool_(std::move(other.pool_)),
      finished_(other.finished_) {
  other.finished_ = true;
}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    connection_ = std::move(other.connection_);
    pool_ = std::move(other.pool_);
    finished_ = other.finished_;
    other.finished_ = true;
  }
  return *this;
}

Transaction::~Transaction() {
  if (connection_ && pool_) {
    // Not finished: the pool rolls back before reusing the connection.
    static_cast<LoopPool*>(pool_.get())->release(connection_);
  }
}

namespace {

Task<Rows> run_in_transaction(Connection& connection, PendingQuery& query) {
  QueryAwaiter awaiter{connection, query};
  co_await awaiter;
  if (query.error) {
    std::rethrow_exception(query.error);
  }
  co_return std::move(*query.rows);
}

}  // namespace

Task<Rows> Transaction::execute(const Statement& statement, Params params) {
  if (finished_ || !connection_) {
    throw std::logic_error("statement on a finished transaction");
  }
  StatementRegistry& statements = connection_->statements();
  PendingQuery query;
  query.statement = statement.name;
  query.params = std::move(params);
  query.own_sync = true;
  query.registered = statements.find(statement.name);
  if (query.registered == nullptr) {
    co_return co_await run_in_transaction(*connection_, query);
  }
  StatementState& state = *query.registered;
  if (statements.refuse(state)) {
    throw statements.error_for(state);
  }
  query.generation = state.generation.load();
  std::optional<DbError> failure;
  std::exception_ptr raised;
  try {
    Rows rows = co_await run_in_transaction(*connection_, query);
    statements.record_fit(state);
    co_return rows;
  } catch (const DbError& error) {
    failure = error;
    raised = std::current_exception();
  }
  if (is_stale_plan(failure->sqlstate(), failure->what())) {
    // The transaction is aborted, so the statement cannot run again within it; its next use,
    // here or on any connection, prepares it again.
    statements.replan(state, query.generation);
    throw DbError(DbErrorClass::kSchemaMismatch,
                  "statement " + statement.name +
                      " was prepared before a column it reads changed type (cached plan must "
                      "not change result type); it is prepared again for the next request: "
                      "retry it",
                  failure->sqlstate());
  }
  if (failure->error_class() != DbErrorClass::kSchemaMismatch) {
    std::rethrow_exception(raised);
  }
  statements.record_mismatch(state, *failure);
  if (statements.take_version_stale() && pool_) {
    co_await read_database_version(*static_cast<LoopPool*>(pool_.get()), statements);
  }
  throw statements.error_for(state);
}

Task<Rows> Transaction::execute_sql(std::string sql) { return run_sql(std::move(sql), false); }

Task<Rows> Transaction::run_sql(std::string sql, bool may_commit) {
  if (finished_ || !connection_) {
    throw std::logic_error("statement on a finished transaction");
  }
  PendingQuery query;
  query.prepared = false;
  query.statement = std::move(sql);
  query.own_sync = true;
  query.may_commit = may_commit;
  co_return co_await run_in_transaction(*connection_, query);
}

Task<void> Transaction::commit() {
  co_await run_sql("COMMIT", true);
  finished_ = true;
}

Task<void> Transaction::rollback() {
  co_await execute_sql("ROLLBACK");
  finished_ = true;
}

}  // namespace svcgen
