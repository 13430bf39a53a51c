#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/http.hpp"
#include "svcgen/task.hpp"

namespace svcgen {

using Handler = std::function<Task<Response>(Request&)>;
// Runs around every routed handler, outermost first: call `next(request)` to continue, or answer
// on its own (authentication, rate limits, headers).
using Middleware = std::function<Task<Response>(Request&, const Handler& next)>;

struct RouteOptions {
  // Media types the route accepts in Content-Type; others get 415. Empty: no body expected.
  std::vector<std::string> consumes;
};

// Routes by method and path template ("/api/books/{id}"). A literal segment wins over a
// parameter. The path is split at '/' before its segments are decoded, so "%62ooks" names
// "books" but a segment holding an escaped '/' (%2F) names no route. HEAD runs the GET route
// where no HEAD route is registered (the server sends no body). A known path with another
// method answers 405 with Allow; OPTIONS answers 204 with Allow; anything else 404.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }

  struct Match {
    int status = 404;  // 200 when a handler matched
    const Handler* handler = nullptr;
    const RouteOptions* options = nullptr;
    std::string route;
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // for 405 and OPTIONS
  };
  Match match(std::string_view method, std::string_view path) const;

  // Routes the request and runs its handler, answering routing failures as problems.
  Task<Response> dispatch(Request& request) const;

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
  std::vector<Route> routes_;
  std::vector<std::string> extra_methods_;  // registered methods outside the standard set
  std::vector<Middleware> middleware_;
};

}  // namespace svcgen
