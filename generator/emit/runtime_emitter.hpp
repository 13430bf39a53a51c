#pragma once

#include "emit/emitter.hpp"

namespace svcgen {

// With the vendored runtime (the default), a copy of svcgen's runtime library under runtime/ in
// the output, so the output folder builds on its own with only Debian's -dev packages.
class RuntimeEmitter : public Emitter {
 public:
  std::string_view name() const override { return "runtime"; }
  void emit(const ir::Service& service, const EmitContext& context,
            OutputSet& output) const override;
};

}  // namespace svcgen
