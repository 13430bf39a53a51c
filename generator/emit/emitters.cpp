#include "emit/cpp_model_emitter.hpp"
#include "emit/cpp_service_emitter.hpp"
#include "emit/deploy_emitter.hpp"
#include "emit/emitter.hpp"
#include "emit/openapi_emitter.hpp"
#include "emit/runtime_emitter.hpp"

namespace svcgen {

std::vector<std::unique_ptr<Emitter>> make_emitters() {
  std::vector<std::unique_ptr<Emitter>> emitters;
  emitters.push_back(std::make_unique<CppModelEmitter>());
  emitters.push_back(std::make_unique<CppServiceEmitter>());
  emitters.push_back(std::make_unique<DeployEmitter>());
  emitters.push_back(std::make_unique<OpenApiEmitter>());
  emitters.push_back(std::make_unique<RuntimeEmitter>());
  return emitters;
}

OutputSet generate_outputs(const ir::Service& service, const EmitContext& context) {
  OutputSet output;
  for (const std::unique_ptr<Emitter>& emitter : make_emitters()) {
    emitter->emit(service, context, output);
  }
  return output;
}

}  // namespace svcgen
