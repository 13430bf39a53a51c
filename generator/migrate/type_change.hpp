#pragma once

#include <string>

#include "ir/sql_type.hpp"

// What the planner and renderer know about column types beyond their spelling.
namespace svcgen::migrate {

// True when every value of `from` converts to `to` unchanged.
bool is_widening(const ir::SqlType& from, const ir::SqlType& to);

// A value every row can take while a required column comes back in a down migration.
std::string placeholder_value(const ir::SqlType& type);

}  // namespace svcgen::migrate
