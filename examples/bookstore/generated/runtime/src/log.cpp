// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/log.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace svcgen {
namespace {

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void write_stdout(std::string_view line) {
  // One write call per line: lines from different threads never mix.
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t written = ::write(STDOUT_FILENO, data, left);
    if (written <= 0) {
      return;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace

std::string log_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

Logger::Logger(std::string service, LogLevel level, LogFormat format, bool trace, Sink sink)
    : service_(std::move(service)),
      level_(level),
      format_(format),
      trace_(trace),
      sink_(sink ? std::move(sink) : Sink(write_stdout)) {}

void Logger::log(LogLevel level, std::string_view message, nlohmann::ordered_json fields) const {
  if (!enabled(level)) {
    return;
  }
  std::string line;
  if (format_ == LogFormat::kJson) {
    nlohmann::ordered_json record = {{"time", log_timestamp()},
                                     {"level", level_name(level)},
                                     {"service", service_},
                                     {"msg", message}};
    if (fields.is_object()) {
      for (auto& [key, value] : fields.items()) {
        record[key] = std::move(value);
      }
    }
    line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = log_timestamp() + " " + std::string(level_name(level)) + " " + std::string(message);
    if (fields.is_object()) {
      for (const auto& [key, value] : fields.items()) {
        line += " " + key + "=" +
                (value.is_string()
                     ? value.get<std::string>()
                     : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
  }
  line += '\n';
  sink_(line);
}

}  // namespace svcgen
