#pragma once

#include <span>
#include <string_view>

#include "ir/ir.hpp"

// The columns svcgen adds to a table for a model option, in table order after the fields. The
// resolver builds them from here and validation reserves their names from here, so a new system
// column (an owner, a tenant) is one row.
namespace svcgen::ir {

struct SystemColumn {
  ColumnRole role;
  std::string_view name;
  Type type;
  bool nullable;
  std::string_view default_sql;  // empty: no DEFAULT
  std::string_view option;       // the model key that adds it, for messages
  bool (*wanted)(const Model& model);
};

std::span<const SystemColumn> system_columns();

}  // namespace svcgen::ir
