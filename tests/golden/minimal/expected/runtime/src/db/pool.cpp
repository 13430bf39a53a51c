// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "pool.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace svcgen {

namespace asio = boost::asio;

LoopPool::LoopPool(asio::io_context& context, PoolSettings settings, StatementRegistry& statements,
                   const Logger& logger, Metrics& metrics)
    : context_(context),
      settings_(std::move(settings)),
      statements_(statements),
      logger_(logger),
      metrics_(metrics),
      retry_timer_(context),
      maintenance_timer_(context),
      hunger_timer_(context) {}

void LoopPool::start() {
  open_connection();
  schedule_maintenance();
}

void LoopPool::stop() {
  stopped_ = true;
  retry_timer_.cancel();
  maintenance_timer_.cancel();
  hunger_timer_.cancel();
  fail_waiters(DbErrorClass::kUnavailable, "the service is shutting down");
  std::vector<std::shared_ptr<Connection>> connections = std::move(ready_);
  ready_.clear();
  for (auto& connection : connecting_) {
    connections.push_back(connection);
  }
  for (auto& connection : connections) {
    connection->on_broken = nullptr;
    connection->on_progress = nullptr;
    connection->fail_all("the service is shutting down");
  }
  publish_stats();
}

std::shared_ptr<Connection> LoopPool::take_now(const Waiter& waiter) {
  return waiter.exclusive ? take_exclusive() : take_shared(waiter);
}

std::shared_ptr<Connection> LoopPool::take_exclusive() {
  int shared_left = static_cast<int>(
      std::count_if(ready_.begin(), ready_.end(), [](const auto& c) { return !c->exclusive(); }));
  for (auto& connection : ready_) {
    bool idle = connection->idle();
    // The last pipelined connection stays with single statements, so that writes blocked on
    // locks cannot also hold up the reads; a loop that can have only one has no choice.
    if (idle && (shared_left > 1 || (total() == 1 && !can_grow()))) {
      connection->set_exclusive(true);
      return connection;
    }
  }
  return nullptr;
}

std::shared_ptr<Connection> LoopPool::take_shared(const Waiter& waiter) {
  std::shared_ptr<Connection> best;
  std::shared_ptr<Connection> first_with_room;
  int shared = 0;
  auto now = std::chrono::steady_clock::now();
  for (auto& connection : ready_) {
    if (connection->exclusive()) {
      continue;
    }
    ++shared;
    if (connection->stalled(now, kStallThreshold)) {
      continue;
    }
    if (!best || connection->in_flight() < best->in_flight()) {
      best = connection;
    }
    if (!first_with_room && connection->in_flight() < kReadBatchDepth) {
      first_with_room = connection;
    }
  }
  if (!best) {
    // Every pipelined connection is stuck (or there is none): wait for a new one, or for one to
    // move again, rather than queue behind a statement that may wait for a lock for seconds.
    return nullptr;
  }
  // Spread load over a few pipelined connections; more only add syscalls on few cores.
  if (best->in_flight() > 0 &&
      shared + static_cast<int>(connecting_.size()) < settings_.shared_connections && can_grow()) {
    open_connection();
  }
  // Reads gather on one connection: the batches of a loop's turn then go out as one send and
  // one Sync to one backend, instead of halves that wake two.
  if (waiter.batched_read && first_with_room) {
    return first_with_room;
  }
  return best;
}

bool LoopPool::Acquire::await_ready() {
  if (pool.stopped_) {
    waiter.error = std::make_exception_ptr(
        DbError(DbErrorClass::kUnavailable, "the service is shutting down"));
    return true;
  }
  if ((waiter.connection = pool.take_now(waiter))) {
    return true;
  }
  if (pool.down_ && pool.ready_.empty()) {
    waiter.error =
        std::make_exception_ptr(DbError(DbErrorClass::kUnavailable, "the database is unavailable"));
    return true;
  }
  return false;
}

