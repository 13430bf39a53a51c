#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/front_end.hpp"
#include "migrate/expand_contract.hpp"
#include "migrate/migration_files.hpp"
#include "migrate/plan.hpp"
#include "migrate/render.hpp"
#include "migrate/rules.hpp"
#include "migrate/schema.hpp"

// A case folder: before/ and after/ are services, and up.sql, down.sql and findings.txt what
// the migration between them must be: its expand step, and, when it has one, its contract step
// in contract.up.sql and contract.down.sql. The folders of tests/migrate/testdata are named by the
// rule they trigger; those of tests/migrate/plans by what else of the planner they show.
namespace svcgen::testing {

namespace fs = std::filesystem;

inline fs::path rule_cases_dir() { return SVCGEN_MIGRATE_TESTDATA; }
inline fs::path plan_cases_dir() { return SVCGEN_MIGRATE_PLANS; }

inline std::vector<std::string> case_names(const fs::path& root) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline migrate::Schema load_schema(const fs::path& service_dir) {
  std::ostringstream err;
  FrontEndResult front = run_front_end((service_dir / "service.json").string(), err);
  if (!front.service) {
    throw std::runtime_error(service_dir.string() + " does not load:\n" + err.str());
  }
  return migrate::schema_from_service(*front.service);
}

// The version the expand step of a case has: the one after before/'s own migration.
inline constexpr long kCaseVersion = 2;

struct MigrationCase {
  fs::path dir;
  migrate::Schema before;
  migrate::Schema after;
  migrate::Plan plan;             // before -> after
  migrate::ExpandContract steps;  // the plan as migrate diff writes it

  explicit MigrationCase(const fs::path& folder)
      : dir(folder),
        before(load_schema(folder / "before")),
        after(load_schema(folder / "after")),
        plan(migrate::plan_changes(before, after)),
        steps(migrate::split_expand_contract(plan, before, after, kCaseVersion, true)) {}

  // The findings of the expand step, then those of the contract step.
  std::vector<migrate::Finding> findings() const {
    std::vector<migrate::Finding> all = steps.expand.findings;
    if (steps.contract) {
      all.insert(all.end(), steps.contract->findings.begin(), steps.contract->findings.end());
    }
    return all;
  }
};

inline std::string level_word(migrate::RuleLevel level) {
  switch (level) {
    case migrate::RuleLevel::kWarning:
      return " warning ";
    case migrate::RuleLevel::kDestructive:
      return " destructive ";
    case migrate::RuleLevel::kImpossible:
      return " impossible ";
  }
  return " ";
}

// Whether `migrate diff` writes nothing for the case, whatever the flags.
inline bool always_refused(const std::vector<migrate::Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const migrate::Finding& finding) {
    return finding.level == migrate::RuleLevel::kImpossible;
  });
}

// A finding per line: rule, whether it is refused without --allow-destructive, where, what; those
// of the contract step marked so.
inline std::string findings_text(const MigrationCase& migration) {
  std::string after_dir = (migration.dir / "after").string() + "/";
  std::string text;
  std::size_t expand_findings = migration.steps.expand.findings.size();
  std::vector<migrate::Finding> findings = migration.findings();
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const migrate::Finding& finding = findings[i];
    std::string file = finding.location.file;
    if (file.rfind(after_dir, 0) == 0) {
      file = file.substr(after_dir.size());
    }
    std::string at = finding.location.line == 0
                         ? file
                         : file + ":" + std::to_string(finding.location.line) + ":" +
                               std::to_string(finding.location.column);
    text += (i < expand_findings ? "" : "contract step: ") + finding.rule +
            level_word(finding.level) + at + ": " + finding.message + "\n";
  }
  return text;
}

// The statements of the migration files in the order they run (down runs the files in reverse),
// each file under a line saying whether it runs in a transaction.
inline std::string script_text(std::vector<migrate::RenderedMigration> parts, bool up) {
  if (!up) {
    std::reverse(parts.begin(), parts.end());
  }
  std::string text;
  for (const migrate::RenderedMigration& part : parts) {
    text += part.no_transaction ? "-- file: no transaction\n" : "-- file: in a transaction\n";
    text += (up ? part.header : "") + migrate::sql_script(up ? part.up : part.down);
  }
  return text;
}

inline bool updating() {
  const char* value = std::getenv("UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

inline void expect_file(const fs::path& path, const std::string& actual) {
  if (updating()) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with UPDATE_GOLDEN=1";
  EXPECT_EQ(read_text(path), actual) << "in " << path;
}

// Words of the statements outside comments and string literals longer than PostgreSQL's 63
// bytes: the server would cut them without an error, and two names could become one.
inline std::vector<std::string> overlong_identifiers(const std::vector<std::string>& statements) {
  static const std::regex literal("'([^']|'')*'|--[^\n]*");
  static const std::regex word("[A-Za-z0-9_$]+");
  std::vector<std::string> found;
  for (const std::string& statement : statements) {
    std::string code = std::regex_replace(statement, literal, " ");
    for (auto it = std::sregex_iterator(code.begin(), code.end(), word);
         it != std::sregex_iterator(); ++it) {
      if (it->length() > 63) {
        found.push_back(it->str());
      }
    }
  }
  return found;
}

// The migration files as --allow-destructive writes them, and the findings, against the
// expectations in the folder (UPDATE_GOLDEN=1 rewrites them).
inline void expect_case_files(const MigrationCase& migration) {
  ASSERT_FALSE(migration.plan.empty()) << "before/ and after/ ask for the same schema";
  for (const migrate::Finding& finding : migration.findings()) {
    const migrate::Rule* rule = migrate::find_rule(finding.rule);
    ASSERT_NE(rule, nullptr) << finding.rule;
    EXPECT_EQ(finding.level, rule->level) << finding.rule;
  }
  expect_file(migration.dir / "findings.txt", findings_text(migration));
  if (always_refused(migration.findings())) {
    // No file to compare: migrate diff writes none.
    for (const char* file : {"up.sql", "down.sql", "contract.up.sql", "contract.down.sql"}) {
      if (updating()) {
        fs::remove(migration.dir / file);
      }
      EXPECT_FALSE(fs::exists(migration.dir / file)) << file << ": migrate diff refuses the case";
    }
    return;
  }
  const std::vector<migrate::RenderedMigration>& parts = migration.steps.parts;
  for (const migrate::RenderedMigration& part : parts) {
    EXPECT_EQ(overlong_identifiers(part.up), std::vector<std::string>{});
    EXPECT_EQ(overlong_identifiers(part.down), std::vector<std::string>{});
  }
  if (migration.steps.contract) {
    EXPECT_EQ(overlong_identifiers(migration.steps.contract->up), std::vector<std::string>{});
    EXPECT_EQ(overlong_identifiers(migration.steps.contract->down), std::vector<std::string>{});
  }
  expect_file(migration.dir / "up.sql", script_text(parts, true));
  expect_file(migration.dir / "down.sql", script_text(parts, false));
  fs::path contract_up = migration.dir / "contract.up.sql";
  fs::path contract_down = migration.dir / "contract.down.sql";
  if (migration.steps.contract) {
    expect_file(contract_up, migrate::sql_script(migration.steps.contract->up));
    expect_file(contract_down, migrate::sql_script(migration.steps.contract->down));
  } else if (updating()) {
    fs::remove(contract_up);
    fs::remove(contract_down);
  } else {
    EXPECT_FALSE(fs::exists(contract_up)) << contract_up << ": the case has no contract step";
    EXPECT_FALSE(fs::exists(contract_down)) << contract_down << ": the case has no contract step";
  }
}

}  // namespace svcgen::testing
