#pragma once

#include <string>

#include <vector>

#include "ir/sql_type.hpp"
#include "migrate/schema.hpp"

// What the planner and renderer know about column types beyond their spelling.
namespace svcgen::migrate {

// True when every value of `from` converts to `to` unchanged.
bool is_widening(const ir::SqlType& from, const ir::SqlType& to);

// True when PostgreSQL changes the type without rewriting or scanning the table (a longer
// varchar, varchar to text, more digits before the point of a numeric): only a catalog update
// under a brief lock, which the running version survives.
bool changes_in_place(const ir::SqlType& from, const ir::SqlType& to);

// Whether PostgreSQL casts `from` to `to` (CAST(x AS to) parses; a value may still fail it):
// what the trigger that keeps a column and its shadow of another type in step is made of.
bool casts(const ir::SqlType& from, const ir::SqlType& to);
// Whether a value of `from` goes into a column of `to` with no cast written out (an assignment
// cast): how the new version writes the old column while it still has the old type.
bool assigns(const ir::SqlType& from, const ir::SqlType& to);

// A value every row can take while a required column comes back in a down migration.
std::string placeholder_value(const ir::SqlType& type);
// One of the column's type that every check on it accepts, too.
std::string placeholder_for(const Column& column, const std::vector<Check>& checks);

}  // namespace svcgen::migrate
