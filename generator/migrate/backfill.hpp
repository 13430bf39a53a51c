#pragma once

#include <string>
#include <vector>

#include "migrate/schema.hpp"

// What an existing table needs so that filling a column never holds a long lock: knowing which
// defaults PostgreSQL can add without rewriting the table, and a backfill that commits in batches.
namespace svcgen::migrate {

// Whether `default_sql` is a literal (a number, a boolean, NULL, a quoted string with an optional
// cast): ADD COLUMN ... DEFAULT <literal> only writes the catalog (PostgreSQL 11+). Anything else,
// now() included, is treated as one that rewrites the table.
bool is_constant_default(const std::string& default_sql);

// One DO statement that sets `column` to its default on every row where it is NULL, walking the
// primary key in batches of kBackfillBatch rows and committing after each, so row locks are held
// briefly and a rerun only touches rows still NULL. It must run outside a transaction.
// Rows per transaction: few enough that the row locks of a batch never hold up the service for
// long, with the sync trigger of a dual write firing on each of them.
inline constexpr int kBackfillBatch = 5000;
std::string batched_backfill(const std::string& table, const std::string& primary_key,
                             const std::string& column);
// The same walk for any `assignments` on the rows `pending` selects; `what` opens its comment.
std::string batched_update(const std::string& table, const std::string& primary_key,
                           const std::string& what, const std::string& assignments,
                           const std::string& pending);

// SET NOT NULL without its scan under an ACCESS EXCLUSIVE lock: a CHECK (column IS NOT NULL)
// added NOT VALID, validated where its scan blocks neither reads nor writes, lets PostgreSQL 12+
// set NOT NULL without looking at the rows; the check then goes. The statements in the order
// they run; where each runs is the caller's to choose.
struct NotNullThroughCheck {
  std::string drop_if_exists;  // a rerun adds the check again
  std::string add;             // ... NOT VALID
  std::string validate;
  std::string set_not_null;
  std::string drop;
  std::string drop_not_null;  // what reverts set_not_null
};
NotNullThroughCheck not_null_through_check(const std::string& table, const std::string& column);

// SET NOT NULL again, in a down migration: the rows a newer version left NULL first get the
// column's default, or a placeholder its checks accept. A unique or referencing (`keyed`) column
// can take neither, so its SET NOT NULL says what to do when it fails.
std::vector<std::string> required_again(const std::string& table, const Column& column,
                                        const std::vector<Check>& checks, bool keyed);

}  // namespace svcgen::migrate
