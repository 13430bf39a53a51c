#pragma once

#include <string>
#include <string_view>

// The model format's "pattern": ECMAScript syntax (ECMA-262 in Unicode mode, as JSON Schema
// validators such as Ajv compile it) limited to what a linear-time engine can run. Services run
// patterns with RE2, whose syntax and meaning differ from ECMAScript's in many small ways
// (`.`, `\s`, escapes, counts), so a pattern is parsed as ECMAScript and written out again in
// RE2 syntax with exactly the same meaning; whatever cannot be written so is refused.
namespace svcgen {

// The most a counted repetition may repeat ({n}, {n,}, {n,m}), and the most nested counts may
// multiply to: RE2 refuses more.
inline constexpr int kMaxPatternRepeat = 1000;
// The deepest groups may nest.
inline constexpr int kMaxPatternNesting = 100;

struct PatternTranslation {
  std::string re2;    // the RE2 form, when `error` is empty
  std::string error;  // a whole message: `pattern "..." uses a backreference (\1), ...`
  bool ok() const { return error.empty(); }
};

// Searching with `re2` (RE2, UTF-8) answers like searching with `new RegExp(pattern, "u")` for
// every string of Unicode scalar values. The RE2 form is checked to compile.
PatternTranslation translate_pattern(std::string_view pattern);

}  // namespace svcgen
