// Every safety rule against its case folder in tests/migrate/testdata, and the other planner
// cases in tests/migrate/plans: the migration svcgen plans between before/ and after/ must be
// exactly the expected up.sql, down.sql and findings.txt. UPDATE_GOLDEN=1 rewrites the
// expectations from what svcgen plans now.
#include <set>

#include "migration_case.hpp"

namespace svcgen::testing {
namespace {

TEST(RuleCases, EveryRuleHasACaseFolderAndEveryFolderNamesARule) {
  std::set<std::string> folders;
  for (const std::string& name : case_names(rule_cases_dir())) {
    folders.insert(name);
    EXPECT_NE(migrate::find_rule(name), nullptr)
        << "testdata/" << name << " names no registered rule";
  }
  for (const migrate::Rule& rule : migrate::safety_rules()) {
    EXPECT_EQ(folders.count(std::string(rule.id)), 1u)
        << "rule " << rule.id << " has no folder testdata/" << rule.id;
  }
}

TEST(RuleCases, RuleIdsAreUniqueAndSummarized) {
  std::set<std::string_view> ids;
  for (const migrate::Rule& rule : migrate::safety_rules()) {
    EXPECT_TRUE(ids.insert(rule.id).second) << "rule " << rule.id << " is registered twice";
    EXPECT_FALSE(rule.summary.empty()) << rule.id;
    EXPECT_EQ(rule.summary.find('\n'), std::string_view::npos) << rule.id;
  }
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

class RuleFolder : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFolder, PlansExactlyTheExpectedMigration) {
  MigrationCase migration(rule_cases_dir() / GetParam());
  std::vector<migrate::Finding> findings = migration.findings();
  bool triggered =
      std::any_of(findings.begin(), findings.end(),
                  [&](const migrate::Finding& finding) { return finding.rule == GetParam(); });
  EXPECT_TRUE(triggered) << "the case does not trigger " << GetParam();
  expect_case_files(migration);
}

INSTANTIATE_TEST_SUITE_P(Testdata, RuleFolder, ::testing::ValuesIn(case_names(rule_cases_dir())),
                         param_name);

class PlanFolder : public ::testing::TestWithParam<std::string> {};

TEST_P(PlanFolder, PlansExactlyTheExpectedMigration) {
  expect_case_files(MigrationCase(plan_cases_dir() / GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Plans, PlanFolder, ::testing::ValuesIn(case_names(plan_cases_dir())),
                         param_name);

}  // namespace
}  // namespace svcgen::testing
