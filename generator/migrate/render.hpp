#pragma once

#include <string>
#include <vector>

#include "migrate/plan.hpp"

// SQL for a plan, in both directions. Each statement that a finding concerns carries the
// finding as a comment, so a reviewer of the file sees why it is risky.
namespace svcgen::migrate {

struct RenderedMigration {
  std::vector<std::string> up;    // statements, in order
  std::vector<std::string> down;  // statements that revert `up`, in order
  bool no_transaction = false;
};

// The transactional part, and (when indexes are added to existing tables) a second part that
// runs outside a transaction with CREATE INDEX CONCURRENTLY. Parts without statements are left
// out.
std::vector<RenderedMigration> render(const Plan& plan, bool allow_destructive);

// The comment line a finding puts above the statement it concerns.
std::string finding_comment(const Finding& finding, bool allow_destructive);

// Statements as the body of a migration file: each on its own lines, ended by ";".
std::string sql_script(const std::vector<std::string>& statements);

}  // namespace svcgen::migrate
