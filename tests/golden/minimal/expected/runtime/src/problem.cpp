// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/problem.hpp"

namespace svcgen {
namespace {

std::string_view problem_kind(int status) {
  switch (status) {
    case 400:
      return "bad-request";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 408:
      return "request-timeout";
    case 409:
      return "conflict";
    case 412:
      return "precondition-failed";
    case 413:
      return "content-too-large";
    case 415:
      return "unsupported-media-type";
    case 422:
      return "validation-failed";
    case 428:
      return "precondition-required";
    case 429:
      return "too-many-requests";
    case 431:
      return "header-fields-too-large";
    case 503:
      return "service-unavailable";
    case 504:
      return "database-timeout";
    default:
      return "internal-error";
  }
}

}  // namespace

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
  response.headers.set("Content-Type", "application/problem+json");
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace svcgen
