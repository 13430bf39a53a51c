#pragma once

#include <string>

#include "ir/sql_type.hpp"

// What the planner and renderer know about column types beyond their spelling.
namespace svcgen::migrate {

// True when every value of `from` converts to `to` unchanged.
bool is_widening(const ir::SqlType& from, const ir::SqlType& to);

// True when PostgreSQL changes the type without rewriting or scanning the table (a longer
// varchar, varchar to text, more digits before the point of a numeric): only a catalog update
// under a brief lock, which the running version survives.
bool changes_in_place(const ir::SqlType& from, const ir::SqlType& to);

// A value every row can take while a required column comes back in a down migration.
std::string placeholder_value(const ir::SqlType& type);

}  // namespace svcgen::migrate
