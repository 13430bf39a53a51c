#pragma once

#include "emit/emitter.hpp"

namespace svcgen {

// How the service is shipped and run: a Dockerfile whose build context is the output folder, a
// compose file for local development, Kubernetes manifests for production and a README for
// operators.
class DeployEmitter : public Emitter {
 public:
  std::string_view name() const override { return "deploy"; }
  void emit(const ir::Service& service, const EmitContext& context,
            OutputSet& output) const override;
};

}  // namespace svcgen
