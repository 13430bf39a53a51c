#include <cctype>
#include <regex>

#include "schema_check/shapes.hpp"

namespace svcgen::schema_check {
namespace {

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// The end of the quoted token starting at `at` (one past its closing quote).
std::size_t quoted_end(const std::string& text, std::size_t at) {
  char quote = text[at];
  std::size_t i = at + 1;
  while (i < text.size()) {
    if (text[i] == quote && i + 1 < text.size() && text[i + 1] == quote) {
      i += 2;
    } else if (text[i] == quote) {
      return i + 1;
    } else {
      ++i;
    }
  }
  return text.size();
}

// The length of the type name after "::" at `at`.
std::size_t cast_type_length(const std::string& text, std::size_t at) {
  static const char* const kMultiword[] = {
      "character varying",   "timestamp with time zone", "timestamp without time zone",
      "time with time zone", "time without time zone",   "double precision",
      "bit varying"};
  std::size_t end = at;
  for (const char* name : kMultiword) {
    if (text.compare(at, std::string(name).size(), name) == 0) {
      end = at + std::string(name).size();
      break;
    }
  }
  if (end == at) {
    while (end < text.size() &&
           (identifier_char(text[end]) || text[end] == '.' || text[end] == '"')) {
      ++end;
    }
  }
  if (end < text.size() && text[end] == '(') {
    std::size_t close = text.find(')', end);
    end = close == std::string::npos ? text.size() : close + 1;
  }
  while (text.compare(end, 2, "[]") == 0) {
    end += 2;
  }
  return end - at;
}

std::string without_casts(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\'' || text[i] == '"') {
      std::size_t end = quoted_end(text, i);
      out.append(text, i, end - i);
      i = end;
    } else if (text.compare(i, 2, "::") == 0) {
      i += 2 + cast_type_length(text, i + 2);
    } else if (std::isspace(static_cast<unsigned char>(text[i]))) {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
      ++i;
    } else {
      out += text[i++];
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

// The index of the parenthesis closing the one at `open`, or npos.
std::size_t matching_close(const std::string& text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '\'' || text[i] == '"') {
      i = quoted_end(text, i) - 1;
    } else if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string::npos;
}

bool is_atom(const std::string& text) {
  static const std::regex kAtom(R"(-?[0-9.]+|'([^']|'')*'|"([^"]|"")*"|[A-Za-z_][A-Za-z0-9_$.]*)");
  return std::regex_match(text, kAtom);
}

// Removes parentheses around a single literal or name, doubled ones, and those around the
// whole text: PostgreSQL adds them when it prints an expression, migrations do not write them.
std::string without_redundant_parentheses(std::string text) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\'' || text[i] == '"') {
        i = quoted_end(text, i) - 1;
        continue;
      }
      if (text[i] != '(') {
        continue;
      }
      std::size_t close = matching_close(text, i);
      if (close == std::string::npos) {
        return text;
      }
      bool call = i > 0 && identifier_char(text[i - 1]);
      std::string inner = text.substr(i + 1, close - i - 1);
      bool doubled =
          inner.size() > 1 && inner.front() == '(' && matching_close(inner, 0) == inner.size() - 1;
      bool whole = i == 0 && close == text.size() - 1;
      if ((!call && (is_atom(inner) || whole)) || doubled) {
        text.replace(i, close - i + 1, inner);
        changed = true;
        break;
      }
    }
  }
  return text;
}

}  // namespace

std::string normalise_expression(const std::string& expression) {
  std::string text = without_redundant_parentheses(without_casts(expression));
  static const std::regex kQuotedNumber(R"('(-?[0-9]+(\.[0-9]+)?)')");
  text = std::regex_replace(text, kQuotedNumber, "$1");
  static const std::regex kNow(
      R"(\b(CURRENT_TIMESTAMP|current_timestamp|transaction_timestamp\(\)))");
  return std::regex_replace(text, kNow, "now()");
}

