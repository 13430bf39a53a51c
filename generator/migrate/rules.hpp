#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/plan.hpp"

// The named safety rules. The registry is the only place a rule's id is written: findings, the
// CLI, the comments in migration files and the tests all read it from here.
namespace svcgen::migrate {

struct Rule {
  std::string_view id;
  std::string_view summary;  // one line, for listings
  RuleLevel level;
  // The finding's message when the change breaks the rule.
  std::optional<std::string> (*check)(const Change& change);
};

const std::vector<Rule>& safety_rules();
const Rule* find_rule(std::string_view id);

// Whether every value `old` accepted passes `now` too (an enum that only gains values, bounds
// that only loosen): rows that passed `old` need no validation against `now`.
bool check_widened(const Check& old, const Check& now);

// Every rule against every change, in that order.
std::vector<Finding> check_changes(const std::vector<Change>& changes);

}  // namespace svcgen::migrate
