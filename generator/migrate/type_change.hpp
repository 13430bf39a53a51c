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

// True when PostgreSQL can cast a value of `from` to `to` and back (CAST(x AS to) parses; the
// value may still fail it): what the statements that carry a column over to a new type, and
// the trigger that keeps the two in step, are made of.
bool converts_both_ways(const ir::SqlType& from, const ir::SqlType& to);

// A value every row can take while a required column comes back in a down migration.
std::string placeholder_value(const ir::SqlType& type);
// One of the column's type that every check on it accepts, too.
std::string placeholder_for(const Column& column, const std::vector<Check>& checks);

}  // namespace svcgen::migrate
