#pragma once

// Running migrate_tool (and any shell command) from tests, and asking a served one for /ready.
#include <sys/wait.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "child_process.hpp"
#include "raw_http_client.hpp"

namespace svcgen::testing {

struct CommandResult {
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

// Runs `command` through the shell, its output captured in files of `scratch`.
inline CommandResult shell(const std::string& command, const std::filesystem::path& scratch) {
  std::string out = (scratch / ".out").string();
  std::string err = (scratch / ".err").string();
  int status =
      std::system((command + " >" + quote(out) + " 2>" + quote(err) + " </dev/null").c_str());
  std::ifstream out_file(out);
  std::ifstream err_file(err);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
          std::string(std::istreambuf_iterator<char>(out_file), {}),
          std::string(std::istreambuf_iterator<char>(err_file), {})};
}

// The port a service started with PORT=0 logged that it listens on; 0 after 5 s without.
inline std::uint16_t port_of(ChildProcess& process) {
  for (int i = 0; i < 200; ++i) {
    std::string output = process.output();
    std::size_t at = output.find("\"port\":");
    if (at != std::string::npos) {
      return static_cast<std::uint16_t>(std::stoi(output.substr(at + 7)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return 0;
}

inline RawResponse ready_response(std::uint16_t port) {
  RawHttpClient client(port);
  client.send(get_request("/ready"));
  std::optional<RawResponse> response = client.read_response(std::chrono::seconds(5));
  return response ? *response : RawResponse{};
}

inline int ready_status(std::uint16_t port) { return ready_response(port).status; }

}  // namespace svcgen::testing
