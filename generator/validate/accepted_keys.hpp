#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "validate/object_reader.hpp"

namespace svcgen {

// The keys one kind of input object may have: the very table its reader checks against, so the
// documentation and schema checks that read it cannot fall behind the loader.
struct AcceptedKeys {
  std::string_view object;  // "service", "auth", "model", "field", "access", ...
  std::span<const KeySpec> keys;
};

// The keys of the service file's objects (defined beside their readers in service_builder.cpp
// and access_rules.cpp).
std::vector<AcceptedKeys> service_file_keys();

// The keys of a model file's objects (defined beside their readers in model_builder.cpp).
std::vector<AcceptedKeys> model_file_keys();

}  // namespace svcgen
