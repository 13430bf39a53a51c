#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ir/ir.hpp"
#include "load/json_document.hpp"

namespace svcgen {

// Why `value` is not a valid value of `field` (type, format, length, pattern, range, enum
// membership), or nothing when it is. Used for defaults and examples, so a model never promises
// a value its own service would reject.
std::optional<std::string> check_literal(const ir::Field& field, const Json& value);

}  // namespace svcgen
