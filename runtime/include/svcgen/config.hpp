#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svcgen {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
enum class LogFormat { kJson, kText };

// Which browser origins may call the service (CORS_ALLOWED_ORIGINS and friends).
struct CorsConfig {
  std::vector<std::string> origins;  // exact origins, "https://app.example.com"
  bool any_origin = false;           // "*"
  bool allow_credentials = false;
  std::chrono::milliseconds max_age{10 * 60 * 1000};
  bool enabled() const { return any_origin || !origins.empty(); }
};

// Everything a service reads from its environment, validated once at start.
struct Config {
  std::string service_name;
  std::string host = "0.0.0.0";
  int port = 8080;
  int threads = 1;
  std::string path_prefix;

  std::string db_write_url;
  std::optional<std::string> db_read_url;
  int db_write_max_conns = 20;
  int db_read_max_conns = 40;
  std::chrono::milliseconds db_conn_max_lifetime{30 * 60 * 1000};
  std::chrono::milliseconds db_conn_max_idle_time{5 * 60 * 1000};
  std::chrono::milliseconds db_pool_wait_timeout{5000};
  std::chrono::milliseconds db_statement_timeout{30000};
  std::chrono::milliseconds db_lock_timeout{5000};
  std::chrono::milliseconds db_idle_in_tx_timeout{60000};
  std::string db_application_name;
  std::string db_schema = "public";

  bool auto_migrate = false;
  std::chrono::milliseconds migration_lock_timeout{5000};
  // How many times a migration statement that timed out waiting for a lock is tried again.
  int migration_retries = 3;
  std::chrono::milliseconds shutdown_timeout{30000};
  std::chrono::milliseconds health_timeout{3000};
  bool health_check_db = false;

  std::size_t max_body_bytes = 1048576;
  std::size_t max_header_bytes = 16384;
  std::chrono::milliseconds read_header_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};

  // Signs list cursors so clients cannot forge them; every instance of a service must share it.
  std::string cursor_secret;

  CorsConfig cors;

  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kJson;
  bool trace = false;
};

// Defaults that come from the service file rather than from svcgen.
struct ConfigDefaults {
  std::string service_name;
  std::string path_prefix;
  bool require_database = true;
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct ConfigResult {
  Config config;
  std::vector<std::string> errors;  // "SHUTDOWN_TIMEOUT: expected a duration like 30s, got ..."
  // Settings that work but should not reach production as they are, to be logged at start.
  std::vector<std::string> warnings;
};

// Reads and validates every variable; all problems are reported together.
ConfigResult load_config(const ConfigDefaults& defaults, const EnvLookup& env);
EnvLookup process_environment();

// Go-style durations: "250ms", "30s", "5m", "1h30m", "1.5s".
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
// The other way round, for messages that quote a setting: "2s", "250ms", "1500ms".
std::string format_duration(std::chrono::milliseconds duration);

// A connection string with its password replaced by "***", for logs and messages.
std::string redact_dsn(std::string_view dsn);

// libpq's error text for a connection string, without anything that may be its password.
// libpq quotes the part of a malformed string it stumbled on ("invalid percent-encoded token:
// \"S3cr%zz\""), and an unescaped '@' in a password makes its tail part of the host name.
std::string redact_connection_error(std::string_view error, std::string_view dsn);

// Why libpq cannot read a connection string (a postgres:// or postgresql:// URL, or key=value
// pairs), in words without its password; nothing when it can.
std::optional<std::string> connection_string_problem(const std::string& dsn);

}  // namespace svcgen
