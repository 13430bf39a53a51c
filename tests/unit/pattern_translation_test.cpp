// The pattern translator against the shared table tests/pattern/cases.json: every accepted
// pattern must answer, run by RE2, exactly as ECMAScript does on the table's sample strings (the
// table's answers are ECMAScript's; tests/pattern/node_agreement.cpp has Node confirm them), and
// every refused pattern must be refused with exactly its message.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <string>

#include "svcgen/pattern.hpp"
#include "validate/pattern_translation.hpp"

namespace svcgen {
namespace {

const nlohmann::json& cases() {
  static const nlohmann::json table = [] {
    std::ifstream in(SVCGEN_PATTERN_CASES);
    return nlohmann::json::parse(in);
  }();
  return table;
}

TEST(PatternTranslation, TheTableHasCasesOfBothKinds) {
  EXPECT_GE(cases()["accepted"].size(), 50u);
  EXPECT_GE(cases()["refused"].size(), 50u);
}

TEST(PatternTranslation, AcceptedPatternsMatchAsInEcmaScript) {
  for (const nlohmann::json& entry : cases()["accepted"]) {
    std::string pattern = entry["pattern"];
    SCOPED_TRACE("pattern " + nlohmann::json(pattern).dump());
    PatternTranslation translation = translate_pattern(pattern);
    ASSERT_TRUE(translation.ok()) << translation.error;
    if (entry.contains("re2")) {
      EXPECT_EQ(translation.re2, entry["re2"].get<std::string>());
    }
    Pattern compiled(pattern, translation.re2);
    for (const std::string sample : entry["match"]) {
      EXPECT_TRUE(compiled.search(sample)) << "must match " << nlohmann::json(sample).dump();
    }
    for (const std::string sample : entry["no_match"]) {
      EXPECT_FALSE(compiled.search(sample)) << "must not match " << nlohmann::json(sample).dump();
    }
  }
}

TEST(PatternTranslation, RefusedPatternsSayWhy) {
  for (const nlohmann::json& entry : cases()["refused"]) {
    std::string pattern = entry["pattern"];
    PatternTranslation translation = translate_pattern(pattern);
    EXPECT_FALSE(translation.ok()) << pattern << " translated to " << translation.re2;
    EXPECT_EQ(translation.error, entry["message"].get<std::string>());
    EXPECT_EQ(translation.re2, "");
  }
}

TEST(PatternTranslation, InvalidUtf8IsRefused) {
  // JSON model files cannot hold it; the translator must still not read past it.
  for (std::string pattern : {std::string("a\xFF"), std::string("\xC3"),
                              std::string("\xED\xA0\x80"), std::string("\xC0\xAF")}) {
    EXPECT_EQ(translate_pattern(pattern).error, "pattern \"" + pattern + "\" is not valid UTF-8");
  }
}

TEST(PatternTranslation, AProgramTooLargeForRe2IsRefused) {
  std::string pattern;
  for (int i = 0; i < 40; ++i) {
    pattern += ".{1000}";
  }
  PatternTranslation translation = translate_pattern(pattern);
  EXPECT_EQ(translation.error.rfind(
                "pattern \"" + pattern + "\" is too large for the linear-time engine (RE2: ", 0),
            0u)
      << translation.error;
}

TEST(PatternTranslation, IsDeterministic) {
  for (const nlohmann::json& entry : cases()["accepted"]) {
    EXPECT_EQ(translate_pattern(entry["pattern"].get<std::string>()).re2,
              translate_pattern(entry["pattern"].get<std::string>()).re2);
  }
}

// The inputs that made a backtracking engine overflow the stack or take exponential time end
// in well under a second.
TEST(Pattern, LongTextsTakeLinearTime) {
  struct Case {
    std::string pattern;
    std::string text;
    bool matches;
  };
  std::string many(1'000'000, 'a');
  const Case cases[] = {{R"(^[^@\s]+@[^@\s]+$)", many + "@b", true},
                        {R"(^[^@\s]+@[^@\s]+$)", many + "@", false},
                        {"^(a+)+$", many + "!", false},
                        {"^(a|aa)*$", many, true},
                        {"(.*a){12}b", many, false}};
  for (const Case& item : cases) {
    PatternTranslation translation = translate_pattern(item.pattern);
    ASSERT_TRUE(translation.ok()) << translation.error;
    Pattern compiled(item.pattern, translation.re2);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(compiled.search(item.text), item.matches) << item.pattern;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1)) << item.pattern;
  }
}

TEST(Pattern, RefusesAProgramRe2CannotCompile) {
  EXPECT_THROW(Pattern("a", "a{1001}"), std::invalid_argument);
  EXPECT_NE(Pattern::compile_error("(a"), "");
  EXPECT_EQ(Pattern::compile_error("\\Aa\\z"), "");
}

TEST(Pattern, KeepsTheSourceForMessages) {
  Pattern compiled("^a$", "\\Aa\\z");
  EXPECT_EQ(compiled.source(), "^a$");
  EXPECT_TRUE(compiled.search("a"));
  EXPECT_FALSE(compiled.search("a\n"));
}

}  // namespace
}  // namespace svcgen
