// Arbitrary bytes as a model file, next to a valid one it may reference: the loader, the
// validator and, for whatever they accept, every emitter must end in diagnostics or output,
// never in a crash, a hang or an uncaught exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "diag/diagnostics.hpp"
#include "emit/emitter.hpp"
#include "load/input_loader.hpp"
#include "load/json_document.hpp"
#include "validate/service_builder.hpp"

namespace {

constexpr std::string_view kService =
    R"({"service": "fuzz", "models": ["models/author.json", "models/fuzzed.json"]})";
constexpr std::string_view kAuthor = R"({"name": "Author", "fields": [
  {"name": "name", "type": "string", "maxLength": 100, "unique": true, "sortable": true}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace svcgen;
  Diagnostics diagnostics;
  std::string_view fuzzed(reinterpret_cast<const char*>(data), size);
  auto service = parse_json_document("service.json", kService, diagnostics);
  auto author = parse_json_document("models/author.json", kAuthor, diagnostics);
  auto model = parse_json_document("models/fuzzed.json", fuzzed, diagnostics);
  if (!service || !author || !model) {
    return 0;
  }
  LoadedInput input{std::move(*service), {}, {"service.json"}};
  input.models.push_back({"/models/0", "models/author.json", std::move(*author)});
  input.models.push_back({"/models/1", "models/fuzzed.json", std::move(*model)});
  std::optional<ir::Service> ir = build_service(input, diagnostics);
  for (const Diagnostic& diagnostic : diagnostics.sorted()) {
    (void)format_diagnostic(diagnostic);
  }
  if (ir && !diagnostics.has_errors()) {
    static const TemplateSet templates = TemplateSet::embedded();
    EmitContext context{templates, {RuntimeMode::kExternal}};
    (void)generate_outputs(*ir, context);
  }
  return 0;
}
