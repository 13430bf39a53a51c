#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "emit/output_set.hpp"
#include "emit/templates.hpp"
#include "ir/ir.hpp"

namespace svcgen {

enum class RuntimeMode { kVendored, kExternal };

struct EmitOptions {
  RuntimeMode runtime = RuntimeMode::kVendored;
};

struct EmitContext {
  const TemplateSet& templates;
  EmitOptions options;
};

// One kind of output (C++ sources, OpenAPI, deployment files...). An emitter reads only the IR
// and adds files to the output set; it never touches the disk.
class Emitter {
 public:
  virtual ~Emitter() = default;
  virtual std::string_view name() const = 0;
  virtual void emit(const ir::Service& service, const EmitContext& context,
                    OutputSet& output) const = 0;
};

// Every emitter, in a fixed order; each writes to paths no other emitter uses.
std::vector<std::unique_ptr<Emitter>> make_emitters();

// Runs every emitter over the service. Throws TemplateError for a template that cannot render.
OutputSet generate_outputs(const ir::Service& service, const EmitContext& context);

}  // namespace svcgen