std::string snapshot_type(const std::string& catalog_type) {
  static const std::pair<const char*, const char*> kSpellings[] = {
      {"character varying", "varchar"},
      {"timestamp with time zone", "timestamptz"},
      {"timestamp without time zone", "timestamp"},
      {"time without time zone", "time"},
      {"time with time zone", "timetz"},
  };
  for (const auto& [catalog, snapshot] : kSpellings) {
    std::string prefix(catalog);
    if (catalog_type.rfind(prefix, 0) == 0) {
      return snapshot + catalog_type.substr(prefix.size());
    }
  }
  return catalog_type;
}

namespace {

std::string unquoted_name(const std::string& name) {
  if (name.size() < 2 || name.front() != '"') {
    return name;
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < name.size(); ++i) {
    out += name[i];
    i += name[i] == '"' ? 1 : 0;
  }
  return out;
}

std::vector<std::string> string_list(const std::string& text, bool& ok) {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '\'') {
      ok = false;
      return values;
    }
    std::size_t end = quoted_end(text, i);
    std::string value;
    for (std::size_t j = i + 1; j + 1 < end; ++j) {
      value += text[j];
      j += text[j] == '\'' ? 1 : 0;
    }
    values.push_back(value);
    i = end;
    if (text.compare(i, 2, ", ") == 0) {
      i += 2;
    } else if (i != text.size()) {
      ok = false;
    }
  }
  return values;
}

std::vector<std::string> conjuncts(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\'' || text[i] == '"') {
      i = quoted_end(text, i) - 1;
    } else if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')') {
      --depth;
    } else if (depth == 0 && text.compare(i, 5, " AND ") == 0) {
      parts.push_back(without_redundant_parentheses(text.substr(start, i - start)));
      start = i + 5;
    }
  }
  parts.push_back(without_redundant_parentheses(text.substr(start)));
  return parts;
}

// Reads one conjunct into `check`; false when it is not of a form check_expression writes.
bool read_conjunct(const std::string& part, CheckShape& check) {
  static const std::string kName = R"(([A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")*"))";
  static const std::regex kValues("^" + kName + R"( = ANY \(ARRAY\[(.*)\]\)$)");
  static const std::regex kBound("^" + kName +
                                 R"( (>=|<=) (-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?)$)");
  static const std::regex kLength("^char_length\\(" + kName + R"(\) >= ([0-9]+)$)");
  std::smatch match;
  auto same_column = [&](const std::string& name) {
    if (check.column.empty()) {
      check.column = unquoted_name(name);
    }
    return check.column == unquoted_name(name);
  };
  if (std::regex_match(part, match, kValues) && same_column(match[1])) {
    bool ok = true;
    check.values = string_list(match[2], ok);
    return ok;
  }
  if (std::regex_match(part, match, kBound) && same_column(match[1])) {
    (match[2] == ">=" ? check.minimum : check.maximum) = match[3].str();
    return true;
  }
  if (std::regex_match(part, match, kLength) && same_column(match[1])) {
    check.min_length = std::stoll(match[2]);
    return true;
  }
  return false;
}

}  // namespace

CheckShape parse_check_definition(const std::string& name, const std::string& column,
                                  const std::string& definition) {
  CheckShape check;
  check.name = name;
  std::string body = definition;
  static const std::string kNotValid = " NOT VALID";
  if (body.size() > kNotValid.size() && body.ends_with(kNotValid)) {
    body.erase(body.size() - kNotValid.size());
  }
  if (body.rfind("CHECK ", 0) == 0) {
    body.erase(0, 6);
  }
  body = normalise_expression(body);
  for (const std::string& part : conjuncts(body)) {
    if (!read_conjunct(part, check)) {
      CheckShape unstructured;
      unstructured.name = name;
      unstructured.column = column;
      unstructured.unstructured = body;
      return unstructured;
    }
  }
  return check;
}

}  // namespace svcgen::schema_check
