// Copied by svcgen from its runtime library. DO NOT EDIT.
// What a database has applied against what a binary carries: shared by the runner, `migrate
// status`, the log at start and /ready, so that they never disagree.
#include <algorithm>
#include <atomic>
#include <map>
#include <memory>

#include "svcgen/migrate.hpp"
#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"

namespace svcgen {

std::vector<Migration> with_steps(std::vector<Migration> migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (Migration& migration : migrations) {
    migration.contract = migration_step(migration.up) == MigrationStep::kContract;
  }
  return migrations;
}

std::string migration_file_name(const Migration& migration, bool up) {
  return concat(
      {zero_padded(migration.version, 6), "_", migration.name, up ? ".up.sql" : ".down.sql"});
}

namespace {

constexpr const char* kUndefinedTable = "42P01";

// A pending contract step below applied versions is in order when every one of them was applied
// by `migrate up --expand-only` while it (or an earlier contract step) waited.
bool waits_for_expand_steps(const Migration& contract, const std::vector<AppliedMigration>& rows) {
  return contract.contract &&
         std::all_of(rows.begin(), rows.end(), [&](const AppliedMigration& row) {
           return row.version < contract.version ||
                  (row.waiting_contract != 0 && row.waiting_contract <= contract.version);
         });
}

}  // namespace

MigrationComparison compare_migrations(const std::vector<Migration>& migrations,
                                       const std::vector<AppliedMigration>& applied) {
  MigrationComparison comparison;
  std::map<long, const AppliedMigration*> by_version;
  for (const AppliedMigration& row : applied) {
    by_version[row.version] = &row;
    comparison.database_version = std::max(comparison.database_version, row.version);
  }
  for (const Migration& migration : migrations) {
    comparison.binary_version = std::max(comparison.binary_version, migration.version);
    auto found = by_version.find(migration.version);
    if (found == by_version.end()) {
      comparison.pending.push_back(&migration);
      if (migration.version < comparison.database_version &&
          !waits_for_expand_steps(migration, applied)) {
        comparison.out_of_order.push_back(&migration);
      }
      continue;
    }
    if (found->second->checksum != sha256_hex(migration.up)) {
      comparison.changed.push_back(&migration);
    }
    by_version.erase(found);
  }
  for (const auto& [version, row] : by_version) {
    comparison.unknown.push_back(row);
  }
  return comparison;
}

bool MigrationComparison::ahead() const {
  return !unknown.empty() &&
         std::all_of(unknown.begin(), unknown.end(),
                     [&](const AppliedMigration* row) { return row->version > binary_version; });
}

bool MigrationComparison::pending_expand() const {
  return std::any_of(pending.begin(), pending.end(),
                     [](const Migration* migration) { return !migration->contract; });
}

std::string MigrationComparison::refusal() const {
  if (!changed.empty()) {
    return migration_file_name(*changed.front()) +
           " was changed after it was applied (its checksum differs from the one recorded in "
           "svcgen_schema_migrations). Restore the applied version, or write a new migration "
           "for the change";
  }
  for (const AppliedMigration* row : unknown) {
    if (row->version < binary_version) {
      return "the database has migration " + std::to_string(row->version) + " (" + row->name +
             ") applied, which this binary does not know, below its own highest (" +
             std::to_string(binary_version) +
             "): the two histories differ. Deploy the binary that applied it, or migrate down "
             "with it";
    }
  }
  return "";
}

void log_comparison(const Logger& logger, const MigrationComparison& comparison) {
  nlohmann::ordered_json versions = {{"database_version", comparison.database_version},
                                     {"binary_version", comparison.binary_version}};
  if (std::string refusal = comparison.refusal(); !refusal.empty()) {
    versions["error"] = refusal;
    logger.error("migrations: the database does not match this binary", versions);
    return;
  }
  std::string pending;
  for (const Migration* migration : comparison.pending) {
    pending += (pending.empty() ? "" : ", ") + migration_file_name(*migration) +
               (migration->contract ? " (contract step)" : "");
  }
  if (comparison.pending_expand()) {
    versions["pending"] = pending;
    logger.warn("migrations: the database is behind this binary", versions);
  } else if (comparison.ahead()) {
    logger.info("migrations: the database is ahead of this binary", versions);
  } else if (!pending.empty()) {
    versions["pending"] = pending;
    logger.info("migrations: only contract steps are pending", versions);
  } else {
    logger.info("migrations: the database is in step with this binary", versions);
  }
}

Service::ReadinessCheck migrations_applied(Db& db, const std::vector<Migration>& migrations,
                                           const Logger& logger, std::string command,
                                           long logged_version) {
  auto carried = std::make_shared<const std::vector<Migration>>(with_steps(migrations));
  // The newest database version already logged as ahead, so each is logged once.
  auto logged_ahead = std::make_shared<std::atomic<long>>(logged_version);
  return [&db, &logger, carried, logged_ahead,
          command = std::move(command)]() -> Task<std::optional<std::string>> {
    if (carried->empty()) {
      co_return std::nullopt;
    }
    Rows rows;
    try {
      rows = co_await db.execute_sql(
          "SELECT version, checksum FROM svcgen_schema_migrations ORDER BY version");
    } catch (const DbError& error) {
      // Before the first `migrate up` the table does not exist: nothing is applied.
      if (error.sqlstate() != kUndefinedTable) {
        co_return std::string("cannot read svcgen_schema_migrations: ") + error.what();
      }
    }
    std::vector<AppliedMigration> applied;
    for (int i = 0; i < rows.size(); ++i) {
      AppliedMigration& row = applied.emplace_back();
      row.version = std::stol(std::string(rows.text(i, 0)));
      row.checksum = std::string(rows.text(i, 1));
    }
    MigrationComparison comparison = compare_migrations(*carried, applied);
    if (!comparison.changed.empty()) {
      co_return "migration " + migration_file_name(*comparison.changed.front()) +
          " was applied with another checksum";
    }
    if (comparison.pending_expand()) {
      std::string names;
      for (const Migration* migration : comparison.pending) {
        if (!migration->contract) {
          names += (names.empty() ? "" : ", ") + migration_file_name(*migration);
        }
      }
      co_return concat({"migrations not applied yet: ", names, " (the database is at version ",
                        std::to_string(comparison.database_version), "); run `", command,
                        " migrate up --expand-only`"});
    }
    if (comparison.ahead() &&
        logged_ahead->exchange(comparison.database_version) != comparison.database_version) {
      log_comparison(logger, comparison);
    }
    co_return std::nullopt;
  };
}

}  // namespace svcgen
