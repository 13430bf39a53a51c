#include "validate/pattern_translation.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "svcgen/pattern.hpp"

namespace svcgen {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
// Products of nested counts saturate here, far above the limit, so they cannot overflow.
constexpr long long kProductCap = 1'000'000'000;

bool is_surrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

// The message that follows `pattern "..." `; thrown from deep inside the parser and caught once.
struct Refusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string hex(char32_t c) {
  std::string digits;
  do {
    digits.insert(digits.begin(), "0123456789ABCDEF"[c % 16]);
    c /= 16;
  } while (c != 0);
  return digits;
}

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// Strict UTF-8 (no overlong forms, no surrogates); nullopt for anything else.
std::optional<std::u32string> decode_utf8(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80           ? 1
                 : (byte >> 5) == 0x6  ? 2
                 : (byte >> 4) == 0xE  ? 3
                 : (byte >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) {
      return std::nullopt;
    }
    char32_t c = length == 1 ? byte : byte & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return std::nullopt;
      }
      c = (c << 6) | (next & 0x3F);
    }
    constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[length] || c > kMaxCodePoint || is_surrogate(c)) {
      return std::nullopt;
    }
    out += c;
    i += length;
  }
  return out;
}

// A set of code points as sorted, disjoint, non-adjacent ranges.
class CodePointSet {
 public:
  // Ranges are merged only when the set is read, so a long class stays linear to build.
  void add(char32_t low, char32_t high) { ranges_.emplace_back(low, high); }
  void add(const CodePointSet& other) {
    ranges_.insert(ranges_.end(), other.ranges_.begin(), other.ranges_.end());
  }
  CodePointSet complement() const {
    CodePointSet self = *this;
    self.normalize();
    CodePointSet result;
    char32_t next = 0;
    for (auto [low, high] : self.ranges_) {
      if (low > next) {
        result.ranges_.emplace_back(next, low - 1);
      }
      next = high + 1;
    }
    if (next <= kMaxCodePoint) {
      result.ranges_.emplace_back(next, kMaxCodePoint);
    }
    return result;
  }
  // Surrogates are left out: no string of Unicode scalar values holds one.
  std::string re2() const {
    CodePointSet scalars = *this;
    scalars.normalize();
    scalars.remove(0xD800, 0xDFFF);
    if (scalars.ranges_.empty()) {
      return "[^\\x00-\\x{10FFFF}]";
    }
    std::string out = "[";
    for (auto [low, high] : scalars.ranges_) {
      out += member(low);
      if (high != low) {
        out += "-" + member(high);
      }
    }
    return out + "]";
  }

 private:
  void normalize() {
    std::sort(ranges_.begin(), ranges_.end());
    std::vector<std::pair<char32_t, char32_t>> merged;
    for (auto range : ranges_) {
      if (!merged.empty() && range.first <= merged.back().second + 1) {
        merged.back().second = std::max(merged.back().second, range.second);
      } else {
        merged.push_back(range);
      }
    }
    ranges_ = std::move(merged);
  }
  void remove(char32_t low, char32_t high) {
    std::vector<std::pair<char32_t, char32_t>> kept;
    for (auto [from, to] : ranges_) {
      if (from < low) {
        kept.emplace_back(from, std::min<char32_t>(to, low - 1));
      }
      if (to > high) {
        kept.emplace_back(std::max<char32_t>(from, high + 1), to);
      }
    }
    ranges_ = std::move(kept);
  }
  static std::string member(char32_t c) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return alnum ? std::string(1, static_cast<char>(c)) : "\\x{" + hex(c) + "}";
  }

  std::vector<std::pair<char32_t, char32_t>> ranges_;
};

CodePointSet set_of(std::initializer_list<std::pair<char32_t, char32_t>> ranges) {
  CodePointSet set;
  for (auto [low, high] : ranges) {
    set.add(low, high);
  }
  return set;
}

