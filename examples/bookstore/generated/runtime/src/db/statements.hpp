// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal: the statements a service registered, shared by every event loop and pool, and
// whether each fits the database's schema. A statement that does not fit breaks only the
// operations that use it: they fail fast for a back-off, then try again, and one success anywhere
// makes every connection use the statement again.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "svcgen/db.hpp"

namespace svcgen {

struct StatementState {
  explicit StatementState(Statement registered) : statement(std::move(registered)) {}

  const Statement statement;
  // Bumped when a prepared plan stops fitting (0A000): every connection prepares the statement
  // again, under the name of the new generation, before its next use.
  std::atomic<int> generation{0};
  std::atomic<bool> unfit{false};

  std::mutex mutex;  // guards what follows
  std::string mismatch;
  std::chrono::milliseconds backoff{0};
  std::chrono::steady_clock::time_point retry_at;
};

class StatementRegistry {
 public:
  static constexpr std::chrono::milliseconds kFirstBackoff{1000};
  static constexpr std::chrono::milliseconds kMaxBackoff{10000};

  explicit StatementRegistry(const Logger& logger) : logger_(logger) {}

  // Before any connection exists.
  void add(Statement statement);
  const std::vector<std::unique_ptr<StatementState>>& all() const { return states_; }
  StatementState* find(const std::string& name) const;
  // The name a connection prepares a statement under: its own at generation 0.
  static std::string server_name(const std::string& name, int generation);

  // For a statement that does not fit: true within its back-off, to fail at once. Once the
  // back-off has elapsed the caller tries the statement again (false), and everyone else keeps
  // failing fast for the next, doubled back-off.
  bool refuse(StatementState& state);
  // What an operation using the unfit statement answers.
  DbError error_for(StatementState& state);
  // Claims the retry of every unfit statement whose back-off has elapsed.
  std::vector<StatementState*> due_for_retry();
  // The statement failed to prepare or run with a schema mismatch.
  void record_mismatch(StatementState& state, const DbError& cause);
  // A mismatch was recorded since the last call: the database's version is worth reading again.
  bool take_version_stale() { return version_stale_.exchange(false); }
  // The statement prepared or ran: it fits again, for every connection.
  void record_fit(StatementState& state) {
    if (state.unfit.load(std::memory_order_acquire)) {
      clear(state);
    }
  }
  // A prepared plan of generation `seen` went stale: moves every connection to a new one, once
  // however many requests saw it.
  void replan(StatementState& state, int seen);
  bool any_unfit() const { return unfit_count_.load() > 0; }
  // Why the service should not get traffic ("statement x does not fit the schema: ..."), or
  // nothing.
  std::optional<std::string> unfit_reason();

  // `mismatch` followed by the schema versions of this instance and of the database.
  std::string with_versions(const std::string& mismatch) const;
  void set_expected_version(long version) { expected_version_.store(version); }
  // -1: not known (the database could not say).
  void set_database_version(long version) { database_version_.store(version); }

 private:
  void clear(StatementState& state);

  const Logger& logger_;
  std::vector<std::unique_ptr<StatementState>> states_;
  std::unordered_map<std::string, StatementState*> by_name_;
  std::atomic<int> unfit_count_{0};
  std::atomic<long> expected_version_{0};
  std::atomic<long> database_version_{-1};
  std::atomic<bool> version_stale_{false};
};

}  // namespace svcgen
