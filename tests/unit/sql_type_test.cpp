#include "ir/sql_type.hpp"

#include <gtest/gtest.h>

namespace svcgen::ir {
namespace {

TEST(SqlType, RendersAndParsesEverySpellingBack) {
  for (const char* text : {"text", "varchar(200)", "integer", "bigint", "real", "double precision",
                           "numeric(10,2)", "boolean", "uuid", "timestamptz", "date", "time",
                           "jsonb", "bytea"}) {
    auto parsed = parse_sql_type(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(parsed->render(), text);
  }
}

TEST(SqlType, KeepsModifiersInStructuredForm) {
  EXPECT_EQ(parse_sql_type("varchar(20)"), SqlType::varchar(20));
  EXPECT_EQ(parse_sql_type("numeric(12,4)"), SqlType::numeric(12, 4));
  EXPECT_EQ(SqlType::numeric(12, 4).base_name(), "numeric");
}

TEST(SqlType, RefusesWhatRenderNeverWrites) {
  // Each of these must produce nothing: a snapshot holding one is not svcgen's.
  for (const char* text : {"", "varchar", "varchar()", "varchar(x)", "numeric(10)", "numeric(1,x)",
                           "text(3)", "int", "varchar(-1)", "timestamptz(3)"}) {
    EXPECT_FALSE(parse_sql_type(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace svcgen::ir
