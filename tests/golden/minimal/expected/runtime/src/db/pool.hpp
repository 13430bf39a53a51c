// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal: the connections of one pool (primary or replica) on one event loop.
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <deque>
#include <list>
#include <mutex>
#include <set>

#include "connection.hpp"

namespace svcgen {

class LoopPool;

// The connections that the pools of one kind (write or read) on every event loop may hold
// together: DB_*_MAX_CONNS is a maximum for the whole process. A loop that needs a connection
// when none is left asks the others to give up an idle one, and is told when one frees.
class ConnectionBudget : public std::enable_shared_from_this<ConnectionBudget> {
 public:
  explicit ConnectionBudget(int max_connections) : max_(max_connections) {}

  void add_pool(const std::shared_ptr<LoopPool>& pool);
  // A lease to hold while the connection exists, or null when the budget is spent. `urgent`:
  // `pool` has requests waiting, so the others are asked to shed an idle connection and `pool`
  // hears when one frees.
  std::shared_ptr<void> try_lease(LoopPool* pool, bool urgent);
  bool spent() const { return used_.load() >= max_; }
  // Another loop than `pool` waits for a connection the budget has not got: `pool` should
  // give up an idle one.
  bool wanted_elsewhere(const LoopPool* pool);
  // Stopping: nobody is told anything from now on, the loops may be gone.
  void close();

 private:
  void give_back();

  const int max_;
  std::atomic<int> used_{0};
  std::atomic<bool> wanted_{false};
  std::mutex mutex_;
  bool closed_ = false;
  std::vector<std::weak_ptr<LoopPool>> pools_;
  std::deque<std::weak_ptr<LoopPool>> hungry_;
};

struct PoolSettings {
  std::string name;  // "write" or "read"
  ConnectionSettings connection;
  int max_connections = 10;
  int shared_connections = 2;  // pipelined connections that serve single statements
  std::chrono::milliseconds wait_timeout{5000};
  std::chrono::milliseconds max_lifetime{30 * 60 * 1000};
  std::chrono::milliseconds max_idle_time{5 * 60 * 1000};
  std::shared_ptr<ConnectionBudget> budget;  // shared by the pools of every loop
};

class LoopPool : public std::enable_shared_from_this<LoopPool> {
 public:
  LoopPool(boost::asio::io_context& context, PoolSettings settings, StatementRegistry& statements,
           const Logger& logger, Metrics& metrics);

  struct Waiter {
    bool exclusive = false;
    bool batched_read = false;
    std::coroutine_handle<> handle;
    std::shared_ptr<Connection> connection;
    bool promised = false;  // `connection` was handed over while suspended
    std::exception_ptr error;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };

  // A connection for one statement (shared, pipelined) or for a transaction (exclusive), or
  // an error: kUnavailable when the database is down, kPoolTimeout after the wait timeout. A
  // batched read is a statement that shares its batch's Sync.
  struct Acquire {
    LoopPool& pool;
    Waiter waiter;
    bool await_ready();
    void await_suspend(std::coroutine_handle<> handle);
    std::shared_ptr<Connection> await_resume();
  };
  Acquire acquire(bool exclusive, bool batched_read = false) {
    return Acquire{*this, Waiter{exclusive, batched_read, {}, {}, false, {}, {}}};
  }

  // Returns a connection taken for a transaction; rolls back first if it is still in one.
  void release(const std::shared_ptr<Connection>& connection);
  // True while the last attempt to connect failed and no connection works.
  bool down() const { return down_; }
  void start();
  void stop();
  PoolStats stats() const;
  // On this pool's loop: closes one idle connection when another loop waits for the budget.
  void shed_idle();
  // On this pool's loop: a connection of the budget freed up.
  void on_budget_freed();
  void ask_again_later();
  static constexpr std::chrono::milliseconds kAskAgainAfter{20};
  boost::asio::io_context& context() { return context_; }

 private:
  std::shared_ptr<Connection> take_now(const Waiter& waiter);
  void open_connection();
  void on_connected(Connection* connection, const std::string& error);
  void on_broken(const std::shared_ptr<Connection>& connection);
  void serve_waiters();
  void fail_waiters(DbErrorClass error_class, const std::string& message);
  void schedule_retry();
  void schedule_maintenance();
  void publish_stats();
  int total() const { return static_cast<int>(ready_.size() + connecting_.size()); }
  bool can_grow() const {
    return total() < settings_.max_connections && !settings_.budget->spent();
  }
  std::shared_ptr<Connection> take_exclusive();
  std::shared_ptr<Connection> take_shared(const Waiter& waiter);

  // Reads in flight on one connection before further reads go to the least busy one.
  static constexpr int kReadBatchDepth = 256;
  // A pipelined connection without a result for this long is stuck behind a slow statement:
  // new statements go to another one rather than queue behind it.
  static constexpr std::chrono::milliseconds kStallThreshold{10};

  boost::asio::io_context& context_;
  PoolSettings settings_;
  StatementRegistry& statements_;
  const Logger& logger_;
  Metrics& metrics_;
  std::vector<std::shared_ptr<Connection>> ready_;
  std::vector<std::shared_ptr<Connection>> connecting_;  // owned here until connected
  std::list<Waiter*> waiters_;
  std::set<std::shared_ptr<PendingQuery>> rollbacks_;
  bool down_ = false;
  bool stopped_ = false;
  std::chrono::milliseconds backoff_{100};
  bool retry_scheduled_ = false;
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer maintenance_timer_;
  boost::asio::steady_timer hunger_timer_;
  bool hunger_timer_armed_ = false;
  std::atomic<int> stat_open_{0};
  std::atomic<int> stat_busy_{0};
  std::atomic<int> stat_waiting_{0};
};

}  // namespace svcgen
