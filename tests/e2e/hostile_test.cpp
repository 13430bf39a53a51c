// Hostile requests against the generated bookstore: each must end in the documented status with
// a problem+json body (never a 500, a crash or a hang), the service must stay healthy, and the
// table must hold exactly what the accepted requests wrote.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "service_process.hpp"

namespace svcgen {
namespace {

using nlohmann::json;
using testing::expect_problem;
using testing::RawResponse;
using testing::ServiceProcess;

struct Case {
  std::string what;
  std::string body;
  int status;
  std::string pointer;  // the field the problem must name, if any
};

std::string book(const std::string& fields, long author) {
  return R"({"price": "1.00", "author_id": )" + std::to_string(author) + fields + "}";
}

std::string repeat(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

TEST(Hostile, BodiesEndInTheirProblemAndWriteNothing) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  RawResponse author_created = service.send("POST", "/api/authors", R"({"name": "A"})");
  ASSERT_EQ(author_created.status, 201) << author_created.body;
  long author = service.body(author_created)["id"];
  std::string e_acute = "\xC3\xA9";
  std::string deep = repeat("[", 10000) + repeat("]", 10000);
  std::vector<Case> cases = {
      {"truncated JSON", R"({"title": "x", "price": )", 400, ""},
      {"not JSON", "title=x", 400, ""},
      {"not an object", R"(["title"])", 400, ""},
      {"a bare number", "42", 400, ""},
      {"NaN", book(R"(, "title": NaN)", author), 400, ""},
      {"Infinity", book(R"(, "title": Infinity)", author), 400, ""},
      {"a number no double holds", book(R"(, "title": "x", "tags": 1e400)", author), 400, ""},
      {"invalid UTF-8", book(", \"title\": \"\xFF\xFE\"", author), 400, ""},
      {"duplicate keys", book(R"(, "title": "a", "title": "b")", author), 400, ""},
      {"a string for a reference", R"({"title": "x", "price": "1.00", "author_id": "1"})", 422,
       "/author_id"},
      {"int64 overflow", R"({"title": "x", "price": "1.00", "author_id": 9223372036854775808})",
       422, "/author_id"},
      {"a number for a string", book(R"(, "title": 12)", author), 422, "/title"},
      {"an object for a decimal", R"({"title": "x", "price": {}, "author_id": 1})", 422, "/price"},
      {"a decimal with too many places",
       R"({"title": "x", "price": "1.001", "author_id": )" + std::to_string(author) + "}", 422,
       "/price"},
      {"an unknown enum member", book(R"(, "title": "x", "status": "lost")", author), 422,
       "/status"},
      {"an impossible date", book(R"(, "title": "x", "published_on": "2023-02-29")", author), 422,
       "/published_on"},
      {"201 characters, 402 bytes", book(", \"title\": \"" + repeat(e_acute, 201) + "\"", author),
       422, "/title"},
      {"an empty title", book(R"(, "title": "")", author), 422, "/title"},
      {"a NUL character", book(R"(, "title": "a\u0000b")", author), 422, "/title"},
      {"a read-only field", book(R"(, "title": "x", "id": 5)", author), 422, "/id"},
      {"an unknown field", book(R"(, "title": "x", "owner": "me")", author), 422, "/owner"},
      {"10,000 nested arrays", book(R"(, "title": "x", "tags": )" + deep, author), 400, ""},
      {"duplicate keys, nested", book(R"(, "title": "x", "tags": {"a": 1, "a": 2})", author), 400,
       ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    expect_problem(service.send("POST", "/api/books", c.body), c.status, c.pointer);
  }
  EXPECT_EQ(service.sql("SELECT count(*) FROM books"), "0") << "a refused request wrote";

  // 512 levels are accepted (and written back, which recurses once per level).
  std::string nested_512 = repeat("[", 511) + repeat("]", 511);
  RawResponse nested = service.send("POST", "/api/books",
                                    book(R"(, "title": "deep", "tags": )" + nested_512, author));
  ASSERT_EQ(nested.status, 201) << nested.body.substr(0, 300);
  EXPECT_EQ(service.body(nested)["tags"].dump(), nested_512);
  ASSERT_EQ(service.send("DELETE", nested.header("location")).status, 204);

  // At the limit in characters (400 bytes of UTF-8) is accepted: the limit counts characters.
  RawResponse at_limit = service.send(
      "POST", "/api/books", book(", \"title\": \"" + repeat(e_acute, 200) + "\"", author));
  ASSERT_EQ(at_limit.status, 201) << at_limit.body;
  EXPECT_EQ(service.body(at_limit)["title"], repeat(e_acute, 200));
  EXPECT_EQ(service.sql("SELECT count(*) FROM books"), "1");
  EXPECT_EQ(service.send("GET", "/health").status, 200);
}

TEST(Hostile, InjectionInQueryAndPathNeverReachesTheSql) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  RawResponse author_created = service.send("POST", "/api/authors", R"({"name": "A"})");
  ASSERT_EQ(author_created.status, 201) << author_created.body;
  long author = service.body(author_created)["id"];
  ASSERT_EQ(service.send("POST", "/api/books", book(R"(, "title": "kept")", author)).status, 201);
  std::string drop = "x'%3B%20DROP%20TABLE%20books%3B--";
  json found = service.body(service.send("GET", "/api/books?title=" + drop));
  EXPECT_TRUE(found["items"].empty());
  json in_list =
      service.body(service.send("GET", "/api/books?title[in]=" + drop + ",kept%27)%20OR%201=1--"));
  EXPECT_TRUE(in_list["items"].empty()) << in_list;
  expect_problem(service.send("GET", "/api/books?sort=title%3BDROP%20TABLE%20books"), 400);
  expect_problem(service.send("GET", "/api/books?sort=-pg_sleep(5)"), 400);
  expect_problem(service.send("GET", "/api/books?limit=1%20OR%201=1"), 400);
  expect_problem(service.send("GET", "/api/books?bogus=1"), 400);
  expect_problem(service.send("GET", "/api/books?price[gt]=1%20OR%201=1"), 400);
  // A key that is not an id names no book: 404, as for any id that does not exist.
  expect_problem(service.send("GET", "/api/books/1%20OR%201=1"), 404);
  expect_problem(service.send("GET", "/api/books/" + drop), 404);
  expect_problem(service.send("DELETE", "/api/books/1;DROP%20TABLE%20books"), 404);
  EXPECT_EQ(service.sql("SELECT count(*) FROM books"), "1");
}

TEST(Hostile, EveryMethodOnEveryRouteAnswersFromTheContract) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  for (const char* collection : {"/api/authors", "/api/books", "/api/reviews", "/api/orders"}) {
    for (const char* method : {"PUT", "PATCH", "DELETE"}) {
      SCOPED_TRACE(std::string(method) + " " + collection);
      RawResponse response = service.send(method, collection, "{}");
      expect_problem(response, 405);
      EXPECT_NE(response.header("allow").find("GET"), std::string::npos)
          << response.header("allow");
    }
    std::string item = std::string(collection) + "/1";
    expect_problem(service.send("POST", item, "{}"), 405);
    expect_problem(service.send("TRACE", item), 405);
    expect_problem(service.send("POST", collection, "<x/>", "", "application/xml"), 415);
  }
  expect_problem(service.send("GET", "/api/nothing"), 404);
  EXPECT_EQ(service.send("GET", "/health").status, 200);
}

}  // namespace
}  // namespace svcgen
