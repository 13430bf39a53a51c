// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "schema_check/shapes.hpp"

// What a live database holds, read from pg_catalog in one read-only transaction.
namespace svcgen::schema_check {

struct AppliedMigration {
  long version = 0;
  std::string name;
  std::string checksum;
};

struct LiveDatabase {
  SchemaShape schema;
  std::set<std::string> views;            // and materialized views
  std::set<std::string> functions;        // of the schema, by name
  std::vector<AppliedMigration> applied;  // by version
};

// Nothing, with `error` set, when the database cannot be reached or read.
std::optional<LiveDatabase> read_live_database(const std::string& url, const std::string& schema,
                                               std::string& error);

// A leftover of an expand step, with what the steps applied ask of it.
struct StepLeftover {
  Leftover leftover;
  // Its contract step is not applied: it must be there. Otherwise that step dropped it.
  bool kept = true;
  std::string step;  // "migration 7 (rename_total)": the expand step, or the contract step
};

// Findings about leftovers: one kept that is missing (or a disabled sync trigger), one dropped
// that is still there. A dropped one that the snapshot has under the same name (a shadow column
// that took the old column's name) is the comparison's.
std::vector<std::string> leftover_findings(const std::vector<StepLeftover>& leftovers,
                                           const SchemaShape& expected, const LiveDatabase& live);

}  // namespace svcgen::schema_check
