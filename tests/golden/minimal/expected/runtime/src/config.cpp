// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/config.hpp"

#include <libpq-fe.h>
#include <sys/random.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <thread>

namespace svcgen {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  if (text == "0") {
    return std::chrono::milliseconds(0);
  }
  double total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
      ++i;
    }
    if (i == start) {
      return std::nullopt;
    }
    std::string number(text.substr(start, i - start));
    if (std::count(number.begin(), number.end(), '.') > 1 || number == ".") {
      return std::nullopt;
    }
    std::size_t unit_start = i;
    while (i < text.size() && !((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
      ++i;
    }
    std::string_view unit = text.substr(unit_start, i - unit_start);
    double scale = unit == "h"                           ? 3600000.0
                   : unit == "m"                         ? 60000.0
                   : unit == "s"                         ? 1000.0
                   : unit == "ms"                        ? 1.0
                   : unit == "us" || unit == "\xC2\xB5s" ? 0.001
                   : unit == "ns"                        ? 0.000001
                                                         : -1;
    if (scale < 0) {
      return std::nullopt;
    }
    total_ms += std::strtod(number.c_str(), nullptr) * scale;
  }
  if (total_ms > 1e12) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(std::llround(total_ms));
}

std::string format_duration(std::chrono::milliseconds duration) {
  long long ms = duration.count();
  return ms != 0 && ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

std::string redact_dsn(std::string_view dsn) {
  std::string text(dsn);
  // URL form: scheme://user:password@host...
  static const std::regex url_password(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*:)[^@]*@)");
  text = std::regex_replace(text, url_password, "$1***@");
  // Query parameter and key=value forms: password=secret, password='se cret'.
  static const std::regex key_password(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*))",
                                       std::regex::icase);
  return std::regex_replace(text, key_password, "$1***");
}

namespace {

// Everything in a connection string that may be its password, or a part of it: the value libpq
// reads, the text of a URL's user info after the first ':' up to the last '@' (where a reader
// sees the host begin, whatever libpq makes of an unescaped '@'), and password=... values.
std::vector<std::string> password_candidates(std::string_view dsn) {
  std::vector<std::string> found;
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(dsn).c_str(), &parse_error);
  PQfreemem(parse_error);
  if (options != nullptr) {
    for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
      if (option->val != nullptr && std::string_view(option->keyword) == "password") {
        found.emplace_back(option->val);
      }
    }
    PQconninfoFree(options);
  }
  if (std::size_t scheme = dsn.find("://"); scheme != std::string_view::npos) {
    std::string_view rest = dsn.substr(scheme + 3);
    std::string_view before_query = rest.substr(0, rest.find('?'));
    std::size_t at = before_query.rfind('@');
    std::string_view user_info = before_query.substr(0, at == std::string_view::npos ? 0 : at);
    if (std::size_t colon = user_info.find(':'); colon != std::string_view::npos) {
      found.emplace_back(user_info.substr(colon + 1));
    }
  }
  static const std::regex key_password(R"(password\s*=\s*('((?:[^'\\]|\\.)*)'|[^\s&]*))",
                                       std::regex::icase);
  std::string text(dsn);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), key_password);
       it != std::sregex_iterator(); ++it) {
    found.push_back((*it)[2].matched ? (*it)[2].str() : (*it)[1].str());
  }
  std::erase_if(found, [](const std::string& candidate) { return candidate.empty(); });
  return found;
}

