// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include "schema_fit.hpp"

namespace svcgen {

namespace asio = boost::asio;

DbError error_from_result(const PGresult* result) {
  auto field = [result](int code) {
    const char* value = PQresultErrorField(result, code);
    return std::string(value ? value : "");
  };
  std::string sqlstate = field(PG_DIAG_SQLSTATE);
  std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) {
    message = PQresultErrorMessage(result);
  }
  std::string detail = field(PG_DIAG_MESSAGE_DETAIL);
  if (!detail.empty()) {
    message += " (" + detail + ")";
  }
  return DbError(classify_sqlstate(sqlstate), message, sqlstate, field(PG_DIAG_CONSTRAINT_NAME),
                 field(PG_DIAG_COLUMN_NAME));
}

Connection::Connection(asio::io_context& context, const ConnectionSettings& settings,
                       StatementRegistry& statements, const Logger& logger, std::string pool_name)
    : context_(context),
      settings_(settings),
      statements_(statements),
      logger_(logger),
      pool_name_(std::move(pool_name)) {}

Connection::~Connection() {
  if (conn_ != nullptr) {
    PQfinish(conn_);  // sends Terminate and closes libpq's socket
  }
  // A server process still running a statement reads the Terminate only after it: no wait.
  if (descriptor_ && established_ && !busy_at_close_) {
    await_server_exit(descriptor_->native_handle());
  }
  descriptor_.reset();  // closes our duplicate of the socket
}

// The server process leaves pg_stat_activity before it closes its end of the socket: waiting for
// that close (briefly: the process exits at once on Terminate) keeps the connections PostgreSQL
// sees within the pool's maximum when the budget hands this one's place to a new connection.
void Connection::await_server_exit(int socket) {
  constexpr int kWaitMs = 250;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWaitMs);
  char discard[512];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd poll_fd{socket, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) {
      return;
    }
    if (::recv(socket, discard, sizeof discard, MSG_DONTWAIT) <= 0) {
      return;  // closed, or failed: either way the server is done with it
    }
  }
}

bool Connection::in_transaction() const {
  if (conn_ == nullptr) {
    return false;
  }
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void Connection::connect(const std::function<void(const std::string&)>& done) {
  const char* keys[] = {"dbname", "application_name", "options", "client_encoding", nullptr};
  const char* values[] = {settings_.url.c_str(), settings_.application_name.c_str(),
                          settings_.options.c_str(), "UTF8", nullptr};
  conn_ = PQconnectStartParams(keys, values, 1);
  if (conn_ == nullptr || PQstatus(conn_) == CONNECTION_BAD) {
    std::string error =
        conn_ ? redact_connection_error(PQerrorMessage(conn_), settings_.url) : "out of memory";
    state_ = State::kBroken;
    asio::post(context_, [done, error] { done(error); });
    return;
  }
  PQsetnonblocking(conn_, 1);
  // libpq's documented start: behave as if the last poll asked to wait for writing.
  wait(true, [self = shared_from_this(), done](bool ok) {
    if (!ok) {
      self->state_ = State::kBroken;
      done("cannot wait on the database socket");
      return;
    }
    self->poll_connect(done);
  });
}

void Connection::poll_connect(const std::function<void(const std::string&)>& done) {
  PostgresPollingStatusType status = PQconnectPoll(conn_);
  if (status == PGRES_POLLING_READING || status == PGRES_POLLING_WRITING) {
    wait(status == PGRES_POLLING_WRITING, [self = shared_from_this(), done](bool ok) {
      if (!ok) {
        self->state_ = State::kBroken;
        done("cannot wait on the database socket");
        return;
      }
      self->poll_connect(done);
    });
    return;
  }
  if (status == PGRES_POLLING_FAILED) {
    state_ = State::kBroken;
    std::string error = redact_connection_error(PQerrorMessage(conn_), settings_.url);
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) {
      error.pop_back();
    }
    done(error);
    return;
  }
  // Connected. Prepare every statement in one pipelined round trip.
  if (PQenterPipelineMode(conn_) != 1) {
    state_ = State::kBroken;
    done("cannot enter pipeline mode: " + std::string(PQerrorMessage(conn_)));
    return;
  }
  state_ = State::kReady;
  established_ = true;
  watch_readable();
  if (statements_.all().empty()) {
    done("");
    return;
  }
  connected_ = done;
  prepare_registered();
}

