#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "ir/ir.hpp"
#include "svcgen/value_kind.hpp"

// The OpenAPI query parameters of list filters, read from the runtime's operator table
// (svcgen/filter_operators.hpp), so the document lists exactly the filters a service accepts.
namespace svcgen {

// A field a list can be filtered on.
struct FilterField {
  std::string name;
  nlohmann::ordered_json schema;  // of one value, without length, pattern and range constraints
  ValueKind kind;
};

// Appends `name` (short for name[eq]; not for the list's own parameters limit, cursor and sort)
// and name[op] for every operator that applies to the field's kind, in the table's order.
void add_filter_parameters(const FilterField& field, nlohmann::ordered_json& parameters);

}  // namespace svcgen
