// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal to the runtime: one GET of a JWKS URL over HTTP or HTTPS, blocking its caller.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace svcgen::auth {

struct JwksUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query
  std::string text;    // as configured, for messages
};

// Nothing, with `error` saying why, unless `url` is http:// or https://, a host, an optional
// port and an optional path.
std::optional<JwksUrl> parse_jwks_url(std::string_view url, std::string& error);

// The max-age of a Cache-Control header value; nothing when it has none (or a broken one).
std::optional<std::chrono::seconds> cache_max_age(std::string_view cache_control);

struct JwksResponse {
  std::string error;  // empty when the server answered 200
  std::string body;
  std::optional<std::chrono::seconds> max_age;
};

struct JwksClientOptions {
  std::chrono::milliseconds timeout{5000};  // for the whole exchange
  std::string ca_file;                      // empty: the system's trusted certificates
};

// Redirects are refused: a JWKS URL names the document itself.
JwksResponse fetch_jwks(const JwksUrl& url, const JwksClientOptions& options);

}  // namespace svcgen::auth
