#pragma once

#include <span>
#include <string_view>
#include <utility>

namespace svcgen {

// Files compiled into the generator (templates/, schemas/, runtime/), sorted by their path in the
// source tree, e.g. "templates/cpp/model.hpp.mustache".
std::span<const std::pair<std::string_view, std::string_view>> embedded_files();

}  // namespace svcgen
