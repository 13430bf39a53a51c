#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/access.hpp"
#include "svcgen/http.hpp"
#include "svcgen/rate_limit.hpp"
#include "svcgen/task.hpp"

namespace svcgen {

using Handler = std::function<Task<Response>(Request&)>;
// Runs around every request, outermost first: call `next(request)` to continue, or answer on its
// own. `next` always returns a response: an unknown route, a wrong method and every error a
// handler throws come back as their problem response, so middleware can decorate them all.
using Middleware = std::function<Task<Response>(Request&, const Handler& next)>;

struct PathSegments;  // a request path split into segments; internal to the router

struct RouteOptions {
  // Media types the route accepts in Content-Type; others get 415. Empty: no body expected.
  std::vector<std::string> consumes;
  // The operation's name in rate limits ("book.create"); "" for the route's method and path.
  std::string operation{};
  // Who may call it; nothing means the service's default rule (see Gate).
  std::optional<AccessRule> access{};
  // Requests per client; nothing: unlimited.
  std::optional<RateLimit> rate_limit{};
};

// Runs between routing and the handler of every routed request, before the body is looked at
// (so before a 415): authentication, the access rule and rate limits. `next` checks the media
// type and runs the handler.
using Gate = std::function<Task<Response>(Request&, const RouteOptions&, const Handler& next)>;

// Routes by method and path template ("/api/books/{id}"). A literal segment wins over a
// parameter. The path is split at '/' before its segments are decoded, so "%62ooks" names
// "books" but a segment holding an escaped '/' (%2F) names no route. HEAD runs the GET route
// where no HEAD route is registered (the server sends no body). A known path with another
// method answers 405 with Allow; OPTIONS answers 204 with Allow; anything else 404.
class Router {
  struct Route;

 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }
  void set_gate(Gate gate) { gate_ = std::move(gate); }

  struct Match {
    int status = 404;  // 200 when a handler matched
    const Route* matched = nullptr;
    const Handler* handler = nullptr;
    const RouteOptions* options = nullptr;
    std::string route;
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // for 405 and OPTIONS
  };
  Match match(std::string_view method, std::string_view path) const;

  // Routes the request and runs its handler: 405, OPTIONS and 415 are answered, an unknown
  // route throws a 404 ProblemError. Middleware is not run here (see HttpApp).
  Task<Response> dispatch(Request& request) const;

  // The methods some route serves at `path` (HEAD wherever GET is), sorted; empty when no route
  // fits the path.
  std::vector<std::string> methods_at(std::string_view path) const;

  const std::vector<Middleware>& middleware() const { return middleware_; }

  std::vector<std::string> patterns() const;

  // The method as a metrics label: one of the standard methods, a method some route is
  // registered with, or "OTHER". Clients choose the method string; a label taken from it
  // unchecked would let them create series without end.
  std::string_view method_label(std::string_view method) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" marks a parameter
    Handler handler;
    RouteOptions options;
  };
  // The media type check and the handler.
  Task<Response> run(Request& request, const Route& route) const;

  std::vector<std::string> methods_matching(const PathSegments& segments, int best) const;

  std::vector<Route> routes_;
  std::vector<std::string> extra_methods_;  // registered methods outside the standard set
  std::vector<Middleware> middleware_;
  Gate gate_;
};

// "GET, HEAD, POST": the value of an Allow header.
std::string allow_header(const std::vector<std::string>& methods);

}  // namespace svcgen
