// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/service.hpp"

#include <libpq-fe.h>

#include "gatekeeper.hpp"
#include "svcgen/auth.hpp"
#include "svcgen/rate_limit.hpp"
#include "svcgen/server.hpp"

namespace svcgen {
namespace {

// numeric_value_out_of_range names no column. A value that passed the models' own checks and
// still does not fit is most likely meant for a column an expand step widens (int32 to int64):
// the running version's narrow column, which the sync trigger keeps equal, cannot take it.
constexpr std::string_view kNumericValueOutOfRange = "22003";
constexpr const char* kOutOfRangeDetail =
    "a value is out of range for the database column (the schema is mid-migration?)";

}  // namespace

Service::Service(ServiceInfo info, Config config)
    : info_(std::move(info)),
      config_(std::move(config)),
      logger_(config_.service_name, config_.log_level, config_.log_format, config_.trace),
      db_(config_, logger_, metrics_),
      app_(router_, metrics_, logger_) {
  app_.set_error_mapper([this](const std::exception_ptr& error) { return problem_for(error); });
  if (config_.cors.enabled()) {
    cors_ = std::make_unique<Cors>(config_.cors);
    app_.set_cors(cors_.get());
  }
  add_operational_routes();
}

Service::~Service() {
  if (server_ && !server_->draining()) {
    stop();
  }
}

void Service::guard(std::unique_ptr<auth::Authenticator> authenticator, AccessRule default_rule,
                    const RateLimitSettings& limits) {
  authenticator_ = std::move(authenticator);
  limiter_ = std::make_unique<RateLimiter>(limits);
  RateLimiter* limiter = limiter_.get();
  metrics_.add_counter(
      "http_rate_limited_total", "Requests refused 429 by a rate limit, by operation.", [limiter] {
        std::vector<Metrics::GaugeSample> samples;
        for (const auto& [operation, count] : limiter->refused_by_operation()) {
          samples.push_back({"operation=\"" + operation + "\"", static_cast<double>(count)});
        }
        return samples;
      });
  gatekeeper_ = std::make_unique<Gatekeeper>(config_.service_name, authenticator_.get(),
                                             std::move(default_rule), limiter);
  router_.set_gate([gatekeeper = gatekeeper_.get()](Request& request, const RouteOptions& options,
                                                    const Handler& next) {
    return gatekeeper->admit(request, options, next);
  });
}

void Service::add_readiness_check(ReadinessCheck check) {
  readiness_checks_.push_back(std::move(check));
}

void Service::map_constraint(std::string constraint, ConstraintProblem problem) {
  constraints_[std::move(constraint)] = std::move(problem);
}

std::optional<Problem> Service::problem_for(const std::exception_ptr& error) const {
  try {
    std::rethrow_exception(error);
  } catch (const DbError& db_error) {
    auto mapped = constraints_.find(db_error.constraint());
    if (mapped != constraints_.end()) {
      const ConstraintProblem& problem = mapped->second;
      return Problem{problem.status, problem.message, {{problem.pointer, problem.message}}};
    }
    switch (db_error.error_class()) {
      case DbErrorClass::kUniqueViolation:
        return Problem{409, "the request conflicts with an existing resource", {}};
      case DbErrorClass::kForeignKeyViolation:
        return Problem{409,
                       "the request refers to a resource that does not exist, or the "
                       "resource is still referenced",
                       {}};
      case DbErrorClass::kNotNullViolation:
      case DbErrorClass::kCheckViolation:
      case DbErrorClass::kInvalidInput: {
        std::vector<FieldError> errors;
        if (!db_error.column().empty()) {
          errors.push_back({"/" + db_error.column(), db_error.what()});
        } else if (db_error.sqlstate() == kNumericValueOutOfRange) {
          return Problem{422, kOutOfRangeDetail, {}};
        }
        return Problem{422, std::string("the database refused a value: ") + db_error.what(),
                       errors};
      }
      case DbErrorClass::kSerializationFailure:
      case DbErrorClass::kDeadlock:
        return Problem{409, "the request conflicted with a concurrent one; retry it", {}};
      case DbErrorClass::kLockTimeout:
        return Problem{409, "the resource is locked by another request; retry it", {}};
      case DbErrorClass::kStatementTimeout:
        return Problem{504, "the database did not answer within DB_STATEMENT_TIMEOUT", {}};
      case DbErrorClass::kUnavailable:
        if (db_error.outcome_unknown()) {
          // A 503 would invite a retry of a write that may have been committed.
          return Problem{503, db_error.what(), {}, true};
        }
        return Problem{503, "the database is unavailable; retry later", {}};
      case DbErrorClass::kPoolTimeout:
        // The database answers; this instance has no connection free for the request.
        return Problem{503, std::string(db_error.what()) + "; retry later", {}};
      case DbErrorClass::kSchemaMismatch:
        return Problem{503, db_error.what(), {}};
      case DbErrorClass::kOther:
        logger_.error("database error",
                      {{"sqlstate", db_error.sqlstate()}, {"error", std::string(db_error.what())}});
        return std::nullopt;
    }
  } catch (...) {
  }
  return std::nullopt;
}

Task<std::optional<std::string>> Service::not_ready_reason() {
  if (server_ && server_->draining()) {
    co_return "shutting down";
  }
  if (!co_await db_.ping(config_.health_timeout)) {
    co_return "the database does not answer";
  }
  for (const ReadinessCheck& check : readiness_checks_) {
    if (std::optional<std::string> reason = co_await check()) {
      co_return reason;
    }
  }
  // Last, so that a migration not yet applied is named as the cause rather than a statement
  // it would have made fit.
  co_return co_await db_.unfit_statements();
}

void Service::add_operational_routes() {
  // Probes and scrapers need no token, whatever the service's default rule.
  RouteOptions open;
  open.access = AccessRule::public_access();
  router_.add(
      "GET", "/health",
      [this](Request&) -> Task<Response> {
        if (config_.health_check_db && !co_await db_.ping(config_.health_timeout)) {
          co_return json_response(
              503, {{"status", "unavailable"}, {"reason", "the database does not answer"}});
        }
        co_return json_response(200, {{"status", "ok"}});
      },
      open);
  router_.add(
      "GET", "/ready",
      [this](Request&) -> Task<Response> {
        std::optional<std::string> reason = co_await not_ready_reason();
        if (reason) {
          Response response = json_response(503, {{"status", "unavailable"}, {"reason", *reason}});
          response.headers.set("Retry-After", "1");
          co_return response;
        }
        co_return json_response(200, {{"status", "ready"}});
      },
      open);
  router_.add(
      "GET", "/metrics",
      [this](Request&) -> Task<Response> {
        Response response;
        response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        response.body = metrics_.render();
        co_return response;
      },
      open);
  router_.add(
      "GET", "/openapi.json",
      [this](Request&) -> Task<Response> {
        Response response;
        response.headers.set("Content-Type", "application/json");
        response.body = info_.openapi_json;
        co_return response;
      },
      open);
}

void Service::start() {
  if (!config_.db_write_url.empty()) {
    std::string error = ensure_schema(config_);
    if (!error.empty()) {
      logger_.warn("cannot prepare the database schema yet", {{"error", error}});
    }
  }
  server_ = std::make_unique<HttpServer>(config_, app_);
  db_.start(server_->loops());
  server_->start();
  logger_.info("listening", {{"host", config_.host},
                             {"port", server_->port()},
                             {"threads", config_.threads},
                             {"version", info_.version},
                             {"database", redact_dsn(config_.db_write_url)}});
}

std::uint16_t Service::port() const { return server_ ? server_->port() : 0; }

bool Service::stop() {
  logger_.info("shutting down", {{"in_flight", metrics_.in_flight()},
                                 {"timeout_ms", config_.shutdown_timeout.count()}});
  bool drained = server_->shutdown(config_.shutdown_timeout, [this] { db_.stop(); });
  if (!drained) {
    logger_.warn("requests still in flight at the shutdown timeout were cut off");
  }
  logger_.info("stopped");
  return drained;
}

int Service::serve() {
  try {
    start();
  } catch (const std::exception& error) {
    logger_.error("cannot start", {{"error", error.what()}});
    return 1;
  }
  server_->wait_for_signal();
  stop();
  return 0;
}

std::string ensure_schema(const Config& config) {
  const char* keys[] = {"dbname", "application_name", "connect_timeout", nullptr};
  std::string timeout = std::to_string(std::max<long long>(
      1, std::chrono::duration_cast<std::chrono::seconds>(config.health_timeout).count()));
  const char* values[] = {config.db_write_url.c_str(), config.db_application_name.c_str(),
                          timeout.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = redact_connection_error(PQerrorMessage(conn), config.db_write_url);
  } else {
    const char* params[] = {config.db_schema.c_str()};
    PGresult* exists = PQexecParams(conn, "SELECT 1 FROM pg_namespace WHERE nspname = $1", 1,
                                    nullptr, params, nullptr, nullptr, 0);
    bool missing = PQresultStatus(exists) == PGRES_TUPLES_OK && PQntuples(exists) == 0;
    if (PQresultStatus(exists) != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(exists);
    }
    PQclear(exists);
    if (missing) {
      // The name was validated as a plain lower-case identifier when the config was read.
      PGresult* created =
          PQexec(conn, ("CREATE SCHEMA IF NOT EXISTS \"" + config.db_schema + "\"").c_str());
      if (PQresultStatus(created) != PGRES_COMMAND_OK) {
        error = PQresultErrorMessage(created);
      }
      PQclear(created);
    }
  }
  PQfinish(conn);
  while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) {
    error.pop_back();
  }
  return error;
}

}  // namespace svcgen
