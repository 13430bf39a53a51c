// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/rate_limit.hpp"

#include "svcgen/problem.hpp"

namespace svcgen {

void apply_rate_limit_headers(const RateDecision& decision, Response& response) {
  if (!decision.limited) {
    return;
  }
  response.headers.set("RateLimit-Limit", std::to_string(decision.limit));
  response.headers.set("RateLimit-Remaining", std::to_string(decision.remaining));
  response.headers.set("RateLimit-Reset", std::to_string(decision.reset_seconds));
  if (!decision.allowed) {
    response.headers.set("Retry-After", std::to_string(decision.retry_after_seconds));
  }
}

Response rate_limited_response(const RateDecision& decision, const Request& request) {
  Problem problem;
  problem.status = 429;
  problem.detail = "too many requests: this operation allows " + std::to_string(decision.limit) +
                   " per client in its period; retry in " +
                   std::to_string(decision.retry_after_seconds) + " s";
  Response response = problem_response(problem, request);
  apply_rate_limit_headers(decision, response);
  return response;
}

}  // namespace svcgen
