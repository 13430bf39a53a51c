// The If-Match condition of conditional writes.
#include "svcgen/crud.hpp"

#include <gtest/gtest.h>

namespace svcgen {
namespace {

IfMatch condition_of(std::initializer_list<const char*> fields) {
  Request request;
  for (const char* field : fields) {
    request.headers.add("If-Match", field);
  }
  return required_if_match(request);
}

TEST(IfMatch, MissingAnswers428) {
  Request request;
  request.headers.add("If-None-Match", "\"1\"");
  try {
    required_if_match(request);
    FAIL() << "no 428";
  } catch (const ProblemError& error) {
    EXPECT_EQ(error.problem().status, 428);
  }
}

TEST(IfMatch, OneStrongTagIsWrittenAgainstWithoutLookingAtTheRow) {
  EXPECT_EQ(condition_of({"\"7\""}).single(), 7);
  EXPECT_EQ(condition_of({" \"7\"\t"}).single(), 7);
  EXPECT_EQ(condition_of({"\"7\", \"7\""}).single(), 7);
}

// "*" needs no look at the row: the statement itself matches any version.
TEST(IfMatch, StarAcceptsAnyCurrentVersion) {
  EXPECT_EQ(condition_of({"*"}).single(), kAnyVersion);
  EXPECT_EQ(condition_of({"\"1\", *"}).single(), kAnyVersion);
  EXPECT_EQ(condition_of({"*"}).version_to_write(12), 12);
}

TEST(IfMatch, ListsAcceptEachOfTheirTagsAndNothingElse) {
  IfMatch list = condition_of({"\"2\", \"3\"", "\"9\""});
  EXPECT_FALSE(list.single());
  EXPECT_EQ(list.version_to_write(2), 2);
  EXPECT_EQ(list.version_to_write(9), 9);
  EXPECT_EQ(list.version_to_write(4), 0);
}

// A strong comparison: weak tags, foreign tags and garbage name no version (412, not 400).
TEST(IfMatch, WeakForeignAndMalformedTagsMatchNothing) {
  for (const char* value : {"W/\"2\"", "\"abc\"", "\"0\"", "\"-1\"", "2", "\"2", "", ",,",
                            "\"99999999999999999999\""}) {
    IfMatch condition = condition_of({value});
    EXPECT_FALSE(condition.single()) << value;
    EXPECT_EQ(condition.version_to_write(2), 0) << value;
  }
  EXPECT_EQ(condition_of({"W/\"2\", \"3\""}).single(), 3);
}

}  // namespace
}  // namespace svcgen
