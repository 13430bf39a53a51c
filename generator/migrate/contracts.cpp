// The snapshot's "contracts" key, and what a pending contract step forbids the next diff.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include "migrate/expand_contract.hpp"
#include "svcgen/text.hpp"

namespace svcgen::migrate {
namespace {

nlohmann::ordered_json finding_to_json(const Finding& finding) {
  return {{"rule", finding.rule},
          {"destructive", finding.level == RuleLevel::kDestructive},
          {"file", finding.location.file},
          {"line", finding.location.line},
          {"column", finding.location.column},
          {"message", finding.message}};
}

Finding finding_from_json(const nlohmann::ordered_json& json) {
  Finding finding;
  finding.rule = json.at("rule").get<std::string>();
  finding.level =
      json.at("destructive").get<bool>() ? RuleLevel::kDestructive : RuleLevel::kWarning;
  finding.location.file = json.at("file").get<std::string>();
  finding.location.line = json.at("line").get<int>();
  finding.location.column = json.at("column").get<int>();
  finding.message = json.at("message").get<std::string>();
  return finding;
}

nlohmann::ordered_json contract_to_json(const PendingContract& contract) {
  nlohmann::ordered_json json = {{"expand", contract.expand}};
  if (contract.contract) {
    json["contract"] = *contract.contract;
  }
  nlohmann::ordered_json leftovers = nlohmann::ordered_json::array();
  for (const Leftover& leftover : contract.leftovers) {
    nlohmann::ordered_json entry = {{"kind", leftover.kind}};
    if (!leftover.table.empty()) {
      entry["table"] = leftover.table;
    }
    entry["name"] = leftover.name;
    leftovers.push_back(entry);
  }
  json["leftovers"] = leftovers;
  nlohmann::ordered_json touched = nlohmann::ordered_json::array();
  for (const Touched& one : contract.touched) {
    touched.push_back({{"table", one.table}, {"column", one.column}});
  }
  json["touched"] = touched;
  json["up"] = contract.up;
  json["down"] = contract.down;
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& finding : contract.findings) {
    findings.push_back(finding_to_json(finding));
  }
  json["findings"] = findings;
  return json;
}

PendingContract contract_from_json(const nlohmann::ordered_json& json) {
  PendingContract contract;
  contract.expand = json.at("expand").get<long>();
  if (json.contains("contract")) {
    contract.contract = json.at("contract").get<long>();
  }
  for (const auto& leftover : json.at("leftovers")) {
    contract.leftovers.push_back({leftover.at("kind").get<std::string>(),
                                  leftover.value("table", ""),
                                  leftover.at("name").get<std::string>()});
  }
  for (const auto& one : json.at("touched")) {
    contract.touched.push_back(
        {one.at("table").get<std::string>(), one.at("column").get<std::string>()});
  }
  contract.up = json.at("up").get<std::vector<std::string>>();
  contract.down = json.at("down").get<std::vector<std::string>>();
  for (const auto& finding : json.at("findings")) {
    contract.findings.push_back(finding_from_json(finding));
  }
  return contract;
}

bool table_level(const Change& change) {
  return change.kind == ChangeKind::kRenameTable || change.kind == ChangeKind::kDropTable ||
         change.kind == ChangeKind::kRecreateTable;
}

// The tables and columns a change reads or writes the definition of.
std::vector<Touched> touched_by(const Change& change) {
  if (table_level(change)) {
    return {{change.table, ""}, {change.from, ""}};
  }
  std::vector<std::string> columns;
  for (const std::optional<Column>* column : {&change.column, &change.old_column}) {
    if (*column) {
      columns.push_back((*column)->name);
    }
  }
  if (change.kind == ChangeKind::kRenameColumn) {
    columns.push_back(change.from);
    columns.push_back(change.to);
  }
  if (change.check) {
    columns.push_back(change.check->column);
  }
  if (change.foreign_key) {
    columns.push_back(change.foreign_key->column);
  }
  if (change.index) {
    columns.insert(columns.end(), change.index->columns.begin(), change.index->columns.end());
  }
  std::vector<Touched> touched;
  touched.reserve(columns.size());
  for (const std::string& column : columns) {
    touched.push_back({change.table, column});
  }
  return touched;
}

// The versions a contract step's `-- svcgen:contracts 5,7` line names; none without the line.
std::vector<long> contracted_versions(const std::string& up) {
  std::vector<long> versions;
  std::istringstream lines(up);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(kContractsMarker, 0) != 0) {
      continue;
    }
    std::istringstream list(line.substr(kContractsMarker.size()));
    for (std::string item; std::getline(list, item, ',');) {
      versions.push_back(std::strtol(item.c_str(), nullptr, 10));
    }
  }
  return versions;
}

// "`-- svcgen:contracts` line", as messages name it.
std::string contracts_line() {
  std::string marker(kContractsMarker);
  return "`" + marker.substr(0, marker.size() - 1) + "` line";
}

// Why the expand step in `up` leaves objects for a contract step, or "" when it shows none.
std::string awaits_contract(const std::string& up) {
  if (detail::has_line(up, kAwaitsContractMarker)) {
    return "`" + std::string(kAwaitsContractMarker) + "`";
  }
  for (const char* trigger : {"CREATE TRIGGER svcgen_sync_", "CREATE TRIGGER \"svcgen_sync_"}) {
    if (up.find(trigger) != std::string::npos) {
      return "`CREATE TRIGGER svcgen_sync_...`";
    }
  }
  return "";
}

