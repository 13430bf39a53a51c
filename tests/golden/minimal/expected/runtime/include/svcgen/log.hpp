// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "svcgen/config.hpp"

namespace svcgen {

// Structured logs: one JSON object per line (or readable text with LOG_FORMAT=text), each with
// time, level, service and message. Lines are written whole, so threads never interleave.
class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;

  Logger(std::string service, LogLevel level, LogFormat format, bool trace, Sink sink = {});

  bool enabled(LogLevel level) const { return level >= level_; }
  bool tracing() const { return trace_; }
  void log(LogLevel level, std::string_view message, nlohmann::ordered_json fields = {}) const;
  void info(std::string_view message, nlohmann::ordered_json fields = {}) const {
    log(LogLevel::kInfo, message, std::move(fields));
  }
  void warn(std::string_view message, nlohmann::ordered_json fields = {}) const {
    log(LogLevel::kWarn, message, std::move(fields));
  }
  void error(std::string_view message, nlohmann::ordered_json fields = {}) const {
    log(LogLevel::kError, message, std::move(fields));
  }

 private:
  std::string service_;
  LogLevel level_;
  LogFormat format_;
  bool trace_;
  Sink sink_;
};

// The current time as RFC 3339 UTC with milliseconds.
std::string log_timestamp();

}  // namespace svcgen
