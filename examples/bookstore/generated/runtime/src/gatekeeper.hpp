// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal to the runtime: what stands between routing and a handler.
#include <memory>
#include <string>

#include "svcgen/access.hpp"
#include "svcgen/auth.hpp"
#include "svcgen/metrics.hpp"
#include "svcgen/problem.hpp"
#include "svcgen/rate_limit.hpp"
#include "svcgen/router.hpp"

namespace svcgen {

// Authenticates the request, applies the route's access rule and its rate limit, in that order
// and before the body is read: an unauthenticated request with a broken body answers 401, and a
// request refused 401 or 403 costs its client nothing of its limit.
class Gatekeeper {
 public:
  // `authenticator` is null without `auth` in the service file: then every operation is public,
  // except a route that declares a rule of its own, which nobody can meet.
  Gatekeeper(const std::string& realm, auth::Authenticator* authenticator, AccessRule default_rule,
             RateLimiter* limiter);

  Task<Response> admit(Request& request, const RouteOptions& options, const Handler& next) const;

 private:
  void authorize(const Request& request, const AccessRule& rule) const;
  ProblemError unauthorized(std::string detail, std::string_view invalid_reason) const;
  ProblemError forbidden(std::string detail) const;

  std::string realm_;  // the quoted realm parameter: realm="bookstore"
  auth::Authenticator* authenticator_;
  AccessRule default_rule_;
  RateLimiter* limiter_;  // null when limits are off
};

}  // namespace svcgen