// ECMA-262's \s: WhiteSpace (TAB, VT, FF, ZWNBSP, the Zs category) and LineTerminator. RE2's
// \s is only [\t\n\f\r ].
const CodePointSet& space_set() {
  static const CodePointSet set = set_of({{0x09, 0x0D},
                                          {0x20, 0x20},
                                          {0xA0, 0xA0},
                                          {0x1680, 0x1680},
                                          {0x2000, 0x200A},
                                          {0x2028, 0x2029},
                                          {0x202F, 0x202F},
                                          {0x205F, 0x205F},
                                          {0x3000, 0x3000},
                                          {0xFEFF, 0xFEFF}});
  return set;
}

const CodePointSet& digit_set() {
  static const CodePointSet set = set_of({{'0', '9'}});
  return set;
}

const CodePointSet& word_set() {
  static const CodePointSet set = set_of({{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}});
  return set;
}

// ECMAScript's `.` without the s flag leaves out every LineTerminator; RE2's only \n.
const CodePointSet& dot_set() {
  static const CodePointSet set =
      set_of({{0x0A, 0x0A}, {0x0D, 0x0D}, {0x2028, 0x2029}}).complement();
  return set;
}

bool is_syntax_character(char32_t c) {
  return std::u32string_view(U"^$\\.*+?()[]{}|").find(c) != std::u32string_view::npos;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_ascii_letter(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

int hex_value(char32_t c) {
  if (is_digit(c)) {
    return static_cast<int>(c - '0');
  }
  if (c >= 'a' && c <= 'f') {
    return static_cast<int>(c - 'a' + 10);
  }
  if (c >= 'A' && c <= 'F') {
    return static_cast<int>(c - 'A' + 10);
  }
  return -1;
}

// A literal code point outside a class: printable ASCII as itself (RE2's metacharacters
// escaped), everything else as \x{...}.
std::string literal(char32_t c) {
  if (c < 0x20 || c > 0x7E) {
    return "\\x{" + hex(c) + "}";
  }
  std::string text(1, static_cast<char>(c));
  return std::string_view("\\.+*?()|[]{}^$").find(text[0]) != std::string_view::npos ? "\\" + text
                                                                                     : text;
}

// A translated piece and the product of the counted repetitions nested in it, the measure RE2
// limits (a count's maximum, or its minimum when unbounded; zero counts do not multiply).
struct Piece {
  std::string re2;
  long long product = 1;
  bool quantifiable = true;
};

// What a class atom stands for: one code point, or a whole class escape (\d, \s, \w ...).
struct ClassAtom {
  char32_t code_point = 0;
  std::optional<CodePointSet> set = std::nullopt;
};

class Translator {
 public:
  explicit Translator(std::u32string pattern) : p_(std::move(pattern)) {}

  std::string run() {
    Piece whole = disjunction(0);
    if (!at_end()) {
      syntax("the ) at character " + position(i_) + " closes no group");
    }
    return whole.re2;
  }

 private:
  bool at_end() const { return i_ >= p_.size(); }
  char32_t peek(std::size_t ahead = 0) const {
    return i_ + ahead < p_.size() ? p_[i_ + ahead] : U'\0';
  }
  bool has(std::size_t ahead) const { return i_ + ahead < p_.size(); }
  static std::string position(std::size_t index) { return std::to_string(index + 1); }
  std::string text(std::size_t from, std::size_t to) const {
    std::string out;
    for (std::size_t k = from; k < to && k < p_.size(); ++k) {
      out += utf8(p_[k]);
    }
    return out;
  }

  [[noreturn]] static void syntax(const std::string& reason) {
    throw Refusal("is not a valid ECMAScript regular expression: " + reason);
  }
  [[noreturn]] static void unsupported(const std::string& construct) {
    throw Refusal("uses " + construct + ", which a linear-time engine cannot run");
  }

  Piece disjunction(int depth) {
    Piece result = alternative(depth);
    while (!at_end() && peek() == '|') {
      ++i_;
      Piece next = alternative(depth);
      result.re2 += "|" + next.re2;
      result.product = std::max(result.product, next.product);
    }
    return result;
  }

  Piece alternative(int depth) {
    Piece result;
    while (!at_end() && peek() != '|' && peek() != ')') {
      Piece next = term(depth);
      result.re2 += next.re2;
      result.product = std::max(result.product, next.product);
    }
    return result;
  }

  Piece term(int depth) {
    Piece atom = this->atom(depth);
    if (at_end() || std::u32string_view(U"*+?{").find(peek()) == std::u32string_view::npos) {
      return atom;
    }
    if (!atom.quantifiable) {
      if (peek() == '{' && !counts_ahead()) {
        syntax("the { at character " + position(i_) +
               " starts no quantifier ({n}, {n,} or {n,m}); write \\{ for the character");
      }
      syntax("the quantifier at character " + position(i_) + " has nothing to repeat");
    }
    return quantify(std::move(atom));
  }

  Piece quantify(Piece atom) {
    std::size_t start = i_;
    long long min = 0;
    std::optional<long long> max;
    char32_t c = p_[i_++];
    if (c == '+') {
      min = 1;
    } else if (c == '?') {
      max = 1;
    } else if (c == '{') {
      read_counts(start, min, max);
    }
    bool lazy = !at_end() && peek() == '?';
    if (lazy) {
      ++i_;
    }
    std::string suffix = c == '{'
                             ? "{" + std::to_string(min) +
                                   (max == min ? "" : "," + (max ? std::to_string(*max) : "")) + "}"
                             : std::string(1, static_cast<char>(c));
    // Every atom's RE2 form is one RE2 atom (a character, a class or a group), so the
    // quantifier applies to all of it.
    atom.re2 += suffix + (lazy ? "?" : "");
    if (c == '{') {
      long long count = max.value_or(min);
      if (count > 0) {
        atom.product = std::min(kProductCap, atom.product * count);
      }
      if (atom.product > kMaxPatternRepeat) {
        throw Refusal("nests repetition counts that multiply to " +
                      (atom.product >= kProductCap ? "more than " + std::to_string(kProductCap)
                                                   : std::to_string(atom.product)) +
                      ", above the linear-time engine's limit of " +
                      std::to_string(kMaxPatternRepeat));
      }
    }
    return atom;
  }

  // Whether {n}, {n,} or {n,m} starts at `i_`.
  bool counts_ahead() const {
    std::size_t k = i_ + 1;
    auto digits = [&] {
      std::size_t first = k;
      while (k < p_.size() && is_digit(p_[k])) {
        ++k;
      }
      return k > first;
    };
    if (!digits()) {
      return false;
    }
    if (k < p_.size() && p_[k] == ',') {
      ++k;
      digits();
    }
    return k < p_.size() && p_[k] == '}';
  }

  // {n}, {n,} or {n,m}; `i_` is just past the `{`.
  void read_counts(std::size_t start, long long& min, std::optional<long long>& max) {
    std::string largest_text;
    auto number = [&]() -> std::optional<long long> {
      if (at_end() || !is_digit(peek())) {
        return std::nullopt;
      }
      std::size_t first = i_;
      long long value = 0;
      while (!at_end() && is_digit(peek())) {
        value = std::min(kProductCap, value * 10 + static_cast<long long>(p_[i_++] - '0'));
      }
      largest_text = text(first, i_);
      return value;
    };
    auto incomplete = [&] {
      syntax("the { at character " + position(start) +
             " starts no quantifier ({n}, {n,} or {n,m}); write \\{ for the character");
    };
    std::optional<long long> low = number();
    if (!low) {
      incomplete();
    }
    min = *low;
    max = low;
    if (!at_end() && peek() == ',') {
      ++i_;
      max = number();
    }
    if (at_end() || peek() != '}') {
      incomplete();
    }
    ++i_;
    if (max && *max < min) {
      syntax("the quantifier " + text(start, i_) + " has its numbers out of order");
    }
    if (max.value_or(min) > kMaxPatternRepeat) {
      throw Refusal("uses the repetition count " + largest_text +
                    ", above the linear-time engine's limit of " +
                    std::to_string(kMaxPatternRepeat));
    }
  }

  Piece atom(int depth) {
    std::size_t start = i_;
    char32_t c = p_[i_];
    switch (c) {
      case '^':
        ++i_;
        return {"\\A", 1, false};
      case '$':
        ++i_;
        return {"\\z", 1, false};
      case '.':
        ++i_;
        return {dot_set().re2()};
      case '(':
        return group(depth);
      case '[':
        return {character_class().re2()};
      case '\\':
        return atom_escape();
      case '*':
      case '+':
      case '?':
        syntax("the quantifier at character " + position(start) + " has nothing to repeat");
      case '{':
      case '}':
      case ']':
        syntax("the " + utf8(c) + " at character " + position(start) + " is not escaped; write \\" +
               utf8(c) + " for the character");
      default:
        ++i_;
        return {literal(c)};
    }
  }

  Piece group(int depth) {
    std::size_t open = i_++;
    if (depth + 1 > kMaxPatternNesting) {
      throw Refusal("nests groups more than " + std::to_string(kMaxPatternNesting) + " deep");
    }
    if (!at_end() && peek() == '?') {
      group_kind(open);
    }
    Piece inner = disjunction(depth + 1);
    if (at_end()) {
      syntax("the ( at character " + position(open) + " is not closed");
    }
    ++i_;
    // Captures are never read (a search only answers whether there is a match), so every
    // group, named or not, becomes a non-capturing one: RE2 knows no (?<name>...).
    return {"(?:" + inner.re2 + ")", inner.product};
  }

  // Past `(?:` or `(?<name>`, or a refusal; `i_` is at the `?`.
  void group_kind(std::size_t open) {
    char32_t kind = peek(1);
    if (kind == ':') {
      i_ += 2;
      return;
    }
    if (kind == '=') {
      unsupported("a lookahead (?=...)");
    }
    if (kind == '!') {
      unsupported("a negative lookahead (?!...)");
    }
    if (kind == '<' && peek(2) == '=') {
      unsupported("a lookbehind (?<=...)");
    }
    if (kind == '<' && peek(2) == '!') {
      unsupported("a negative lookbehind (?<!...)");
    }
    if (kind == 'i' || kind == 'm' || kind == 's' || kind == '-') {
      throw Refusal("uses a modifier group such as (?i:...), which svcgen does not support");
    }
    if (kind == '<') {
      i_ += 2;
      std::string name = group_name(open);
      if (!names_.insert(name).second) {
        syntax("the group name \"" + name + "\" is used twice");
      }
      return;
    }
    syntax("(? at character " + position(open) + " starts no known kind of group");
  }

  // An ASCII group name and its closing `>`. ECMAScript also allows any Unicode identifier;
  // telling those apart needs Unicode's tables, so they are refused.
  std::string group_name(std::size_t open) {
    std::size_t start = i_;
    while (!at_end() && peek() != '>') {
      char32_t c = peek();
      bool ascii_identifier =
          is_ascii_letter(c) || c == '_' || c == '$' || (is_digit(c) && i_ > start);
      if (c >= 0x80 || c == '\\') {
        throw Refusal(
            "uses a group name that is not ASCII; only ASCII letters, digits, _ and $ "
            "are supported in group names");
      }
      if (!ascii_identifier) {
        syntax("the group name at character " + position(start) + " is not an identifier");
      }
      ++i_;
    }
    if (at_end()) {
      syntax("the group name of the ( at character " + position(open) + " is not closed by >");
    }
    if (i_ == start) {
      syntax("the group at character " + position(open) + " has an empty name");
    }
    std::string name = text(start, i_);
    ++i_;
    return name;
  }

  Piece atom_escape() {
    std::size_t start = i_++;
    if (at_end()) {
      syntax("the pattern ends in a lone \\");
    }
    char32_t c = peek();
    if (c == 'b' || c == 'B') {
      // Both engines' word characters are [0-9A-Za-z_] (ECMAScript's without the i flag).
      ++i_;
      return {c == 'b' ? "\\b" : "\\B", 1, false};
    }
    if (std::optional<CodePointSet> set = class_escape()) {
      return {set->re2()};
    }
    if (c >= '1' && c <= '9') {
      while (!at_end() && is_digit(peek())) {
        ++i_;
      }
      unsupported("a backreference (" + text(start, i_) + ")");
    }
    if (c == 'k') {
      ++i_;
      if (at_end() || peek() != '<') {
        syntax("\\k at character " + position(start) + " must name a group: \\k<name>");
      }
      while (!at_end() && peek() != '>') {
        ++i_;
      }
      unsupported("a backreference (" + text(start, i_ + 1) + ")");
    }
    return {literal(character_escape(start, false))};
  }

  // \d \D \s \S \w \W, or nullopt; refuses \p and \P. `i_` is at the letter.
  std::optional<CodePointSet> class_escape() {
    char32_t c = peek();
    const CodePointSet* set = c == 'd' || c == 'D'   ? &digit_set()
                              : c == 's' || c == 'S' ? &space_set()
                              : c == 'w' || c == 'W' ? &word_set()
                                                     : nullptr;
    if (set != nullptr) {
      ++i_;
      return c >= 'a' ? *set : set->complement();
    }
    if (c == 'p' || c == 'P') {
      std::size_t start = i_ - 1;
      std::size_t end = i_ + 1;
      if (end < p_.size() && p_[end] == '{') {
        while (end < p_.size() && p_[end] != '}') {
          ++end;
        }
        ++end;
      }
      throw Refusal("uses a Unicode property escape (" + text(start, end) +
                    "), which is not supported: ECMAScript engines and RE2 carry different "
                    "versions of Unicode's tables");
    }
    return std::nullopt;
  }

  // The code point of a CharacterEscape; `i_` is at the character after the backslash at
  // `start`.
  char32_t character_escape(std::size_t start, bool in_class) {
    char32_t c = p_[i_++];
    switch (c) {
      case 'f':
        return 0x0C;
      case 'n':
        return 0x0A;
      case 'r':
        return 0x0D;
      case 't':
        return 0x09;
      case 'v':
        return 0x0B;
      case 'c':
        if (at_end() || !is_ascii_letter(peek())) {
          syntax("\\c at character " + position(start) + " must be followed by a letter");
        }
        return p_[i_++] % 32;
      case '0':
        if (!at_end() && is_digit(peek())) {
          syntax("\\0 at character " + position(start) +
                 " is followed by a digit: octal escapes are not allowed in Unicode mode");
        }
        return 0;
      case 'x':
        return hex_escape(start);
      case 'u':
        return unicode_escape(start);
      default:
        if (is_syntax_character(c) || c == '/' || (in_class && c == '-')) {
          return c;
        }
        syntax("\\" + utf8(c) + " at character " + position(start) +
               " is not an escape of ECMAScript's Unicode mode (only ^$\\.*+?()[]{}|/ may be "
               "escaped" +
               (in_class ? ", and - in a class)" : ")"));
    }
  }

  char32_t hex_escape(std::size_t start) {
    int high = hex_value(peek());
    int low = hex_value(peek(1));
    if (!has(1) || high < 0 || low < 0) {
      syntax("\\x at character " + position(start) + " must be followed by two hex digits");
    }
    i_ += 2;
    return static_cast<char32_t>(high * 16 + low);
  }

  // \uXXXX (a surrogate pair written as two of them is one code point) or \u{X...}.
  char32_t unicode_escape(std::size_t start) {
    auto bad = [&] {
      syntax("\\u at character " + position(start) +
             " must be followed by four hex digits or by {code point}");
    };
    if (!at_end() && peek() == '{') {
      ++i_;
      long long value = 0;
      std::size_t digits = 0;
      while (!at_end() && hex_value(peek()) >= 0) {
        value = std::min<long long>(value * 16 + hex_value(p_[i_++]), kMaxCodePoint + 1);
        ++digits;
      }
      if (digits == 0 || at_end() || peek() != '}') {
        bad();
      }
      ++i_;
      if (value > kMaxCodePoint) {
        syntax("\\u{...} at character " + position(start) + " is above U+10FFFF");
      }
      return lone_surrogate_refused(start, static_cast<char32_t>(value));
    }
    std::optional<char32_t> unit = four_hex(i_);
    if (!unit) {
      bad();
    }
    i_ += 4;
    if (*unit >= 0xD800 && *unit <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
      std::optional<char32_t> trail = four_hex(i_ + 2);
      if (trail && *trail >= 0xDC00 && *trail <= 0xDFFF) {
        i_ += 6;
        return 0x10000 + ((*unit - 0xD800) << 10) + (*trail - 0xDC00);
      }
    }
    return lone_surrogate_refused(start, *unit);
  }

  std::optional<char32_t> four_hex(std::size_t at) const {
    char32_t value = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      int digit = k < p_.size() ? hex_value(p_[k]) : -1;
      if (digit < 0) {
        return std::nullopt;
      }
      value = value * 16 + static_cast<char32_t>(digit);
    }
    return value;
  }

  char32_t lone_surrogate_refused(std::size_t start, char32_t c) const {
    if (is_surrogate(c)) {
      throw Refusal("uses a lone surrogate (" + text(start, i_) +
                    "), which no string of Unicode characters contains");
    }
    return c;
  }

  CodePointSet character_class() {
    std::size_t open = i_++;
    bool negated = !at_end() && peek() == '^';
    if (negated) {
      ++i_;
    }
    CodePointSet set;
    while (true) {
      if (at_end()) {
        syntax("the [ at character " + position(open) + " is not closed");
      }
      if (peek() == ']') {
        ++i_;
        break;
      }
      std::size_t start = i_;
      ClassAtom first = class_atom(open);
      if (!at_end() && peek() == '-' && has(1) && peek(1) != ']') {
        ++i_;
        ClassAtom last = class_atom(open);
        if (first.set || last.set) {
          syntax("the range at character " + position(start) +
                 " has a class escape (\\d, \\s, \\w ...) for an end");
        }
        if (first.code_point > last.code_point) {
          syntax("the range " + text(start, i_) + " at character " + position(start) +
                 " is out of order");
        }
        set.add(first.code_point, last.code_point);
      } else if (first.set) {
        set.add(*first.set);
      } else {
        set.add(first.code_point, first.code_point);
      }
    }
    // [^] is every code point and [] none; both come out as explicit sets.
    return negated ? set.complement() : set;
  }

  ClassAtom class_atom(std::size_t open) {
    if (at_end()) {
      syntax("the [ at character " + position(open) + " is not closed");
    }
    if (peek() != '\\') {
      return {p_[i_++]};
    }
    std::size_t start = i_++;
    if (at_end()) {
      syntax("the pattern ends in a lone \\");
    }
    char32_t c = peek();
    if (c == 'b') {
      ++i_;
      return {0x08};  // backspace inside a class
    }
    if (std::optional<CodePointSet> set = class_escape()) {
      return {0, std::move(set)};
    }
    if (c == 'B' || c == 'k' || (c >= '1' && c <= '9')) {
      syntax("\\" + utf8(c) + " at character " + position(start) +
             " is not valid inside a character class");
    }
    return {character_escape(start, true)};
  }

  std::u32string p_;
  std::size_t i_ = 0;
  std::set<std::string> names_;
};

}  // namespace

PatternTranslation translate_pattern(std::string_view pattern) {
  std::string quoted = "pattern \"" + std::string(pattern) + "\" ";
  std::optional<std::u32string> code_points = decode_utf8(pattern);
  if (!code_points) {
    return {"", quoted + "is not valid UTF-8"};
  }
  std::string re2;
  try {
    re2 = Translator(std::move(*code_points)).run();
  } catch (const Refusal& refusal) {
    return {"", quoted + refusal.what()};
  }
  if (std::string error = Pattern::compile_error(re2); !error.empty()) {
    return {"", quoted + "is too large for the linear-time engine (RE2: " + error + ")"};
  }
  return {std::move(re2), ""};
}

}  // namespace svcgen