// Each prepare has a Sync of its own: one that fails aborts nothing else. The prepares live in
// the connection until all are answered; their callbacks capture no owning pointer, so nothing
// keeps the connection alive in a cycle.
void Connection::prepare_registered() {
  const auto& states = statements_.all();
  prepares_ = std::make_unique<std::vector<PendingQuery>>(states.size());
  prepares_left_ = states.size();
  for (std::size_t i = 0; i < states.size(); ++i) {
    PendingQuery& query = (*prepares_)[i];
    query.is_prepare = true;
    query.registered = states[i].get();
    query.generation = query.registered->generation.load();
    query.statement = StatementRegistry::server_name(states[i]->statement.name, query.generation);
    query.sql = states[i]->statement.sql;
    query.own_sync = true;
    query.done = [this](PendingQuery& finished) { on_prepared(finished); };
  }
  for (std::size_t i = 0; i < prepares_->size(); ++i) {
    send(&(*prepares_)[i]);
    if (state_ == State::kReady) {
      sync_pending_batch();
    }
    if (state_ != State::kReady) {
      // The prepares sent were failed with the connection; those never sent are done too.
      prepares_left_ -= prepares_->size() - i - 1;
      if (prepares_left_ == 0) {
        finish_prepares();
      }
      return;
    }
  }
  flush();
}

void Connection::finish_prepares() {
  std::function<void(const std::string&)> callback = std::move(connected_);
  connected_ = nullptr;
  asio::post(context_, [self = shared_from_this()] { self->prepares_.reset(); });
  // A broken connection says so; a statement that failed is no reason to give up the
  // connection.
  if (callback) {
    callback(state_ == State::kReady ? "" : "the connection broke while preparing statements");
  }
}

void Connection::on_prepared(PendingQuery& prepare) {
  StatementState& state = *prepare.registered;
  if (!prepare.error) {
    statements_.record_fit(state);
  } else if (state_ == State::kReady) {
    forget_prepared(prepare);
    try {
      std::rethrow_exception(prepare.error);
    } catch (const DbError& error) {
      if (error.error_class() == DbErrorClass::kSchemaMismatch) {
        statements_.record_mismatch(state, error);
      } else {
        logger_.warn("cannot prepare a statement; it is prepared again on use",
                     {{"statement", state.statement.name}, {"error", std::string(error.what())}});
      }
    }
  }
  if (--prepares_left_ == 0) {
    finish_prepares();
  }
}

void Connection::wait(bool for_write, std::function<void(bool ok)> then) {
  int socket = PQsocket(conn_);
  if (socket < 0) {
    then(false);
    return;
  }
  if (socket != socket_ || !descriptor_) {
    // Asio gets its own descriptor, closed separately from libpq's socket.
    descriptor_.reset();
    int duplicate = ::dup(socket);
    if (duplicate < 0) {
      then(false);
      return;
    }
    descriptor_ = std::make_unique<asio::posix::stream_descriptor>(context_, duplicate);
    socket_ = socket;
  }
  descriptor_->async_wait(
      for_write ? asio::posix::stream_descriptor::wait_write
                : asio::posix::stream_descriptor::wait_read,
      [then = std::move(then)](boost::system::error_code error) { then(!error); });
}

void Connection::watch_readable() {
  if (reading_ || state_ != State::kReady) {
    return;
  }
  reading_ = true;
  wait(false, [self = shared_from_this()](bool ok) {
    self->reading_ = false;
    if (self->state_ != State::kReady) {
      return;
    }
    if (!ok) {
      self->break_connection("socket wait failed");
      return;
    }
    self->on_readable();
  });
}

void Connection::on_readable() {
  auto self = shared_from_this();
  // The loop's epoll registration is edge-triggered and PQconsumeInput reads once: keep
  // consuming while bytes remain, or the connection would stall with data in the kernel.
  while (true) {
    if (PQconsumeInput(conn_) != 1) {
      break_connection(PQerrorMessage(conn_));
      return;
    }
    process_results();
    if (state_ != State::kReady) {
      return;
    }
    pollfd poll_fd{socket_, POLLIN, 0};
    if (::poll(&poll_fd, 1, 0) <= 0) {
      break;
    }
  }
  watch_readable();
}

