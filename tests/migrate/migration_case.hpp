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

// A case folder of tests/migrate/testdata: <RULE_ID>/before and <RULE_ID>/after are services,
// and up.sql, down.sql and findings.txt what the migration between them must be.
namespace svcgen::testing {

namespace fs = std::filesystem;

inline fs::path testdata_dir() { return SVCGEN_MIGRATE_TESTDATA; }

inline std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(testdata_dir())) {
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

struct RuleCase {
  std::string name;
  migrate::Schema before;
  migrate::Schema after;
  migrate::Plan plan;  // before -> after

  explicit RuleCase(const std::string& rule)
      : name(rule),
        before(load_schema(testdata_dir() / rule / "before")),
        after(load_schema(testdata_dir() / rule / "after")),
        plan(migrate::plan_changes(before, after)) {}

  fs::path dir() const { return testdata_dir() / name; }
};

// A finding per line: rule, whether it is refused without --allow-destructive, where, what.
inline std::string findings_text(const RuleCase& rule_case) {
  std::string after_dir = (rule_case.dir() / "after").string() + "/";
  std::string text;
  for (const migrate::Finding& finding : rule_case.plan.findings) {
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
    text += migrate::sql_script(up ? part.up : part.down);
  }
  return text;
}

}  // namespace svcgen::testing
