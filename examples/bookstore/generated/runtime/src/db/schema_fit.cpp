// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "schema_fit.hpp"

#include <cctype>
#include <optional>

namespace svcgen {

namespace {

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

bool keyword_at(std::string_view sql, std::size_t at, std::string_view keyword) {
  if (at + keyword.size() > sql.size() || (at > 0 && is_identifier_char(sql[at - 1]))) {
    return false;
  }
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(sql[at + i])) != keyword[i]) {
      return false;
    }
  }
  std::size_t end = at + keyword.size();
  return end == sql.size() || !is_identifier_char(sql[end]);
}

// The (possibly quoted, possibly schema-qualified) name that starts at or after `at`, without
// its schema and quotes.
std::string name_after(std::string_view sql, std::size_t at) {
  while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at])) != 0) {
    ++at;
  }
  std::string name;
  while (at < sql.size()) {
    std::string part;
    if (sql[at] == '"') {
      std::size_t close = sql.find('"', at + 1);
      if (close == std::string_view::npos) {
        return "";
      }
      part = std::string(sql.substr(at + 1, close - at - 1));
      at = close + 1;
    } else {
      std::size_t start = at;
      while (at < sql.size() && is_identifier_char(sql[at])) {
        ++at;
      }
      part = std::string(sql.substr(start, at - start));
    }
    name = part;
    if (at < sql.size() && sql[at] == '.') {
      ++at;  // schema-qualified: the table is the last part
      continue;
    }
    break;
  }
  return name;
}

// The text between the first pair of double quotes after `prefix` at the start of `message`.
std::optional<std::string> quoted_after(std::string_view message, std::string_view prefix,
                                        std::size_t* end = nullptr) {
  std::size_t start = message.find(prefix);
  if (start == std::string_view::npos || message.substr(start + prefix.size(), 1) != "\"") {
    return std::nullopt;
  }
  std::size_t open = start + prefix.size();
  std::size_t close = message.find('"', open + 1);
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  if (end != nullptr) {
    *end = close + 1;
  }
  return std::string(message.substr(open + 1, close - open - 1));
}

}  // namespace

bool is_schema_mismatch(std::string_view sqlstate) {
  return sqlstate == "42703" || sqlstate == "42P01" || sqlstate == "42883" || sqlstate == "42804";
}

bool is_stale_plan(std::string_view sqlstate, std::string_view message) {
  return sqlstate == "0A000" &&
         message.find("cached plan must not change result type") != std::string_view::npos;
}

std::string table_of(std::string_view sql) {
  for (std::string_view keyword : {"INTO", "UPDATE", "FROM"}) {
    for (std::size_t at = 0; at < sql.size(); ++at) {
      if (keyword_at(sql, at, keyword)) {
        std::string name = name_after(sql, at + keyword.size());
        if (!name.empty()) {
          return name;
        }
      }
    }
  }
  return "";
}

std::string describe_mismatch(std::string_view message, std::string_view sql) {
  std::size_t after = 0;
  if (message.rfind("column ", 0) == 0) {
    if (std::optional<std::string> column = quoted_after(message, "column ", &after)) {
      std::string_view rest = message.substr(after);
      std::string table;
      std::size_t rest_from = 0;
      if (std::optional<std::string> relation = quoted_after(rest, " of relation ", &rest_from);
          relation && rest.rfind(" of relation ", 0) == 0) {
        table = *relation;
        rest = rest.substr(rest_from);
      } else {
        table = table_of(sql);
      }
      std::string qualified = table.empty() ? *column : table + "." + *column;
      return "column " + qualified + std::string(rest);
    }
    // `column o.total does not exist`: already qualified.
    return std::string(message);
  }
  if (message.rfind("relation ", 0) == 0) {
    if (std::optional<std::string> relation = quoted_after(message, "relation ", &after)) {
      return "table " + *relation + std::string(message.substr(after));
    }
  }
  return std::string(message);
}

}  // namespace svcgen
