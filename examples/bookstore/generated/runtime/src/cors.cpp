// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/cors.hpp"

#include <algorithm>
#include <array>

#include "svcgen/problem.hpp"
#include "svcgen/router.hpp"

namespace svcgen {
namespace {

// The request headers a page may send: the ones the generated operations read.
constexpr std::array<std::string_view, 8> kAllowedRequestHeaders{
    "Authorization",   "Content-Type", "If-Match",     "If-None-Match",
    "Idempotency-Key", "Prefer",       "X-Request-Id", "traceparent"};

constexpr std::string_view kExposedHeaders =
    "ETag, Location, Retry-After, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, "
    "RateLimit-Reset, Preference-Applied, Idempotent-Replayed";

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// The requested headers the service accepts, in its own spelling; the others are left out, so
// the browser refuses the request that would send them.
std::string allowed_request_headers(std::string_view requested) {
  std::string allowed;
  for (std::string_view rest = requested; !rest.empty();) {
    std::size_t comma = rest.find(',');
    std::string_view name = trimmed(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    for (std::string_view known : kAllowedRequestHeaders) {
      if (iequals(name, known) && allowed.find(known) == std::string::npos) {
        allowed += allowed.empty() ? "" : ", ";
        allowed += known;
      }
    }
  }
  return allowed;
}

void add_vary_origin(Response& response) {
  auto vary = response.headers.get("Vary");
  if (!vary) {
    response.headers.set("Vary", "Origin");
  } else if (vary->find("Origin") == std::string_view::npos && *vary != "*") {
    response.headers.set("Vary", std::string(*vary) + ", Origin");
  }
}

}  // namespace

Cors::Cors(CorsConfig config)
    : config_(std::move(config)),
      max_age_seconds_(std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(config_.max_age).count())) {}

bool Cors::is_preflight(const Request& request) {
  return request.method == "OPTIONS" && request.headers.has("Origin") &&
         request.headers.has("Access-Control-Request-Method");
}

bool Cors::allowed(std::string_view origin) const {
  return config_.any_origin ||
         std::find(config_.origins.begin(), config_.origins.end(), origin) != config_.origins.end();
}

Response Cors::preflight(const Request& request, const Router& router) const {
  std::string_view origin = *request.headers.get("Origin");
  std::string_view method = *request.headers.get("Access-Control-Request-Method");
  if (!allowed(origin)) {
    return problem_response({403, "the origin " + std::string(origin) + " is not allowed", {}},
                            request);
  }
  std::vector<std::string> methods = router.methods_at(request.path);
  if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
    return problem_response(
        {403,
         methods.empty() ? "no route for " + request.path
                         : std::string(method) + " is not allowed on " + request.path +
                               "; allowed: " + allow_header(methods),
         {}},
        request);
  }
  Response response = empty_response(204);
  response.headers.set("Access-Control-Allow-Origin",
                       config_.any_origin ? std::string("*") : std::string(origin));
  response.headers.set("Access-Control-Allow-Methods", allow_header(methods));
  if (auto requested = request.headers.get("Access-Control-Request-Headers")) {
    if (std::string headers = allowed_request_headers(*requested); !headers.empty()) {
      response.headers.set("Access-Control-Allow-Headers", std::move(headers));
    }
  }
  response.headers.set("Access-Control-Max-Age", max_age_seconds_);
  if (config_.allow_credentials) {
    response.headers.set("Access-Control-Allow-Credentials", "true");
  }
  response.headers.set("Vary", "Origin");
  return response;
}

void Cors::decorate(const Request& request, Response& response) const {
  if (is_preflight(request)) {
    return;  // answered by preflight() with exactly its own headers
  }
  // Whether or not this origin is allowed, a cache must not hand this response to another one.
  add_vary_origin(response);
  auto origin = request.headers.get("Origin");
  if (!origin || !allowed(*origin)) {
    return;
  }
  response.headers.set("Access-Control-Allow-Origin",
                       config_.any_origin ? std::string("*") : std::string(*origin));
  response.headers.set("Access-Control-Expose-Headers", std::string(kExposedHeaders));
  if (config_.allow_credentials) {
    response.headers.set("Access-Control-Allow-Credentials", "true");
  }
}

}  // namespace svcgen
