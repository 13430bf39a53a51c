#pragma once

#include "emit/emitter.hpp"

namespace svcgen {

// The OpenAPI 3.1 document of the service, built as a structured JSON value (never text
// templates), written to openapi.json and embedded in the binary for GET /openapi.json.
class OpenApiEmitter : public Emitter {
 public:
  std::string_view name() const override { return "openapi"; }
  void emit(const ir::Service& service, const EmitContext& context,
            OutputSet& output) const override;
};

// The document itself, for tests.
nlohmann::ordered_json openapi_document(const ir::Service& service);

}  // namespace svcgen
