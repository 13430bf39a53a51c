// Each filter operator of svcgen/filter_operators.hpp: the condition and bound values it
// produces, and the 400 naming the parameter that each bad value gets. (A string value is never
// bad: percent-decoding already refuses U+0000, the one character a string may not hold.)
#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "svcgen/filter_operators.hpp"
#include "svcgen/list.hpp"
#include "svcgen/problem.hpp"

namespace svcgen {
namespace {

constexpr std::string_view kStates = "new\nin-progress\ndone";
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
              .nullable = true,
              .sortable = true,
              .filterable = true,
              .select_index = 1},
    ListField{.name = "rating",
              .column = "rating",
              .cast = "integer",
              .kind = ValueKind::kInteger,
              .nullable = true,
              .sortable = true,
              .filterable = true,
              .select_index = 2,
              .min_integer = std::numeric_limits<std::int32_t>::min(),
              .max_integer = std::numeric_limits<std::int32_t>::max()},
    ListField{.name = "price",
              .column = "price",
              .cast = "numeric",
              .kind = ValueKind::kDecimal,
              .sortable = true,
              .filterable = true,
              .select_index = 3},
    ListField{.name = "on",
              .column = "\"on\"",
              .cast = "date",
              .kind = ValueKind::kDate,
              .nullable = true,
              .sortable = true,
              .filterable = true,
              .select_index = 4},
    ListField{.name = "state",
              .column = "state",
              .cast = "text",
              .kind = ValueKind::kEnum,
              .sortable = true,
              .filterable = true,
              .select_index = 5,
              .values = kStates},
    ListField{.name = "ref",
              .column = "ref",
              .cast = "uuid",
              .kind = ValueKind::kUuid,
              .nullable = true,
              .sortable = true,
              .filterable = true,
              .select_index = 6},
    ListField{.name = "blob",
              .column = "blob",
              .cast = "bytea",
              .kind = ValueKind::kBytes,
              .nullable = true,
              .filterable = true,
              .select_index = 7},
    ListField{.name = "hidden",
              .column = "hidden",
              .cast = "text",
              .kind = ValueKind::kString,
              .sortable = true,
              .select_index = 8},
};
const ListSpec kSpec{"Thing", "SELECT * FROM things", "", &kFields[0], kFields};
constexpr std::string_view kKey = "filter-test-key";

// The WHERE clause and the bound values of one list query.
struct Filtered {
  std::string where;
  std::vector<std::string> params;
};

Filtered filter(const std::string& query_string) {
  ListQuery query = build_list_query(kSpec, query_string, kKey);
  std::size_t start = query.sql.find(" WHERE ");
  std::size_t end = query.sql.find(" ORDER BY ");
  Filtered result;
  if (start != std::string::npos && end != std::string::npos) {
    result.where = query.sql.substr(start + 7, end - start - 7);
  }
  for (const std::optional<std::string>& param : query.params) {
    result.params.push_back(param.value_or("NULL"));
  }
  return result;
}

// The 400 problem of a refused query: "parameter: message", with the parameter as the pointer
// of its one error.
void expect_refused(const std::string& query_string, const std::string& parameter,
                    const std::string& message) {
  try {
    build_list_query(kSpec, query_string, kKey);
    ADD_FAILURE() << query_string << " was accepted";
  } catch (const ProblemError& error) {
    EXPECT_EQ(error.problem().status, 400) << query_string;
    EXPECT_EQ(error.problem().detail, parameter + ": " + message) << query_string;
    ASSERT_EQ(error.problem().errors.size(), 1U) << query_string;
    EXPECT_EQ(error.problem().errors[0].pointer, parameter) << query_string;
    EXPECT_EQ(error.problem().errors[0].message, message) << query_string;
  }
}

using Values = std::vector<std::string>;

TEST(FilterOperator, Eq) {
  Filtered result = filter("price[eq]=19.99");
  EXPECT_EQ(result.where, "price = $1::numeric");
  EXPECT_EQ(result.params, Values{"19.99"});
  Filtered short_form = filter("price=19.99");
  EXPECT_EQ(short_form.where, result.where);
  EXPECT_EQ(short_form.params, result.params);
  EXPECT_EQ(filter("on[eq]=2024-02-29").where, "\"on\" = $1::date");
  EXPECT_EQ(filter("blob=AAEC%2Fw%3D%3D").params, Values{"\\x000102ff"});
  expect_refused("price[eq]=abc", "price[eq]", "must be a decimal such as 19.99");
  expect_refused("price=1e3", "price", "must be a decimal such as 19.99");
  expect_refused("rating[eq]=2147483648", "rating[eq]", "must be an integer in range");
  expect_refused("blob[eq]=%21", "blob[eq]", "must be base64");
  // Text that is not UTF-8 never reaches the database, whose refusal would name no parameter.
  expect_refused("name=%C3%28", "name", "must be UTF-8 text without U+0000");
  expect_refused("name[in]=ok,%ED%A0%80", "name[in]", "must be UTF-8 text without U+0000");
  expect_refused("name[contains]=%FF", "name[contains]", "must be UTF-8 text without U+0000");
}

