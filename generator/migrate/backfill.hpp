#pragma once

#include <string>

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
inline constexpr int kBackfillBatch = 10000;
std::string batched_backfill(const std::string& table, const std::string& primary_key,
                             const std::string& column);

// The CHECK (column IS NOT NULL) that lets SET NOT NULL skip its scan once validated.
std::string not_null_check_name(const std::string& table, const std::string& column);

}  // namespace svcgen::migrate
