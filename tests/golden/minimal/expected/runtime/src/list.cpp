// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/list.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "svcgen/body.hpp"
#include "svcgen/problem.hpp"
#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"
#include "svcgen/types.hpp"

namespace svcgen {
namespace {

[[noreturn]] void bad(const std::string& parameter, const std::string& message) {
  throw ProblemError(400, parameter + ": " + message, {{parameter, message}});
}

const ListField* find_field(const ListSpec& spec, std::string_view name) {
  for (const ListField& field : spec.fields) {
    if (field.name == name) {
      return &field;
    }
  }
  return nullptr;
}

bool is_number_kind(ValueKind kind) {
  return kind == ValueKind::kInteger || kind == ValueKind::kFloat || kind == ValueKind::kDecimal;
}

bool ordered_kind(ValueKind kind) {
  return is_number_kind(kind) || kind == ValueKind::kDate || kind == ValueKind::kTime ||
         kind == ValueKind::kTimestamp || kind == ValueKind::kString;
}

std::string hex_of_bytes(const Bytes& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text = "\\x";
  for (std::uint8_t byte : bytes) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 15];
  }
  return text;
}

// A query value as the parameter text for the field's type; nothing when it does not parse.
std::optional<std::string> parse_value(const ListField& field, const std::string& text) {
  switch (field.kind) {
    case ValueKind::kString:
      if (text.find('\0') != std::string::npos) {
        return std::nullopt;
      }
      return text;
    case ValueKind::kInteger: {
      std::int64_t value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size() || value < field.min_integer ||
          value > field.max_integer) {
        return std::nullopt;
      }
      return std::to_string(value);
    }
    case ValueKind::kFloat: {
      char* end = nullptr;
      double value = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || !std::isfinite(value) ||
          text.find_first_of("xXnN") != std::string::npos) {
        return std::nullopt;
      }
      return text;
    }
    case ValueKind::kDecimal: {
      auto value = Decimal::parse(text);
      return value ? std::optional<std::string>(value->str()) : std::nullopt;
    }
    case ValueKind::kBool:
      if (text == "true" || text == "false") {
        return text;
      }
      return std::nullopt;
    case ValueKind::kUuid: {
      auto value = Uuid::parse(text);
      return value ? std::optional<std::string>(value->str()) : std::nullopt;
    }
    case ValueKind::kTimestamp: {
      auto value = Timestamp::parse(text);
      return value ? std::optional<std::string>(value->str()) : std::nullopt;
    }
    case ValueKind::kDate: {
      auto value = Date::parse(text);
      return value ? std::optional<std::string>(value->str()) : std::nullopt;
    }
    case ValueKind::kTime: {
      auto value = Time::parse(text);
      return value ? std::optional<std::string>(value->str()) : std::nullopt;
    }
    case ValueKind::kEnum:
      return listed(field.values, text) ? std::optional<std::string>(text) : std::nullopt;
    case ValueKind::kBytes: {
      auto value = base64_decode(text);
      return value ? std::optional<std::string>(hex_of_bytes(*value)) : std::nullopt;
    }
  }
  return std::nullopt;
}

std::string expected_value(const ListField& field) {
  switch (field.kind) {
    case ValueKind::kString:
      return "a string without U+0000";
    case ValueKind::kInteger:
      return "an integer in range";
    case ValueKind::kFloat:
      return "a number";
    case ValueKind::kDecimal:
      return "a decimal such as 19.99";
    case ValueKind::kBool:
      return "true or false";
    case ValueKind::kUuid:
      return "a UUID";
    case ValueKind::kTimestamp:
      return "an RFC 3339 timestamp";
    case ValueKind::kDate:
      return "a date (YYYY-MM-DD)";
    case ValueKind::kTime:
      return "a time of day (HH:MM:SS)";
    case ValueKind::kBytes:
      return "base64";
    case ValueKind::kEnum: {
      std::string list(field.values);
      std::replace(list.begin(), list.end(), '\n', ',');
      return "one of " + list;
    }
  }
  return "a value";
}

std::string like_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string array_literal(const std::vector<std::string>& values) {
  std::string text = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') {
        text += '\\';
      }
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

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

class Builder {
 public:
  explicit Builder(ListQuery& query) : query_(query) {}
  std::string bind(std::string value, std::string_view cast) {
    query_.params.push_back(std::move(value));
    return concat({"$", std::to_string(query_.params.size()), "::", cast});
  }

 private:
  ListQuery& query_;
};

}  // namespace

std::vector<std::string> split_list_values(std::string_view text) {
  std::vector<std::string> values(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == ',' || text[i + 1] == '\\')) {
      values.back() += text[++i];
    } else if (text[i] == ',') {
      values.emplace_back();
    } else {
      values.back() += text[i];
    }
  }
  return values;
}

