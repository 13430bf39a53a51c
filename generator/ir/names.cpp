#include "ir/names.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace svcgen::names {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

// PostgreSQL 15's reserved, type/function-name and column-name keywords (the ones that cannot
// stand as a bare column or table name everywhere), and "delete", which readers expect quoted.
constexpr std::string_view kSqlKeywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "delete",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

// C++20 keywords and alternative tokens, plus macros the standard library or the platform
// defines, which would silently rewrite a member name.
constexpr std::string_view kCppReserved[] = {
    "EOF",
    "NULL",
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "assert",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char16_t",
    "char32_t",
    "char8_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "errno",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "linux",
    "long",
    "major",
    "minor",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "offsetof",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "register",
    "reinterpret_cast",
    "requires",
    "return",
    "setjmp",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "std",
    "stderr",
    "stdin",
    "stdout",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "union",
    "unix",
    "unsigned",
    "using",
    "va_arg",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string snake_case(std::string_view pascal) {
  std::string out;
  for (std::size_t i = 0; i < pascal.size(); ++i) {
    char c = pascal[i];
    if (is_upper(c)) {
      bool after_word = i > 0 && is_lower_or_digit(pascal[i - 1]);
      bool acronym_end = i > 0 && is_upper(pascal[i - 1]) && i + 1 < pascal.size() &&
                         pascal[i + 1] >= 'a' && pascal[i + 1] <= 'z';
      if (after_word || acronym_end) {
        out += '_';
      }
      out += lower(c);
    } else {
      out += c;
    }
  }
  return out;
}

std::string pascal_case(std::string_view name) {
  std::string out;
  bool start_word = true;
  for (char c : name) {
    if (c == '_' || c == '-' || c == ' ' || c == '.') {
      start_word = true;
      continue;
    }
    out += start_word ? upper(c) : c;
    start_word = false;
  }
  return out;
}

std::string camel_case(std::string_view name) {
  std::string out = pascal_case(name);
  if (!out.empty()) {
    out[0] = lower(out[0]);
  }
  return out;
}

std::string pluralize(std::string_view word) {
  std::string w(word);
  if (w.empty()) {
    return w;
  }
  char last = lower(w.back());
  if (last == 'y' && w.size() >= 2 &&
      std::string_view("aeiou").find(lower(w[w.size() - 2])) == std::string_view::npos) {
    bool upper_word = is_upper(w.back());
    w.pop_back();
    return w + (upper_word ? "IES" : "ies");
  }
  std::string lower_word;
  for (char c : w) {
    lower_word += lower(c);
  }
  bool upper_word = is_upper(w.back()) && w.size() > 1 && is_upper(w[w.size() - 2]);
  if (ends_with(lower_word, "s") || ends_with(lower_word, "x") || ends_with(lower_word, "z") ||
      ends_with(lower_word, "ch") || ends_with(lower_word, "sh")) {
    return w + (upper_word ? "ES" : "es");
  }
  return w + (upper_word ? "S" : "s");
}

bool is_sql_keyword(std::string_view name) { return contains(kSqlKeywords, name); }

std::string sql_identifier(std::string_view name) {
  bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_') &&
               std::all_of(name.begin(), name.end(),
                           [](char c) { return is_lower_or_digit(c) || c == '_'; });
  if (plain && !is_sql_keyword(name)) {
    return std::string(name);
  }
  std::string quoted = "\"";
  for (char c : name) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

bool is_cpp_keyword(std::string_view name) { return contains(kCppReserved, name); }

std::string cpp_identifier(std::string_view name) {
  std::string id(name);
  if (is_cpp_keyword(id)) {
    id += '_';
  }
  return id;
}

int edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: like Levenshtein, but a swap of two neighbours ("raed") costs one.
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = static_cast<int>(i);
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = static_cast<int>(j);
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace svcgen::names