// True when `token` holds a run of `secret` long enough to give part of it away.
bool shares_a_run(std::string_view token, std::string_view secret) {
  std::size_t run = std::min<std::size_t>(4, secret.size());
  for (std::size_t at = 0; at + run <= secret.size(); ++at) {
    if (token.find(secret.substr(at, run)) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::string redact_connection_error(std::string_view error, std::string_view dsn) {
  std::string text(error);
  std::vector<std::string> secrets = password_candidates(dsn);
  for (const std::string& secret : secrets) {
    replace_all(text, secret, "***");
  }
  // libpq quotes what it echoes: a quoted token with any run of a candidate goes whole.
  std::string redacted;
  std::size_t done = 0;
  for (std::size_t open = text.find('"'); open != std::string::npos;) {
    std::size_t close = text.find('"', open + 1);
    if (close == std::string::npos) {
      break;
    }
    std::string_view token = std::string_view(text).substr(open + 1, close - open - 1);
    bool revealing = std::any_of(secrets.begin(), secrets.end(), [&](const std::string& secret) {
      return shares_a_run(token, secret);
    });
    redacted.append(text, done, open + 1 - done);
    redacted.append(revealing ? "***" : std::string(token));
    redacted += '"';
    done = close + 1;
    open = text.find('"', done);
  }
  redacted.append(text, done);
  return redact_dsn(redacted);
}

// Checked before any connection is tried, so that a typo is reported once, by the setting that
// holds it, in words that never repeat the password; libpq would otherwise take a string that is
// neither a URL nor key=value pairs for a database name and connect to the default socket.
std::optional<std::string> connection_string_problem(const std::string& dsn) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &parse_error);
  if (options == nullptr) {
    std::string reason = parse_error != nullptr ? parse_error : "out of memory";
    PQfreemem(parse_error);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) {
      reason.pop_back();
    }
    return "not a valid PostgreSQL connection string: " + redact_connection_error(reason, dsn);
  }
  PQconninfoFree(options);
  if (std::size_t scheme = dsn.find("://"); scheme != std::string::npos) {
    std::string_view authority = std::string_view(dsn).substr(scheme + 3);
    authority = authority.substr(0, authority.find('?'));
    std::size_t first = authority.find('@');
    if (first != std::string_view::npos && first != authority.rfind('@')) {
      return "the user name or password holds an unescaped \"@\": percent-encode it as %40";
    }
  }
  return std::nullopt;
}

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
}

namespace {

class Reader {
 public:
  Reader(const EnvLookup& env, std::vector<std::string>& errors) : env_(env), errors_(errors) {}

  std::optional<std::string> raw(std::string_view name) {
    std::optional<std::string> value = env_(name);
    return value && !value->empty() ? value : std::nullopt;
  }

  void text(std::string_view name, std::string& target) {
    if (auto value = raw(name)) {
      target = *value;
    }
  }

  void integer(std::string_view name, int& target, int low, int high) {
    auto value = raw(name);
    if (!value) {
      return;
    }
    char* end = nullptr;
    long parsed = std::strtol(value->c_str(), &end, 10);
    if (*end != '\0' || parsed < low || parsed > high) {
      fail(name, "expected a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high) + ", got \"" + *value + "\"");
      return;
    }
    target = static_cast<int>(parsed);
  }

  void size(std::string_view name, std::size_t& target, std::size_t low) {
    auto value = raw(name);
    if (!value) {
      return;
    }
    char* end = nullptr;
    unsigned long long parsed = std::strtoull(value->c_str(), &end, 10);
    if (*end != '\0' || value->front() == '-' || parsed < low) {
      fail(name, "expected a number of bytes of at least " + std::to_string(low) + ", got \"" +
                     *value + "\"");
      return;
    }
    target = static_cast<std::size_t>(parsed);
  }

  void duration(std::string_view name, std::chrono::milliseconds& target) {
    auto value = raw(name);
    if (!value) {
      return;
    }
    auto parsed = parse_duration(*value);
    if (!parsed) {
      fail(name, "expected a duration like 30s, got \"" + *value + "\"");
      return;
    }
    target = *parsed;
  }

  void boolean(std::string_view name, bool& target) {
    auto value = raw(name);
    if (!value) {
      return;
    }
    if (*value == "true" || *value == "1" || *value == "on" || *value == "yes") {
      target = true;
    } else if (*value == "false" || *value == "0" || *value == "off" || *value == "no") {
      target = false;
    } else {
      fail(name, "expected true or false, got \"" + *value + "\"");
    }
  }

