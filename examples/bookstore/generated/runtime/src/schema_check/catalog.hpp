// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <memory>
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
  std::vector<AppliedMigration> applied;  // by version
};

// Nothing, with `error` set, when the database cannot be reached or read.
std::optional<LiveDatabase> read_live_database(const std::string& url, const std::string& schema,
                                               std::string& error);

}  // namespace svcgen::schema_check
