// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/router.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "svcgen/problem.hpp"
#include "svcgen/text.hpp"

namespace svcgen {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// The methods of RFC 9110 a CRUD service answers, as labels that outlive any request.
std::string_view standard_method(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kMethods{"GET",   "HEAD",   "POST",   "PUT",
                                                            "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view known : kMethods) {
    if (known == method) {
      return known;
    }
  }
  return {};
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

// A request path's segments as received, split without allocating: routing runs on every
// request. The path is split before anything is decoded, so an escaped '/' never separates two.
struct PathSegments {
  static constexpr std::size_t kCapacity = 32;
  std::array<std::string_view, kCapacity> items;
  std::size_t count = 0;
  bool too_many = false;       // longer than any route can be
  bool encoded_slash = false;  // a segment holds %2F, which no route template can
};

namespace {

// The character a segment holds at `at`, an escape decoded, and where the next one starts; -1
// for a malformed escape.
int decoded_at(std::string_view raw, std::size_t& at) {
  if (raw[at] != '%') {
    return static_cast<unsigned char>(raw[at++]);
  }
  if (raw.size() - at < 3) {
    at = raw.size();
    return -1;
  }
  int high = hex_digit_value(raw[at + 1]);
  int low = hex_digit_value(raw[at + 2]);
  at += 3;
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

bool has_encoded_slash(std::string_view raw) {
  for (std::size_t at = 0; at < raw.size();) {
    bool escaped = raw[at] == '%';
    if (decoded_at(raw, at) == '/' && escaped) {
      return true;
    }
  }
  return false;
}

// Whether a segment as received names the literal segment of a template: escapes decoded, so
// "%62ooks" is "books" (RFC 3986 §6.2.2.2).
bool segment_equals(std::string_view raw, std::string_view literal) {
  if (raw.find('%') == std::string_view::npos) {
    return raw == literal;
  }
  std::size_t at = 0;
  for (char expected : literal) {
    if (at == raw.size() || decoded_at(raw, at) != static_cast<unsigned char>(expected)) {
      return false;
    }
  }
  return at == raw.size();
}

PathSegments split_request_path(std::string_view path) {
  PathSegments segments;
  std::size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (start <= path.size()) {
    if (segments.count == PathSegments::kCapacity) {
      segments.too_many = true;
      break;
    }
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    std::string_view segment = path.substr(start, end - start);
    if (segment.find('%') != std::string_view::npos && has_encoded_slash(segment)) {
      segments.encoded_slash = true;
    }
    segments.items[segments.count++] = segment;
    start = end + 1;
  }
  return segments;
}

// How well a route fits the path: -1 for no match, else more literal segments scores higher.
int score(const std::vector<std::string>& pattern, const PathSegments& path) {
  if (pattern.size() != path.count) {
    return -1;
  }
  int literals = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_parameter(pattern[i])) {
      if (path.items[i].empty()) {
        return -1;
      }
    } else if (!segment_equals(path.items[i], pattern[i])) {
      return -1;
    } else {
      ++literals;
    }
  }
  return literals;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  std::vector<std::string> segments;
  for (std::string_view segment : split_path(pattern)) {
    segments.emplace_back(segment);
  }
  bool registered = std::any_of(routes_.begin(), routes_.end(), [&](const Route& route) {
    return route.method == method && route.segments == segments;
  });
  if (registered) {
    throw std::logic_error("route " + method + " " + pattern + " is registered twice");
  }
  if (segments.size() > PathSegments::kCapacity) {
    throw std::logic_error("route " + pattern + " has more than " +
                           std::to_string(PathSegments::kCapacity) + " segments");
  }
  if (standard_method(method).empty() &&
      std::find(extra_methods_.begin(), extra_methods_.end(), method) == extra_methods_.end()) {
    extra_methods_.push_back(method);
  }
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler),
                     std::move(options)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  PathSegments segments = split_request_path(path);
  Match result;
  if (segments.too_many || segments.encoded_slash) {
    return result;
  }
  // Only the routes that fit the path most specifically count: with "/books/new" and
  // "/books/{id}", the path "/books/new" is the literal route's, whatever its methods.
  int best = -1;
  const Route* chosen = nullptr;
  const Route* get_for_head = nullptr;  // HEAD is served wherever GET is (RFC 9110 §9.3.2)
  bool head = method == "HEAD";
  for (const Route& route : routes_) {
    int fit = score(route.segments, segments);
    if (fit < 0 || fit < best) {
      continue;
    }
    if (fit > best) {
      best = fit;
      chosen = nullptr;
      get_for_head = nullptr;
    }
    if (chosen == nullptr && route.method == method) {
      chosen = &route;
    } else if (head && get_for_head == nullptr && route.method == "GET") {
      get_for_head = &route;
    }
  }
  if (best < 0) {
    return result;
  }
  if (chosen == nullptr) {
    chosen = get_for_head;
  }
  if (chosen != nullptr) {
    for (std::size_t i = 0; i < segments.count; ++i) {
      if (is_parameter(chosen->segments[i])) {
        std::optional<std::string> value = percent_decode(segments.items[i], false);
        if (!value) {
          return Match{};  // a malformed escape names nothing
        }
        const std::string& name = chosen->segments[i];
        result.params.emplace_back(name.substr(1, name.size() - 2), std::move(*value));
      }
    }
    result.status = 200;
    result.matched = chosen;
    result.handler = &chosen->handler;
    result.options = &chosen->options;
    result.route = chosen->pattern;
    return result;
  }
  result.allow = allow_header(methods_matching(segments, best));
  result.status = 405;
  return result;
}

std::vector<std::string> Router::methods_matching(const PathSegments& segments, int best) const {
  std::vector<std::string> methods;
  for (const Route& route : routes_) {
    if (score(route.segments, segments) == best) {
      methods.push_back(route.method);
      if (route.method == "GET") {
        methods.emplace_back("HEAD");
      }
    }
  }
  std::sort(methods.begin(), methods.end());
  methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
  return methods;
}

std::vector<std::string> Router::methods_at(std::string_view path) const {
  PathSegments segments = split_request_path(path);
  if (segments.too_many || segments.encoded_slash) {
    return {};
  }
  int best = -1;
  for (const Route& route : routes_) {
    best = std::max(best, score(route.segments, segments));
  }
  return best < 0 ? std::vector<std::string>{} : methods_matching(segments, best);
}

std::string allow_header(const std::vector<std::string>& methods) {
  std::string allow;
  for (const std::string& method : methods) {
    allow += allow.empty() ? "" : ", ";
    allow += method;
  }
  return allow;
}

Task<Response> Router::dispatch(Request& request) const {
  Match match = this->match(request.method, request.path);
  if (match.status == 405 && request.method == "OPTIONS") {
    Response response = empty_response(204);
    response.headers.set("Allow", match.allow + ", OPTIONS");
    co_return response;
  }
  if (match.status == 404) {
    // No method has a route here, so the text names none: HEAD then gets GET's very headers.
    throw ProblemError(404, "no route for " + request.path);
  }
  if (match.status == 405) {
    Response response = problem_response(
        {405,
         request.method + " is not allowed on " + request.path + "; allowed: " + match.allow,
         {}},
        request);
    response.headers.set("Allow", match.allow);
    co_return response;
  }
  request.route = std::move(match.route);
  request.path_params = std::move(match.params);
  const Route& route = *match.matched;
  if (!gate_) {
    Response response = co_await run(request, route);
    co_return response;
  }
  Handler next = [this, &route](Request& inner) { return run(inner, route); };
  Response response = co_await gate_(request, route.options, next);
  co_return response;
}

Task<Response> Router::run(Request& request, const Route& route) const {
  const std::vector<std::string>& consumes = route.options.consumes;
  if (!consumes.empty()) {
    auto content_type = request.headers.get("Content-Type");
    std::string type = content_type ? media_type(*content_type) : "";
    if (std::find(consumes.begin(), consumes.end(), type) == consumes.end()) {
      std::string accepted;
      for (const std::string& candidate : consumes) {
        accepted += (accepted.empty() ? "" : ", ") + candidate;
      }
      Response response = problem_response(
          {415,
           (content_type ? "Content-Type " + std::string(*content_type) + " is not accepted"
                         : std::string("Content-Type is missing")) +
               "; send " + accepted,
           {}},
          request);
      response.headers.set("Accept", accepted);
      co_return response;
    }
  }
  Response response = co_await route.handler(request);
  co_return response;
}

std::string_view Router::method_label(std::string_view method) const {
  if (std::string_view known = standard_method(method); !known.empty()) {
    return known;
  }
  for (const std::string& extra : extra_methods_) {
    if (extra == method) {
      return extra;
    }
  }
  return "OTHER";
}

std::vector<std::string> Router::patterns() const {
  std::vector<std::string> result;
  for (const Route& route : routes_) {
    result.push_back(route.method + " " + route.pattern);
  }
  return result;
}

}  // namespace svcgen
