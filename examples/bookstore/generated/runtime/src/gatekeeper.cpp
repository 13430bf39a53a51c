// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "gatekeeper.hpp"

#include "svcgen/problem.hpp"

namespace svcgen {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    text += text.empty() ? "" : ", ";
    text += word;
  }
  return text;
}

Response with_limit_headers(Response response, const RateDecision& decision) {
  apply_rate_limit_headers(decision, response);
  return response;
}

}  // namespace

Gatekeeper::Gatekeeper(const std::string& realm, auth::Authenticator* authenticator,
                       AccessRule default_rule, RateLimiter* limiter)
    : realm_("realm=\"" + realm + "\""),
      authenticator_(authenticator),
      default_rule_(std::move(default_rule)),
      limiter_(limiter != nullptr && limiter->enabled() ? limiter : nullptr) {}

ProblemError Gatekeeper::unauthorized(std::string detail, std::string_view invalid_reason) const {
  Problem problem{401, std::move(detail), {}};
  std::string challenge = "Bearer " + realm_;
  if (!invalid_reason.empty()) {
    challenge +=
        ", error=\"invalid_token\", error_description=\"" + std::string(invalid_reason) + "\"";
  }
  problem.headers.set("WWW-Authenticate", std::move(challenge));
  return ProblemError(std::move(problem));
}

ProblemError Gatekeeper::forbidden(std::string detail) const {
  Problem problem{403, std::move(detail), {}};
  problem.headers.set("WWW-Authenticate", "Bearer " + realm_ + ", error=\"insufficient_scope\"");
  return ProblemError(std::move(problem));
}

void Gatekeeper::authorize(const Request& request, const AccessRule& rule) const {
  if (rule.is_public) {
    return;
  }
  if (!request.principal) {
    throw unauthorized("this operation needs a bearer token", "");
  }
  if (!rule.roles.empty() && !request.principal->has_any_role(rule.roles)) {
    throw forbidden("this operation needs one of the roles " + joined(rule.roles));
  }
  if (rule.tenant && !request.principal->tenant) {
    throw forbidden("the token names no tenant, and this operation works within one");
  }
}

Task<Response> Gatekeeper::admit(Request& request, const RouteOptions& options,
                                 const Handler& next) const {
  const AccessRule* rule = options.access ? &*options.access : &default_rule_;
  if (authenticator_ != nullptr) {
    auth::AuthOutcome outcome =
        co_await authenticator_->authenticate(request.headers.get("Authorization"));
    if (outcome.kind == auth::AuthOutcome::Kind::kInvalid) {
      throw unauthorized("the bearer token is not valid: " + outcome.reason, outcome.reason);
    }
    request.principal = std::move(outcome.principal);
  } else if (options.access && !options.access->is_public) {
    throw unauthorized("this operation needs a bearer token, and the service verifies none", "");
  } else {
    rule = nullptr;  // without auth, every operation is public
  }
  if (rule != nullptr) {
    authorize(request, *rule);
  }
  if (limiter_ == nullptr || !options.rate_limit) {
    Response response = co_await next(request);
    co_return response;
  }
  std::string_view operation = options.operation.empty() ? request.route : options.operation;
  RateDecision decision = limiter_->take(operation, *options.rate_limit,
                                         rate_limit_client_key(request, limiter_->proxies()));
  if (!decision.allowed) {
    co_return rate_limited_response(decision, request);
  }
  Response response;
  try {
    response = co_await next(request);
  } catch (const ProblemError& problem) {
    // Answered here so that the limit headers reach the client with the error too.
    response = problem_response(problem.problem(), request);
  }
  co_return with_limit_headers(std::move(response), decision);
}

}  // namespace svcgen
