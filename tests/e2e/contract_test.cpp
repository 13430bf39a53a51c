// Every response the generated bookstore gives in a session that covers every operation and
// every documented error status must be one its OpenAPI document describes.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "service_process.hpp"

namespace svcgen {
namespace {

using nlohmann::json;
using testing::ServiceProcess;

TEST(Contract, EveryResponseMatchesTheOpenApiDocument) {
  ServiceProcess service(
      SVCGEN_BOOKSTORE,
      {{"MAX_BODY_BYTES", "4096"}, {"DB_STATEMENT_TIMEOUT", "300ms"}, {"DB_LOCK_TIMEOUT", "10s"}});
  auto post = [&](const std::string& path, const json& body) {
    return service.send("POST", path, body.dump());
  };
  long author = json::parse(post("/api/authors", {{"name", "A"}}).body)["id"];
  std::string book_path =
      post("/api/books", {{"title", "T"}, {"price", "1.00"}, {"author_id", author}})
          .header("location");
  post("/api/books", {{"title", ""}, {"price", 1}});
  post("/api/books", {{"title", "T2"}, {"price", "1.00"}, {"author_id", 999}});
  service.send("POST", "/api/books", "{bad");
  service.send("POST", "/api/books", "{}", "", "text/plain");
  service.send("GET", book_path);
  service.send("GET", "/api/books/999");
  service.send("GET", "/api/books?price[gte]=0&sort=-title&limit=1");
  service.send("GET", "/api/books?colour=red");
  service.send("PUT", book_path,
               json{{"title", "T3"}, {"price", "2.00"}, {"author_id", author}}.dump());
  service.send("PATCH", book_path, R"({"status": "published"})", "",
               "application/merge-patch+json");
  service.send("PATCH", book_path, R"({"title": null})");
  service.send("DELETE", "/api/authors/" + std::to_string(author));
  long review_book = json::parse(
      post("/api/books", {{"title", "R"}, {"price", "1.00"}, {"author_id", author}}).body)["id"];
  post("/api/reviews", {{"book_id", review_book}, {"rating", 4}, {"reviewer", "me"}});
  service.send("GET", "/api/reviews");
  std::string order_path =
      post("/api/orders",
           {{"book_id", review_book}, {"customer_email", "c@example.com"}, {"total", "3.00"}})
          .header("location");
  service.send("GET", order_path);
  service.send("PATCH", order_path, R"({"state": "paid"})");
  service.send("PATCH", order_path, R"({"state": "paid"})", "If-Match: \"9\"\r\n");
  service.send("PATCH", order_path, R"({"state": "paid"})", "If-Match: \"1\"\r\n");
  service.send("DELETE", order_path, "", "If-Match: \"2\"\r\n");
  service.send("GET", "/api/orders?state=paid");
  service.send("DELETE", book_path);
  service.send("POST", "/api/authors", std::string(5000, ' '));
  {
    testing::TableLock lock(service, "books");
    service.send("GET", "/api/books");
    service.send("POST", "/api/books",
                 json{{"title", "L"}, {"price", "1.00"}, {"author_id", author}}.dump());
  }

  ServiceProcess outage(SVCGEN_BOOKSTORE, {{"DB_WRITE_URL", testing::unreachable_database_url()},
                                           {"AUTO_MIGRATE", "false"}});
  outage.send("GET", "/api/books");
  outage.send("GET", "/api/books/1");
  outage.send("POST", "/api/authors", R"({"name": "A"})");
  outage.send("PATCH", "/api/orders/00000000-0000-0000-0000-000000000001", R"({"state": "paid"})");
  outage.send("DELETE", "/api/reviews/1");

  json exchanges = service.records();
  exchanges.insert(exchanges.end(), outage.records().begin(), outage.records().end());
  std::set<int> statuses;
  for (const json& exchange : exchanges) {
    statuses.insert(exchange["status"].get<int>());
  }
  EXPECT_EQ(statuses,
            (std::set<int>{200, 201, 204, 400, 404, 409, 412, 413, 415, 422, 428, 503, 504}));

  std::string records =
      (std::filesystem::temp_directory_path() / ("svcgen-contract-" + service.schema() + ".json"))
          .string();
  std::ofstream(records) << exchanges.dump();
  std::string command = std::string(SVCGEN_SCHEMA_PYTHON) + " " + SVCGEN_CHECK_OPENAPI +
                        " responses " + SVCGEN_BOOKSTORE_OPENAPI + " " + records;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace svcgen
