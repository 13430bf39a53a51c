#pragma once

#include "emit/emitter.hpp"

namespace svcgen {

// What ties the models into one program: main.cpp, the service definition, the extension point
// for user code, the embedded migrations and the CMake build.
class CppServiceEmitter : public Emitter {
 public:
  std::string_view name() const override { return "cpp-service"; }
  void emit(const ir::Service& service, const EmitContext& context,
            OutputSet& output) const override;
};

}  // namespace svcgen
