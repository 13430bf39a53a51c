#pragma once

#include <optional>

#include "diag/diagnostics.hpp"
#include "ir/ir.hpp"
#include "load/json_document.hpp"
#include "validate/access_rules.hpp"

namespace svcgen {

// Checks one model file on its own and builds its IR. Whatever needs the other models (refs,
// cross-model uniqueness) is left to the service builder; such fields carry what they need to be
// resolved there. Its access keys are checked and resolved against the service file's `access`.
std::optional<ir::Model> build_model(const JsonDocument& document, Diagnostics& diagnostics,
                                     const ServiceAccess& access = {});

// PostgreSQL truncates identifiers longer than this many bytes, which would silently merge names.
inline constexpr std::size_t kMaxSqlIdentifierBytes = 63;

}  // namespace svcgen