void Connection::process_results() {
  std::vector<PendingQuery*> completed;
  while (!entries_.empty() && PQisBusy(conn_) == 0) {
    Entry& front = entries_.front();
    PGresult* result = PQgetResult(conn_);
    if (front.query == nullptr) {
      if (result == nullptr) {
        break;
      }
      bool is_sync = PQresultStatus(result) == PGRES_PIPELINE_SYNC;
      PQclear(result);
      if (!is_sync) {
        break_connection("unexpected result while waiting for a pipeline sync");
        return;
      }
      entries_.pop_front();
      continue;
    }
    if (result == nullptr) {
      if (!front.result_seen) {
        break;
      }
      if (!front.plan_for_query) {
        completed.push_back(front.query);
        --queries_in_flight_;
      }
      entries_.pop_front();
      continue;
    }
    front.result_seen = true;
    if (front.plan_for_query) {
      ExecStatusType status = PQresultStatus(result);
      if (status != PGRES_COMMAND_OK) {
        // Not prepared: the statement runs (or fails) under its own name next time.
        if (front.query->registered != nullptr) {
          forget_prepared(*front.query);
        } else {
          forget_plan(front.query->statement);
        }
        if (status != PGRES_PIPELINE_ABORTED) {
          // The execute after it only says "does not exist": this is the error to report.
          front.query->error = std::make_exception_ptr(error_from_result(result));
        }
      }
      PQclear(result);
      continue;
    }
    switch (PQresultStatus(result)) {
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK:
        front.query->rows = Rows(std::shared_ptr<const void>(result, [](const void* r) {
          PQclear(const_cast<PGresult*>(static_cast<const PGresult*>(r)));
        }));
        break;
      case PGRES_PIPELINE_ABORTED:
        front.query->aborted = true;
        PQclear(result);
        break;
      case PGRES_PIPELINE_SYNC:
        PQclear(result);
        break_connection("pipeline out of step");
        return;
      default: {
        DbError error = error_from_result(result);
        if (front.query->cache_plan && is_stale_plan(error.sqlstate(), error.what())) {
          forget_plan(front.query->statement);  // its plan no longer fits: plan it again
        }
        front.query->error = std::make_exception_ptr(std::move(error));
        PQclear(result);
        break;
      }
    }
  }
  last_used_ = std::chrono::steady_clock::now();
  if (!completed.empty()) {
    progress_ = last_used_;
  }
  for (PendingQuery* query : completed) {
    if (query->aborted && !query->error) {
      // An earlier statement of its batch failed; an aborted read is safe to run again.
      if (!query->own_sync && ++query->attempts < 3) {
        query->aborted = false;
        submit(query);
        continue;
      }
      query->error = std::make_exception_ptr(
          DbError(DbErrorClass::kOther, "statement skipped: an earlier statement failed"));
    }
    if (query->done) {
      query->done(*query);
    } else if (query->waiter) {
      query->waiter.resume();
    }
  }
  if (!completed.empty() && on_progress && state_ == State::kReady) {
    // A copy: the pool may close this connection from it, which clears on_progress.
    std::function<void()> progress = on_progress;
    progress();
  }
}

std::string Connection::cached_plan(PendingQuery* query) {
  if (auto found = plans_.find(query->statement); found != plans_.end()) {
    return found->second;
  }
  if (plans_.size() >= kMaxCachedPlans) {
    return "";
  }
  // A counter, not the map's size: a forgotten plan's name stays taken on the server.
  std::string name = "svcgen_plan_" + std::to_string(++plans_made_);
  if (PQsendPrepare(conn_, name.c_str(), query->statement.c_str(), 0, nullptr) != 1) {
    return "";  // the execute below reports the broken connection
  }
  entries_.push_back({query, false, true});
  plans_.emplace(query->statement, name);
  return name;
}

std::string Connection::registered_plan(PendingQuery* query) {
  std::string name = StatementRegistry::server_name(query->statement, query->generation);
  auto found = prepared_.find(query->registered);
  if (found != prepared_.end() && found->second == query->generation) {
    return name;
  }
  if (PQsendPrepare(conn_, name.c_str(), query->registered->statement.sql.c_str(), 0, nullptr) !=
      1) {
    return name;  // the execute below reports the broken connection
  }
  entries_.push_back({query, false, true});
  prepared_[query->registered] = query->generation;
  return name;
}

void Connection::forget_prepared(const PendingQuery& query) {
  auto found = prepared_.find(query.registered);
  if (found != prepared_.end() && found->second == query.generation) {
    prepared_.erase(found);
  }
}

