#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace svcgen::testing {

// A program run by a test, with its own environment and its output captured in a file.
class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& arguments,
               const std::map<std::string, std::string>& environment,
               const std::string& output_file)
      : output_file_(output_file) {
    // Emptied before the fork: a file left by an earlier process with the same name must never
    // be read as this one's output (its "listening" line names a port nobody serves).
    int out = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
      throw std::runtime_error("cannot open " + output_file);
    }
    pid_ = ::fork();
    if (pid_ < 0) {
      ::close(out);
      throw std::runtime_error("fork failed");
    }
    if (pid_ != 0) {
      ::close(out);
    }
    if (pid_ == 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
      ::close(out);
      std::vector<std::string> env_strings;
      for (const auto& [name, value] : environment) {
        env_strings.push_back(name + "=" + value);
      }
      std::vector<char*> env;
      for (auto& entry : env_strings) {
        env.push_back(entry.data());
      }
      env.push_back(nullptr);
      std::vector<std::string> args = {program};
      args.insert(args.end(), arguments.begin(), arguments.end());
      std::vector<char*> argv;
      for (auto& arg : args) {
        argv.push_back(arg.data());
      }
      argv.push_back(nullptr);
      ::execve(program.c_str(), argv.data(), env.data());
      ::_exit(127);
    }
  }

  ~ChildProcess() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      wait(std::chrono::seconds(5));
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void signal(int number) { ::kill(pid_, number); }
  pid_t pid() const { return pid_; }

  bool running() {
    if (exit_code_) {
      return false;
    }
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return false;
    }
    return true;
  }

  // The exit code, or nothing if the process is still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_code_;
  }

  std::string output() const {
    std::ifstream in(output_file_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string output_file_;
};

}  // namespace svcgen::testing
