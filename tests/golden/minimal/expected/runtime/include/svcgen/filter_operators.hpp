// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <string_view>

#include "svcgen/value_kind.hpp"

// The filter operators of list requests (`field[op]=value`), one row each. The runtime's list
// query builder parses and renders filters from this table, and the generator documents exactly
// these parameters in OpenAPI, so a service accepts what its document promises and nothing else.
namespace svcgen {

// Which values an operator applies to, as a trait of the field's kind.
enum class FilterApplies {
  kAnyKind,
  kOrdered,  // KindTraits::ordered
  kTextual,  // KindTraits::textual
};

// What the query value of an operator holds.
enum class FilterOperand {
  kValue,    // one value of the field's type
  kList,     // comma-separated values of the field's type ("\," is a literal comma)
  kBoolean,  // true or false
  kText,     // a string matched literally inside a LIKE pattern
};

struct FilterOperator {
  std::string_view name;         // as in field[name]
  std::string_view description;  // the OpenAPI parameter's description (CommonMark)
  FilterApplies applies;
  FilterOperand operand;
  // The condition: {column} is the field's column and {value} the bound operand. A boolean
  // operand binds nothing: `sql` is the condition for true, `sql_if_false` the one for false.
  std::string_view sql;
  std::string_view sql_if_false = {};
};

inline constexpr FilterOperator kFilterOperators[] = {
    {.name = "eq",
     .description = "Equal to.",
     .applies = FilterApplies::kAnyKind,
     .operand = FilterOperand::kValue,
     .sql = "{column} = {value}"},
    {.name = "ne",
     .description = "Not equal to (null counts as different).",
     .applies = FilterApplies::kAnyKind,
     .operand = FilterOperand::kValue,
     .sql = "{column} IS DISTINCT FROM {value}"},
    {.name = "in",
     .description =
         "One of a comma-separated list; \\\\, stands for a literal comma and \\\\\\\\ for a "
         "backslash.",
     .applies = FilterApplies::kAnyKind,
     .operand = FilterOperand::kList,
     .sql = "{column} = ANY({value})"},
    {.name = "null",
     .description = "true: is null; false: is not null.",
     .applies = FilterApplies::kAnyKind,
     .operand = FilterOperand::kBoolean,
     .sql = "{column} IS NULL",
     .sql_if_false = "{column} IS NOT NULL"},
    {.name = "lt",
     .description = "Less than.",
     .applies = FilterApplies::kOrdered,
     .operand = FilterOperand::kValue,
     .sql = "{column} < {value}"},
    {.name = "lte",
     .description = "Less than or equal to.",
     .applies = FilterApplies::kOrdered,
     .operand = FilterOperand::kValue,
     .sql = "{column} <= {value}"},
    {.name = "gt",
     .description = "Greater than.",
     .applies = FilterApplies::kOrdered,
     .operand = FilterOperand::kValue,
     .sql = "{column} > {value}"},
    {.name = "gte",
     .description = "Greater than or equal to.",
     .applies = FilterApplies::kOrdered,
     .operand = FilterOperand::kValue,
     .sql = "{column} >= {value}"},
    {.name = "contains",
     .description = "Contains, case-sensitive; % and _ are literal.",
     .applies = FilterApplies::kTextual,
     .operand = FilterOperand::kText,
     .sql = "{column} LIKE '%' || {value} || '%'"},
    {.name = "startsWith",
     .description = "Starts with, case-sensitive.",
     .applies = FilterApplies::kTextual,
     .operand = FilterOperand::kText,
     .sql = "{column} LIKE {value} || '%'"},
};

// The operator of `field=value`, the short form.
inline constexpr std::string_view kDefaultFilterOperator = "eq";

constexpr const FilterOperator* find_filter_operator(std::string_view name) {
  for (const FilterOperator& op : kFilterOperators) {
    if (op.name == name) {
      return &op;
    }
  }
  return nullptr;
}

constexpr bool filter_applies(const FilterOperator& op, ValueKind kind) {
  switch (op.applies) {
    case FilterApplies::kAnyKind:
      return true;
    case FilterApplies::kOrdered:
      return kind_traits(kind).ordered;
    case FilterApplies::kTextual:
      return kind_traits(kind).textual;
  }
  return false;
}

static_assert(find_filter_operator(kDefaultFilterOperator) != nullptr);

}  // namespace svcgen
