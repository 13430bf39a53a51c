#include "emit/cpp_model_emitter.hpp"

#include "emit/cpp_model_parts.hpp"
#include "emit/file_header.hpp"

namespace svcgen {
namespace {

// The values the model templates frame the generated C++ with; the C++ itself comes from the
// printer functions in cpp_model_*.cpp.
Json model_view(const ir::Service& service, const ir::Model& model) {
  return {{"header", generated_header("//", {model.source})},
          {"namespace", service.cpp_namespace},
          {"struct_name", model.name},
          {"snake", model.snake}};
}

}  // namespace

void CppModelEmitter::emit(const ir::Service& service, const EmitContext& context,
                           OutputSet& output) const {
  for (const ir::Model& model : service.models) {
    cpp::ModelContext parts(service, model);
    Json view = model_view(service, model);
    view["declarations"] = cpp::model_declarations(parts);
    output.add("src/models/" + model.snake + ".hpp",
               context.templates.render("cpp/model.hpp.mustache", view));
    // Two translation units per model (types, and database + routes) keep each one's build
    // short.
    view["definitions"] = cpp::model_definitions(parts);
    output.add("src/models/" + model.snake + ".cpp",
               context.templates.render("cpp/model.cpp.mustache", view));
    view["routes"] = cpp::model_routes(parts);
    output.add("src/models/" + model.snake + "_routes.cpp",
               context.templates.render("cpp/model_routes.cpp.mustache", view));
  }
}

}  // namespace svcgen