  template <typename Enum>
  void choice(std::string_view name, Enum& target,
              std::initializer_list<std::pair<std::string_view, Enum>> options) {
    auto value = raw(name);
    if (!value) {
      return;
    }
    std::string names;
    for (const auto& [option, result] : options) {
      if (*value == option) {
        target = result;
        return;
      }
      names += (names.empty() ? "" : ", ") + std::string(option);
    }
    fail(name, "expected one of " + names + ", got \"" + *value + "\"");
  }

  void connection_string(std::string_view name, const std::string& dsn) {
    if (std::optional<std::string> problem = connection_string_problem(dsn)) {
      fail(name, *problem);
    }
  }

  void fail(std::string_view name, const std::string& message) {
    errors_.push_back(std::string(name) + ": " + message);
  }

 private:
  const EnvLookup& env_;
  std::vector<std::string>& errors_;
};

// scheme "://" host [":" port], as a browser sends it in Origin: no path, no trailing slash.
bool plausible_origin(std::string_view origin) {
  static const std::regex kOrigin(
      R"(^[a-z][a-z0-9+.-]*://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$)");
  return std::regex_match(origin.begin(), origin.end(), kOrigin);
}

void read_cors(Reader& read, CorsConfig& cors) {
  if (auto origins = read.raw("CORS_ALLOWED_ORIGINS")) {
    bool malformed = false;
    for (std::string_view rest = *origins; !rest.empty();) {
      std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      while (!item.empty() && item.front() == ' ') {
        item.remove_prefix(1);
      }
      while (!item.empty() && item.back() == ' ') {
        item.remove_suffix(1);
      }
      if (item == "*") {
        cors.any_origin = true;
      } else if (plausible_origin(item)) {
        cors.origins.emplace_back(item);
      } else if (!item.empty()) {
        malformed = true;
        read.fail("CORS_ALLOWED_ORIGINS",
                  "expected origins like https://app.example.com (scheme, host and port only) "
                  "or *, got \"" +
                      std::string(item) + "\"");
      }
    }
    if (cors.any_origin && !cors.origins.empty()) {
      read.fail("CORS_ALLOWED_ORIGINS", "* allows every origin: list no others with it");
    }
    if (!cors.enabled() && !malformed) {
      read.fail("CORS_ALLOWED_ORIGINS", "names no origin; leave it unset for no CORS");
    }
  }
  read.boolean("CORS_ALLOW_CREDENTIALS", cors.allow_credentials);
  if (cors.allow_credentials && cors.any_origin) {
    read.fail("CORS_ALLOW_CREDENTIALS",
              "true together with CORS_ALLOWED_ORIGINS=* would let every web site act with its "
              "visitors' credentials; list the origins instead");
  }
  read.duration("CORS_MAX_AGE", cors.max_age);
}

constexpr std::size_t kMinCursorSecretBytes = 16;

// Without CURSOR_SECRET, a key of this process only: a key derived from anything public (the
// service name) would let anyone sign cursors.
void cursor_key(std::string& key, ConfigResult& result) {
  unsigned char bytes[32];
  std::size_t filled = 0;
  while (filled < sizeof bytes) {
    ssize_t got = ::getrandom(bytes + filled, sizeof bytes - filled, 0);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      result.errors.push_back(
          "CURSOR_SECRET: not set, and the system gave no random bytes for a key; set it");
      return;
    }
    filled += static_cast<std::size_t>(got);
  }
  constexpr char kHex[] = "0123456789abcdef";
  key.clear();
  for (unsigned char byte : bytes) {
    key += kHex[byte >> 4];
    key += kHex[byte & 0xF];
  }
  result.warnings.push_back(
      "CURSOR_SECRET is not set: list cursors are signed with a random key of this process, so "
      "they stop working after a restart and are refused by other replicas; set CURSOR_SECRET "
      "to one secret shared by every instance");
}

}  // namespace

