#include "emit/cpp_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace svcgen {
namespace {

// The raw literals of an embedded_text() argument, in order.
std::vector<std::string> pieces(const std::string& argument, const std::string& delimiter) {
  std::vector<std::string> out;
  std::string open = "R\"" + delimiter + "(";
  std::string close = ")" + delimiter + "\"";
  for (std::size_t at = argument.find(open); at != std::string::npos;
       at = argument.find(open, at)) {
    std::size_t end = argument.find(close, at);
    out.push_back(argument.substr(at + open.size(), end - at - open.size()));
    at = end + close.size();
  }
  return out;
}

TEST(EmbeddedText, ShortTextIsOneLiteralStartingWithALineBreak) {
  EXPECT_EQ(cpp::embedded_text("SELECT 1;\n", "sql"), "{R\"sql(\nSELECT 1;\n)sql\"}");
  EXPECT_EQ(cpp::embedded_text("", "sql"), "{R\"sql(\n)sql\"}");
}

TEST(EmbeddedText, TheDelimiterNeverOccursInTheText) {
  EXPECT_EQ(cpp::embedded_text("a )sql\" b", "sql"), "{R\"sqlx(\na )sql\" b)sqlx\"}");
}

TEST(EmbeddedText, LongTextIsCutAtLineEndsIntoLiteralsCompilersAccept) {
  std::string text;
  for (int line = 0; text.size() < 150000; ++line) {
    text += "line " + std::to_string(line) + " of a long document\n";
  }
  std::vector<std::string> parts = pieces(cpp::embedded_text(text, "json"), "json");
  ASSERT_EQ(parts.size(), 3U);
  std::string joined;
  for (const std::string& part : parts) {
    EXPECT_LE(part.size(), 60001U);
    EXPECT_EQ(part.back(), '\n');
    joined += part;
  }
  EXPECT_EQ(joined, "\n" + text);
}

TEST(EmbeddedText, OneHugeLineIsCutBetweenCharactersNotInsideOne) {
  std::string text;
  while (text.size() < 130001) {
    text += "\xC3\xA9";  // é, two bytes
  }
  std::vector<std::string> parts = pieces(cpp::embedded_text(text, "json"), "json");
  ASSERT_GE(parts.size(), 3U);
  std::string joined;
  for (const std::string& part : parts) {
    EXPECT_NE(static_cast<unsigned char>(part.front()) & 0xC0, 0x80) << "starts mid-character";
    joined += part;
  }
  EXPECT_EQ(joined, "\n" + text);
}

TEST(WrapDesignated, FitsOnOneLine) {
  EXPECT_EQ(cpp::wrap_designated("", "constexpr Rule kRule", {".min_length = 1"}, ";"),
            "constexpr Rule kRule{.min_length = 1};");
  EXPECT_EQ(cpp::wrap_designated("  ", "Rule kNone", {}, ";"), "  Rule kNone{};");
}

TEST(WrapDesignated, BreaksAfterTheBraceWhenTheInitializersThenFitOnOneLine) {
  std::vector<std::string> parts = {".model = \"Author\"", ".writable = kWritable",
                                    ".read_only = kReadOnly"};
  EXPECT_EQ(cpp::wrap_designated("", "constexpr svcgen::PropertyNames kProperties", parts, ";"),
            "constexpr svcgen::PropertyNames kProperties{\n"
            "    .model = \"Author\", .writable = kWritable, .read_only = kReadOnly};");
}

TEST(WrapDesignated, ElseOnePerLineAlignedAfterTheBrace) {
  std::vector<std::string> parts = {".name = \"" + std::string(40, 'n') + "\"",
                                    ".column = \"" + std::string(40, 'c') + "\"",
                                    ".select_index = 3"};
  EXPECT_EQ(cpp::wrap_designated("    ", "", parts, ","),
            "    {.name = \"" + std::string(40, 'n') + "\",\n" + "     .column = \"" +
                std::string(40, 'c') + "\",\n" + "     .select_index = 3},");
}

// The layout clang-format gives a literal past the column limit: split after the last space
// that lets each piece fit, the tail counted on the last line only.
TEST(CppText, WrappedLiteralSplitsWhereClangFormatDoes) {
  EXPECT_EQ(cpp::wrapped_literal("short text", 5, 2), "\"short text\"");
  std::string words;
  for (int i = 0; i < 12; ++i) {
    words += (words.empty() ? "" : " ") + std::string("abcdefgh");
  }
  // 12 words of 8 letters: 107 characters, 93 fit on a line five columns in.
  EXPECT_EQ(cpp::wrapped_literal(words, 5, 2),
            "\"" + words.substr(0, 90) + "\"\n\"" + words.substr(90) + "\"");
  std::string word(120, 'x');
  EXPECT_EQ(cpp::wrapped_literal(word, 5, 2), "\"" + word + "\"");
}

}  // namespace
}  // namespace svcgen
