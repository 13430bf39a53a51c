// Deleting a row that soft-deleted rows still refer to, on the generated services against
// PostgreSQL: the bookstore (Order -> Book, restrict; Review -> Book, cascade) and the sales golden
// service (tests/golden/soft_delete_refs: restrict, setNull, cascade, and rows further down the
// chain). Deleted referring rows never block a delete; live ones answer 409 naming their model
// and field, never a constraint.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "service_process.hpp"

namespace svcgen {
namespace {

using nlohmann::json;
using testing::expect_problem;
using testing::RawResponse;
using testing::ServiceProcess;

// Creates a resource and returns its key as JSON text: a number, or a quoted UUID.
std::string create(ServiceProcess& service, const std::string& collection, const json& body) {
  RawResponse created = service.send("POST", collection, body.dump());
  EXPECT_EQ(created.status, 201) << collection << ": " << created.body;
  json value = json::parse(created.body, nullptr, false);
  return value.is_object() ? value["id"].dump() : "";
}

std::string unquoted(const std::string& key) {
  return key.size() >= 2 && key.front() == '"' ? key.substr(1, key.size() - 2) : key;
}

// A 409 whose detail is `detail` exactly, so it can name no constraint.
void expect_referenced(const RawResponse& response, const std::string& detail) {
  expect_problem(response, 409);
  json problem = json::parse(response.body, nullptr, false);
  EXPECT_EQ(problem["detail"], detail) << response.body;
  EXPECT_EQ(response.body.find("_fkey"), std::string::npos) << response.body;
}

class SoftDeletedReferences : public ::testing::Test {
 protected:
  ServiceProcess service{SVCGEN_SALES};
  const std::string any = "If-Match: *\r\n";

