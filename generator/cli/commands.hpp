#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "emit/emitter.hpp"

namespace svcgen {

struct GenerateOptions {
  std::string service_file;
  std::string output_dir;
  std::string templates_dir;  // empty: the built-in templates only
  RuntimeMode runtime = RuntimeMode::kVendored;
};

enum class CheckFormat { kText, kGithub };

// Each command returns its exit code and writes only to the given streams; main alone exits.
int run_validate(const std::string& service_file, std::ostream& out, std::ostream& err);
int run_generate(const GenerateOptions& options, std::ostream& out, std::ostream& err);
int run_check(const GenerateOptions& options, CheckFormat format, std::ostream& out,
              std::ostream& err);
// The next migration from the model changes, as an expand step; with `contract`, the contract
// steps of the expand steps that have none yet, and nothing else.
int run_migrate_diff(const std::string& service_file, const std::string& name, bool contract,
                     bool allow_destructive, std::ostream& out, std::ostream& err);
int run_migrate_hash(const std::string& service_file, std::ostream& out, std::ostream& err);
int run_migrate_renumber(const std::string& service_file, std::ostream& out, std::ostream& err);
// `svcgen migrate check`: the database at `db_url` (schema DB_SCHEMA, default public) against the
// migrations folder; 0 when they match, 1 with findings, 2 when the check cannot run.
int run_migrate_check(const std::string& service_file, const std::string& db_url,
                      CheckFormat format, std::ostream& out, std::ostream& err);
// The service's migrations folder, as shown to users.
std::string migrations_path(const std::string& service_file, const ir::Service& service);
// Why the migrations folder does not match the models (for `check`): the folder's own problems,
// the changes no migration has yet in the order of their positions, and what to run; empty when
// it matches.
std::vector<std::string> migration_staleness(const std::string& service_file,
                                             const ir::Service& service);
// The same once the service has a migration (for `generate`, which would otherwise build a
// binary whose statements no migration supports); empty before the first one.
std::vector<std::string> unmigrated_changes(const std::string& service_file,
                                            const ir::Service& service);
// Prints why `generate` must not write (unmigrated_changes) and returns true, if it must not.
bool refuse_unmigrated(const std::string& service_file, const ir::Service& service,
                       std::ostream& err);
int run_init(const std::string& folder, const std::string& service_name, std::ostream& out,
             std::ostream& err);

}  // namespace svcgen
