// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/migrate.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <sstream>

#include "migrate_run.hpp"
#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"

namespace svcgen {

using migrate_detail::Progress;
using migrate_detail::Run;

namespace {

// One row of `migrate status`, in columns; a longer value widens its row instead of being cut.
void print_status_row(std::ostream& out, std::string_view version, std::string_view name,
                      std::string_view applied_at, std::string_view state) {
  auto padded = [](std::string_view text, std::size_t width) {
    std::string cell(text);
    cell.resize(std::max(width, text.size()), ' ');
    return cell;
  };
  out << padded(version, 8) << ' ' << padded(name, 40) << ' ' << padded(applied_at, 22) << ' '
      << state << '\n';
}

std::string ahead_note(const MigrationComparison& comparison) {
  return "the database is ahead of this binary: at version " +
         std::to_string(comparison.database_version) + ", this binary knows up to " +
         std::to_string(comparison.binary_version);
}

std::string renumber_hint(const Migration& migration, long highest_applied) {
  return migration_file_name(migration) + " is pending, but a later migration (" +
         std::to_string(highest_applied) +
         ") is already applied; run `svcgen migrate renumber` so it comes after it";
}

// The state column of a migration this binary carries.
std::string status_state(const Migration& migration, const AppliedMigration* applied,
                         const Progress* progress) {
  std::string step = migration.contract ? " (contract step)" : "";
  if (applied != nullptr) {
    return applied->checksum == sha256_hex(migration.up) ? "applied" + step
                                                         : "applied, checksum differs";
  }
  if (progress == nullptr || (progress->done == 0 && progress->failure.empty())) {
    return "pending" + step;
  }
  std::string state = progress->done == 0
                          ? "pending" + step
                          : concat({"partly applied", step, ": ", std::to_string(progress->done),
                                    " of ", std::to_string(progress->total), " statements"});
  if (!progress->failure.empty()) {
    state += "; the last run failed at " + progress->failure;
  }
  return state + "; `migrate up` finishes it";
}

}  // namespace

Migrator::Migrator(const Config& config, std::vector<Migration> migrations, const Logger& logger)
    : config_(config), migrations_(with_steps(std::move(migrations))), logger_(logger) {}

std::string Migrator::up(std::ostream& out, UpOptions options) {
  Run run(config_, migrations_, out);
  if (std::string error = run.open(); !error.empty()) {
    return error;
  }
  MigrationComparison comparison = compare_migrations(migrations_, run.applied());
  if (std::string refusal = comparison.refusal(); !refusal.empty()) {
    return refusal;
  }
  // Parse every pending file before the first one runs.
  struct Pending {
    const Migration* migration;
    std::vector<SqlStatement> statements;
    long waiting_contract;
  };
  std::vector<Pending> pending;
  long lowest_skipped = 0;
  for (const Migration* migration : comparison.pending) {
    if (options.expand_only && migration->contract) {
      out << "skipped " << migration_file_name(*migration)
          << " (contract step: `migrate up` applies it after the rollout)\n";
      lowest_skipped = lowest_skipped == 0 ? migration->version : lowest_skipped;
      continue;
    }
    if (std::find(comparison.out_of_order.begin(), comparison.out_of_order.end(), migration) !=
        comparison.out_of_order.end()) {
      return renumber_hint(*migration, comparison.database_version);
    }
    std::vector<SqlStatement> statements;
    std::string error;
    if (!split_sql(migration->up, statements, error)) {
      return migration_file_name(*migration) + ": " + error + "; no migration was applied";
    }
    pending.push_back({migration, std::move(statements), lowest_skipped});
  }
  if (pending.empty()) {
    out << (comparison.ahead() ? ahead_note(comparison) + "; nothing to apply"
                               : "the database is up to date (version " +
                                     std::to_string(comparison.database_version) + ")")
        << "\n";
    return "";
  }
  for (const Pending& next : pending) {
    std::string file = migration_file_name(*next.migration);
    if (std::string error =
            run.run_file(*next.migration, true, next.statements, next.waiting_contract);
        !error.empty()) {
      logger_.error("migration failed", {{"migration", file}});
      return error;
    }
    logger_.info("migration applied", {{"migration", file}});
  }
  if (comparison.ahead()) {
    out << ahead_note(comparison) << "\n";
  }
  return "";
}

std::string Migrator::down(int count, std::ostream& out) {
  Run run(config_, migrations_, out);
  if (std::string error = run.open(); !error.empty()) {
    return error;
  }
  MigrationComparison comparison = compare_migrations(migrations_, run.applied());
  if (std::string refusal = comparison.refusal(); !refusal.empty()) {
    return refusal;
  }
  if (!comparison.unknown.empty()) {
    return ahead_note(comparison) +
           "; migrate down with the binary that applied the newer migrations first";
  }
  std::vector<AppliedMigration> applied = run.applied();
  if (applied.empty()) {
    out << "no migration is applied\n";
    return "";
  }
  std::vector<std::pair<const Migration*, std::vector<SqlStatement>>> reverting;
  for (int i = 0; i < count && !applied.empty(); ++i) {
    const Migration* migration = run.known(applied.back().version);
    applied.pop_back();
    std::vector<SqlStatement> statements;
    std::string error;
    if (!split_sql(migration->down, statements, error)) {
      return migration_file_name(*migration, false) + ": " + error + "; nothing was reverted";
    }
    reverting.emplace_back(migration, std::move(statements));
  }
  for (const auto& [migration, statements] : reverting) {
    if (std::string error = run.run_file(*migration, false, statements); !error.empty()) {
      return error;
    }
  }
  return "";
}

std::string Migrator::status(std::ostream& out) {
  Run run(config_, migrations_, out);
  if (std::string error = run.open(); !error.empty()) {
    return error;
  }
  std::map<long, const AppliedMigration*> applied;
  for (const AppliedMigration& row : run.applied()) {
    applied[row.version] = &row;
  }
  print_status_row(out, "version", "name", "applied at", "state");
  for (const Migration& migration : migrations_) {
    auto found = applied.find(migration.version);
    const AppliedMigration* row = found == applied.end() ? nullptr : found->second;
    auto progress = run.progress().find(migration.version);
    print_status_row(out, zero_padded(migration.version, 6), migration.name,
                     row == nullptr ? "-" : row->applied_at,
                     status_state(migration, row,
                                  progress == run.progress().end() ? nullptr : &progress->second));
    if (row != nullptr) {
      applied.erase(found);
    }
  }
  for (const auto& [version, row] : applied) {
    print_status_row(out, zero_padded(version, 6), row->name, row->applied_at,
                     "applied, unknown to this binary");
  }
  MigrationComparison comparison = compare_migrations(migrations_, run.applied());
  if (comparison.ahead()) {
    out << ahead_note(comparison) << "\n";
  }
  return comparison.refusal();
}

std::string Migrator::log_comparison(long& database_version) {
  std::ostringstream ignored;
  Run run(config_, migrations_, ignored);
  if (std::string error = run.open_read_only(); !error.empty()) {
    return error;
  }
  MigrationComparison comparison = compare_migrations(migrations_, run.applied());
  database_version = comparison.database_version;
  svcgen::log_comparison(logger_, comparison);
  return "";
}

}  // namespace svcgen