  std::string sale(const std::string& label) {
    return create(service, "/api/sales", {{"label", label}});
  }
  std::string order(const std::string& sale_id, const json& extra = json::object()) {
    json body = extra;
    body["sale_id"] = std::stol(sale_id);
    return create(service, "/api/orders", body);
  }
  RawResponse remove(const std::string& path) { return service.send("DELETE", path, "", any); }
  std::string count(const std::string& table, const std::string& where) {
    return service.sql("SELECT count(*) FROM " + table + " WHERE " + where);
  }
};

TEST_F(SoftDeletedReferences, OnlyDeletedOrdersArePurgedWithTheSale) {
  std::string kept = sale("kept");
  std::string gone = sale("gone");
  std::string first = order(gone);
  std::string second = order(gone);
  std::string other = order(kept);
  for (const std::string& id : {first, second, other}) {
    ASSERT_EQ(remove("/api/orders/" + id).status, 204);
  }
  ASSERT_EQ(count("orders", "deleted_at IS NOT NULL"), "3");

  EXPECT_EQ(remove("/api/sales/" + gone).status, 204);
  EXPECT_EQ(count("sales", "id = " + gone), "0");
  EXPECT_EQ(count("orders", "sale_id = " + gone), "0");
  // Another sale's deleted order stays, and so does that sale.
  EXPECT_EQ(count("orders", "sale_id = " + kept), "1");
  EXPECT_EQ(service.send("GET", "/api/sales/" + kept).status, 200);
}

TEST_F(SoftDeletedReferences, ALiveOrderBlocksAndNothingIsPurged) {
  std::string id = sale("busy");
  std::string deleted = order(id);
  order(id);
  ASSERT_EQ(remove("/api/orders/" + deleted).status, 204);

  expect_referenced(remove("/api/sales/" + id),
                    "the sale is still referenced by Order.sale_id; delete those first");
  // The statement failed as a whole: the deleted order is still there.
  EXPECT_EQ(count("orders", "sale_id = " + id), "2");
  EXPECT_EQ(service.send("GET", "/api/sales/" + id).status, 200);
}

TEST_F(SoftDeletedReferences, AStaleOrMissingSalePurgesNothing) {
  std::string id = sale("locked");
  std::string deleted = order(id);
  ASSERT_EQ(remove("/api/orders/" + deleted).status, 204);
  expect_problem(service.send("DELETE", "/api/sales/" + id, "", "If-Match: \"7\"\r\n"), 412);
  EXPECT_EQ(count("orders", "sale_id = " + id), "1");
  EXPECT_EQ(service.send("DELETE", "/api/sales/" + id, "", "If-Match: \"1\"\r\n").status, 204);
  EXPECT_EQ(count("orders", "sale_id = " + id), "0");
  expect_problem(remove("/api/sales/" + id), 404);
}

TEST_F(SoftDeletedReferences, SetNullDetachesDeletedAndLiveOrders) {
  std::string own = sale("own");
  std::string referrer = sale("referrer");
  std::string live = order(own, {{"referrer_id", std::stol(referrer)}});
  std::string deleted = order(own, {{"referrer_id", std::stol(referrer)}});
  ASSERT_EQ(remove("/api/orders/" + deleted).status, 204);

  EXPECT_EQ(remove("/api/sales/" + referrer).status, 204);
  EXPECT_EQ(count("orders", "referrer_id IS NULL AND sale_id = " + own), "2");
  json read = service.body(service.send("GET", "/api/orders/" + live));
  EXPECT_EQ(read["referrer_id"], nullptr);
  EXPECT_EQ(read["sale_id"], std::stol(own));
}

TEST_F(SoftDeletedReferences, CascadeTakesShipmentsAndPurgesTheirDeletedParcels) {
  std::string id = sale("shipped");
  std::string live = create(service, "/api/shipments", {{"sale_id", std::stol(id)}});
  std::string deleted = create(service, "/api/shipments", {{"sale_id", std::stol(id)}});
  std::string parcel =
      create(service, "/api/parcels", {{"shipment_id", std::stol(live)}, {"weight", 3}});
  ASSERT_EQ(remove("/api/parcels/" + parcel).status, 204);
  ASSERT_EQ(remove("/api/shipments/" + deleted).status, 204);

  EXPECT_EQ(remove("/api/sales/" + id).status, 204);
  EXPECT_EQ(count("shipments", "true"), "0");
  EXPECT_EQ(count("parcels", "true"), "0");
}

TEST_F(SoftDeletedReferences, ALiveParcelOfACascadedShipmentBlocks) {
  std::string id = sale("parcelled");
  std::string shipment = create(service, "/api/shipments", {{"sale_id", std::stol(id)}});
  create(service, "/api/parcels", {{"shipment_id", std::stol(shipment)}, {"weight", 1}});
  expect_referenced(remove("/api/sales/" + id),
                    "the sale is still referenced by Parcel.shipment_id, through "
                    "Shipment.sale_id; delete those first");
  EXPECT_EQ(count("shipments", "sale_id = " + id), "1");
}

TEST_F(SoftDeletedReferences, DeletedLinesOfDeletedOrdersArePurgedToo) {
  std::string id = sale("lined");
  std::string deleted = order(id);
  std::string line =
      create(service, "/api/lines", {{"order_id", std::stol(deleted)}, {"item", "pen"}});
  ASSERT_EQ(remove("/api/lines/" + line).status, 204);
  ASSERT_EQ(remove("/api/orders/" + deleted).status, 204);

  EXPECT_EQ(remove("/api/sales/" + id).status, 204);
  EXPECT_EQ(count("orders", "true"), "0");
  EXPECT_EQ(count("lines", "true"), "0");
}

// A live line of a deleted order refers to a row the API no longer shows; the delete cannot purge
// the order under it, and says which reference holds it.
TEST_F(SoftDeletedReferences, ALiveLineOfADeletedOrderBlocks) {
  std::string id = sale("held");
  std::string deleted = order(id);
  create(service, "/api/lines", {{"order_id", std::stol(deleted)}, {"item", "pen"}});
  ASSERT_EQ(remove("/api/orders/" + deleted).status, 204);

  expect_referenced(remove("/api/sales/" + id),
                    "the sale is still referenced by Line.order_id, through Order.sale_id; delete "
                    "those first");
  EXPECT_EQ(count("orders", "sale_id = " + id), "1");
  EXPECT_EQ(count("lines", "true"), "1");
}

TEST(BookstoreSoftDeletedOrders, DoNotBlockTheirBookAndLiveOnesAreNamed) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  std::string author = create(service, "/api/authors", {{"name", "A"}});
  json book = {{"title", "T"}, {"price", "1.00"}, {"author_id", std::stol(author)}};
  std::string sold = create(service, "/api/books", book);
  std::string reviewed = create(service, "/api/books", book);
  json order = {
      {"book_id", std::stol(sold)}, {"customer_email", "c@example.com"}, {"total", "1.00"}};
  std::string live = unquoted(create(service, "/api/orders", order));
  std::string deleted = unquoted(create(service, "/api/orders", order));
  ASSERT_EQ(service.send("DELETE", "/api/orders/" + deleted, "", "If-Match: *\r\n").status, 204);

  expect_referenced(service.send("DELETE", "/api/books/" + sold),
                    "the book is still referenced by Order.book_id; delete those first");
  expect_referenced(service.send("DELETE", "/api/authors/" + author),
                    "the author is still referenced by Book.author_id; delete those first");
  ASSERT_EQ(service.send("DELETE", "/api/orders/" + live, "", "If-Match: *\r\n").status, 204);
  EXPECT_EQ(service.send("DELETE", "/api/books/" + sold).status, 204);
  EXPECT_EQ(service.sql("SELECT count(*) FROM orders"), "0");

  // cascade: the reviews go with their book.
  create(service, "/api/reviews",
         {{"book_id", std::stol(reviewed)}, {"rating", 4}, {"reviewer", "r"}});
  EXPECT_EQ(service.send("DELETE", "/api/books/" + reviewed).status, 204);
  EXPECT_EQ(service.sql("SELECT count(*) FROM reviews"), "0");
}

}  // namespace
}  // namespace svcgen
