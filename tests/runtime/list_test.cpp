// List query parsing without a database: what reaches the SQL, and what is refused with 400.
#include "svcgen/list.hpp"

#include <gtest/gtest.h>

#include <array>
#include <limits>

#include "svcgen/problem.hpp"
#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"
#include "svcgen/types.hpp"

namespace svcgen {
namespace {

constexpr std::array kFields = {
    ListField{.name = "id",
              .column = "id",
              .cast = "bigint",
              .kind = ValueKind::kInteger,
              .sortable = true,
              .filterable = true,
              .min_integer = std::numeric_limits<std::int64_t>::min(),
              .max_integer = std::numeric_limits<std::int64_t>::max()},
    ListField{.name = "name",
              .column = "name",
              .cast = "text",
              .kind = ValueKind::kString,
              .sortable = true,
              .filterable = true,
              .select_index = 1},
};
const ListSpec kSpec{"Thing", "SELECT id, name FROM things", "", &kFields[0], kFields};
constexpr std::string_view kKey = "list-test-key";

std::string signed_cursor(const std::string& payload) { return sign_cursor(payload, kKey); }

int status_of(const std::string& query) {
  try {
    build_list_query(kSpec, query, kKey);
    return 200;
  } catch (const ProblemError& error) {
    return error.problem().status;
  }
}

TEST(ListQuery, ValuesAreBoundAndNeverInTheSql) {
  ListQuery query =
      build_list_query(kSpec, "name=x'%3B%20DROP%20TABLE%20things%3B--&sort=-id", kKey);
  EXPECT_EQ(query.sql.find("DROP"), std::string::npos) << query.sql;
  ASSERT_EQ(query.params.size(), 1U);
  EXPECT_EQ(*query.params[0], "x'; DROP TABLE things;--");
}

TEST(ConstantTimeEqual, ComparesEveryByteAndTheLength) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("0123abcd", "0123abcd"));
  EXPECT_FALSE(constant_time_equal("0123abcd", "0123abce"));  // the last byte differs
  EXPECT_FALSE(constant_time_equal("x123abcd", "0123abcd"));  // the first
  EXPECT_FALSE(constant_time_equal("0123abc", "0123abcd"));   // a prefix
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0", 2), "a"));
}

TEST(ListQuery, SignedCursorsOfTheWrongShapeAreRefusedNotThrown) {
  EXPECT_EQ(
      status_of("cursor=" + signed_cursor(R"({"model":"Thing","sort":"id","values":["20"]})")),
      200);
  for (const char* payload :
       {R"({"model":"Thing","sort":["id"],"values":["20"]})",
        R"({"model":"Thing","sort":"id","values":[[1]]})",
        R"({"model":"Thing","sort":"id","values":"20"})", R"({"model":"Thing","sort":"id"})",
        R"([])", R"("id")", "not json", R"({"model":"Thing","sort":"id","values":["x"]})",
        R"({"sort":"id","values":["20"]})", R"({"model":7,"sort":"id","values":["20"]})"}) {
    EXPECT_EQ(status_of("cursor=" + signed_cursor(payload)), 400) << payload;
  }
  EXPECT_EQ(status_of("cursor=eyJzb3J0IjoiaWQifQ.00000000000000000000000000000000"), 400);
}

// A cursor is signed with the collection it pages: another collection's answers 400, even
// with the same sort and the same key.
TEST(ListQuery, ACursorOfAnotherCollectionIsRefused) {
  ListQuery first = build_list_query(kSpec, "limit=1", kKey);
  EXPECT_EQ(first.model, "Thing");
  std::string other = signed_cursor(R"({"model":"Other","sort":"id","values":["20"]})");
  try {
    build_list_query(kSpec, "cursor=" + other, kKey);
    FAIL() << "accepted another collection's cursor";
  } catch (const ProblemError& error) {
    EXPECT_EQ(error.problem().status, 400);
    EXPECT_NE(error.problem().detail.find("another collection"), std::string::npos)
        << error.problem().detail;
  }
}

}  // namespace
}  // namespace svcgen
