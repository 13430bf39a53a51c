// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <string>
#include <vector>

#include "svcgen/http.hpp"

// RFC 9457 problem details: every error a generated service answers has this shape.
namespace svcgen {

struct FieldError {
  std::string pointer;  // JSON pointer into the request body, or a query parameter name
  std::string message;
};

struct Problem {
  int status = 500;
  std::string detail;
  std::vector<FieldError> errors;
  // Nothing may be answered (whether a write took effect is unknown): the connection is closed.
  bool close_without_answer = false;
  // Fields the response carries besides the problem (WWW-Authenticate, Retry-After).
  Headers headers{};
};

// The problem as a response: `type` names the kind of error, `title` is the status text,
// `instance` the request path and `request_id` the id the response carries in X-Request-Id.
Response problem_response(const Problem& problem, const Request& request);

// Thrown by handlers and the runtime to answer with a problem; caught where the response is
// produced.
class ProblemError : public std::exception {
 public:
  explicit ProblemError(Problem problem) : problem_(std::move(problem)) {}
  ProblemError(int status, std::string detail, std::vector<FieldError> errors = {})
      : problem_{status, std::move(detail), std::move(errors)} {}
  const Problem& problem() const { return problem_; }
  const char* what() const noexcept override { return problem_.detail.c_str(); }

 private:
  Problem problem_;
};

}  // namespace svcgen
