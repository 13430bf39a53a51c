#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "load/json_document.hpp"
#include "validate/accepted_keys.hpp"

namespace svcgen::docs {

// Every key the loader accepts, with the object it belongs to.
std::vector<AcceptedKeys> loader_keys();

// The keys of `tables` that the Markdown text never writes as a code span (`key`), each as
// `<object> key "<key>"`.
std::vector<std::string> keys_missing_from_doc(std::span<const AcceptedKeys> tables,
                                               std::string_view markdown);

// The keys of `tables` that the JSON Schema object describing their object does not list under
// "properties", in the same form; an object whose place in the schemas is unknown is reported
// too, so a new reader cannot go unchecked.
std::vector<std::string> keys_missing_from_schemas(std::span<const AcceptedKeys> tables,
                                                   const Json& service_schema,
                                                   const Json& model_schema);

}  // namespace svcgen::docs
