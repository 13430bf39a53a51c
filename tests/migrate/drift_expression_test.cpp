// How the drift check reads PostgreSQL's own spelling of defaults, predicates and checks back into
// the snapshot's form: the catalog texts below are what pg_get_expr and pg_get_constraintdef
// print for what the migrations write.
#include <gtest/gtest.h>

#include "schema_check/shapes.hpp"

namespace svcgen::schema_check {
namespace {

TEST(DriftExpressions, CatalogSpellingsNormaliseToTheMigrationsOnes) {
  EXPECT_EQ(normalise_expression("'draft'::text"), "'draft'");
  EXPECT_EQ(normalise_expression("'x'::character varying"), "'x'");
  EXPECT_EQ(normalise_expression("'-1'::integer"), "-1");
  EXPECT_EQ(normalise_expression("(0)::numeric"), "0");
  EXPECT_EQ(normalise_expression("CURRENT_TIMESTAMP"), "now()");
  EXPECT_EQ(normalise_expression("now()"), "now()");
  EXPECT_EQ(normalise_expression("'{}'::jsonb"), "'{}'");
  EXPECT_EQ(normalise_expression("(deleted_at IS NULL)"), "deleted_at IS NULL");
  EXPECT_EQ(normalise_expression("gen_random_uuid()"), "gen_random_uuid()");
  // A cast inside a string literal is text, not a cast.
  EXPECT_EQ(normalise_expression("'a::text'::text"), "'a::text'");
}

TEST(DriftExpressions, CatalogTypesUseTheSnapshotsNames) {
  EXPECT_EQ(snapshot_type("character varying(200)"), "varchar(200)");
  EXPECT_EQ(snapshot_type("timestamp with time zone"), "timestamptz");
  EXPECT_EQ(snapshot_type("time without time zone"), "time");
  EXPECT_EQ(snapshot_type("numeric(12,2)"), "numeric(12,2)");
  EXPECT_EQ(snapshot_type("double precision"), "double precision");
}

TEST(DriftExpressions, ChecksReadBackIntoTheirParts) {
  CheckShape values = parse_check_definition(
      "s", "status",
      "CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b''c'::character "
      "varying])::text[])))");
  EXPECT_FALSE(values.unstructured);
  EXPECT_EQ(values.column, "status");
  EXPECT_EQ(values.values, (std::vector<std::string>{"a", "b'c"}));

  CheckShape range =
      parse_check_definition("q", "quantity", "CHECK (((quantity >= 1) AND (quantity <= 1000)))");
  EXPECT_EQ(range.minimum, "1");
  EXPECT_EQ(range.maximum, "1000");

  CheckShape numeric = parse_check_definition("p", "price", "CHECK ((price >= (0.5)::numeric))");
  EXPECT_EQ(numeric.minimum, "0.5");
  CheckShape negative = parse_check_definition("n", "n", "CHECK ((n >= '-5'::integer)) NOT VALID");
  EXPECT_EQ(negative.minimum, "-5");

  CheckShape length =
      parse_check_definition("t", "title", "CHECK ((char_length((title)::text) >= 1))");
  EXPECT_EQ(length.min_length, 1);

  // Anything else is kept whole, so the finding can show it.
  CheckShape other = parse_check_definition("o", "a", "CHECK ((a IS NOT NULL))");
  EXPECT_EQ(other.unstructured, "a IS NOT NULL");
}

}  // namespace
}  // namespace svcgen::schema_check
