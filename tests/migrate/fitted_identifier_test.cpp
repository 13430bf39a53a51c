// The names a migration derives (shadow columns, their constraints and indexes, sync triggers)
// within PostgreSQL's 63 bytes: cut by svcgen, never by the server, and never into one another.
#include <gtest/gtest.h>

#include "migrate/schema.hpp"

namespace svcgen::migrate {
namespace {

TEST(FittedIdentifier, KeepsANameThatFits) {
  EXPECT_EQ(fitted_identifier("books_price", "_svcgen_7_check"), "books_price_svcgen_7_check");
  std::string exactly(63 - 6, 'a');
  EXPECT_EQ(fitted_identifier(exactly, "_check"), exactly + "_check");
}

TEST(FittedIdentifier, CutsTheStemOfALongNameAndKeepsItsSuffix) {
  std::string stem(60, 'a');
  std::string name = fitted_identifier(stem, "_svcgen_12_check");
  EXPECT_EQ(name.size(), 63U);
  EXPECT_EQ(name.substr(name.size() - 16), "_svcgen_12_check");
  EXPECT_EQ(name.substr(0, 38), stem.substr(0, 38));
  EXPECT_EQ(name, fitted_identifier(stem, "_svcgen_12_check")) << "the same name every time";
}

// PostgreSQL's own truncation would make these two one name.
TEST(FittedIdentifier, LongNamesSharingTheirFirst63BytesStayApart) {
  std::string common(70, 'x');
  EXPECT_NE(fitted_identifier(common + "_a", "_idx"), fitted_identifier(common + "_b", "_idx"));
  EXPECT_NE(fitted_identifier(common, "_svcgen_2"), fitted_identifier(common, "_svcgen_3"));
}

}  // namespace
}  // namespace svcgen::migrate
