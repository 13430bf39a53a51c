// How the runtime names what does not fit when PostgreSQL refuses a statement.
#include "db/schema_fit.hpp"

#include <gtest/gtest.h>

namespace svcgen {
namespace {

const char* kSelect = "SELECT id, total FROM orders WHERE id = $1::uuid AND deleted_at IS NULL";
const char* kInsert = "INSERT INTO orders (book_id, total) VALUES ($1, $2) RETURNING id";
const char* kUpdate = "UPDATE \"orders\" SET total = $1 WHERE id = $2";

TEST(SchemaFit, TheTableIsFoundFromTheStatement) {
  EXPECT_EQ(table_of(kSelect), "orders");
  EXPECT_EQ(table_of(kInsert), "orders");
  EXPECT_EQ(table_of(kUpdate), "orders");
  EXPECT_EQ(table_of("DELETE FROM shop.orders WHERE id = $1"), "orders");
  EXPECT_EQ(table_of("select x from\n  books"), "books");
  // A name merely containing a keyword is not one.
  EXPECT_EQ(table_of("SELECT fromage, intox FROM cheeses"), "cheeses");
  // Nothing to find: the message stays without a table rather than naming a wrong one.
  EXPECT_EQ(table_of("SELECT 1"), "");
}

TEST(SchemaFit, AMissingColumnIsNamedWithItsTable) {
  EXPECT_EQ(describe_mismatch("column \"total\" does not exist", kSelect),
            "column orders.total does not exist");
  // INSERT and UPDATE targets: PostgreSQL names the relation itself.
  EXPECT_EQ(describe_mismatch("column \"total\" of relation \"orders\" does not exist", kInsert),
            "column orders.total does not exist");
  EXPECT_EQ(describe_mismatch("column \"total\" of relation \"invoices\" does not exist", kInsert),
            "column invoices.total does not exist");
  // Already qualified by an alias: kept.
  EXPECT_EQ(describe_mismatch("column o.total does not exist", kSelect),
            "column o.total does not exist");
  // Without a table in the SQL the column is named alone.
  EXPECT_EQ(describe_mismatch("column \"total\" does not exist", "SELECT total"),
            "column total does not exist");
}

TEST(SchemaFit, OtherMismatchesAreNamed) {
  EXPECT_EQ(describe_mismatch("relation \"orders\" does not exist", kSelect),
            "table orders does not exist");
  EXPECT_EQ(describe_mismatch("column \"total\" is of type bigint but expression is of type text",
                              kInsert),
            "column orders.total is of type bigint but expression is of type text");
  EXPECT_EQ(describe_mismatch("function svcgen_price(integer) does not exist", kSelect),
            "function svcgen_price(integer) does not exist");
  EXPECT_EQ(describe_mismatch("cached plan must not change result type", kSelect),
            "cached plan must not change result type");
}

TEST(SchemaFit, OnlySchemaErrorsAreMismatches) {
  for (const char* sqlstate : {"42703", "42P01", "42883", "42804"}) {
    EXPECT_TRUE(is_schema_mismatch(sqlstate)) << sqlstate;
  }
  // Syntax errors, permissions and constraint violations are something else.
  for (const char* sqlstate : {"42601", "42501", "23505", "0A000", ""}) {
    EXPECT_FALSE(is_schema_mismatch(sqlstate)) << sqlstate;
  }
  EXPECT_TRUE(is_stale_plan("0A000", "cached plan must not change result type"));
  // Another unsupported feature is not a stale plan.
  EXPECT_FALSE(is_stale_plan("0A000", "FOR UPDATE is not allowed with aggregate functions"));
  EXPECT_FALSE(is_stale_plan("42703", "cached plan must not change result type"));
}

}  // namespace
}  // namespace svcgen
