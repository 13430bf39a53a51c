// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/schema_check.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include "schema_check/catalog.hpp"
#include "svcgen/migration_markers.hpp"
#include "svcgen/sha256.hpp"

namespace svcgen {
namespace {

using namespace schema_check;

std::string label(long version, const std::string& name) {
  return "migration " + std::to_string(version) + " (" + name + ")";
}

// Leftovers of expand steps whose contract step is not applied yet.
Tolerance tolerance_of(const Snapshot& snapshot,
                       const std::map<long, const AppliedMigration*>& applied) {
  Tolerance tolerance;
  for (const ContractEntry& entry : snapshot.contracts) {
    bool expanded = applied.count(entry.expand) != 0;
    bool contracted = entry.contract && applied.count(*entry.contract) != 0;
    if (expanded && !contracted) {
      for (const Leftover& leftover : entry.leftovers) {
        tolerance.add(leftover);
      }
    }
  }
  return tolerance;
}

void history_findings(const SchemaCheckInput& input,
                      const std::map<long, const AppliedMigration*>& applied,
                      std::vector<SchemaFinding>& findings) {
  std::map<long, const CheckedMigration*> files;
  for (const CheckedMigration& migration : input.migrations) {
    files[migration.version] = &migration;
  }
  for (const auto& [version, row] : applied) {
    auto file = files.find(version);
    if (file == files.end()) {
      findings.push_back({input.snapshot_file, label(version, row->name) +
                                                   ": applied, but no migration file has version " +
                                                   std::to_string(version)});
      continue;
    }
    std::string checksum = sha256_hex(file->second->up);
    if (checksum != row->checksum) {
      findings.push_back({file->second->file, label(version, file->second->name) +
                                                  ": applied with checksum " + row->checksum +
                                                  ", the file has " + checksum});
    }
  }
  for (const auto& [version, file] : files) {
    if (applied.count(version) != 0) {
      continue;
    }
    bool contract = migration_step(file->up) == MigrationStep::kContract;
    // The first later applied version that makes this one out of order: any, for an expand
    // step; for a contract step only a later contract step, since `migrate up --expand-only`
    // applies later expand steps while it waits.
    auto later = std::find_if(applied.upper_bound(version), applied.end(), [&](const auto& entry) {
      auto applied_file = files.find(entry.first);
      bool applied_contract = applied_file != files.end() &&
                              migration_step(applied_file->second->up) == MigrationStep::kContract;
      return !contract || applied_contract;
    });
    if (later != applied.end()) {
      findings.push_back({file->file, label(version, file->name) +
                                          ": pending, but the later migration " +
                                          std::to_string(later->first) +
                                          " is already applied (out of order; run `svcgen "
                                          "migrate renumber`)"});
    } else if (!contract) {
      findings.push_back({file->file, label(version, file->name) +
                                          ": pending; the database is behind the snapshot "
                                          "(run `migrate up`)"});
    }
  }
}

}  // namespace

SchemaCheckResult check_schema(const SchemaCheckInput& input) {
  SchemaCheckResult result;
  result.findings = input.known_findings;
  std::optional<Snapshot> snapshot = parse_snapshot(input.snapshot, result.error);
  if (!snapshot) {
    result.error = input.snapshot_file + ": " + result.error;
    result.findings.clear();
    return result;
  }
  std::optional<LiveDatabase> live =
      read_live_database(input.db_url, input.db_schema, result.error);
  if (!live) {
    result.findings.clear();
    return result;
  }
  std::map<long, const AppliedMigration*> applied;
  for (const AppliedMigration& row : live->applied) {
    applied[row.version] = &row;
  }
  for (std::string& message :
       compare_schemas(snapshot->schema, live->schema, tolerance_of(*snapshot, applied))) {
    result.findings.push_back({input.snapshot_file, std::move(message)});
  }
  history_findings(input, applied, result.findings);
  std::sort(result.findings.begin(), result.findings.end(),
            [](const SchemaFinding& a, const SchemaFinding& b) {
              return a.message < b.message || (a.message == b.message && a.file < b.file);
            });
  return result;
}

std::string github_message_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c == '%' ? "%25" : c == '\r' ? "%0D" : c == '\n' ? "%0A" : std::string(1, c);
  }
  return out;
}

int report_schema_check(const SchemaCheckResult& result, FindingFormat format,
                        const std::string& program, std::ostream& out, std::ostream& err) {
  if (!result.error.empty()) {
    err << program << ": migrate check: " << result.error << "\n";
    return 2;
  }
  for (const SchemaFinding& finding : result.findings) {
    if (format == FindingFormat::kGithub) {
      out << "::error file=" << finding.file
          << ",title=svcgen migrate check::" << github_message_escape(finding.message) << "\n";
    } else {
      out << finding.message << "\n";
    }
  }
  if (result.findings.empty()) {
    out << "the database matches the schema snapshot and the migrations\n";
    return 0;
  }
  err << program << ": migrate check: " << result.findings.size()
      << (result.findings.size() == 1 ? " finding\n" : " findings\n");
  return 1;
}

}  // namespace svcgen
