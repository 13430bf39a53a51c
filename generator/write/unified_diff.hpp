#pragma once

#include <string>
#include <string_view>

namespace svcgen {

// A unified diff (3 lines of context) turning `before` into `after`, with the given file labels;
// empty when the texts are equal.
std::string unified_diff(std::string_view before, std::string_view after,
                         const std::string& before_label, const std::string& after_label);

// The 1-based line of `after` where the first difference shows, for annotations.
int first_changed_line(std::string_view before, std::string_view after);

}  // namespace svcgen
