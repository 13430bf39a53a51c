#pragma once

#include "ir/ir.hpp"

namespace svcgen {

// Lowers every model of a validated service into its resolved table (ir::Model::columns and
// ir::Model::objects). Runs once references know their targets' keys.
void resolve_tables(ir::Service& service);

}  // namespace svcgen
