// Every case folder (tests/migrate/testdata and tests/migrate/plans) applied to the test
// PostgreSQL: the expand step and then the contract step turn the before/ schema into exactly
// what after/ asks for, and their down migrations bring back exactly the before/ catalog.
#include "case_database.hpp"
#include "migration_case.hpp"

namespace svcgen::testing {
namespace {

// Each case in a schema of its own, named after the folder.
void up_and_down(const fs::path& folder) {
  MigrationCase migration(folder);
  CaseDatabase database(folder.filename().string());
  database.up(migrate::render(migrate::plan_changes({}, migration.before), true));
  std::string before = database.description();
  ASSERT_EQ(database.model_description(), asked_for(migration.before));
  database.up(migration.steps.parts);
  if (migration.steps.contract) {
    database.run_all(migration.steps.contract->up);
  }
  EXPECT_EQ(database.model_description(), asked_for(migration.after));
  if (migration.steps.contract) {
    database.run_all(migration.steps.contract->down);
  }
  database.down(migration.steps.parts);
  EXPECT_EQ(database.description(), before);
}

// The cases migrate diff writes files for.
std::vector<std::string> applicable_cases(const fs::path& root) {
  std::vector<std::string> names;
  for (const std::string& name : case_names(root)) {
    if (!always_refused(MigrationCase(root / name).findings())) {
      names.push_back(name);
    }
  }
  return names;
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

class RuleFolderOnPostgres : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFolderOnPostgres, UpReachesAfterAndDownRestoresBefore) {
  up_and_down(rule_cases_dir() / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Testdata, RuleFolderOnPostgres,
                         ::testing::ValuesIn(applicable_cases(rule_cases_dir())), param_name);

class PlanFolderOnPostgres : public ::testing::TestWithParam<std::string> {};

TEST_P(PlanFolderOnPostgres, UpReachesAfterAndDownRestoresBefore) {
  up_and_down(plan_cases_dir() / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Plans, PlanFolderOnPostgres,
                         ::testing::ValuesIn(case_names(plan_cases_dir())), param_name);

}  // namespace
}  // namespace svcgen::testing
