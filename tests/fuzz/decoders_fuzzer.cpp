// Arbitrary bytes as the body of a create, replace and patch of the all-types model, through the
// runtime's body parsing and the generated decoders: every input must end in a value or in field
// errors (400/422), never in a crash or an exception other than the problem the service answers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/sample.hpp"
#include "svcgen/body.hpp"
#include "svcgen/problem.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  svcgen::Request request;
  request.body.assign(reinterpret_cast<const char*>(data), size);
  nlohmann::json body;
  try {
    body = svcgen::parse_json_body(request);
  } catch (const svcgen::ProblemError&) {
    return 0;
  }
  std::vector<svcgen::FieldError> errors;
  auto created = everything::decode_sample_create(body, errors);
  if (created.has_value() == !errors.empty()) {
    __builtin_trap();  // a value and errors, or neither
  }
  errors.clear();
  (void)everything::decode_sample_replace(body, errors);
  errors.clear();
  (void)everything::decode_sample_patch(body, errors);
  return 0;
}
