// The snapshot's "contracts" key, and what a pending contract step forbids the next diff.
#include <algorithm>

#include "migrate/expand_contract.hpp"

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

}  // namespace

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
