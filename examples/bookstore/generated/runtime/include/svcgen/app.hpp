// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <exception>
#include <functional>
#include <optional>

#include "svcgen/config.hpp"
#include "svcgen/cors.hpp"
#include "svcgen/log.hpp"
#include "svcgen/metrics.hpp"
#include "svcgen/problem.hpp"
#include "svcgen/router.hpp"

namespace svcgen {

// Turns one request into one response without any socket: gives it a request id, routes it,
// answers every failure as problem+json, and records the request in metrics and logs. The HTTP
// server calls it for each request; tests call it directly.
class HttpApp {
 public:
  // Maps an exception other than ProblemError (a database error, say) to a problem.
  using ErrorMapper = std::function<std::optional<Problem>(const std::exception_ptr&)>;

  HttpApp(const Router& router, Metrics& metrics, const Logger& logger)
      : router_(router), metrics_(metrics), logger_(logger) {}

  void set_error_mapper(ErrorMapper mapper) { error_mapper_ = std::move(mapper); }
  // Preflights are answered before routing, and every response to an allowed origin, errors
  // included, carries the CORS headers. Null: no CORS at all.
  void set_cors(const Cors* cors) { cors_ = cors; }

  Task<Response> handle(Request request);

  // Finishes a response: the request id and CORS headers, metrics and the request log line.
  // The server calls it for the responses it produces itself (413, 431, 400 for unparseable
  // requests), so they look like any other.
  Response finish(const Request& request, Response response,
                  std::chrono::steady_clock::time_point started);

  Metrics& metrics() { return metrics_; }
  const Logger& logger() const { return logger_; }

 private:
  const Router& router_;
  Metrics& metrics_;
  const Logger& logger_;
  // Routes and runs the handler; every failure comes back as its problem response.
  Task<Response> answer(Request& request);
  // The problem response an exception becomes (ProblemError, mapped errors, else 500).
  Response failure_response(const Request& request, const std::exception_ptr& failure);
  // A response that makes the server close the connection instead of answering.
  Response unanswered(const Request& request, const Problem& problem);
  ErrorMapper error_mapper_;
  const Cors* cors_ = nullptr;
};

// The X-Request-Id to use: the client's when it is sane, else a new random one.
std::string request_id_for(const Request& request);

// The trace id of a W3C traceparent header, or "".
std::string trace_id_of(const Request& request);

}  // namespace svcgen
