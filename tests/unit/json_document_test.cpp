#include "load/json_document.hpp"

#include <gtest/gtest.h>

#include <string>

namespace svcgen {
namespace {

struct Parsed {
  std::optional<JsonDocument> document;
  std::string errors;
};

Parsed parse(std::string_view text) {
  Diagnostics diagnostics;
  Parsed parsed{parse_json_document("m.json", text, diagnostics), ""};
  for (const Diagnostic& d : diagnostics.sorted()) {
    parsed.errors += format_diagnostic(d) + "\n";
  }
  return parsed;
}

TEST(JsonDocument, RecordsValueAndKeyPositions) {
  Parsed parsed = parse("{\n  \"fields\": [\n    {\"name\": \"a\", \"type\": \"strng\"}\n  ]\n}");
  ASSERT_TRUE(parsed.document) << parsed.errors;
  SourceLocation type = parsed.document->at("/fields/0/type");
  EXPECT_EQ(type.line, 3);
  EXPECT_EQ(type.column, 27);
  SourceLocation key = parsed.document->key_at("/fields/0/type");
  EXPECT_EQ(key.line, 3);
  EXPECT_EQ(key.column, 19);
}

TEST(JsonDocument, MissingPointerFallsBackToNearestAncestor) {
  Parsed parsed = parse("{\"fields\": [\n  {\"name\": \"a\"}]}");
  ASSERT_TRUE(parsed.document);
  SourceLocation at = parsed.document->at("/fields/0/type");
  EXPECT_EQ(at.line, 2);
  EXPECT_EQ(at.column, 3);
  EXPECT_EQ(at.pointer, "/fields/0/type");
}

TEST(JsonDocument, ColumnsCountCharactersNotBytes) {
  Parsed parsed = parse("{\"d\": \"\xC3\xA9\xC3\xA9\", \"x\": 1}");
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.document->at("/x").column, 18);
}

TEST(JsonDocument, EscapesPointerTokens) {
  Parsed parsed = parse("{\"a/b\": {\"c~d\": 1}}");
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.document->at("/a~1b/c~0d").column, 17);
  EXPECT_EQ(pointer_append("", "a/b~"), "/a~1b~0");
}

TEST(JsonDocument, ParsesNumbersExactly) {
  Parsed parsed =
      parse("[9223372036854775807, -9223372036854775808, 18446744073709551615, 1.5, 1e3, -0]");
  ASSERT_TRUE(parsed.document) << parsed.errors;
  const Json& root = parsed.document->root();
  EXPECT_EQ(root[0].get<std::int64_t>(), INT64_MAX);
  EXPECT_EQ(root[1].get<std::int64_t>(), INT64_MIN);
  EXPECT_TRUE(root[2].is_number_unsigned());
  EXPECT_DOUBLE_EQ(root[3].get<double>(), 1.5);
  EXPECT_TRUE(root[4].is_number_float());
}

TEST(JsonDocument, DecodesEscapesAndSurrogatePairs) {
  Parsed parsed = parse(R"(["\u00e9\ud83d\ude00\n\"\\\/"])");
  ASSERT_TRUE(parsed.document) << parsed.errors;
  EXPECT_EQ(parsed.document->root()[0].get<std::string>(), "\xC3\xA9\xF0\x9F\x98\x80\n\"\\/");
}

TEST(JsonDocument, KeepsKeyOrder) {
  Parsed parsed = parse(R"({"b": 1, "a": 2})");
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.document->root().begin().key(), "b");
}

struct BadInput {
  std::string_view text;
  std::string_view error;
};

class JsonSyntaxErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(JsonSyntaxErrors, ReportsPositionAndReason) {
  Parsed parsed = parse(GetParam().text);
  EXPECT_FALSE(parsed.document);
  EXPECT_EQ(parsed.errors, std::string(GetParam().error) + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonSyntaxErrors,
    ::testing::Values(
        BadInput{"", "m.json:1:1: file is empty; expected a JSON object"},
        BadInput{"  \n ", "m.json:2:2: file is empty; expected a JSON object"},
        BadInput{"{\"a\": 1,}", "m.json:1:9: unexpected '}'; expected a string as object key"},
        BadInput{"{\"a\": 1 \"b\": 2}",
                 "m.json:1:9: unexpected '\"'; expected ',' or '}' in object"},
        BadInput{"{\"a\": 1, \"a\": 2}", "m.json:1:10: duplicate key \"a\""},
        BadInput{"[1, 2", "m.json:1:6: unexpected end of file; expected ',' or ']' in array"},
        BadInput{"{\"a\": tru}", "m.json:1:7: invalid literal; expected \"true\""},
        BadInput{"{\"a\": 01}", "m.json:1:8: invalid number: leading zeros are not allowed"},
        BadInput{"{\"a\": 1e400}", "m.json:1:12: number 1e400 is out of range"},
        BadInput{"{\"a\": \"x", "m.json:1:9: unterminated string"},
        BadInput{"{\"a\": \"\t\"}", "m.json:1:8: control character in string; escape it"},
        BadInput{"{\"a\": \"\\q\"}", "m.json:1:10: invalid escape '\\q' in string"},
        BadInput{"{\"a\": \"\\ud800\"}", "m.json:1:14: unpaired surrogate in \\u escape"},
        BadInput{"{\"a\": \"\xFF\"}", "m.json:1:8: invalid UTF-8 in string"},
        BadInput{"{\"a\": \"\xC0\xAF\"}", "m.json:1:8: invalid UTF-8 in string"},
        BadInput{"{} {}", "m.json:1:4: unexpected '{' after the end of the JSON value"},
        BadInput{"{\"a\": NaN}", "m.json:1:7: unexpected 'N'; expected a value"},
        BadInput{"// comment\n{}", "m.json:1:1: unexpected '/'; expected a value"}));

TEST(JsonDocument, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  Parsed parsed = parse(deep);
  EXPECT_FALSE(parsed.document);
  EXPECT_EQ(parsed.errors, "m.json:1:65: nesting is deeper than 64 levels\n");
}

TEST(JsonDocument, NestingWithinTheLimitParses) {
  std::string text = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(parse(text).document);
}

TEST(JsonDocument, SkipsByteOrderMark) { EXPECT_TRUE(parse("\xEF\xBB\xBF{}").document); }

}  // namespace
}  // namespace svcgen