// The cross-check of one folder, each problem as "file: message".
class Disagreement {
 public:
  Disagreement(const MigrationFolder& folder, const std::vector<PendingContract>& contracts)
      : folder_(folder), contracts_(contracts) {
    for (const MigrationFile& file : folder.migrations) {
      files_.emplace(file.version, &file);
    }
  }

  std::vector<std::string> run() {
    for (std::size_t i = 0; i < contracts_.size(); ++i) {
      entry(i, contracts_[i]);
    }
    for (const MigrationFile& file : folder_.migrations) {
      if (migration_step(file.up) == MigrationStep::kContract) {
        contract_file(file);
      } else {
        expand_file(file);
      }
    }
    std::sort(problems_.begin(), problems_.end());
    return problems_;
  }

 private:
  const MigrationFile* file(long version) const {
    auto found = files_.find(version);
    return found == files_.end() ? nullptr : found->second;
  }
  const PendingContract* entry_of(long expand) const {
    for (const PendingContract& contract : contracts_) {
      if (contract.expand == expand) {
        return &contract;
      }
    }
    return nullptr;
  }
  std::string path(const std::string& name) const { return folder_.path + "/" + name; }
  static std::string migration(long version) { return "migration " + std::to_string(version); }

  void entry(std::size_t index, const PendingContract& contract) {
    std::string at = path(kSnapshotFile) + ": /contracts/" + std::to_string(index) + ": ";
    const MigrationFile* expand = file(contract.expand);
    if (!expand) {
      problems_.push_back(at + "the expand step " + migration(contract.expand) +
                          " has no migration file");
    } else if (migration_step(expand->up) == MigrationStep::kContract) {
      problems_.push_back(at + "the expand step " + migration(contract.expand) + " is " +
                          expand->up_file + ", a contract step");
    }
    if (!contract.contract) {
      return;
    }
    const MigrationFile* finish = file(*contract.contract);
    std::string of =
        "the contract step " + migration(*contract.contract) + " of " + migration(contract.expand);
    if (!finish) {
      problems_.push_back(at + of + " has no migration file");
    } else if (migration_step(finish->up) != MigrationStep::kContract) {
      problems_.push_back(at + of + " is " + finish->up_file + ", which is not a contract step");
    } else {
      std::vector<long> listed = contracted_versions(finish->up);
      if (std::find(listed.begin(), listed.end(), contract.expand) == listed.end()) {
        problems_.push_back(path(finish->up_file) + ": the snapshot's \"contracts\" has it as " +
                            "the contract step of " + migration(contract.expand) + ", but its " +
                            contracts_line() + " does not name " + std::to_string(contract.expand));
      }
    }
  }

  void contract_file(const MigrationFile& finish) {
    std::vector<long> listed = contracted_versions(finish.up);
    if (listed.empty()) {
      problems_.push_back(path(finish.up_file) +
                          ": a contract step that names no expand step (no " + contracts_line() +
                          ")");
    }
    for (long expand : listed) {
      const PendingContract* contract = entry_of(expand);
      std::string at = concat({path(finish.up_file), ": a contract step of ", migration(expand),
                               ", but the snapshot's \"contracts\" "});
      if (!contract) {
        problems_.push_back(concat({at, "has no entry for ", migration(expand)}));
      } else if (!contract->contract) {
        problems_.push_back(
            concat({at, "has the contract step of ", migration(expand), " not written yet"}));
      } else if (*contract->contract != finish.version) {
        problems_.push_back(
            concat({at, "has ", migration(*contract->contract), " as its contract step"}));
      }
    }
  }

  void expand_file(const MigrationFile& expand) {
    std::string why = awaits_contract(expand.up);
    if (!why.empty() && !entry_of(expand.version)) {
      problems_.push_back(path(expand.up_file) +
                          ": an expand step that leaves objects for its contract step (" + why +
                          "), but the snapshot's \"contracts\" has no entry for " +
                          migration(expand.version));
    }
  }

  const MigrationFolder& folder_;
  const std::vector<PendingContract>& contracts_;
  std::map<long, const MigrationFile*> files_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> contracts_disagreement(const MigrationFolder& folder,
                                                const std::vector<PendingContract>& contracts) {
  return Disagreement(folder, contracts).run();
}

nlohmann::ordered_json contracts_to_json(const std::vector<PendingContract>& contracts) {
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const PendingContract& contract : contracts) {
    json.push_back(contract_to_json(contract));
  }
  return json;
}

std::optional<std::vector<PendingContract>> contracts_from_json(const nlohmann::ordered_json& json,
                                                                std::string& error) {
  std::vector<PendingContract> contracts;
  if (!json.is_object() || !json.contains("contracts")) {
    return contracts;
  }
  try {
    for (const auto& entry : json.at("contracts")) {
      contracts.push_back(contract_from_json(entry));
    }
  } catch (const nlohmann::json::exception& problem) {
    error = std::string("\"contracts\" is malformed: ") + problem.what();
    return std::nullopt;
  }
  return contracts;
}

std::optional<std::pair<std::size_t, long>> change_blocked_by_contract(
    const Plan& plan, const std::vector<PendingContract>& contracts) {
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    bool whole_table = table_level(plan.changes[i]);
    for (const Touched& touched : touched_by(plan.changes[i])) {
      for (const PendingContract& contract : contracts) {
        bool blocks = !contract.contract &&
                      std::any_of(contract.touched.begin(), contract.touched.end(),
                                  [&](const Touched& waiting) {
                                    return waiting.table == touched.table &&
                                           (whole_table || waiting.column == touched.column);
                                  });
        if (blocks) {
          return std::make_pair(i, contract.expand);
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace svcgen::migrate
