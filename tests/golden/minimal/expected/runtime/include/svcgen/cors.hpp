// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <string>

#include "svcgen/config.hpp"
#include "svcgen/http.hpp"

namespace svcgen {

class Router;

// Cross-origin resource sharing for browsers: preflights are answered here, before routing and
// without authentication, and every other response to an allowed origin is marked so the
// browser hands it to the page, errors included (a page must be able to read a 401 or a 429).
class Cors {
 public:
  explicit Cors(CorsConfig config);

  // An OPTIONS with Origin and Access-Control-Request-Method.
  static bool is_preflight(const Request& request);

  // 204 with the Access-Control-Allow-* headers when the origin is allowed and the route serves
  // the requested method; otherwise 403 problem+json without any CORS header.
  Response preflight(const Request& request, const Router& router) const;

  // Adds Access-Control-Allow-Origin, Access-Control-Expose-Headers and (when configured)
  // Access-Control-Allow-Credentials for an allowed origin, and Vary: Origin to every response.
  void decorate(const Request& request, Response& response) const;

 private:
  bool allowed(std::string_view origin) const;

  CorsConfig config_;
  std::string max_age_seconds_;
};

}  // namespace svcgen