TEST(FilterOperator, Ne) {
  Filtered result = filter("ref[ne]=0E4F7E7A-0C8B-4BB8-9E1B-3C4A2B1D0E9F");
  EXPECT_EQ(result.where, "ref IS DISTINCT FROM $1::uuid");
  EXPECT_EQ(result.params, Values{"0e4f7e7a-0c8b-4bb8-9e1b-3c4a2b1d0e9f"});
  expect_refused("ref[ne]=not-a-uuid", "ref[ne]", "must be a UUID");
  expect_refused("on[ne]=2023-02-29", "on[ne]", "must be a date (YYYY-MM-DD)");
}

TEST(FilterOperator, In) {
  Filtered result = filter("state[in]=new,done");
  EXPECT_EQ(result.where, "state = ANY($1::text[])");
  EXPECT_EQ(result.params, Values{R"({"new","done"})"});
  // "\," is a literal comma; quotes and backslashes are escaped inside the array literal.
  EXPECT_EQ(filter(R"(name[in]=a\,b,"c"\\)").params, Values{R"({"a,b","\"c\"\\"})"});
  EXPECT_EQ(filter("rating[in]=1,-2").params, Values{R"({"1","-2"})"});
  EXPECT_EQ(filter("rating[in]=1").where, "rating = ANY($1::integer[])");
  expect_refused("state[in]=new,gone", "state[in]", "must be one of new,in-progress,done");
  expect_refused("rating[in]=1,,2", "rating[in]", "must be an integer in range");
}

TEST(FilterOperator, Null) {
  Filtered is_null = filter("name[null]=true");
  EXPECT_EQ(is_null.where, "name IS NULL");
  EXPECT_TRUE(is_null.params.empty());
  Filtered not_null = filter("ref[null]=false");
  EXPECT_EQ(not_null.where, "ref IS NOT NULL");
  EXPECT_TRUE(not_null.params.empty());
  // Any kind, and a column that is never null too: the answer is then simply empty or all rows.
  EXPECT_EQ(filter("id[null]=true").where, "id IS NULL");
  for (const char* value : {"yes", "1", "TRUE", ""}) {
    expect_refused(std::string("name[null]=") + value, "name[null]", "must be true or false");
  }
}

TEST(FilterOperator, Lt) {
  Filtered result = filter("rating[lt]=3");
  EXPECT_EQ(result.where, "rating < $1::integer");
  EXPECT_EQ(result.params, Values{"3"});
  expect_refused("rating[lt]=3.5", "rating[lt]", "must be an integer in range");
  expect_refused("ref[lt]=0e4f7e7a-0c8b-4bb8-9e1b-3c4a2b1d0e9f", "ref[lt]",
                 "operator lt does not apply to ref");
}

TEST(FilterOperator, Lte) {
  Filtered result = filter("on[lte]=2024-02-29");
  EXPECT_EQ(result.where, "\"on\" <= $1::date");
  EXPECT_EQ(result.params, Values{"2024-02-29"});
  expect_refused("on[lte]=29.02.2024", "on[lte]", "must be a date (YYYY-MM-DD)");
  expect_refused("state[lte]=new", "state[lte]", "operator lte does not apply to state");
}

TEST(FilterOperator, Gt) {
  Filtered result = filter("name[gt]=m");
  EXPECT_EQ(result.where, "name > $1::text");
  EXPECT_EQ(result.params, Values{"m"});
  expect_refused("rating[gt]=x", "rating[gt]", "must be an integer in range");
  expect_refused("blob[gt]=AA%3D%3D", "blob[gt]", "operator gt does not apply to blob");
}

TEST(FilterOperator, Gte) {
  Filtered result = filter("price[gte]=-0.50");
  EXPECT_EQ(result.where, "price >= $1::numeric");
  EXPECT_EQ(result.params, Values{"-0.50"});
  expect_refused("price[gte]=%2B1", "price[gte]", "must be a decimal such as 19.99");
  expect_refused("ref[gte]=x", "ref[gte]", "operator gte does not apply to ref");
}

