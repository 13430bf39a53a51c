// The generated bookstore while a migration changes a table under it: a renamed or dropped
// column breaks only the operations of that table, with the mismatch named, the others keep
// serving, /ready names the statement, and everything recovers once the column is back; a
// column type change under a prepared statement is retried within the request.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "service_process.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::RawResponse;
using testing::ServiceProcess;

// The bookstore embeds one migration, and AUTO_MIGRATE applied it.
const std::string kTotalMissing =
    "column orders.total does not exist; this instance expects schema version 1, the database "
    "is at 1";

struct Shop {
  long author = 0;
  long book = 0;
  std::string order;  // its path
};

Shop fill(ServiceProcess& service) {
  Shop shop;
  RawResponse author = service.send("POST", "/api/authors", R"({"name": "A"})");
  EXPECT_EQ(author.status, 201) << author.body;
  shop.author = service.body(author)["id"];
  RawResponse book =
      service.send("POST", "/api/books",
                   json{{"title", "B"}, {"price", "5.00"}, {"author_id", shop.author}}.dump());
  EXPECT_EQ(book.status, 201) << book.body;
  shop.book = service.body(book)["id"];
  RawResponse order = service.send(
      "POST", "/api/orders",
      json{{"book_id", shop.book}, {"customer_email", "c@example.com"}, {"total", "9.50"}}.dump());
  EXPECT_EQ(order.status, 201) << order.body;
  shop.order = order.header("location");
  return shop;
}

void expect_mismatch(ServiceProcess& service, const RawResponse& response,
                     const std::string& detail) {
  EXPECT_EQ(response.status, 503) << response.body;
  EXPECT_EQ(response.header("retry-after"), "1");
  EXPECT_EQ(service.body(response)["detail"], detail) << response.body;
}

// Every route of the models the change did not touch answers as before.
void expect_other_models_serve(ServiceProcess& service, const Shop& shop, const std::string& tag) {
  EXPECT_EQ(service.send("GET", "/api/authors/" + std::to_string(shop.author)).status, 200);
  EXPECT_EQ(service.send("GET", "/api/authors").status, 200);
  EXPECT_EQ(service.send("GET", "/api/books/" + std::to_string(shop.book)).status, 200);
  EXPECT_EQ(service.send("GET", "/api/books").status, 200);
  RawResponse created = service.send("POST", "/api/authors", json{{"name", "other " + tag}}.dump());
  EXPECT_EQ(created.status, 201) << created.body;
  RawResponse review =
      service.send("POST", "/api/reviews",
                   json{{"book_id", shop.book}, {"rating", 4}, {"reviewer", "r " + tag}}.dump());
  EXPECT_EQ(review.status, 201) << review.body;
}

bool ready_within(ServiceProcess& service, std::chrono::seconds bound) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (service.send("GET", "/ready").status == 200) {
      return true;
    }
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

void expect_break_and_recovery(const std::string& change, const std::string& restore) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  Shop shop = fill(service);
  ASSERT_EQ(service.send("GET", shop.order).status, 200);

  service.sql(change);
  expect_mismatch(service, service.send("GET", shop.order), kTotalMissing);
  expect_mismatch(service, service.send("GET", "/api/orders"), kTotalMissing);
  expect_mismatch(
      service,
      service.send(
          "POST", "/api/orders",
          json{{"book_id", shop.book}, {"customer_email", "d@example.com"}, {"total", "1.00"}}
              .dump()),
      kTotalMissing);
  expect_other_models_serve(service, shop, "during");

  RawResponse ready = service.send("GET", "/ready");
  EXPECT_EQ(ready.status, 503) << ready.body;
  std::string reason = service.body(ready)["reason"];
  EXPECT_EQ(reason.rfind("statement order_find does not fit the schema: " + kTotalMissing, 0), 0u)
      << reason;

  service.sql(restore);
  // Nobody but the readiness probe asks: the statements recover by themselves.
  ASSERT_TRUE(ready_within(service, 30s)) << service.send("GET", "/ready").body;
  EXPECT_EQ(service.send("GET", shop.order).status, 200);
  EXPECT_EQ(service.send("GET", "/api/orders").status, 200);
  RawResponse created = service.send(
      "POST", "/api/orders",
      json{{"book_id", shop.book}, {"customer_email", "e@example.com"}, {"total", "2.00"}}.dump());
  EXPECT_EQ(created.status, 201) << created.body;
  expect_other_models_serve(service, shop, "after");
}

TEST(SchemaChange, ARenamedColumnBreaksOnlyItsTableUntilItIsBack) {
  expect_break_and_recovery("ALTER TABLE orders RENAME COLUMN total TO total_old",
                            "ALTER TABLE orders RENAME COLUMN total_old TO total");
}

TEST(SchemaChange, ADroppedColumnBreaksOnlyItsTableUntilItIsBack) {
  expect_break_and_recovery(
      "ALTER TABLE orders DROP COLUMN total",
      "ALTER TABLE orders ADD COLUMN total numeric(12,2) NOT NULL DEFAULT 0 CHECK (total >= 0)");
}

TEST(SchemaChange, AColumnTypeChangeUnderPreparedStatementsIsRetriedWithinTheRequest) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  Shop shop = fill(service);
  // Every statement of the order has been planned on the connection that serves it.
  ASSERT_EQ(service.send("GET", shop.order).status, 200);
  ASSERT_EQ(service.send("GET", "/api/orders").status, 200);

  service.sql("ALTER TABLE orders ALTER COLUMN quantity TYPE bigint");
  RawResponse found = service.send("GET", shop.order);
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(service.body(found)["quantity"], 1);
  RawResponse listed = service.send("GET", "/api/orders");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(service.body(listed)["items"].size(), 1u);
  EXPECT_EQ(service.send("GET", "/ready").status, 200);
}

}  // namespace
}  // namespace svcgen
