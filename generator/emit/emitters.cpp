#include "emit/cpp_model_emitter.hpp"
#include "emit/cpp_service_emitter.hpp"
#include "emit/deploy_emitter.hpp"
#include "emit/emitter.hpp"
#include "emit/openapi_emitter.hpp"
#include "emit/runtime_emitter.hpp"

#include <future>

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
  // Emitters only read the IR and each writes paths of its own, so they run side by side (the
  // C++ models and the OpenAPI document are each about half of the work), each rendering with a
  // copy of the templates. Merging in emitter order keeps the result independent of timing.
  std::vector<std::unique_ptr<Emitter>> emitters = make_emitters();
  std::vector<std::future<OutputSet>> parts;
  parts.reserve(emitters.size());
  for (const std::unique_ptr<Emitter>& emitter : emitters) {
    parts.push_back(std::async(std::launch::async, [&service, &context, &emitter] {
      TemplateSet templates = context.templates;
      OutputSet part;
      emitter->emit(service, EmitContext{templates, context.options}, part);
      return part;
    }));
  }
  OutputSet output;
  for (std::future<OutputSet>& part : parts) {
    output.merge(part.get());
  }
  return output;
}

}  // namespace svcgen
