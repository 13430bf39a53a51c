#pragma once

#include <string>
#include <vector>

namespace svcgen {

// The first lines of every generated text file: where it came from and that edits are lost.
// Sources are named relative to the service file, so the header is the same on every machine.
std::string generated_header(std::string_view comment_prefix,
                             const std::vector<std::string>& sources);

}  // namespace svcgen
