#include "svcgen/json_writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>

namespace {

using svcgen::JsonWriter;
using svcgen::write_json_value;

// What nlohmann::json writes for the same value, the text responses had before JsonWriter.
std::string reference(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::string written(const std::string& text) {
  JsonWriter out;
  out.string(text);
  return out.take();
}

TEST(JsonWriter, StringsAreEscapedExactlyAsNlohmannJsonDoes) {
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) {
    every_control += static_cast<char>(c);
  }
  for (const std::string& text :
       {std::string(""), std::string("plain"), std::string("quote \" and backslash \\"),
        every_control, std::string("\x7f"),
        std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x9A"), std::string("a\0b", 3),
        std::string("</script>")}) {
    EXPECT_EQ(written(text), reference(text)) << text;
  }
}

TEST(JsonWriter, InvalidUtf8BecomesTheReplacementCharacter) {
  // A lone continuation byte, a truncated sequence, an overlong "/", a surrogate, > U+10FFFF.
  EXPECT_EQ(written("a\x80"
                    "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(written("\xE2\x82"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(written("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(written("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(written("\xF4\x90\x80\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonWriter, ObjectsAndArraysSeparateTheirMembers) {
  JsonWriter out;
  out.begin_object().key("items").begin_array();
  for (int i = 0; i < 3; ++i) {
    out.begin_object();
    write_json_value(out.key("id"), std::int64_t{i});
    write_json_value(out.key("name"), std::optional<std::string>{});
    out.end_object();
  }
  out.end_array().key("empty").begin_array().end_array();
  write_json_value(out.key("next"), std::optional<std::string>("c"));
  out.end_object();
  nlohmann::ordered_json expected = {{"items",
                                      {{{"id", 0}, {"name", nullptr}},
                                       {{"id", 1}, {"name", nullptr}},
                                       {{"id", 2}, {"name", nullptr}}}},
                                     {"empty", nlohmann::ordered_json::array()},
                                     {"next", "c"}};
  EXPECT_EQ(out.take(), expected.dump());
}

TEST(JsonWriter, NumbersAndValuesMatchTheirPreviousText) {
  auto one = [](auto value) {
    JsonWriter out;
    write_json_value(out, value);
    return out.take();
  };
  EXPECT_EQ(one(std::numeric_limits<std::int64_t>::min()),
            reference(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(one(std::numeric_limits<std::int64_t>::max()),
            reference(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(one(std::int32_t{-7}), "-7");
  EXPECT_EQ(one(0.1), reference(0.1));
  EXPECT_EQ(one(1.0), "1.0");
  EXPECT_EQ(one(0.1F), reference(0.1F));
  EXPECT_EQ(one(true), "true");
  nlohmann::json document = {{"b", {1, 2}}, {"a", "x\ny"}};
  EXPECT_EQ(one(document), reference(document));
  EXPECT_EQ(one(svcgen::Bytes{'h', 'i'}), "\"aGk=\"");
}

}  // namespace
