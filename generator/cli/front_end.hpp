#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "ir/ir.hpp"

namespace svcgen {

struct FrontEndResult {
  int exit_code = 0;
  std::optional<ir::Service> service;
  std::vector<std::string> input_files;
};

// load -> validate -> IR for one service file. Prints every diagnostic, sorted, to `err` and
// returns the exit code a command should end with when there is no service.
FrontEndResult run_front_end(const std::string& service_path, std::ostream& err);

// A path as users should see it: relative to the working directory when it lies below it (also
// when given with `..` or through a symbolic link), else absolute.
std::string display_path(const std::string& path);

}  // namespace svcgen