TEST(FilterOperator, Contains) {
  Filtered result = filter("name[contains]=50%25_off%5C");
  EXPECT_EQ(result.where, "name LIKE '%' || $1::text || '%'");
  // LIKE's wildcards and its escape character match only themselves.
  EXPECT_EQ(result.params, Values{R"(50\%\_off\\)"});
  expect_refused("state[contains]=new", "state[contains]",
                 "operator contains applies only to strings");
  expect_refused("rating[contains]=1", "rating[contains]",
                 "operator contains applies only to strings");
}

TEST(FilterOperator, StartsWith) {
  Filtered result = filter("name[startsWith]=a_b");
  EXPECT_EQ(result.where, "name LIKE $1::text || '%'");
  EXPECT_EQ(result.params, Values{R"(a\_b)"});
  expect_refused("on[startsWith]=2024", "on[startsWith]",
                 "operator startsWith applies only to strings");
}

TEST(FilterOperators, BindInTheOrderOfTheQueryString) {
  Filtered result = filter("rating[gte]=2&name[null]=false&price[lt]=9&state=done");
  EXPECT_EQ(result.where,
            "rating >= $1::integer AND name IS NOT NULL AND price < $2::numeric AND "
            "state = $3::text");
  EXPECT_EQ(result.params, (Values{"2", "9", "done"}));
}

TEST(FilterOperators, WhatIsNoFilterIsRefusedNamingTheParameter) {
  expect_refused("name[like]=x", "name[like]",
                 "unknown operator \"like\" (use eq, ne, in, null, lt, lte, gt, gte, contains, "
                 "startsWith)");
  expect_refused("name[]=x", "name[]",
                 "unknown operator \"\" (use eq, ne, in, null, lt, lte, gt, gte, contains, "
                 "startsWith)");
  expect_refused("name[eq=x", "name[eq",
                 "is not a parameter of this list (filters are field[op]=value)");
  expect_refused("[eq]=x", "[eq]", "is not a parameter of this list (filters are field[op]=value)");
  expect_refused("colour[eq]=red", "colour[eq]", "is not a parameter of this list");
  expect_refused("hidden=x", "hidden", "filtering on hidden is not allowed");
  expect_refused("hidden[contains]=x", "hidden[contains]", "filtering on hidden is not allowed");
  expect_refused("name=a&name=b", "name", "is given more than once");
}

// The kinds each operator applies to follow from the kinds' traits alone.
TEST(FilterOperators, ApplyByTheTraitsOfTheKind) {
  auto names_for = [](ValueKind kind) {
    std::vector<std::string> names;
    for (const FilterOperator& op : kFilterOperators) {
      if (filter_applies(op, kind)) {
        names.emplace_back(op.name);
      }
    }
    return names;
  };
  const std::vector<std::string> everything = {"eq",  "ne", "in",  "null",     "lt",
                                               "lte", "gt", "gte", "contains", "startsWith"};
  const std::vector<std::string> ordered = {"eq", "ne", "in", "null", "lt", "lte", "gt", "gte"};
  const std::vector<std::string> equality = {"eq", "ne", "in", "null"};
  EXPECT_EQ(names_for(ValueKind::kString), everything);
  for (ValueKind kind : {ValueKind::kInteger, ValueKind::kFloat, ValueKind::kDecimal,
                         ValueKind::kTimestamp, ValueKind::kDate}) {
    EXPECT_EQ(names_for(kind), ordered) << static_cast<int>(kind);
  }
  for (ValueKind kind : {ValueKind::kBool, ValueKind::kUuid, ValueKind::kEnum, ValueKind::kBytes}) {
    EXPECT_EQ(names_for(kind), equality) << static_cast<int>(kind);
  }
}

// Every row renders a condition on its column; only a boolean operand binds nothing and has a
// condition for false.
TEST(FilterOperators, EveryRowIsComplete) {
  std::set<std::string_view> names;
  for (const FilterOperator& op : kFilterOperators) {
    EXPECT_TRUE(names.insert(op.name).second) << op.name << " twice";
    EXPECT_FALSE(op.description.empty()) << op.name;
    EXPECT_NE(op.sql.find("{column}"), std::string_view::npos) << op.name;
    bool boolean = op.operand == FilterOperand::kBoolean;
    EXPECT_EQ(op.sql.find("{value}") == std::string_view::npos, boolean) << op.name;
    EXPECT_EQ(op.sql_if_false.empty(), !boolean) << op.name;
  }
  EXPECT_NE(find_filter_operator(kDefaultFilterOperator), nullptr);
}

}  // namespace
}  // namespace svcgen
