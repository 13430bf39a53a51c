// Copied by svcgen from its runtime library. DO NOT EDIT.
#include <algorithm>
#include <cctype>

#include "svcgen/migrate.hpp"

namespace svcgen {

bool split_sql(const std::string& text, std::vector<SqlStatement>& statements, std::string& error) {
  std::string current;
  int line = 1;
  int start_line = 1;
  bool has_code = false;
  std::size_t i = 0;
  auto flush = [&] {
    if (has_code) {
      std::size_t end = current.find_last_not_of(" \t\r\n");
      statements.push_back({current.substr(0, end + 1), start_line});
    }
    current.clear();
    has_code = false;
  };
  while (i < text.size()) {
    char c = text[i];
    if (!has_code && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      line += c == '\n';
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      std::size_t end = text.find('\n', i);
      end = end == std::string::npos ? text.size() : end;
      if (has_code) {
        current.append(text, i, end - i);
      }
      i = end;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      int depth = 0;
      std::size_t j = i;
      int comment_line = line;
      while (j < text.size()) {
        if (text.compare(j, 2, "/*") == 0) {
          ++depth;
          j += 2;
        } else if (text.compare(j, 2, "*/") == 0) {
          --depth;
          j += 2;
          if (depth == 0) {
            break;
          }
        } else {
          line += text[j] == '\n';
          ++j;
        }
      }
      if (depth != 0) {
        error = "unterminated /* comment starting on line " + std::to_string(comment_line);
        return false;
      }
      if (has_code) {
        current.append(text, i, j - i);
      }
      i = j;
      continue;
    }
    if (!has_code) {
      has_code = true;
      start_line = line;
    }
    if (c == ';') {
      flush();
      ++i;
      continue;
    }
    if (c == '\'' || c == '"') {
      bool escapes = c == '\'' && i > 0 && (text[i - 1] == 'E' || text[i - 1] == 'e');
      std::size_t j = i + 1;
      int quote_line = line;
      while (j < text.size()) {
        if (escapes && text[j] == '\\') {
          j += 2;
          continue;
        }
        if (text[j] == c) {
          if (j + 1 < text.size() && text[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        line += text[j] == '\n';
        ++j;
      }
      if (j >= text.size()) {
        error = std::string("unterminated ") + (c == '\'' ? "string" : "quoted identifier") +
                " starting on line " + std::to_string(quote_line);
        return false;
      }
      current.append(text, i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (c == '$') {
      std::size_t close = text.find('$', i + 1);
      std::string tag = close == std::string::npos ? "" : text.substr(i, close - i + 1);
      bool valid_tag = !tag.empty() && std::all_of(tag.begin() + 1, tag.end() - 1, [](char t) {
        return std::isalnum(static_cast<unsigned char>(t)) || t == '_';
      });
      if (valid_tag && !(tag.size() > 2 && std::isdigit(static_cast<unsigned char>(tag[1])))) {
        std::size_t end = text.find(tag, close + 1);
        if (end == std::string::npos) {
          error = "unterminated dollar-quoted string " + tag + " starting on line " +
                  std::to_string(line);
          return false;
        }
        for (std::size_t k = i; k < end; ++k) {
          line += text[k] == '\n';
        }
        current.append(text, i, end + tag.size() - i);
        i = end + tag.size();
        continue;
      }
    }
    line += c == '\n';
    current += c;
    ++i;
  }
  flush();
  return true;
}

}  // namespace svcgen
