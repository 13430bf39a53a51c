// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/main.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <sstream>

#include "svcgen/auth.hpp"
#include "svcgen/rate_limit.hpp"
#include "svcgen/schema_check.hpp"
#include "svcgen/text.hpp"

namespace svcgen {
namespace {

constexpr int kExitUsage = 2;

void usage(const std::string& name, std::ostream& out) {
  out << "usage: " << name << " [serve]\n"
      << "       " << name
      << " migrate up [--expand-only] | down [N] | status | check [--format github]\n"
      << "       " << name << " openapi | healthcheck | version\n"
      << "Configuration comes from the environment (see the service's README).\n";
}

// The configuration, or nullopt after its errors were printed; `warnings` receives what serving
// should log once the logger exists.
std::optional<Config> configuration(const ServiceDefinition& definition, bool database,
                                    std::vector<std::string>* warnings = nullptr) {
  ConfigResult loaded = load_config(
      {definition.info.name, definition.default_path_prefix, database}, process_environment());
  for (const std::string& error : loaded.errors) {
    std::cerr << definition.info.name << ": " << error << "\n";
  }
  if (!loaded.errors.empty()) {
    return std::nullopt;
  }
  if (warnings != nullptr) {
    *warnings = std::move(loaded.warnings);
  }
  return loaded.config;
}

// A minimal HTTP GET to this host, so container health checks need no curl in the image.
int healthcheck(const Config& config) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(config.port));
  std::string host = config.host == "0.0.0.0" ? "127.0.0.1" : config.host;
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  }
  int timeout_ms = static_cast<int>(config.health_timeout.count());
  auto deadline = std::chrono::steady_clock::now() + config.health_timeout;
  auto left = [&] {
    return std::max(0, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            deadline - std::chrono::steady_clock::now())
                                            .count()));
  };
  if (fd < 0) {
    std::cerr << "healthcheck: cannot open a socket\n";
    return 1;
  }
  bool connecting = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ||
                    errno == EINPROGRESS;
  pollfd writable{fd, POLLOUT, 0};
  int connect_error = 0;
  socklen_t error_size = sizeof connect_error;
  if (!connecting || ::poll(&writable, 1, timeout_ms) <= 0 ||
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &connect_error, &error_size) != 0 ||
      connect_error != 0) {
    ::close(fd);
    std::cerr << "healthcheck: cannot connect to " << host << ":" << config.port << "\n";
    return 1;
  }
  std::string request = "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    ::close(fd);
    std::cerr << "healthcheck: cannot send the request\n";
    return 1;
  }
  std::string response;
  while (response.find("\r\n") == std::string::npos) {
    pollfd readable{fd, POLLIN, 0};
    if (::poll(&readable, 1, left()) <= 0) {
      break;
    }
    char buffer[1024];
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      break;
    }
    response.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  bool healthy = response.rfind("HTTP/1.1 200", 0) == 0;
  if (!healthy) {
    std::cerr << "healthcheck: /health did not answer 200\n";
  }
  return healthy ? 0 : 1;
}

// The drift check. The service does not know where its migrations folder is kept, so findings
// name the files as the generator writes them, under migrations/.
int migrate_check(const ServiceDefinition& definition, const std::vector<std::string>& args) {
  bool github = args.size() == 3 && args[1] == "--format" && args[2] == "github";
  bool text = args.size() == 1 || (args.size() == 3 && args[1] == "--format" && args[2] == "text");
  if (!github && !text) {
    usage(definition.info.name, std::cerr);
    return kExitUsage;
  }
  std::optional<Config> config = configuration(definition, true);
  if (!config) {
    return kExitUsage;
  }
  SchemaCheckInput input{definition.schema_snapshot,
                         "migrations/schema.snapshot.json",
                         {},
                         config->db_write_url,
                         config->db_schema,
                         {}};
  for (const Migration& migration : definition.migrations) {
    input.migrations.push_back({migration.version, migration.name, migration.up,
                                concat({"migrations/", zero_padded(migration.version, 6), "_",
                                        migration.name, ".up.sql"})});
  }
  return report_schema_check(check_schema(input),
                             github ? FindingFormat::kGithub : FindingFormat::kText,
                             definition.info.name, std::cout, std::cerr);
}

// "up [--expand-only]", "down [N]" or "status"; nullopt after printing what is wrong.
struct MigrateCommand {
  std::string action;
  int count = 1;
  UpOptions up;
};

std::optional<MigrateCommand> parse_migrate(const ServiceDefinition& definition,
                                            const std::vector<std::string>& args) {
  MigrateCommand command;
  command.action = args.empty() ? "" : args[0];
  bool valid = (command.action == "status" && args.size() == 1) ||
               (command.action == "up" &&
                (args.size() == 1 || (args.size() == 2 && args[1] == "--expand-only"))) ||
               (command.action == "down" && args.size() <= 2);
  if (!valid) {
    usage(definition.info.name, std::cerr);
    return std::nullopt;
  }
  command.up.expand_only = args.size() == 2 && command.action == "up";
  if (command.action == "down" && args.size() == 2) {
    char* end = nullptr;
    long parsed = std::strtol(args[1].c_str(), &end, 10);
    if (*end != '\0' || parsed < 1) {
      std::cerr << definition.info.name << ": migrate down takes a positive count, got \""
                << args[1] << "\"\n";
      return std::nullopt;
    }
    command.count = static_cast<int>(parsed);
  }
  return command;
}

