#include "load/json_document.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace svcgen {

SourceLocation JsonDocument::locate(const std::unordered_map<std::string, Position>& table,
                                    const std::string& pointer) const {
  std::string probe = pointer;
  while (true) {
    for (const auto* candidates : {&table, &values_}) {
      if (auto found = candidates->find(probe); found != candidates->end()) {
        return {file_, found->second.line, found->second.column, pointer};
      }
    }
    if (probe.empty()) {
      return {file_, 1, 1, pointer};
    }
    probe.erase(probe.rfind('/'));
  }
}

SourceLocation JsonDocument::at(const std::string& pointer) const {
  return locate(values_, pointer);
}

SourceLocation JsonDocument::key_at(const std::string& pointer) const {
  return locate(keys_, pointer);
}

void JsonDocument::record_value(const std::string& pointer, int line, int column) {
  values_[pointer] = {line, column};
}

void JsonDocument::record_key(const std::string& pointer, int line, int column) {
  keys_[pointer] = {line, column};
}

std::string pointer_append(const std::string& pointer, std::string_view token) {
  std::string result = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      result += "~0";
    } else if (c == '/') {
      result += "~1";
    } else {
      result += c;
    }
  }
  return result;
}

std::string pointer_append(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

namespace {

struct SyntaxError : std::runtime_error {
  SyntaxError(int line, int column, const std::string& message)
      : std::runtime_error(message), line(line), column(column) {}
  int line;
  int column;
};

class Parser {
 public:
  Parser(std::string_view text, JsonDocument& document, JsonLimits limits)
      : text_(text), document_(document), limits_(limits) {}

  Json parse_root() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
      pos_ = 3;
    }
    skip_whitespace();
    if (at_end()) {
      fail("file is empty; expected a JSON object");
    }
    Json value = parse_value("", 0);
    skip_whitespace();
    if (!at_end()) {
      fail("unexpected " + describe_next() + " after the end of the JSON value");
    }
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw SyntaxError(line_, column_, message);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }

  std::string describe_next() const {
    if (at_end()) {
      return "end of file";
    }
    unsigned char c = static_cast<unsigned char>(peek());
    if (c < 0x20 || c >= 0x7F) {
      constexpr char kHex[] = "0123456789ABCDEF";
      return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 0xF];
    }
    return std::string("'") + static_cast<char>(c) + "'";
  }

  void skip_whitespace() {
    while (!at_end()) {
      char c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      advance();
    }
  }

  void expect_literal(std::string_view word) {
    int line = line_;
    int column = column_;
    for (char c : word) {
      if (at_end() || peek() != c) {
        throw SyntaxError(line, column, "invalid literal; expected \"" + std::string(word) + "\"");
      }
      advance();
    }
  }

  Json parse_value(const std::string& pointer, int depth) {
    if (at_end()) {
      fail("unexpected end of file; expected a value");
    }
    document_.record_value(pointer, line_, column_);
    switch (peek()) {
      case '{':
        return parse_object(pointer, depth + 1);
      case '[':
        return parse_array(pointer, depth + 1);
      case '"':
        return parse_string();
      case 't':
        expect_literal("true");
        return true;
      case 'f':
        expect_literal("false");
        return false;
      case 'n':
        expect_literal("null");
        return nullptr;
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
          return parse_number();
        }
        fail("unexpected " + describe_next() + "; expected a value");
    }
  }

  void check_depth(int depth) const {
    if (depth > limits_.max_depth) {
      fail("nesting is deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
  }

  Json parse_object(const std::string& pointer, int depth) {
    check_depth(depth);
    advance();
    Json object = Json::object();
    skip_whitespace();
    if (!at_end() && peek() == '}') {
      advance();
      return object;
    }
    while (true) {
      skip_whitespace();
      if (at_end() || peek() != '"') {
        fail("unexpected " + describe_next() + "; expected a string as object key");
      }
      int key_line = line_;
      int key_column = column_;
      std::string key = parse_string();
      std::string member = pointer_append(pointer, key);
      if (object.contains(key)) {
        throw SyntaxError(key_line, key_column, "duplicate key \"" + key + "\"");
      }
      document_.record_key(member, key_line, key_column);
      skip_whitespace();
      if (at_end() || peek() != ':') {
        fail("unexpected " + describe_next() + "; expected ':' after object key");
      }
      advance();
      skip_whitespace();
      object[key] = parse_value(member, depth);
      skip_whitespace();
      if (!at_end() && peek() == ',') {
        advance();
        continue;
      }
      if (!at_end() && peek() == '}') {
        advance();
        return object;
      }
      fail("unexpected " + describe_next() + "; expected ',' or '}' in object");
    }
  }

  Json parse_array(const std::string& pointer, int depth) {
    check_depth(depth);
    advance();
    Json array = Json::array();
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      advance();
      return array;
    }
    while (true) {
      skip_whitespace();
      array.push_back(parse_value(pointer_append(pointer, array.size()), depth));
      skip_whitespace();
      if (!at_end() && peek() == ',') {
        advance();
        continue;
      }
      if (!at_end() && peek() == ']') {
        advance();
        return array;
      }
      fail("unexpected " + describe_next() + "; expected ',' or ']' in array");
    }
  }

  unsigned read_hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      if (at_end() || !std::isxdigit(static_cast<unsigned char>(peek()))) {
        fail("invalid \\u escape; expected four hex digits");
      }
      char c = peek();
      value = value * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(c))
                                                     ? c - '0'
                                                     : (std::tolower(c) - 'a' + 10));
      advance();
    }
    return value;
  }

  static void append_utf8(std::string& out, unsigned code_point) {
    if (code_point < 0x80) {
      out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
      out += static_cast<char>(0xC0 | (code_point >> 6));
      out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
      out += static_cast<char>(0xE0 | (code_point >> 12));
      out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code_point >> 18));
      out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
  }

  // Copies one UTF-8 encoded character, rejecting overlong forms, surrogates and stray bytes.
  void copy_utf8_char(std::string& out) {
    auto lead = static_cast<unsigned char>(peek());
    int extra = lead >= 0xF0 && lead <= 0xF4 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC2 ? 1 : -1;
    if (lead >= 0xF5 || extra < 0) {
      fail("invalid UTF-8 in string");
    }
    unsigned code_point = lead & (0x3F >> extra);
    std::size_t start = pos_;
    advance();
    for (int i = 0; i < extra; ++i) {
      if (at_end() || (static_cast<unsigned char>(peek()) & 0xC0) != 0x80) {
        fail("invalid UTF-8 in string");
      }
      code_point = (code_point << 6) | (static_cast<unsigned char>(peek()) & 0x3F);
      advance();
    }
    if ((extra == 2 && code_point < 0x800) || (extra == 3 && code_point < 0x10000) ||
        (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
      fail("invalid UTF-8 in string");
    }
    out.append(text_.substr(start, pos_ - start));
  }

  std::string parse_string() {
    advance();
    std::string out;
    while (true) {
      if (at_end()) {
        fail("unterminated string");
      }
      auto c = static_cast<unsigned char>(peek());
      if (c == '"') {
        advance();
        return out;
      }
      if (c < 0x20) {
        fail("control character in string; escape it");
      }
      if (c >= 0x80) {
        copy_utf8_char(out);
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        advance();
        continue;
      }
      advance();
      if (at_end()) {
        fail("unterminated string");
      }
      char escape = peek();
      advance();
      switch (escape) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned code_point = read_hex4();
          if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            if (at_end() || peek() != '\\') {
              fail("unpaired surrogate in \\u escape");
            }
            advance();
            if (at_end() || peek() != 'u') {
              fail("unpaired surrogate in \\u escape");
            }
            advance();
            unsigned low = read_hex4();
            if (low < 0xDC00 || low > 0xDFFF) {
              fail("unpaired surrogate in \\u escape");
            }
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            fail("unpaired surrogate in \\u escape");
          }
          append_utf8(out, code_point);
          break;
        }
        default:
          fail(std::string("invalid escape '\\") + escape + "' in string");
      }
    }
  }

  Json parse_number() {
    std::size_t start = pos_;
    bool is_integer = true;
    auto digits = [&] {
      std::size_t before = pos_;
      while (!at_end() && peek() >= '0' && peek() <= '9') {
        advance();
      }
      return pos_ > before;
    };
    if (peek() == '-') {
      advance();
    }
    if (!at_end() && peek() == '0') {
      advance();
      if (!at_end() && peek() >= '0' && peek() <= '9') {
        fail("invalid number: leading zeros are not allowed");
      }
    } else if (!digits()) {
      fail("invalid number");
    }
    if (!at_end() && peek() == '.') {
      is_integer = false;
      advance();
      if (!digits()) {
        fail("invalid number: expected digits after '.'");
      }
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      is_integer = false;
      advance();
      if (!at_end() && (peek() == '+' || peek() == '-')) {
        advance();
      }
      if (!digits()) {
        fail("invalid number: expected digits in the exponent");
      }
    }
    std::string literal(text_.substr(start, pos_ - start));
    if (is_integer) {
      errno = 0;
      if (literal[0] == '-') {
        long long value = std::strtoll(literal.c_str(), nullptr, 10);
        if (errno == 0) {
          return static_cast<std::int64_t>(value);
        }
      } else {
        unsigned long long value = std::strtoull(literal.c_str(), nullptr, 10);
        if (errno == 0) {
          if (value <= static_cast<unsigned long long>(INT64_MAX)) {
            return static_cast<std::int64_t>(value);
          }
          return static_cast<std::uint64_t>(value);
        }
      }
    }
    errno = 0;
    double value = std::strtod(literal.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(value)) {
      fail("number " + literal + " is out of range");
    }
    return value;
  }

  std::string_view text_;
  JsonDocument& document_;
  JsonLimits limits_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::optional<JsonDocument> parse_json_document(const std::string& file, std::string_view text,
                                                Diagnostics& diagnostics, JsonLimits limits) {
  JsonDocument document(file, nullptr);
  try {
    Parser parser(text, document, limits);
    document.set_root(parser.parse_root());
    return document;
  } catch (const SyntaxError& error) {
    diagnostics.error({file, error.line, error.column, ""}, error.what());
    return std::nullopt;
  }
}

}  // namespace svcgen