void LoopPool::Acquire::await_suspend(std::coroutine_handle<> handle) {
  waiter.handle = handle;
  pool.waiters_.push_back(&waiter);
  if (pool.connecting_.empty() || waiter.exclusive) {
    pool.open_connection();  // with the budget spent, tells it that this loop waits
  }
  waiter.timer = std::make_unique<asio::steady_timer>(pool.context_, pool.settings_.wait_timeout);
  Waiter* self = &waiter;
  LoopPool* owner = &pool;
  waiter.timer->async_wait([owner, self](boost::system::error_code error) {
    if (error) {
      return;  // served or cancelled
    }
    auto found = std::find(owner->waiters_.begin(), owner->waiters_.end(), self);
    if (found == owner->waiters_.end()) {
      return;
    }
    owner->waiters_.erase(found);
    owner->metrics_.record_db_error("pool_timeout");
    self->error = std::make_exception_ptr(DbError(
        DbErrorClass::kPoolTimeout,
        "no " + owner->settings_.name + " database connection became free within " +
            std::to_string(owner->settings_.wait_timeout.count()) + "ms (DB_POOL_WAIT_TIMEOUT)"));
    owner->publish_stats();
    self->handle.resume();
  });
  pool.publish_stats();
}

std::shared_ptr<Connection> LoopPool::Acquire::await_resume() {
  if (waiter.error) {
    std::rethrow_exception(waiter.error);
  }
  if (waiter.promised) {
    waiter.connection->keep_promise();
  }
  return std::move(waiter.connection);
}

void LoopPool::open_connection() {
  if (stopped_ || total() >= settings_.max_connections) {
    return;
  }
  std::shared_ptr<void> lease = settings_.budget->try_lease(this, !waiters_.empty());
  if (!lease) {
    ask_again_later();
    return;
  }
  auto connection = std::make_shared<Connection>(context_, settings_.connection, statements_,
                                                 logger_, settings_.name);
  connection->lease = std::move(lease);
  connecting_.push_back(connection);
  // The callback holds no owning pointer: the connection keeps it until it is connected.
  std::weak_ptr<LoopPool> weak = shared_from_this();
  Connection* raw = connection.get();
  connection->connect([weak, raw](const std::string& error) {
    if (auto pool = weak.lock()) {
      pool->on_connected(raw, error);
    }
  });
  publish_stats();
}

void LoopPool::on_connected(Connection* raw, const std::string& error) {
  auto found = std::find_if(connecting_.begin(), connecting_.end(),
                            [raw](const auto& candidate) { return candidate.get() == raw; });
  if (found == connecting_.end()) {
    return;
  }
  std::shared_ptr<Connection> connection = *found;
  connecting_.erase(found);
  if (stopped_) {
    return;
  }
  if (!error.empty() || connection->state() != Connection::State::kReady) {
    metrics_.record_db_error("unavailable");
    if (!down_) {
      logger_.error("cannot connect to the database", {{"pool", settings_.name}, {"error", error}});
    }
    if (ready_.empty()) {
      down_ = true;
      // Nobody should wait for a database that just refused us: fail fast, retry behind.
      fail_waiters(DbErrorClass::kUnavailable, "the database is unavailable: " + error);
    }
    schedule_retry();
    publish_stats();
    return;
  }
  if (down_) {
    logger_.info("database connection restored", {{"pool", settings_.name}});
  }
  down_ = false;
  backoff_ = std::chrono::milliseconds(100);
  std::weak_ptr<LoopPool> weak = shared_from_this();
  std::weak_ptr<Connection> weak_connection = connection;
  connection->on_broken = [weak, weak_connection] {
    auto pool = weak.lock();
    auto broken = weak_connection.lock();
    if (pool && broken) {
      // Not from inside the connection's own call stack.
      asio::post(pool->context_, [pool, broken] { pool->on_broken(broken); });
    }
  };
  connection->on_progress = [weak] {
    auto pool = weak.lock();
    if (!pool) {
      return;
    }
    pool->shed_idle();
    if (!pool->waiters_.empty()) {
      pool->serve_waiters();
    }
  };
  ready_.push_back(connection);
  serve_waiters();
  publish_stats();
}

// Before serving this loop's own waiters: those queue behind the other loop for the budget,
// so no loop keeps the connections while another waits past its timeout.
void LoopPool::shed_idle() {
  if (stopped_ || !settings_.budget->wanted_elsewhere(this)) {
    return;
  }
  auto idle = std::find_if(ready_.begin(), ready_.end(),
                           [](const auto& connection) { return connection->idle(); });
  if (idle == ready_.end()) {
    return;
  }
  std::shared_ptr<Connection> connection = *idle;
  ready_.erase(idle);
  connection->on_broken = nullptr;
  connection->on_progress = nullptr;
  connection->fail_all("given up for another event loop");
  publish_stats();
}

