#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/front_end.hpp"
#include "migrate/migration_files.hpp"
#include "migrate/plan.hpp"
#include "migrate/render.hpp"
#include "migrate/rules.hpp"
#include "migrate/schema.hpp"

// A case folder: before/ and after/ are services, and up.sql, down.sql and findings.txt what
// the migration between them must be. The folders of tests/migrate/testdata are named by the
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

struct MigrationCase {
  fs::path dir;
  migrate::Schema before;
  migrate::Schema after;
  migrate::Plan plan;  // before -> after

  explicit MigrationCase(const fs::path& folder)
      : dir(folder),
        before(load_schema(folder / "before")),
        after(load_schema(folder / "after")),
        plan(migrate::plan_changes(before, after)) {}
};

// A finding per line: rule, whether it is refused without --allow-destructive, where, what.
inline std::string findings_text(const MigrationCase& migration) {
  std::string after_dir = (migration.dir / "after").string() + "/";
  std::string text;
  for (const migrate::Finding& finding : migration.plan.findings) {
    std::string file = finding.location.file;
    if (file.rfind(after_dir, 0) == 0) {
      file = file.substr(after_dir.size());
    }
    std::string at = finding.location.line == 0
                         ? file
                         : file + ":" + std::to_string(finding.location.line) + ":" +
                               std::to_string(finding.location.column);
    text += finding.rule + (finding.destructive ? " destructive " : " warning ") + at + ": " +
            finding.message + "\n";
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

// The migration files as --allow-destructive writes them, and the findings, against the
// expectations in the folder (UPDATE_GOLDEN=1 rewrites them).
inline void expect_case_files(const MigrationCase& migration) {
  ASSERT_FALSE(migration.plan.empty()) << "before/ and after/ ask for the same schema";
  for (const migrate::Finding& finding : migration.plan.findings) {
    const migrate::Rule* rule = migrate::find_rule(finding.rule);
    ASSERT_NE(rule, nullptr) << finding.rule;
    EXPECT_EQ(finding.destructive, rule->destructive) << finding.rule;
    EXPECT_LT(finding.change, migration.plan.changes.size());
  }
  std::vector<migrate::RenderedMigration> parts = migrate::render(migration.plan, true);
  expect_file(migration.dir / "findings.txt", findings_text(migration));
  expect_file(migration.dir / "up.sql", script_text(parts, true));
  expect_file(migration.dir / "down.sql", script_text(parts, false));
}

}  // namespace svcgen::testing