ConfigResult load_config(const ConfigDefaults& defaults, const EnvLookup& env) {
  ConfigResult result;
  Config& config = result.config;
  Reader read(env, result.errors);
  config.service_name = defaults.service_name;
  config.path_prefix = defaults.path_prefix;
  config.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  read.integer("PORT", config.port, 0, 65535);
  read.text("HOST", config.host);
  read.integer("THREADS", config.threads, 1, 256);
  read.text("SERVICE_NAME", config.service_name);
  read.text("PATH_PREFIX", config.path_prefix);
  if (!config.path_prefix.empty() &&
      !std::regex_match(config.path_prefix, std::regex("(/[A-Za-z0-9._~-]+)+"))) {
    read.fail("PATH_PREFIX", "expected a path like /api, got \"" + config.path_prefix + "\"");
  }
  if (config.path_prefix == "/") {
    config.path_prefix.clear();
  }
  read.text("DB_WRITE_URL", config.db_write_url);
  if (config.db_write_url.empty() && defaults.require_database) {
    read.fail("DB_WRITE_URL",
              "required: a PostgreSQL connection string such as "
              "postgres://user:password@host:5432/db");
  }
  if (!config.db_write_url.empty()) {
    read.connection_string("DB_WRITE_URL", config.db_write_url);
  }
  if (auto url = read.raw("DB_READ_URL")) {
    config.db_read_url = url;
    read.connection_string("DB_READ_URL", *url);
  }
  read.integer("DB_WRITE_MAX_CONNS", config.db_write_max_conns, 1, 10000);
  read.integer("DB_READ_MAX_CONNS", config.db_read_max_conns, 1, 10000);
  read.duration("DB_CONN_MAX_LIFETIME", config.db_conn_max_lifetime);
  read.duration("DB_CONN_MAX_IDLE_TIME", config.db_conn_max_idle_time);
  read.duration("DB_POOL_WAIT_TIMEOUT", config.db_pool_wait_timeout);
  read.duration("DB_STATEMENT_TIMEOUT", config.db_statement_timeout);
  read.duration("DB_LOCK_TIMEOUT", config.db_lock_timeout);
  read.duration("DB_IDLE_IN_TX_TIMEOUT", config.db_idle_in_tx_timeout);
  config.db_application_name = config.service_name;
  read.text("DB_APPLICATION_NAME", config.db_application_name);
  read.text("DB_SCHEMA", config.db_schema);
  if (!std::regex_match(config.db_schema, std::regex("[a-z_][a-z0-9_$]{0,62}"))) {
    read.fail("DB_SCHEMA", "expected a lower-case schema name, got \"" + config.db_schema + "\"");
  }
  read.boolean("AUTO_MIGRATE", config.auto_migrate);
  read.duration("MIGRATION_LOCK_TIMEOUT", config.migration_lock_timeout);
  read.integer("MIGRATION_RETRIES", config.migration_retries, 0, 100);
  read.duration("SHUTDOWN_TIMEOUT", config.shutdown_timeout);
  read.duration("HEALTH_TIMEOUT", config.health_timeout);
  read.boolean("HEALTH_CHECK_DB", config.health_check_db);
  read.size("MAX_BODY_BYTES", config.max_body_bytes, 1);
  read.size("MAX_HEADER_BYTES", config.max_header_bytes, 1024);
  read.duration("READ_HEADER_TIMEOUT", config.read_header_timeout);
  read.duration("IDLE_TIMEOUT", config.idle_timeout);
  read.choice("LOG_LEVEL", config.log_level,
              {{"debug", LogLevel::kDebug},
               {"info", LogLevel::kInfo},
               {"warn", LogLevel::kWarn},
               {"error", LogLevel::kError}});
  read.choice("LOG_FORMAT", config.log_format,
              {{"json", LogFormat::kJson}, {"text", LogFormat::kText}});
  read.boolean("TRACE", config.trace);
  read_cors(read, config.cors);
  read.text("CURSOR_SECRET", config.cursor_secret);
  if (config.cursor_secret.empty()) {
    cursor_key(config.cursor_secret, result);
  } else if (config.cursor_secret.size() < kMinCursorSecretBytes) {
    result.warnings.push_back("CURSOR_SECRET is shorter than " +
                              std::to_string(kMinCursorSecretBytes) +
                              " bytes: a short key can be guessed, and then cursors forged");
  }
  return result;
}

}  // namespace svcgen
