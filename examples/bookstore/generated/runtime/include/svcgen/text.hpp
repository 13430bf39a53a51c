// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <charconv>
#include <initializer_list>
#include <string>
#include <string_view>

namespace svcgen {

// The value of a hexadecimal digit, or -1 for any other character.
inline int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// `text` without the spaces and tabs around it (HTTP's optional white space, RFC 9110 5.6.3).
// Equality whose time depends only on the lengths, for comparing a secret-derived value (a
// signature) with one a client sent: an early exit would tell an attacker how much matched.
inline bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// Joins pieces with one allocation, where a chain of operator+ would allocate a temporary per
// piece (SQL and messages are assembled from many short parts).
inline std::string concat(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (std::string_view piece : pieces) {
    size += piece.size();
  }
  std::string out;
  out.reserve(size);
  for (std::string_view piece : pieces) {
    out.append(piece);
  }
  return out;
}

// Appends what "%0<width>lld" writes, without printf's cost: responses format a date or a
// timestamp for every row.
inline void append_padded(std::string& out, long long value, int width) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  (void)error;  // 24 characters hold every long long
  std::string_view text(digits, static_cast<std::size_t>(end - digits));
  if (value < 0) {
    out += '-';
    text.remove_prefix(1);
    --width;
  }
  for (auto length = static_cast<int>(text.size()); length < width; ++length) {
    out += '0';
  }
  out.append(text);
}

inline std::string zero_padded(long long value, int width) {
  std::string out;
  append_padded(out, value, width);
  return out;
}

}  // namespace svcgen
