// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/app.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace svcgen {

std::string request_id_for(const Request& request) {
  if (auto given = request.headers.get("X-Request-Id")) {
    bool sane = !given->empty() && given->size() <= 128 &&
                std::all_of(given->begin(), given->end(), [](char c) {
                  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
                });
    if (sane) {
      return std::string(*given);
    }
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (std::size_t half = 0; half < 2; ++half) {
    std::uint64_t bits = random();
    for (std::size_t i = 0; i < 16; ++i, bits >>= 4) {
      id[half * 16 + i] = kHex[bits & 0xF];
    }
  }
  return id;
}

std::string trace_id_of(const Request& request) {
  // version "-" trace-id (32 hex) "-" parent-id (16 hex) "-" flags (2 hex)
  auto header = request.headers.get("traceparent");
  if (!header || header->size() < 55 || (*header)[2] != '-' || (*header)[35] != '-') {
    return "";
  }
  std::string_view trace = header->substr(3, 32);
  bool hex = std::all_of(trace.begin(), trace.end(),
                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  return hex && trace != std::string(32, '0') ? std::string(trace) : "";
}

Task<Response> HttpApp::handle(Request request) {
  auto started = std::chrono::steady_clock::now();
  metrics_.request_started();
  request.request_id = request_id_for(request);
  Response response;
  if (cors_ != nullptr && Cors::is_preflight(request)) {
    response = cors_->preflight(request, router_);
  } else if (router_.middleware().empty()) {
    response = co_await answer(request);
  } else {
    // Wrapped from the innermost outwards, so the first registered middleware runs first. What a
    // layer throws is answered at once, so the layers outside it see a response like any other.
    Handler next = [this](Request& inner) { return answer(inner); };
    const std::vector<Middleware>& middleware = router_.middleware();
    for (auto it = middleware.rbegin(); it != middleware.rend(); ++it) {
      next = [this, &layer = *it, inner = std::move(next)](Request& req) -> Task<Response> {
        std::exception_ptr failure;
        try {
          Response decorated = co_await layer(req, inner);
          co_return decorated;
        } catch (...) {
          failure = std::current_exception();
        }
        co_return failure_response(req, failure);
      };
    }
    response = co_await next(request);
  }
  metrics_.request_finished();
  if (response.close_without_answer) {
    co_return response;
  }
  co_return finish(request, std::move(response), started);
}

Task<Response> HttpApp::answer(Request& request) {
  try {
    Response response = co_await router_.dispatch(request);
    co_return response;
  } catch (...) {
    co_return failure_response(request, std::current_exception());
  }
}

Response HttpApp::failure_response(const Request& request, const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const ProblemError& problem) {
    return problem_response(problem.problem(), request);
  } catch (...) {
  }
  std::optional<Problem> mapped = error_mapper_ ? error_mapper_(failure) : std::nullopt;
  if (!mapped) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      what = error.what();
    } catch (...) {
    }
    logger_.error("unhandled error", {{"request_id", request.request_id}, {"error", what}});
    mapped = Problem{500, "the server failed to handle the request", {}};
  }
  if (mapped->close_without_answer) {
    return unanswered(request, *mapped);
  }
  Response response = problem_response(*mapped, request);
  if (mapped->status == 503) {
    response.headers.set("Retry-After", "1");
  }
  return response;
}

Response HttpApp::unanswered(const Request& request, const Problem& problem) {
  logger_.warn("connection closed without a response: the outcome of the request is unknown",
               {{"request_id", request.request_id},
                {"method", request.method},
                {"path", request.path},
                {"error", problem.detail}});
  Response response;
  response.close_without_answer = true;
  return response;
}

Response HttpApp::finish(const Request& request, Response response,
                         std::chrono::steady_clock::time_point started) {
  response.headers.set("X-Request-Id", request.request_id);
  if (cors_ != nullptr) {
    cors_->decorate(request, response);
  }
  auto elapsed = std::chrono::steady_clock::now() - started;
  std::string_view route = request.route.empty() ? std::string_view("unmatched") : request.route;
  metrics_.record_request(route, router_.method_label(request.method), response.status, elapsed);
  if (logger_.enabled(LogLevel::kInfo)) {
    nlohmann::ordered_json fields = {{"request_id", request.request_id}};
    if (std::string trace = trace_id_of(request); !trace.empty()) {
      fields["trace_id"] = trace;
    }
    fields["method"] = request.method;
    fields["route"] = route;
    fields["path"] = request.path;
    if (request.principal) {
      fields["sub"] = request.principal->subject;
      if (request.principal->tenant) {
        fields["tenant"] = *request.principal->tenant;
      }
    }
    fields["status"] = response.status;
    fields["duration_ms"] = std::chrono::duration<double, std::milli>(elapsed).count();
    fields["bytes"] = response.body.size();
    logger_.log(response.status >= 500 ? LogLevel::kError : LogLevel::kInfo, "request",
                std::move(fields));
  }
  return response;
}

}  // namespace svcgen
