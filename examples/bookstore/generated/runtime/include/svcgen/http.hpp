// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "svcgen/principal.hpp"

// The HTTP request and response the runtime hands to handlers: plain values, so generated code
// and tests never see the HTTP library underneath.
namespace svcgen {

// Header fields in arrival order; names compare case-insensitively.
class Headers {
 public:
  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  // Replaces every field of that name.
  void set(std::string_view name, std::string value);
  void add(std::string name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

bool iequals(std::string_view a, std::string_view b);

struct Request {
  std::string method;
  std::string target;  // as received: path and query
  std::string path;    // the path as received, escapes kept: the router decodes each segment
  std::string query;   // the raw query string, without '?'
  Headers headers;
  std::string body;

  // Set by the runtime before the handler runs.
  std::string request_id;
  std::string route;  // the matched route template, e.g. "/api/books/{id}"
  std::vector<std::pair<std::string, std::string>> path_params;
  // The TCP peer's address ("127.0.0.1", "::1"); "" when the request came without a socket.
  std::string peer_address;
  // The caller a verified token names; null for an anonymous request.
  std::shared_ptr<const Principal> principal;

  std::optional<std::string_view> param(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // The server closes the connection without answering: no status can be told truthfully.
  bool close_without_answer = false;
};

Response json_response(int status, const nlohmann::json& body);
// For bodies whose keys must keep their order (resources list fields as the model declares).
Response ordered_json_response(int status, const nlohmann::ordered_json& body);
// For a body already written as JSON text (see JsonWriter).
Response json_text_response(int status, std::string body);
Response empty_response(int status);

// The reason phrase of a status code ("Not Found").
std::string_view status_text(int status);

// Decodes %XX escapes; nullopt for malformed escapes or a decoded NUL. `plus_is_space` applies
// the form-encoding rule used in query strings.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Whether every '%' starts an escape of two hex digits that is not %00.
bool valid_percent_escapes(std::string_view text);

// Query parameters in order, decoded; nullopt when any part is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query);

// The media type of a Content-Type value, lower-cased and without parameters.
std::string media_type(std::string_view content_type);

}  // namespace svcgen
