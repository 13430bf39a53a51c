#include "svcgen/log.hpp"

#include <unistd.h>

#include <chrono>

#include "svcgen/types.hpp"

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
  return Timestamp::from(
             std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()))
      .str();
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