void Connection::send(PendingQuery* query) {
  std::vector<const char*> values;
  values.reserve(query->params.size());
  for (const auto& param : query->params) {
    values.push_back(param ? param->c_str() : nullptr);
  }
  int count = static_cast<int>(values.size());
  std::string plan;
  if (query->registered != nullptr && !query->is_prepare) {
    plan = registered_plan(query);
  } else if (query->cache_plan) {
    plan = cached_plan(query);
  }
  int ok;
  if (query->is_prepare) {
    ok = PQsendPrepare(conn_, query->statement.c_str(), query->sql.c_str(), 0, nullptr);
    if (query->registered != nullptr) {
      prepared_[query->registered] = query->generation;
    }
  } else if (query->prepared || !plan.empty()) {
    const std::string& name = plan.empty() ? query->statement : plan;
    ok = PQsendQueryPrepared(conn_, name.c_str(), count, values.data(), nullptr, nullptr, 0);
  } else {
    ok = PQsendQueryParams(conn_, query->statement.c_str(), count, nullptr, values.data(), nullptr,
                           nullptr, 0);
  }
  entries_.push_back({query});
  if (queries_in_flight_++ == 0) {
    progress_ = std::chrono::steady_clock::now();
  }
  if (ok != 1) {
    break_connection(PQerrorMessage(conn_));
  }
}

void Connection::submit(PendingQuery* query) {
  if (state_ != State::kReady) {
    query->error = std::make_exception_ptr(
        DbError(DbErrorClass::kUnavailable, "database connection is not ready"));
    if (query->done) {
      query->done(*query);
    } else if (query->waiter) {
      query->waiter.resume();
    }
    return;
  }
  last_used_ = std::chrono::steady_clock::now();
  if (query->own_sync) {
    // A write never shares the implicit transaction of a batch of reads.
    if (unsynced_reads_) {
      sync_pending_batch();
    }
    send(query);
    if (state_ == State::kReady) {
      sync_pending_batch();
    }
  } else {
    send(query);
    unsynced_reads_ = true;
  }
  schedule_flush();
}

void Connection::sync_pending_batch() {
  if (PQpipelineSync(conn_) != 1) {
    break_connection(PQerrorMessage(conn_));
    return;
  }
  entries_.push_back({nullptr});
  unsynced_reads_ = false;
}

void Connection::schedule_flush() {
  if (flush_scheduled_ || state_ != State::kReady) {
    return;
  }
  flush_scheduled_ = true;
  // Reads submitted during this turn of the event loop share one Sync and one send.
  asio::post(context_, [self = shared_from_this()] {
    self->flush_scheduled_ = false;
    if (self->state_ != State::kReady) {
      return;
    }
    if (self->unsynced_reads_) {
      self->sync_pending_batch();
    }
    self->flush();
  });
}

void Connection::flush() {
  if (waiting_writable_ || state_ != State::kReady) {
    return;
  }
  int result = PQflush(conn_);
  if (result < 0) {
    break_connection(PQerrorMessage(conn_));
  } else if (result == 1) {
    waiting_writable_ = true;
    wait(true, [self = shared_from_this()](bool ok) {
      self->waiting_writable_ = false;
      if (!ok) {
        self->break_connection("socket wait failed");
        return;
      }
      self->flush();
    });
  }
}

// A deliberate close (shutdown, retirement) is not worth a warning.
void Connection::fail_all(const std::string& reason) { break_connection(reason, true); }

void Connection::break_connection(const std::string& reason, bool expected) {
  if (state_ == State::kBroken) {
    return;
  }
  state_ = State::kBroken;
  std::string message = reason;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  if (!expected) {
    logger_.warn("database connection lost", {{"pool", pool_name_}, {"error", message}});
  }
  if (descriptor_) {
    boost::system::error_code ignored;
    descriptor_->cancel(ignored);
  }
  busy_at_close_ = queries_in_flight_ > 0;
  std::deque<Entry> entries = std::move(entries_);
  entries_.clear();
  queries_in_flight_ = 0;
  auto self = shared_from_this();
  for (Entry& entry : entries) {
    if (entry.query == nullptr || entry.plan_for_query) {
      continue;  // a query is failed once, through its own entry
    }
    DbError error(DbErrorClass::kUnavailable, "database connection lost: " + message);
    if (entry.query->may_commit) {
      error.set_outcome_unknown();
    }
    entry.query->error = std::make_exception_ptr(error);
    if (entry.query->done) {
      entry.query->done(*entry.query);
    } else if (entry.query->waiter) {
      entry.query->waiter.resume();
    }
  }
  if (on_broken) {
    on_broken();
  }
}

}  // namespace svcgen
