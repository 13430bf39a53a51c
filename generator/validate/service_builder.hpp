#pragma once

#include <optional>

#include "diag/diagnostics.hpp"
#include "ir/ir.hpp"
#include "load/input_loader.hpp"

namespace svcgen {

// Validates the service file and every model, resolves what spans models (refs, names that must
// be unique across the service) and returns the IR, or nothing when any error was reported.
std::optional<ir::Service> build_service(const LoadedInput& input, Diagnostics& diagnostics);

}  // namespace svcgen
