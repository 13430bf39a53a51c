#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "svcgen/app.hpp"
#include "svcgen/config.hpp"
#include "svcgen/db.hpp"
#include "svcgen/log.hpp"
#include "svcgen/metrics.hpp"
#include "svcgen/router.hpp"

namespace svcgen {

class HttpServer;
class Gatekeeper;
class RateLimiter;
struct RateLimitSettings;
namespace auth {
class Authenticator;
}

struct ServiceInfo {
  std::string name;
  std::string version;
  std::string openapi_json;  // served at GET /openapi.json
};

// What a 409 or 422 caused by a constraint says, keyed by the constraint's name.
struct ConstraintProblem {
  int status = 409;
  std::string pointer;  // the JSON pointer of the field, e.g. "/isbn"
  std::string message;  // e.g. "a book with this isbn already exists"
};

// Everything a generated service shares: configuration, logs, metrics, the database, the router
// with the operational endpoints (/health, /ready, /metrics, /openapi.json) and the serve loop.
class Service {
 public:
  Service(ServiceInfo info, Config config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  const ServiceInfo& info() const { return info_; }
  const Config& config() const { return config_; }
  const Logger& logger() const { return logger_; }
  Metrics& metrics() { return metrics_; }
  Router& router() { return router_; }
  Db& db() { return db_; }
  HttpApp& app() { return app_; }

  // A further readiness condition: returns why the service is not ready, or nothing.
  using ReadinessCheck = std::function<Task<std::optional<std::string>>()>;
  void add_readiness_check(ReadinessCheck check);
  void map_constraint(std::string constraint, ConstraintProblem problem);
  // The schema version this build expects (its newest migration), named when a statement does
  // not fit the database's schema.
  void set_expected_schema_version(long version) { db_.set_expected_schema_version(version); }

  // Starts the server and the database pools, serves until SIGTERM or SIGINT, then drains
  // within SHUTDOWN_TIMEOUT. Returns the process exit code.
  int serve();
  // For tests: start, then stop() from another thread instead of a signal.
  void start();
  std::uint16_t port() const;
  bool stop();

  // Verifies bearer tokens (with an authenticator: the service file has `auth`), applies each
  // route's access rule (`default_rule` for routes that declare none) and rate limit. Call
  // before serving; without it every route is public and unlimited.
  void guard(std::unique_ptr<auth::Authenticator> authenticator, AccessRule default_rule,
             const RateLimitSettings& limits);
  auth::Authenticator* authenticator() { return authenticator_.get(); }

  // The problem an exception becomes (database errors by class, constraints by name).
  std::optional<Problem> problem_for(const std::exception_ptr& error) const;

 private:
  void add_operational_routes();
  Task<std::optional<std::string>> not_ready_reason();

  ServiceInfo info_;
  Config config_;
  Logger logger_;
  Metrics metrics_;
  Router router_;
  Db db_;
  std::unique_ptr<Cors> cors_;
  HttpApp app_;
  std::vector<ReadinessCheck> readiness_checks_;
  std::map<std::string, ConstraintProblem> constraints_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<Gatekeeper> gatekeeper_;
  std::unique_ptr<HttpServer> server_;
};

// Creates DB_SCHEMA when it does not exist. A role without CREATE on an existing schema is fine.
// Returns an error message, or "" on success.
std::string ensure_schema(const Config& config);

}  // namespace svcgen