// A loop asked to shed while all its connections were busy may fall idle on a path that does
// not look for hungry loops again; asking again while requests wait here bounds that delay.
void LoopPool::ask_again_later() {
  if (waiters_.empty() || hunger_timer_armed_ || stopped_) {
    return;
  }
  hunger_timer_armed_ = true;
  hunger_timer_.expires_after(kAskAgainAfter);
  std::weak_ptr<LoopPool> weak = shared_from_this();
  hunger_timer_.async_wait([weak](boost::system::error_code error) {
    auto pool = weak.lock();
    if (!pool || error) {
      return;
    }
    pool->hunger_timer_armed_ = false;
    if (!pool->waiters_.empty() && pool->ready_.empty() && pool->connecting_.empty()) {
      pool->open_connection();
    }
  });
}

void LoopPool::on_budget_freed() {
  if (!stopped_ && !waiters_.empty()) {
    open_connection();
  }
}

void ConnectionBudget::add_pool(const std::shared_ptr<LoopPool>& pool) {
  std::lock_guard lock(mutex_);
  pools_.push_back(pool);
}

std::shared_ptr<void> ConnectionBudget::try_lease(LoopPool* pool, bool urgent) {
  std::lock_guard lock(mutex_);
  if (closed_) {
    return nullptr;
  }
  if (used_.load() < max_) {
    used_.fetch_add(1);
    // The deleter runs wherever the connection ends; it only needs the budget.
    return {static_cast<void*>(this), [self = shared_from_this()](void*) { self->give_back(); }};
  }
  if (!urgent) {
    return nullptr;
  }
  bool listed = std::any_of(hungry_.begin(), hungry_.end(),
                            [pool](const auto& weak) { return weak.lock().get() == pool; });
  for (const auto& weak : pools_) {
    auto other = weak.lock();
    if (!other) {
      continue;
    }
    if (other.get() == pool) {
      if (!listed) {
        hungry_.push_back(other);
      }
      wanted_.store(true);
    } else {
      // A busy loop sheds later, when one of its connections falls idle.
      boost::asio::post(other->context(), [other] { other->shed_idle(); });
    }
  }
  return nullptr;
}

bool ConnectionBudget::wanted_elsewhere(const LoopPool* pool) {
  if (!wanted_.load()) {
    return false;
  }
  std::lock_guard lock(mutex_);
  return std::any_of(hungry_.begin(), hungry_.end(), [pool](const auto& weak) {
    auto hungry = weak.lock();
    return hungry && hungry.get() != pool;
  });
}

void ConnectionBudget::give_back() {
  std::lock_guard lock(mutex_);
  used_.fetch_sub(1);
  while (!closed_ && !hungry_.empty()) {
    auto pool = hungry_.front().lock();
    hungry_.pop_front();
    wanted_.store(!hungry_.empty());
    if (pool) {
      boost::asio::post(pool->context(), [pool] { pool->on_budget_freed(); });
      return;
    }
  }
}

void ConnectionBudget::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  hungry_.clear();
  wanted_.store(false);
}

void LoopPool::on_broken(const std::shared_ptr<Connection>& connection) {
  metrics_.record_db_error("unavailable");
  connection->on_progress = nullptr;
  std::erase(ready_, connection);
  if (!stopped_ && (!waiters_.empty() || ready_.empty())) {
    open_connection();
  }
  publish_stats();
}

void LoopPool::serve_waiters() {
  for (auto it = waiters_.begin(); it != waiters_.end();) {
    Waiter* waiter = *it;
    std::shared_ptr<Connection> connection = take_now(*waiter);
    if (!connection) {
      ++it;
      continue;
    }
    it = waiters_.erase(it);
    connection->promise();
    waiter->promised = true;
    waiter->connection = std::move(connection);
    waiter->timer->cancel();
    asio::post(context_, [handle = waiter->handle] { handle.resume(); });
  }
  if (!waiters_.empty() && connecting_.empty()) {
    open_connection();  // or, with the budget spent, be told when a connection frees
  }
  publish_stats();
}

