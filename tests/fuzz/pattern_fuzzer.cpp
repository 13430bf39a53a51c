// A pattern from a model author and a string from a client, cut at the first NUL byte (without
// one, the input is both). The pattern goes through the generator's translation and, as a field
// of a model whose default is the string, through its validation; the string goes through the
// service's body check. Neither may crash or hang (RE2 matches in linear time; libFuzzer's
// timeout catches anything else), and the generator's verdict on the default must be the
// service's verdict on the same string.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostics.hpp"
#include "load/input_loader.hpp"
#include "load/json_document.hpp"
#include "svcgen/body.hpp"
#include "svcgen/pattern.hpp"
#include "validate/pattern_translation.hpp"
#include "validate/service_builder.hpp"

namespace {

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

// JSON text for `text`, or nullopt when it is not UTF-8 (no model file or body could hold it).
std::optional<std::string> json_string(std::string_view text) {
  try {
    return nlohmann::json(std::string(text)).dump();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// Whether the generator accepts a text field with this pattern and this default.
bool model_accepts(const std::string& pattern_json, const std::string& default_json,
                   const std::string& expected_pattern_error) {
  using namespace svcgen;
  Diagnostics diagnostics;
  std::string model = R"({"name": "Thing", "fields": [{"name": "f", "type": "text", "pattern": )" +
                      pattern_json + R"(, "default": )" + default_json + "}]}";
  auto service = parse_json_document(
      "service.json", R"({"service": "fuzz", "models": ["models/thing.json"]})", diagnostics);
  auto thing = parse_json_document("models/thing.json", model, diagnostics);
  require(service && thing);
  LoadedInput input{std::move(*service), {}, {"service.json"}};
  input.models.push_back({"/models/0", "models/thing.json", std::move(*thing)});
  std::optional<ir::Service> ir = build_service(input, diagnostics);
  bool reported = expected_pattern_error.empty();
  for (const Diagnostic& diagnostic : diagnostics.sorted()) {
    reported = reported || (diagnostic.location.pointer == "/fields/0/pattern" &&
                            diagnostic.message == expected_pattern_error);
  }
  require(reported);
  return ir.has_value() && !diagnostics.has_errors();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace svcgen;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t cut = input.find('\0');
  std::string_view pattern = input.substr(0, cut);
  std::string_view text = cut == std::string_view::npos ? pattern : input.substr(cut + 1);

  PatternTranslation translation = translate_pattern(pattern);
  require(translation.ok() || translation.re2.empty());
  require(translation.ok() || translation.error.rfind("pattern \"", 0) == 0);
  std::optional<Pattern> compiled;
  if (translation.ok()) {
    compiled.emplace(pattern, translation.re2);  // throws, and so fails, if RE2 refused it
    (void)compiled->search(text);
  }

  std::optional<std::string> pattern_json = json_string(pattern);
  std::optional<std::string> text_json = json_string(text);
  if (!pattern_json || !text_json) {
    return 0;
  }
  bool generator_accepts = model_accepts(*pattern_json, *text_json, translation.error);
  if (!compiled) {
    require(!generator_accepts);
    return 0;
  }
  // The service's check, on the body a client would send.
  nlohmann::json body = {{"f", std::string(text)}};
  std::vector<FieldError> errors;
  BodyReader reader(body, errors);
  Rule rule;
  rule.pattern = &*compiled;
  Input<std::string> read = reader.string("f", rule);
  bool service_accepts = errors.empty();
  require(service_accepts == read.has_value());
  if (text.find('\0') == std::string_view::npos) {
    require(service_accepts == compiled->search(text));
    require(generator_accepts == service_accepts);
  }
  return 0;
}
