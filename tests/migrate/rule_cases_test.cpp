// Every safety rule against its case folder in tests/migrate/testdata: the migration svcgen
// plans between before/ and after/ must be exactly the expected up.sql, down.sql and
// findings.txt. UPDATE_GOLDEN=1 rewrites the expectations from what svcgen plans now.
#include <set>

#include "rule_case.hpp"

namespace svcgen::testing {
namespace {

bool updating() {
  const char* value = std::getenv("UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

void expect_file(const fs::path& path, const std::string& actual) {
  if (updating()) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with UPDATE_GOLDEN=1";
  EXPECT_EQ(read_text(path), actual) << "in " << path;
}

TEST(RuleCases, EveryRuleHasACaseFolderAndEveryFolderNamesARule) {
  std::set<std::string> folders;
  for (const std::string& name : case_names()) {
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

class RuleFolder : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFolder, PlansExactlyTheExpectedMigration) {
  RuleCase rule_case(GetParam());
  const migrate::Plan& plan = rule_case.plan;
  ASSERT_FALSE(plan.empty()) << "before/ and after/ ask for the same schema";
  bool triggered = std::any_of(plan.findings.begin(), plan.findings.end(),
                               [&](const migrate::Finding& f) { return f.rule == GetParam(); });
  EXPECT_TRUE(triggered) << "the case does not trigger " << GetParam();
  for (const migrate::Finding& finding : plan.findings) {
    const migrate::Rule* rule = migrate::find_rule(finding.rule);
    ASSERT_NE(rule, nullptr) << finding.rule;
    EXPECT_EQ(finding.destructive, rule->destructive) << finding.rule;
    ASSERT_LT(finding.change, plan.changes.size());
  }
  std::vector<migrate::RenderedMigration> parts = migrate::render(plan, true);
  expect_file(rule_case.dir() / "findings.txt", findings_text(rule_case));
  expect_file(rule_case.dir() / "up.sql", script_text(parts, true));
  expect_file(rule_case.dir() / "down.sql", script_text(parts, false));
}

INSTANTIATE_TEST_SUITE_P(Testdata, RuleFolder, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace svcgen::testing
