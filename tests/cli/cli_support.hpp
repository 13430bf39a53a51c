#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_folder.hpp"

namespace svcgen::testing {

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

inline std::string quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// Runs `program` with `arguments` (already shell-quoted where needed) inside `folder`.
inline Result run_in(const TestFolder& folder, const std::string& program,
                     const std::string& arguments) {
  std::string out = (folder.path() / ".out").string();
  std::string err = (folder.path() / ".err").string();
  std::string command = "cd " + quote(folder.str()) + " && " + quote(program) + " " + arguments +
                        " >" + quote(out) + " 2>" + quote(err) + " </dev/null";
  int status = std::system(command.c_str());
  Result result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, folder.read(".out"),
                folder.read(".err")};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

// Runs svcgen with `arguments` (already shell-quoted where needed) inside `folder`.
inline Result svcgen(const TestFolder& folder, const std::string& arguments) {
  return run_in(folder, SVCGEN_BINARY, arguments);
}

}  // namespace svcgen::testing