ListQuery build_list_query(const ListSpec& spec, std::string_view query_string,
                           std::string_view cursor_key) {
  auto parameters = parse_query(query_string);
  if (!parameters) {
    throw ProblemError(400, "the query string is not valid percent-encoding");
  }
  ListQuery query;
  query.model = spec.model;
  Builder builder(query);
  std::vector<std::string> conditions;
  if (!spec.live_condition.empty()) {
    conditions.emplace_back(spec.live_condition);
  }
  std::set<std::string> seen;
  std::optional<std::string> cursor;
  std::string sort_text;
  for (const auto& parameter : *parameters) {
    // Named references, not structured bindings: clang 14 cannot capture those in a lambda.
    const auto& raw_name = parameter.first;
    const auto& value = parameter.second;
    if (!seen.insert(raw_name).second) {
      bad(raw_name, "is given more than once");
    }
    if (raw_name == "limit") {
      int limit = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (error != std::errc() || end != value.data() + value.size() || limit < 1 ||
          limit > kMaxListLimit) {
        bad("limit", "must be a whole number from 1 to " + std::to_string(kMaxListLimit));
      }
      query.limit = limit;
      continue;
    }
    if (raw_name == "cursor") {
      cursor = value;
      continue;
    }
    if (raw_name == "sort") {
      sort_text = value;
      continue;
    }
    std::string field_name = raw_name;
    std::string op = "eq";
    std::size_t bracket = raw_name.find('[');
    if (bracket != std::string::npos) {
      if (raw_name.back() != ']' || bracket == 0) {
        bad(raw_name, "is not a parameter of this list (filters are field[op]=value)");
      }
      field_name = raw_name.substr(0, bracket);
      op = raw_name.substr(bracket + 1, raw_name.size() - bracket - 2);
    }
    const ListField* field = find_field(spec, field_name);
    if (!field) {
      bad(raw_name, "is not a parameter of this list");
    }
    if (!field->filterable) {
      bad(raw_name, "filtering on " + field_name + " is not allowed");
    }
    std::string column(field->column);
    auto typed = [&](const std::string& text) {
      std::optional<std::string> parsed = parse_value(*field, text);
      if (!parsed) {
        bad(raw_name, "must be " + expected_value(*field));
      }
      return *parsed;
    };
    if (op == "eq") {
      conditions.push_back(concat({column, " = ", builder.bind(typed(value), field->cast)}));
    } else if (op == "ne") {
      conditions.push_back(
          concat({column, " IS DISTINCT FROM ", builder.bind(typed(value), field->cast)}));
    } else if (op == "in") {
      std::vector<std::string> members;
      for (const std::string& member : split_list_values(value)) {
        members.push_back(typed(member));
      }
      conditions.push_back(
          concat({column, " = ANY(",
                  builder.bind(array_literal(members), concat({field->cast, "[]"})), ")"}));
    } else if (op == "null") {
      if (value != "true" && value != "false") {
        bad(raw_name, "must be true or false");
      }
      conditions.push_back(concat({column, value == "true" ? " IS NULL" : " IS NOT NULL"}));
    } else if (op == "lt" || op == "lte" || op == "gt" || op == "gte") {
      if (!ordered_kind(field->kind)) {
        bad(raw_name, concat({"operator ", op, " does not apply to ", field_name}));
      }
      std::string_view symbol = op == "lt"    ? " < "
                                : op == "lte" ? " <= "
                                : op == "gt"  ? " > "
                                              : " >= ";
      conditions.push_back(concat({column, symbol, builder.bind(typed(value), field->cast)}));
    } else if (op == "contains" || op == "startsWith") {
      if (field->kind != ValueKind::kString) {
        bad(raw_name, "operator " + op + " applies only to strings");
      }
      std::string pattern = like_escape(typed(value));
      std::string bound = builder.bind(std::move(pattern), "text");
      conditions.push_back(
          concat({column, " LIKE ", op == "contains" ? "'%' || " : "", bound, " || '%'"}));
    } else {
      bad(raw_name, "unknown operator " + op +
                        " (use eq, ne, in, null, lt, lte, gt, gte, contains, startsWith)");
    }
  }

  // Sort keys, then the primary key so every row has one place in the order.
  std::set<std::string> sorted;
  if (!sort_text.empty()) {
    for (const std::string& key : split_list_values(sort_text)) {
      bool descending = !key.empty() && key[0] == '-';
      std::string name = descending ? key.substr(1) : key;
      const ListField* field = find_field(spec, name);
      if (!field || !field->sortable) {
        bad("sort", field ? "sorting by " + name + " is not allowed"
                          : name + " is not a field of " + std::string(spec.model));
      }
      if (!sorted.insert(name).second) {
        bad("sort", name + " appears more than once");
      }
      query.order.emplace_back(field, descending);
    }
  }
  if (sorted.count(std::string(spec.primary_key->name)) == 0) {
    query.order.emplace_back(spec.primary_key, false);
  }
  for (const auto& [field, descending] : query.order) {
    query.sort += (query.sort.empty() ? "" : ",") + std::string(descending ? "-" : "") +
                  std::string(field->name);
  }

  if (cursor) {
    std::size_t dot = cursor->find('.');
    std::optional<std::string> payload =
        dot == std::string::npos ? std::nullopt : from_base64url(cursor->substr(0, dot));
    if (!payload || cursor_signature(*payload, cursor_key) != cursor->substr(dot + 1)) {
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
    // (k1, k2, ..., pk) after the cursor row, honouring each key's direction and NULLs last
    // for ascending keys (first for descending ones).
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
        std::string bound = builder.bind(*text, field->cast);
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
    conditions.push_back(concat({"(", any, ")"}));
  }

  query.sql = std::string(spec.select);
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    query.sql.append(i == 0 ? " WHERE " : " AND ").append(conditions[i]);
  }
  query.sql += " ORDER BY ";
  for (std::size_t i = 0; i < query.order.size(); ++i) {
    const auto& [field, descending] = query.order[i];
    query.sql.append(i ? ", " : "")
        .append(field->column)
        .append(descending ? " DESC NULLS FIRST" : " ASC NULLS LAST");
  }
  query.sql += " LIMIT " + std::to_string(query.limit + 1);
  return query;
}

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
