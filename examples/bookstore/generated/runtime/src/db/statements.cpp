// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "statements.hpp"

#include <algorithm>

#include "schema_fit.hpp"

namespace svcgen {

void StatementRegistry::add(Statement statement) {
  std::string name = statement.name;
  if (by_name_.contains(name)) {
    return;  // registered twice (one statement shared by several routes): one state
  }
  states_.push_back(std::make_unique<StatementState>(std::move(statement)));
  by_name_[name] = states_.back().get();
}

StatementState* StatementRegistry::find(const std::string& name) const {
  auto found = by_name_.find(name);
  return found == by_name_.end() ? nullptr : found->second;
}

std::string StatementRegistry::server_name(const std::string& name, int generation) {
  return generation == 0 ? name : name + "_g" + std::to_string(generation);
}

bool StatementRegistry::refuse(StatementState& state) {
  if (!state.unfit.load(std::memory_order_acquire)) {
    return false;
  }
  std::lock_guard lock(state.mutex);
  if (!state.unfit.load()) {
    return false;
  }
  auto now = std::chrono::steady_clock::now();
  if (now >= state.retry_at) {
    state.backoff = std::min(state.backoff * 2, kMaxBackoff);
    state.retry_at = now + state.backoff;
    return false;
  }
  return true;
}

DbError StatementRegistry::error_for(StatementState& state) {
  std::lock_guard lock(state.mutex);
  return DbError(DbErrorClass::kSchemaMismatch, with_versions(state.mismatch));
}

std::vector<StatementState*> StatementRegistry::due_for_retry() {
  std::vector<StatementState*> due;
  if (!any_unfit()) {
    return due;
  }
  for (const auto& state : states_) {
    if (state->unfit.load() && !refuse(*state) && state->unfit.load()) {
      due.push_back(state.get());
    }
  }
  return due;
}

void StatementRegistry::record_mismatch(StatementState& state, const DbError& cause) {
  std::string mismatch = describe_mismatch(cause.what(), state.statement.sql);
  bool first = false;
  {
    std::lock_guard lock(state.mutex);
    state.mismatch = mismatch;
    if (!state.unfit.load()) {
      first = true;
      state.backoff = kFirstBackoff;
      state.retry_at = std::chrono::steady_clock::now() + state.backoff;
      state.unfit.store(true, std::memory_order_release);
      unfit_count_.fetch_add(1);
    }
  }
  version_stale_.store(true);
  if (first) {
    logger_.warn(
        "statement does not fit the schema; its operations answer 503 until it does",
        {{"statement", state.statement.name}, {"sqlstate", cause.sqlstate()}, {"error", mismatch}});
  }
}

void StatementRegistry::clear(StatementState& state) {
  {
    std::lock_guard lock(state.mutex);
    if (!state.unfit.load()) {
      return;
    }
    state.unfit.store(false, std::memory_order_release);
    state.mismatch.clear();
    unfit_count_.fetch_sub(1);
  }
  logger_.info("statement fits the schema again", {{"statement", state.statement.name}});
}

void StatementRegistry::replan(StatementState& state, int seen) {
  state.generation.compare_exchange_strong(seen, seen + 1);
}

std::optional<std::string> StatementRegistry::unfit_reason() {
  if (!any_unfit()) {
    return std::nullopt;
  }
  std::string reason;
  std::vector<std::string> others;
  for (const auto& state : states_) {
    std::lock_guard lock(state->mutex);
    if (!state->unfit.load()) {
      continue;
    }
    if (reason.empty()) {
      reason = "statement " + state->statement.name +
               " does not fit the schema: " + with_versions(state->mismatch);
    } else {
      others.push_back(state->statement.name);
    }
  }
  if (reason.empty()) {
    return std::nullopt;
  }
  if (!others.empty()) {
    std::string names;
    for (const std::string& name : others) {
      names += (names.empty() ? "" : ", ") + name;
    }
    reason += " (nor do " + names + ")";
  }
  return reason;
}

std::string StatementRegistry::with_versions(const std::string& mismatch) const {
  long database = database_version_.load();
  return mismatch + "; this instance expects schema version " +
         std::to_string(expected_version_.load()) + ", the database is " +
         (database < 0 ? std::string("at an unknown version") : "at " + std::to_string(database));
}

}  // namespace svcgen
