#include <cstdlib>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/front_end.hpp"
#include "migrate/migration_files.hpp"
#include "svcgen/config.hpp"
#include "svcgen/schema_check.hpp"

namespace svcgen {

namespace {

// "folder/file: message" as a finding about that file; a message about the whole folder points
// at its snapshot.
SchemaFinding folder_finding(const std::string& problem, const std::string& snapshot_file) {
  std::size_t colon = problem.find(": ");
  std::string file = colon == std::string::npos ? snapshot_file : problem.substr(0, colon);
  if (file.find('/') == std::string::npos || file.ends_with("/")) {
    file = snapshot_file;
  }
  return {file, problem};
}

}  // namespace

int run_migrate_check(const std::string& service_file, const std::string& db_url,
                      CheckFormat format, std::ostream& out, std::ostream& err) {
  if (db_url.empty()) {
    err << "svcgen migrate check: --db must name the database (a PostgreSQL URL)\n";
    return kExitUsage;
  }
  if (std::optional<std::string> problem = connection_string_problem(db_url)) {
    err << "svcgen migrate check: --db \"" << redact_dsn(db_url) << "\": " << *problem
        << " (expected a postgres:// or postgresql:// URL, or key=value pairs)\n";
    return kExitUsage;
  }
  FrontEndResult front = run_front_end(service_file, err);
  if (!front.service) {
    return front.exit_code;
  }
  std::string path = migrations_path(service_file, *front.service);
  migrate::MigrationFolder folder = migrate::read_migration_folder(path);
  SchemaCheckInput input;
  input.snapshot = folder.snapshot.value_or("");
  input.snapshot_file = path + "/" + migrate::kSnapshotFile;
  input.db_url = db_url;
  const char* schema = std::getenv("DB_SCHEMA");
  input.db_schema = schema != nullptr && *schema != '\0' ? schema : "public";
  for (const std::string& problem : migrate::verify_folder(folder)) {
    input.known_findings.push_back(folder_finding(problem, input.snapshot_file));
  }
  for (const migrate::MigrationFile& file : folder.migrations) {
    input.migrations.push_back({file.version, file.name, file.up, path + "/" + file.up_file});
  }
  return report_schema_check(
      check_schema(input),
      format == CheckFormat::kGithub ? FindingFormat::kGithub : FindingFormat::kText, "svcgen", out,
      err);
}

}  // namespace svcgen
