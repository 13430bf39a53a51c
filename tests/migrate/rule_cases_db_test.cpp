// Every case folder (tests/migrate/testdata and tests/migrate/plans) applied to the test
// PostgreSQL: up turns the before/ schema into exactly what after/ asks for, and down brings back
// exactly the before/ catalog.
#include "case_database.hpp"

namespace svcgen::testing {
namespace {

// Each case in a schema of its own, named after the folder.
void up_and_down(const fs::path& folder) {
  MigrationCase migration(folder);
  CaseDatabase database(folder.filename().string());
  database.up(migrate::render(migrate::plan_changes({}, migration.before), true));
  std::string before = database.description();
  ASSERT_EQ(database.model_description(), asked_for(migration.before));
  std::vector<migrate::RenderedMigration> parts = migrate::render(migration.plan, true);
  database.up(parts);
  EXPECT_EQ(database.model_description(), asked_for(migration.after));
  database.down(parts);
  EXPECT_EQ(database.description(), before);
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

class RuleFolderOnPostgres : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFolderOnPostgres, UpReachesAfterAndDownRestoresBefore) {
  up_and_down(rule_cases_dir() / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Testdata, RuleFolderOnPostgres,
                         ::testing::ValuesIn(case_names(rule_cases_dir())), param_name);

class PlanFolderOnPostgres : public ::testing::TestWithParam<std::string> {};

TEST_P(PlanFolderOnPostgres, UpReachesAfterAndDownRestoresBefore) {
  up_and_down(plan_cases_dir() / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Plans, PlanFolderOnPostgres,
                         ::testing::ValuesIn(case_names(plan_cases_dir())), param_name);

}  // namespace
}  // namespace svcgen::testing
