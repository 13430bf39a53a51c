// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/http.hpp"

#include <algorithm>
#include <array>

#include "svcgen/text.hpp"

namespace svcgen {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
         });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [field, value] : fields_) {
    if (iequals(field, name)) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

void Headers::set(std::string_view name, std::string value) {
  std::erase_if(fields_, [&](const auto& field) { return iequals(field.first, name); });
  fields_.emplace_back(std::string(name), std::move(value));
}

void Headers::add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Request::param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

Response json_response(int status, const nlohmann::json& body) {
  return json_text_response(status,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
}

Response ordered_json_response(int status, const nlohmann::ordered_json& body) {
  return json_text_response(status,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
}

Response json_text_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.headers.set("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

Response empty_response(int status) {
  Response response;
  response.status = status;
  return response;
}

namespace {

// Every status the runtime sends, once: the reason phrase on the status line and, for errors,
// the problem type's last word. A status missing here would go out as "Unknown".
struct StatusRow {
  int status;
  std::string_view reason;
  std::string_view problem_kind;
};

constexpr std::array<StatusRow, 35> kStatuses{{
    {200, "OK", ""},
    {201, "Created", ""},
    {202, "Accepted", ""},
    {204, "No Content", ""},
    {206, "Partial Content", ""},
    {301, "Moved Permanently", ""},
    {302, "Found", ""},
    {303, "See Other", ""},
    {304, "Not Modified", ""},
    {307, "Temporary Redirect", ""},
    {308, "Permanent Redirect", ""},
    {400, "Bad Request", "bad-request"},
    {401, "Unauthorized", "unauthorized"},
    {403, "Forbidden", "forbidden"},
    {404, "Not Found", "not-found"},
    {405, "Method Not Allowed", "method-not-allowed"},
    {406, "Not Acceptable", "not-acceptable"},
    {408, "Request Timeout", "request-timeout"},
    {409, "Conflict", "conflict"},
    {410, "Gone", "gone"},
    {411, "Length Required", "length-required"},
    {412, "Precondition Failed", "precondition-failed"},
    {413, "Content Too Large", "content-too-large"},
    {414, "URI Too Long", "uri-too-long"},
    {415, "Unsupported Media Type", "unsupported-media-type"},
    {417, "Expectation Failed", "expectation-failed"},
    {422, "Unprocessable Content", "validation-failed"},
    {428, "Precondition Required", "precondition-required"},
    {429, "Too Many Requests", "too-many-requests"},
    {431, "Request Header Fields Too Large", "header-fields-too-large"},
    {500, "Internal Server Error", "internal-error"},
    {501, "Not Implemented", "not-implemented"},
    {502, "Bad Gateway", "bad-gateway"},
    {503, "Service Unavailable", "service-unavailable"},
    {504, "Gateway Timeout", "database-timeout"},
}};

const StatusRow* status_row(int status) {
  auto row = std::find_if(kStatuses.begin(), kStatuses.end(), [status](const StatusRow& candidate) {
    return candidate.status == status;
  });
  return row != kStatuses.end() ? &*row : nullptr;
}

}  // namespace

std::string_view status_text(int status) {
  const StatusRow* row = status_row(status);
  return row != nullptr ? row->reason : "Unknown";
}

std::string_view problem_kind(int status) {
  const StatusRow* row = status_row(status);
  return row != nullptr && !row->problem_kind.empty() ? row->problem_kind : "internal-error";
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return std::nullopt;
      }
      int high = hex_digit_value(text[i + 1]);
      int low = hex_digit_value(text[i + 2]);
      if (high < 0 || low < 0 || (high == 0 && low == 0)) {
        return std::nullopt;
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool valid_percent_escapes(std::string_view text) {
  for (std::size_t i = text.find('%'); i != std::string_view::npos; i = text.find('%', i + 3)) {
    if (text.size() - i < 3) {
      return false;
    }
    int high = hex_digit_value(text[i + 1]);
    int low = hex_digit_value(text[i + 2]);
    if (high < 0 || low < 0 || (high == 0 && low == 0)) {
      return false;
    }
  }
  return true;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(
    std::string_view query) {
  std::vector<std::pair<std::string, std::string>> parameters;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) {
      end = query.size();
    }
    std::string_view part = query.substr(start, end - start);
    if (!part.empty()) {
      std::size_t equals = part.find('=');
      auto name = percent_decode(part.substr(0, equals), true);
      auto value = percent_decode(
          equals == std::string_view::npos ? std::string_view() : part.substr(equals + 1), true);
      if (!name || !value) {
        return std::nullopt;
      }
      parameters.emplace_back(std::move(*name), std::move(*value));
    }
    start = end + 1;
  }
  return parameters;
}

std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  std::string lowered(type);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return lowered;
}

}  // namespace svcgen
