#pragma once

#include <iosfwd>
#include <string>
#include <vector>

// The drift check behind `<service> migrate check` and `svcgen migrate check`: a live database
// compared, read-only, with the schema snapshot of the last migration and the migration files.
// Shared by services and the generator, so both report the same findings in the same words.
namespace svcgen {

struct CheckedMigration {
  long version = 0;
  std::string name;
  std::string up;    // the up file's text, whose sha256 svcgen_schema_migrations records
  std::string file;  // the up file as shown in findings (annotations point at it)
};

struct SchemaFinding {
  std::string file;  // where an annotation points: the snapshot or a migration file
  std::string message;
  bool operator==(const SchemaFinding&) const = default;
};

struct SchemaCheckInput {
  std::string snapshot;  // schema.snapshot.json's text; "" for a service without migrations
  std::string snapshot_file;
  std::vector<CheckedMigration> migrations;
  std::string db_url;
  std::string db_schema = "public";
  // Findings known before connecting (the generator's: a migrations folder that is not sealed).
  std::vector<SchemaFinding> known_findings;
};

struct SchemaCheckResult {
  // Why the check could not run (unreadable snapshot, unreachable database); findings are empty.
  std::string error;
  std::vector<SchemaFinding> findings;  // sorted by message
  // What the check could not cover, which is no finding: a database ahead of the snapshot.
  std::vector<SchemaFinding> notes;
};

// Connects with a read-only transaction and compares; never changes anything.
SchemaCheckResult check_schema(const SchemaCheckInput& input);

enum class FindingFormat { kText, kGithub };

// Prints the notes and the findings (text lines, or GitHub Actions annotations) and returns the
// exit code: 0 when the database matches (notes or not), 1 with findings, 2 when the check could
// not run.
int report_schema_check(const SchemaCheckResult& result, FindingFormat format,
                        const std::string& program, std::ostream& out, std::ostream& err);

// A GitHub Actions workflow command's message, escaped so that it stays one annotation.
std::string github_message_escape(const std::string& text);

}  // namespace svcgen