int migrate(const ServiceDefinition& definition, const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "check") {
    return migrate_check(definition, args);
  }
  std::optional<MigrateCommand> command = parse_migrate(definition, args);
  if (!command) {
    return kExitUsage;
  }
  std::optional<Config> config = configuration(definition, true);
  if (!config) {
    return kExitUsage;
  }
  Logger logger(config->service_name, LogLevel::kError, config->log_format, false);
  Migrator migrator(*config, definition.migrations, logger);
  std::string error = command->action == "up"     ? migrator.up(std::cout, command->up)
                      : command->action == "down" ? migrator.down(command->count, std::cout)
                                                  : migrator.status(std::cout);
  if (!error.empty()) {
    std::cerr << definition.info.name << ": migrate " << command->action << ": " << error << "\n";
    return 1;
  }
  return 0;
}

auth::JwtSettings jwt_settings(const AuthDefinition& definition) {
  auth::JwtSettings settings;
  settings.issuer = definition.issuer;
  settings.audience = definition.audience;
  for (const std::string& name : definition.algorithms) {
    // The generator accepts only names the runtime knows.
    if (std::optional<auth::JwsAlgorithm> algorithm = auth::jws_algorithm(name)) {
      settings.algorithms.push_back(*algorithm);
    }
  }
  settings.roles_claim = definition.roles_claim;
  settings.subject_claim = definition.subject_claim;
  settings.tenant_claim = definition.tenant_claim;
  return settings;
}

// Token verification and rate limits, configured from the environment: 0, or the exit code
// after saying what is wrong (2 for a bad setting, 1 when the JWKS URL cannot be fetched).
int guard(Service& service, const ServiceDefinition& definition) {
  std::vector<std::string> errors;
  EnvLookup env = process_environment();
  RateLimitSettings limits = read_rate_limit_settings(env, errors);
  std::unique_ptr<auth::Authenticator> authenticator;
  AccessRule default_rule = AccessRule::public_access();
  if (definition.auth) {
    authenticator = auth::Authenticator::from_environment(jwt_settings(*definition.auth), env,
                                                          service.logger(), errors);
    default_rule = definition.auth->default_rule;
  }
  for (const std::string& error : errors) {
    std::cerr << definition.info.name << ": " << error << "\n";
  }
  if (!errors.empty()) {
    return kExitUsage;
  }
  if (authenticator) {
    if (std::optional<std::string> failure = authenticator->start()) {
      service.logger().error("cannot fetch the keys of JWT_JWKS_URL; not serving",
                             {{"error", *failure}});
      return 1;
    }
  }
  service.guard(std::move(authenticator), std::move(default_rule), limits);
  return 0;
}

int serve(const ServiceDefinition& definition) {
  std::vector<std::string> warnings;
  std::optional<Config> config = configuration(definition, true, &warnings);
  if (!config) {
    return kExitUsage;
  }
  Service service(definition.info, *config);
  long newest = 0;
  for (const Migration& migration : definition.migrations) {
    newest = std::max(newest, migration.version);
  }
  service.set_expected_schema_version(newest);
  for (const std::string& warning : warnings) {
    service.logger().warn(warning);
  }
  if (int failed = guard(service, definition); failed != 0) {
    return failed;
  }
  Migrator migrator(*config, definition.migrations, service.logger());
  if (config->auto_migrate) {
    std::ostringstream progress;
    std::string error = migrator.up(progress);
    if (!error.empty()) {
      service.logger().error("AUTO_MIGRATE failed; not serving",
                             {{"error", error}, {"output", progress.str()}});
      return 1;
    }
  }
  // Serving starts either way: /ready tells a load balancer whether the schema fits.
  long database_version = 0;
  if (std::string error = migrator.log_comparison(database_version); !error.empty()) {
    service.logger().warn("migrations: cannot compare the database with this binary at start",
                          {{"error", error}});
  }
  if (definition.install) {
    definition.install(service);
  }
  service.add_readiness_check(migrations_applied(service.db(), definition.migrations,
                                                 service.logger(), definition.info.name,
                                                 database_version));
  return service.serve();
}

}  // namespace

int run_main(int argc, char** argv, const ServiceDefinition& generated) {
  // Generated code embeds the files only: every command sees which of them are contract steps.
  ServiceDefinition definition = generated;
  definition.migrations = with_steps(generated.migrations);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command = args.empty() ? "serve" : args[0];
  if (!args.empty()) {
    args.erase(args.begin());
  }
  if (command == "serve" && args.empty()) {
    return serve(definition);
  }
  if (command == "migrate") {
    return migrate(definition, args);
  }
  if (command == "openapi" && args.empty()) {
    std::cout << definition.info.openapi_json;
    if (definition.info.openapi_json.empty() || definition.info.openapi_json.back() != '\n') {
      std::cout << "\n";
    }
    return 0;
  }
  if (command == "healthcheck" && args.empty()) {
    std::optional<Config> config = configuration(definition, false);
    return config ? healthcheck(*config) : kExitUsage;
  }
  if (command == "version" && args.empty()) {
    std::cout << definition.info.name << " " << definition.info.version << "\n";
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    usage(definition.info.name, std::cout);
    return 0;
  }
  std::cerr << definition.info.name << ": unknown command \"" << command << "\"\n";
  usage(definition.info.name, std::cerr);
  return kExitUsage;
}

}  // namespace svcgen
