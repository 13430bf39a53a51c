// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/problem.hpp"

namespace svcgen {

Response problem_response(const Problem& problem, const Request& request) {
  nlohmann::json errors = nlohmann::json::array();
  for (const FieldError& error : problem.errors) {
    errors.push_back({{"pointer", error.pointer}, {"message", error.message}});
  }
  nlohmann::ordered_json body = {
      {"type", "urn:svcgen:problem:" + std::string(problem_kind(problem.status))},
      {"title", status_text(problem.status)},
      {"status", problem.status},
      {"detail", problem.detail},
      {"instance", request.path},
      {"request_id", request.request_id},
      {"errors", errors},
  };
  Response response;
  response.status = problem.status;
  response.headers = problem.headers;
  response.headers.set("Content-Type", "application/problem+json");
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace svcgen
