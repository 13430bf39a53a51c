#pragma once

#include <optional>

#include "diag/diagnostics.hpp"
#include "ir/ir.hpp"
#include "load/json_document.hpp"

namespace svcgen {

// Checks one model file on its own and builds its IR. Whatever needs the other models (refs,
// cross-model uniqueness) is left to the service builder; such fields carry what they need to be
// resolved there.
std::optional<ir::Model> build_model(const JsonDocument& document, Diagnostics& diagnostics);

// PostgreSQL truncates identifiers longer than this many bytes, which would silently merge names.
inline constexpr std::size_t kMaxSqlIdentifierBytes = 63;

}  // namespace svcgen
