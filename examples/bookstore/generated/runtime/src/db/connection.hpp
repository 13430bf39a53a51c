// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal: one non-blocking libpq connection in pipeline mode, driven by an Asio event loop.
#include <libpq-fe.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <chrono>
#include <coroutine>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "statements.hpp"
#include "svcgen/db.hpp"

namespace svcgen {

struct ConnectionSettings {
  std::string url;
  std::string application_name;
  std::string options;  // "-c statement_timeout=... -c search_path=..."
};

// One statement in flight. It lives in the frame of the coroutine that awaits it, which the
// connection resumes (or calls `done`) once the result is in.
struct PendingQuery {
  std::string statement;  // a prepared statement's name, or SQL when `prepared` is false
  bool prepared = true;
  bool is_prepare = false;  // PQsendPrepare of `statement` with `sql`
  std::string sql;
  Params params;
  bool own_sync = false;  // writes and transaction statements are synced on their own
  // A write or COMMIT: should the connection break once it was sent, nobody can tell whether
  // it took effect.
  bool may_commit = false;
  // SQL built at run time (list queries) that recurs: prepared on first use per connection, so
  // PostgreSQL plans it once rather than on every request.
  bool cache_plan = false;
  // A registered statement: the connection runs it under the name of `generation`, preparing it
  // first (in the same segment) when it has not yet.
  StatementState* registered = nullptr;
  int generation = 0;
  int attempts = 0;

  std::optional<Rows> rows;
  std::exception_ptr error;
  bool aborted = false;  // skipped because an earlier statement of its batch failed
  std::coroutine_handle<> waiter;
  std::function<void(PendingQuery&)> done;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  enum class State { kConnecting, kReady, kBroken };

  Connection(boost::asio::io_context& context, const ConnectionSettings& settings,
             StatementRegistry& statements, const Logger& logger, std::string pool_name);
  ~Connection();

  // Connects, enters pipeline mode and prepares every statement, each on its own so that one
  // that does not fit the schema fails alone (it is prepared again on use); `done(error)` with
  // "" on success.
  void connect(const std::function<void(const std::string& error)>& done);
  void submit(PendingQuery* query);
  // Fails every query in flight with kUnavailable and closes the socket.
  void fail_all(const std::string& reason);

  State state() const { return state_; }
  int in_flight() const { return static_cast<int>(queries_in_flight_); }
  bool exclusive() const { return exclusive_; }
  void set_exclusive(bool exclusive) { exclusive_ = exclusive; }
  // A waiter was given this connection and resumes on a later turn of the loop, before it sends
  // its statement: until then the connection only looks idle.
  void promise() { ++promised_; }
  void keep_promise() { --promised_; }
  // Nothing in flight, nobody about to send, not held for a transaction: safe to close.
  bool idle() const { return !exclusive_ && queries_in_flight_ == 0 && promised_ == 0; }
  std::chrono::steady_clock::time_point created() const { return created_; }
  std::chrono::steady_clock::time_point last_used() const { return last_used_; }
  const std::string& pool_name() const { return pool_name_; }
  // Statements in flight and no result for longer than `threshold`: whatever is queued behind
  // them waits as long, so new statements should go elsewhere.
  bool stalled(std::chrono::steady_clock::time_point now,
               std::chrono::steady_clock::duration threshold) const {
    return queries_in_flight_ > 0 && now - progress_ > threshold;
  }
  bool in_transaction() const;
  StatementRegistry& statements() { return statements_; }

  // Called when the connection breaks (after its queries were failed).
  std::function<void()> on_broken;
  // Called after results came in, so a pool can serve requests that waited for a connection
  // that is no longer stalled.
  std::function<void()> on_progress;
  // Held for as long as the connection (and its server process) exists.
  std::shared_ptr<void> lease;

 private:
  void poll_connect(const std::function<void(const std::string&)>& done);
  void wait(bool for_write, std::function<void(bool ok)> then);
  void schedule_flush();
  void flush();
  void on_readable();
  void process_results();
  void sync_pending_batch();
  void send(PendingQuery* query);
  void break_connection(const std::string& reason, bool expected = false);
  void watch_readable();
  static void await_server_exit(int socket);

  struct Entry {
    PendingQuery* query;  // nullptr: a Sync marker
    bool result_seen = false;
    bool plan_for_query = false;  // the PQsendPrepare that `query` (cache_plan) runs after
  };
  // The name to run `query` under, preparing it first when it is new; "" to run it unprepared.
  std::string cached_plan(PendingQuery* query);
  void forget_plan(const std::string& sql) { plans_.erase(sql); }
  // The name to run a registered statement under, preparing it first when this connection has
  // not prepared that generation.
  std::string registered_plan(PendingQuery* query);
  void forget_prepared(const PendingQuery& query);
  void prepare_registered();
  void on_prepared(PendingQuery& prepare);
  void finish_prepares();
  static constexpr std::size_t kMaxCachedPlans = 256;

  boost::asio::io_context& context_;
  ConnectionSettings settings_;
  StatementRegistry& statements_;
  const Logger& logger_;
  std::string pool_name_;
  PGconn* conn_ = nullptr;
  int socket_ = -1;
  std::unique_ptr<boost::asio::posix::stream_descriptor> descriptor_;
  State state_ = State::kConnecting;
  std::deque<Entry> entries_;
  std::size_t queries_in_flight_ = 0;
  bool unsynced_reads_ = false;
  bool flush_scheduled_ = false;
  bool waiting_writable_ = false;
  bool reading_ = false;
  bool exclusive_ = false;
  int promised_ = 0;
  bool established_ = false;  // the server accepted the connection
  bool busy_at_close_ = false;
  std::unique_ptr<std::vector<PendingQuery>> prepares_;
  std::size_t prepares_left_ = 0;
  std::function<void(const std::string&)> connected_;
  // The generation of each registered statement this connection prepared.
  std::unordered_map<const StatementState*, int> prepared_;
  std::unordered_map<std::string, std::string> plans_;  // SQL -> prepared statement name
  int plans_made_ = 0;
  std::chrono::steady_clock::time_point created_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_used_ = created_;
  // When the statement now at the head of the pipeline started waiting for its result.
  std::chrono::steady_clock::time_point progress_ = created_;
};

DbError error_from_result(const PGresult* result);

}  // namespace svcgen
