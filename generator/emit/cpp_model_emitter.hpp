#pragma once

#include "emit/emitter.hpp"

namespace svcgen {

// The typed C++ value of each model: one header per model with its struct and enums.
class CppModelEmitter : public Emitter {
 public:
  std::string_view name() const override { return "cpp-model"; }
  void emit(const ir::Service& service, const EmitContext& context,
            OutputSet& output) const override;
};

}  // namespace svcgen
