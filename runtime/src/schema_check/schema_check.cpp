#include "svcgen/schema_check.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <ostream>
#include <tuple>

#include "schema_check/catalog.hpp"
#include "svcgen/migration_markers.hpp"
#include "svcgen/sha256.hpp"

namespace svcgen {
namespace {

using namespace schema_check;

std::string label(long version, const std::string& name) {
  return "migration " + std::to_string(version) + " (" + name + ")";
}

using Applied = std::map<long, const AppliedMigration*>;
using Files = std::map<long, const CheckedMigration*>;

std::string label(const Applied& applied, long version) {
  return label(version, applied.at(version)->name);
}

// Whether the files the expand step's migration was split into after its first are applied too:
// until then the database is behind, which the history reports, and its leftovers may be half
// made.
bool parts_applied(long expand, const Files& files, const Applied& applied) {
  auto first = files.find(expand);
  if (first == files.end()) {
    return true;
  }
  for (auto part = std::next(first);
       part != files.end() && part->first == std::prev(part)->first + 1 &&
       is_part_of(first->second->name, part->second->name);
       ++part) {
    if (applied.count(part->first) == 0) {
      return false;
    }
  }
  return true;
}

// What the expand and contract steps ask of the leftovers, later steps overriding earlier ones
// about one object.
struct LeftoverPlan {
  Tolerance tolerance;
  std::vector<StepLeftover> leftovers;
};

// While an expand step is applied and its contract step is not, its leftovers must be there;
// once the contract step is applied, they must be gone. A database ahead of the snapshot may
// have applied a contract step the snapshot does not know yet: the leftovers of an expand step
// whose contract step is not written are then tolerated, not required, as they are while the
// rest of the expand step is pending.
LeftoverPlan plan_leftovers(const Snapshot& snapshot, const Files& files, const Applied& applied,
                            bool ahead) {
  struct Planned {
    StepLeftover leftover;
    bool checked = true;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Planned> by_object;
  for (const ContractEntry& entry : snapshot.contracts) {
    if (applied.count(entry.expand) == 0) {
      continue;
    }
    bool contracted = entry.contract && applied.count(*entry.contract) != 0;
    bool checked = contracted || (parts_applied(entry.expand, files, applied) &&
                                  (!ahead || entry.contract.has_value()));
    std::string step = label(applied, contracted ? *entry.contract : entry.expand);
    for (const Leftover& leftover : entry.leftovers) {
      by_object[{leftover.kind, leftover.table, leftover.name}] = {{leftover, !contracted, step},
                                                                   checked};
    }
  }
  LeftoverPlan plan;
  if (ahead) {
    plan.tolerance.ignore_unknown();
  }
  for (const auto& object : by_object) {
    const Planned& planned = object.second;
    if (planned.leftover.kept) {
      plan.tolerance.keep(planned.leftover.leftover);
    } else {
      plan.tolerance.drop(planned.leftover.leftover);
    }
    if (planned.checked) {
      plan.leftovers.push_back(planned.leftover);
    }
  }
  return plan;
}

// The applied versions above every migration file: a newer version of the service applied them.
std::vector<long> versions_ahead(const SchemaCheckInput& input, const Applied& applied) {
  long last = 0;
  for (const CheckedMigration& migration : input.migrations) {
    last = std::max(last, migration.version);
  }
  std::vector<long> ahead;
  for (auto row = applied.upper_bound(last); row != applied.end(); ++row) {
    ahead.push_back(row->first);
  }
  return ahead;
}

void history_findings(const SchemaCheckInput& input, const Files& files, const Applied& applied,
                      const std::vector<long>& ahead, std::vector<SchemaFinding>& findings) {
  for (const auto& [version, row] : applied) {
    auto file = files.find(version);
    if (file == files.end()) {
      if (!std::binary_search(ahead.begin(), ahead.end(), version)) {
        findings.push_back(
            {input.snapshot_file, label(version, row->name) +
                                      ": applied, but no migration file has version " +
                                      std::to_string(version)});
      }
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
  Applied applied;
  for (const AppliedMigration& row : live->applied) {
    applied[row.version] = &row;
  }
  Files files;
  for (const CheckedMigration& migration : input.migrations) {
    files[migration.version] = &migration;
  }
  std::vector<long> ahead = versions_ahead(input, applied);
  LeftoverPlan leftovers = plan_leftovers(*snapshot, files, applied, !ahead.empty());
  std::vector<std::string> messages =
      compare_schemas(snapshot->schema, live->schema, leftovers.tolerance);
  for (std::string& message : leftover_findings(leftovers.leftovers, snapshot->schema, *live)) {
    messages.push_back(std::move(message));
  }
  for (std::string& message : messages) {
    result.findings.push_back({input.snapshot_file, std::move(message)});
  }
  history_findings(input, files, applied, ahead, result.findings);
  if (!ahead.empty()) {
    std::string versions;
    for (long version : ahead) {
      versions += (versions.empty() ? "" : ", ") + std::to_string(version);
    }
    result.notes.push_back(
        {input.snapshot_file, "the database has migrations newer than this snapshot (" + versions +
                                  "); objects they added are not checked"});
  }
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
  for (const SchemaFinding& note : result.notes) {
    if (format == FindingFormat::kGithub) {
      out << "::notice file=" << note.file
          << ",title=svcgen migrate check::" << github_message_escape(note.message) << "\n";
    } else {
      out << note.message << "\n";
    }
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