void LoopPool::fail_waiters(DbErrorClass error_class, const std::string& message) {
  std::list<Waiter*> waiters = std::move(waiters_);
  waiters_.clear();
  for (Waiter* waiter : waiters) {
    waiter->error = std::make_exception_ptr(DbError(error_class, message));
    waiter->timer->cancel();
    asio::post(context_, [handle = waiter->handle] { handle.resume(); });
  }
}

void LoopPool::schedule_retry() {
  if (retry_scheduled_ || stopped_) {
    return;
  }
  retry_scheduled_ = true;
  retry_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(2000));
  std::weak_ptr<LoopPool> weak = shared_from_this();
  retry_timer_.async_wait([weak](boost::system::error_code error) {
    auto pool = weak.lock();
    if (!pool || error) {
      return;
    }
    pool->retry_scheduled_ = false;
    if (pool->ready_.empty() && pool->connecting_.empty()) {
      pool->open_connection();
    }
  });
}

void LoopPool::release(const std::shared_ptr<Connection>& connection) {
  if (connection->state() != Connection::State::kReady || stopped_) {
    return;
  }
  if (connection->in_transaction()) {
    // An abandoned transaction: roll it back before anyone else gets the connection.
    auto rollback = std::make_shared<PendingQuery>();
    rollback->prepared = false;
    rollback->statement = "ROLLBACK";
    rollback->own_sync = true;
    rollbacks_.insert(rollback);  // owned here until answered; the callback must not own it
    std::weak_ptr<LoopPool> weak = shared_from_this();
    PendingQuery* key = rollback.get();
    rollback->done = [weak, connection, key](PendingQuery&) {
      auto pool = weak.lock();
      if (pool) {
        asio::post(pool->context_, [pool, connection, key] {
          std::erase_if(pool->rollbacks_, [key](const auto& owned) { return owned.get() == key; });
          if (!connection->in_transaction()) {
            pool->release(connection);
          } else {
            connection->fail_all("could not roll back an abandoned transaction");
          }
        });
      }
    };
    connection->submit(rollback.get());
    return;
  }
  connection->set_exclusive(false);
  shed_idle();
  serve_waiters();
}

void LoopPool::schedule_maintenance() {
  maintenance_timer_.expires_after(std::chrono::seconds(1));
  std::weak_ptr<LoopPool> weak = shared_from_this();
  maintenance_timer_.async_wait([weak](boost::system::error_code error) {
    auto pool = weak.lock();
    if (!pool || error || pool->stopped_) {
      return;
    }
    auto now = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<Connection>> retire;
    for (const auto& connection : pool->ready_) {
      bool idle = connection->idle();
      bool too_old = now - connection->created() > pool->settings_.max_lifetime;
      bool unused = now - connection->last_used() > pool->settings_.max_idle_time;
      if (idle && (too_old || unused)) {
        retire.push_back(connection);
      }
    }
    for (const auto& connection : retire) {
      std::erase(pool->ready_, connection);
      connection->on_broken = nullptr;
      connection->on_progress = nullptr;
      connection->fail_all(std::string("retired after its ") +
                           (now - connection->created() > pool->settings_.max_lifetime
                                ? "maximum lifetime"
                                : "maximum idle time"));
    }
    if (!retire.empty()) {
      pool->publish_stats();
    }
    pool->schedule_maintenance();
  });
}

void LoopPool::publish_stats() {
  int busy = 0;
  for (const auto& connection : ready_) {
    busy += connection->exclusive() || connection->in_flight() > 0 ? 1 : 0;
  }
  stat_open_.store(static_cast<int>(ready_.size()));
  stat_busy_.store(busy);
  stat_waiting_.store(static_cast<int>(waiters_.size()));
}

PoolStats LoopPool::stats() const {
  PoolStats stats;
  stats.pool = settings_.name;
  stats.open = stat_open_.load();
  stats.busy = stat_busy_.load();
  stats.idle = stats.open - stats.busy;
  stats.waiting = stat_waiting_.load();
  return stats;
}

}  // namespace svcgen
