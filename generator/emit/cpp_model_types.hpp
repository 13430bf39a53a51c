#pragma once

#include <string>
#include <vector>

#include "ir/ir.hpp"

// The little the C++ emission knows about types beyond the resolved columns and the type table.
namespace svcgen::cpp {

using Column = ir::Column;

// Whether the field's input is checked against a svcgen::Rule (lengths, patterns, ranges).
bool has_rule(ir::Type type);
// The integer range of a list field's type as `min`/`max` constants, or empty for others.
std::vector<std::string> integer_bounds(ir::Type type);

}  // namespace svcgen::cpp
