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
  std::string suffix;  // of the file's slug: "", "_backfill", "_validate" or "_concurrently"
  std::string header;  // comment lines for the top of the up file: why it is a file of its own
};

// A migration as the files it takes so that no lock that blocks reads or writes of a table that
// has rows is held for long, in the order they run:
// - the main part, in one transaction: every change, with constraints on existing tables added
//   NOT VALID and columns whose default is not a constant added empty;
// - "_backfill", outside a transaction: batched UPDATEs that fill such columns and the NOT NULL
//   ones, then the NOT VALID CHECK (col IS NOT NULL) that stands in for SET NOT NULL;
// - "_validate", in a transaction of its own: VALIDATE CONSTRAINT (a scan under SHARE UPDATE
//   EXCLUSIVE only), then SET NOT NULL, which the validated check spares its scan;
// - "_concurrently", outside a transaction: CREATE INDEX CONCURRENTLY on existing tables.
// Every statement of the parts outside a transaction can run again after a partial run. Parts
// without statements are left out.
std::vector<RenderedMigration> render(const Plan& plan, bool allow_destructive);

// The comment line a finding puts above the statement it concerns.
std::string finding_comment(const Finding& finding, bool allow_destructive);

// Statements as the body of a migration file: each on its own lines, ended by ";".
std::string sql_script(const std::vector<std::string>& statements);

}  // namespace svcgen::migrate
