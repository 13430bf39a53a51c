// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "list_steps.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"
#include "svcgen/types.hpp"

namespace svcgen {
namespace {

std::string base64url(std::string_view data) {
  std::string standard = base64_encode(Bytes(data.begin(), data.end()));
  std::string out;
  for (char c : standard) {
    if (c == '+') {
      out += '-';
    } else if (c == '/') {
      out += '_';
    } else if (c != '=') {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string standard;
  for (char c : text) {
    if (c == '-') {
      standard += '+';
    } else if (c == '_') {
      standard += '/';
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      standard += c;
    } else {
      return std::nullopt;
    }
  }
  while (standard.size() % 4 != 0) {
    standard += '=';
  }
  auto bytes = base64_decode(standard);
  return bytes ? std::optional<std::string>(std::string(bytes->begin(), bytes->end()))
               : std::nullopt;
}

// The key is the same on every request of a service, so its HMAC pads are hashed once per thread.
std::string cursor_signature(std::string_view payload, std::string_view cursor_key) {
  thread_local std::string key;
  thread_local std::optional<HmacSha256> signer;
  if (!signer || key != cursor_key) {
    key = cursor_key;
    signer.emplace(cursor_key);
  }
  return signer->hex(payload).substr(0, 32);
}

// The cursor's payload, checked to be one this service signed for this collection and sort.
nlohmann::json decode_cursor(const ListSpec& spec, const std::string& cursor,
                             std::string_view cursor_key, const ListQuery& query) {
  using list_steps::bad;
  std::size_t dot = cursor.find('.');
  std::optional<std::string> payload =
      dot == std::string::npos ? std::nullopt : from_base64url(cursor.substr(0, dot));
  if (!payload ||
      !constant_time_equal(cursor_signature(*payload, cursor_key), cursor.substr(dot + 1))) {
    bad("cursor", "is not a cursor this service issued");
  }
  nlohmann::json decoded = nlohmann::json::parse(*payload, nullptr, false);
  // Signed, so issued here, but checked as if not: a type mismatch must never throw.
  auto model = decoded.is_object() ? decoded.find("model") : decoded.end();
  if (model == decoded.end() || !model->is_string() || *model != spec.model) {
    bad("cursor", "belongs to another collection; start again without a cursor");
  }
  auto sort = decoded.is_object() ? decoded.find("sort") : decoded.end();
  if (sort == decoded.end() || !sort->is_string() || *sort != query.sort ||
      !decoded["values"].is_array() || decoded["values"].size() != query.order.size()) {
    bad("cursor", "belongs to another sort order; start again without a cursor");
  }
  return decoded;
}

}  // namespace

namespace list_steps {

// (k1, k2, ..., pk) after the cursor row, honouring each key's direction and NULLs last for
// ascending keys (first for descending ones).
std::string cursor_condition(const ListSpec& spec, const std::string& cursor,
                             std::string_view cursor_key, ListQuery& query) {
  nlohmann::json decoded = decode_cursor(spec, cursor, cursor_key, query);
  std::vector<std::string> alternatives;
  std::vector<std::string> equal_prefix;
  for (std::size_t i = 0; i < query.order.size(); ++i) {
    const auto& [field, descending] = query.order[i];
    const nlohmann::json& value = decoded["values"][i];
    std::string column(field->column);
    std::string after;
    std::string equal;
    if (value.is_null()) {
      after = descending ? concat({column, " IS NOT NULL"}) : "FALSE";
      equal = concat({column, " IS NULL"});
    } else {
      std::optional<std::string> text =
          value.is_string() ? parse_value(*field, value.get<std::string>()) : std::nullopt;
      if (!text) {
        bad("cursor", "is not a cursor this service issued");
      }
      std::string bound = bind_value(query, *text, field->cast);
      after = descending        ? concat({column, " < ", bound})
              : field->nullable ? concat({"(", column, " > ", bound, " OR ", column, " IS NULL)"})
                                : concat({"(", column, " > ", bound, ")"});
      equal = concat({column, " = ", bound});
    }
    std::string alternative;
    for (const std::string& condition : equal_prefix) {
      alternative.append(condition).append(" AND ");
    }
    alternatives.push_back(concat({"(", alternative, after, ")"}));
    equal_prefix.push_back(equal);
  }
  std::string any;
  for (const std::string& alternative : alternatives) {
    any.append(any.empty() ? "" : " OR ").append(alternative);
  }
  return concat({"(", any, ")"});
}

}  // namespace list_steps

std::optional<std::string> next_cursor(const ListQuery& query, const Rows& rows,
                                       std::string_view cursor_key) {
  if (rows.size() <= query.limit) {
    return std::nullopt;
  }
  int last = query.limit - 1;
  nlohmann::json values = nlohmann::json::array();
  for (const auto& [field, descending] : query.order) {
    if (rows.is_null(last, field->select_index)) {
      values.push_back(nullptr);
    } else {
      values.push_back(std::string(rows.text(last, field->select_index)));
    }
  }
  std::string payload =
      nlohmann::json{{"model", query.model}, {"sort", query.sort}, {"values", values}}.dump();
  return sign_cursor(payload, cursor_key);
}

std::string sign_cursor(std::string_view payload, std::string_view cursor_key) {
  return concat({base64url(payload), ".", cursor_signature(payload, cursor_key)});
}

}  // namespace svcgen
