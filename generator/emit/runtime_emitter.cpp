#include "emit/runtime_emitter.hpp"

#include "emit/embedded_files.hpp"

namespace svcgen {

void RuntimeEmitter::emit(const ir::Service&, const EmitContext& context, OutputSet& output) const {
  if (context.options.runtime != RuntimeMode::kVendored) {
    return;
  }
  constexpr std::string_view kPrefix = "runtime/";
  for (const auto& [path, text] : embedded_files()) {
    if (path.substr(0, kPrefix.size()) != kPrefix) {
      continue;
    }
    bool cmake = path.ends_with("CMakeLists.txt");
    std::string header = std::string(cmake ? "#" : "//") +
                         " Copied by svcgen from its runtime library. DO NOT EDIT.\n";
    output.add(std::string(path), header + std::string(text));
  }
}

}  // namespace svcgen
