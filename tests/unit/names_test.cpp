#include "ir/names.hpp"

#include <gtest/gtest.h>

namespace svcgen::names {
namespace {

TEST(Names, SnakeCase) {
  EXPECT_EQ(snake_case("BookReview"), "book_review");
  EXPECT_EQ(snake_case("Book"), "book");
  EXPECT_EQ(snake_case("HTTPRequest"), "http_request");
  EXPECT_EQ(snake_case("Order2Item"), "order2_item");
  EXPECT_EQ(snake_case("already_snake"), "already_snake");
}

TEST(Names, PascalAndCamelCase) {
  EXPECT_EQ(pascal_case("author_id"), "AuthorId");
  EXPECT_EQ(pascal_case("BookReview"), "BookReview");
  EXPECT_EQ(camel_case("book_review"), "bookReview");
}

TEST(Names, PluralisesByTheOneRule) {
  EXPECT_EQ(pluralize("book_review"), "book_reviews");
  EXPECT_EQ(pluralize("category"), "categories");
  EXPECT_EQ(pluralize("box"), "boxes");
  EXPECT_EQ(pluralize("bus"), "buses");
  EXPECT_EQ(pluralize("quiz"), "quizes");
  EXPECT_EQ(pluralize("match"), "matches");
  EXPECT_EQ(pluralize("wish"), "wishes");
  EXPECT_EQ(pluralize("day"), "days");
  EXPECT_EQ(pluralize("person"), "persons");
  EXPECT_EQ(pluralize("BookReview"), "BookReviews");
  EXPECT_EQ(pluralize("Category"), "Categories");
}

TEST(Names, QuotesSqlKeywordsOnly) {
  EXPECT_EQ(sql_identifier("title"), "title");
  EXPECT_EQ(sql_identifier("order"), "\"order\"");
  EXPECT_EQ(sql_identifier("user"), "\"user\"");
  EXPECT_EQ(sql_identifier("group"), "\"group\"");
  EXPECT_EQ(sql_identifier("select"), "\"select\"");
  EXPECT_EQ(sql_identifier("default"), "\"default\"");
  EXPECT_EQ(sql_identifier("delete"), "\"delete\"");
  EXPECT_EQ(sql_identifier("MixedCase"), "\"MixedCase\"");
  EXPECT_EQ(sql_identifier("a\"b"), "\"a\"\"b\"");
}

TEST(Names, EscapesCppKeywordsAndMacros) {
  EXPECT_EQ(cpp_identifier("class"), "class_");
  EXPECT_EQ(cpp_identifier("delete"), "delete_");
  EXPECT_EQ(cpp_identifier("default"), "default_");
  EXPECT_EQ(cpp_identifier("errno"), "errno_");
  EXPECT_EQ(cpp_identifier("linux"), "linux_");
  EXPECT_EQ(cpp_identifier("order"), "order");
}

TEST(Names, EditDistance) {
  EXPECT_EQ(edit_distance("strng", "string"), 1);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("Type", "type"), 0);
}

}  // namespace
}  // namespace svcgen::names
