// The generated bookstore service, built from examples/bookstore/generated, run as a process
// against PostgreSQL and driven over HTTP: every operation, type round trips, every filter,
// pagination, and the error statuses of the contract.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>
#include <set>
#include <thread>

#include "service_process.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::expect_problem;
using testing::RawHttpClient;
using testing::RawResponse;
using testing::ServiceProcess;

long create_author(ServiceProcess& service, const std::string& name) {
  RawResponse created = service.send("POST", "/api/authors", json{{"name", name}}.dump());
  EXPECT_EQ(created.status, 201) << created.body;
  return service.body(created)["id"];
}
long create_book(ServiceProcess& service, long author, const std::string& title,
                 const std::string& price, json extra = json::object()) {
  extra["title"] = title;
  extra["price"] = price;
  extra["author_id"] = author;
  RawResponse created = service.send("POST", "/api/books", extra.dump());
  EXPECT_EQ(created.status, 201) << created.body;
  return service.body(created)["id"];
}
// An order of a new book; returns its path.
std::string create_order(ServiceProcess& service, const std::string& total) {
  long book = create_book(service, create_author(service, "A"), "B", "5.00");
  RawResponse created = service.send(
      "POST", "/api/orders",
      json{{"book_id", book}, {"customer_email", "c@example.com"}, {"total", total}}.dump());
  EXPECT_EQ(created.status, 201) << created.body;
  return created.header("location");
}

TEST(Bookstore, CrudRoundTripForEveryOperation) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  long author = create_author(service, "Ursula K. Le Guin");
  RawResponse created = service.send(
      "POST", "/api/books",
      R"({"title": "The Dispossessed", "price": "12345678.90", "author_id": )" +
          std::to_string(author) +
          R"(, "tags": {"genre": ["sf", "utopia"], "n": 1}, "published_on": "1974-05-01"})");
  ASSERT_EQ(created.status, 201) << created.body;
  json book = service.body(created);
  EXPECT_EQ(created.header("location"), "/api/books/" + std::to_string(book["id"].get<long>()));
  EXPECT_EQ(book["price"], "12345678.90");
  EXPECT_EQ(book["status"], "draft");
  EXPECT_EQ(book["isbn"], nullptr);
  EXPECT_EQ(book["tags"], json({{"genre", {"sf", "utopia"}}, {"n", 1}}));
  EXPECT_EQ(book["published_on"], "1974-05-01");
  std::string path = created.header("location");

  json read = service.body(service.send("GET", path));
  EXPECT_EQ(read, book);

  RawResponse replaced = service.send(
      "PUT", path,
      R"({"title": "The Dispossessed: An Ambiguous Utopia", "price": "9.99", "status": "published", "author_id": )" +
          std::to_string(author) + "}");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  json after_put = service.body(replaced);
  EXPECT_EQ(after_put["tags"], nullptr);  // a full replacement: left-out optional fields clear
  EXPECT_EQ(after_put["status"], "published");
  EXPECT_GT(after_put["updated_at"].get<std::string>(), book["updated_at"].get<std::string>());

  RawResponse patched =
      service.send("PATCH", path, R"({"isbn": "978-0-06-051275-6", "published_on": null})", "",
                   "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(service.body(patched)["isbn"], "978-0-06-051275-6");
  EXPECT_EQ(service.body(patched)["title"], "The Dispossessed: An Ambiguous Utopia");
  expect_problem(service.send("PATCH", path, R"({"title": null})"), 422, "/title");

  json list = service.body(service.send("GET", "/api/books"));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["next_cursor"], nullptr);

  EXPECT_EQ(service.send("DELETE", path).status, 204);
  expect_problem(service.send("GET", path), 404);
  expect_problem(service.send("DELETE", path), 404);
  expect_problem(service.send("PUT", path, R"({"title": "x", "price": "1", "author_id": 1})"), 404);
}

TEST(Bookstore, ValidationErrorsListEveryProblem) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  long author = create_author(service, "A");
  RawResponse bad = service.send(
      "POST", "/api/books",
      R"({"id": 5, "title": "", "price": 19.99, "status": "lost", "author_id": "x", "colour": 1,
          "isbn": "abc", "published_on": "2024-02-30"})");
  expect_problem(bad, 422, "/title");
  for (const char* pointer :
       {"/id", "/price", "/status", "/author_id", "/colour", "/isbn", "/published_on"}) {
    expect_problem(bad, 422, pointer);
  }
  expect_problem(service.send("POST", "/api/books", R"({"price": "1.00"})"), 422, "/title");
  expect_problem(service.send("POST", "/api/books", "{not json"), 400);
  expect_problem(service.send("POST", "/api/books", "[1, 2]"), 400);
  expect_problem(service.send("POST", "/api/books", "{}", "", "text/plain"), 415);
  expect_problem(service.send("POST", "/api/books",
                              R"({"title": "x\u0000y", "price": "1", "author_id": )" +
                                  std::to_string(author) + "}"),
                 422, "/title");
  expect_problem(service.send("POST", "/api/books",
                              R"({"title": "t", "price": "123456789.00", "author_id": 1})"),
                 422, "/price");
  expect_problem(
      service.send("POST", "/api/reviews", R"({"book_id": 1, "rating": 6, "reviewer": "r"})"), 422,
      "/rating");
  // Lengths count characters, not bytes: 200 three-byte characters fit maxLength 200.
  std::string long_title;
  for (int i = 0; i < 200; ++i) {
    long_title += "\u00e9";
  }
  EXPECT_EQ(service
                .send("POST", "/api/books",
                      json{{"title", long_title}, {"price", "1.00"}, {"author_id", author}}.dump())
                .status,
            201);
  expect_problem(
      service.send(
          "POST", "/api/books",
          json{{"title", long_title + "x"}, {"price", "1.00"}, {"author_id", author}}.dump()),
      422, "/title");
  expect_problem(service.send("POST", "/api/authors", R"({"name": "x", "email": "not an email"})"),
                 422, "/email");
}

TEST(Bookstore, ConflictsNameTheField) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  long author = create_author(service, "A");
  create_book(service, author, "One", "1.00", {{"isbn", "0-00-000000-1"}});
  expect_problem(
      service.send(
          "POST", "/api/books",
          json{
              {"title", "Two"}, {"price", "1.00"}, {"author_id", author}, {"isbn", "0-00-000000-1"}}
              .dump()),
      409, "/isbn");
  expect_problem(
      service.send("POST", "/api/books",
                   json{{"title", "Three"}, {"price", "1.00"}, {"author_id", 987654}}.dump()),
      409, "/author_id");
  // restrict: an author with books cannot go; cascade: a book's reviews go with it.
  expect_problem(service.send("DELETE", "/api/authors/" + std::to_string(author)), 409);
  long book = create_book(service, author, "Reviewed", "2.00");
  RawResponse review = service.send(
      "POST", "/api/reviews", json{{"book_id", book}, {"rating", 5}, {"reviewer", "me"}}.dump());
  ASSERT_EQ(review.status, 201) << review.body;
  EXPECT_EQ(service.send("DELETE", "/api/books/" + std::to_string(book)).status, 204);
  EXPECT_EQ(service.sql("SELECT count(*) FROM reviews"), "0");
}

TEST(Bookstore, OfRacingWritersWithTheSameETagExactlyOneWins) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  std::string path = create_order(service, "1.00");
  ASSERT_FALSE(path.empty());
  constexpr int kWriters = 8;
  std::vector<std::future<int>> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.push_back(std::async(std::launch::async, [&service, &path, i] {
      return service
          .send("PATCH", path, json{{"total", std::to_string(i + 2) + ".00"}}.dump(),
                "If-Match: \"1\"\r\n")
          .status;
    }));
  }
  std::multiset<int> statuses;
  for (auto& writer : writers) {
    statuses.insert(writer.get());
  }
  EXPECT_EQ(statuses.count(200), 1u);
  EXPECT_EQ(statuses.count(412), static_cast<std::size_t>(kWriters - 1));
  EXPECT_EQ(service.send("GET", path).header("etag"), "\"2\"");
}

TEST(Bookstore, SoftDeleteOptimisticLockingAndWriteOnly) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  long book = create_book(service, create_author(service, "A"), "B", "5.00");
  RawResponse created = service.send("POST", "/api/orders",
                                     json{{"book_id", book},
                                          {"customer_email", "c@example.com"},
                                          {"total", "10.00"},
                                          {"payment_token", "secret-token"},
                                          {"receipt", "AAEC/w=="},
                                          {"placed_at", "2024-01-31T23:30:00.5-02:00"}}
                                         .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  json order = service.body(created);
  std::string path = created.header("location");
  EXPECT_EQ(order["id"].get<std::string>().size(), 36u);
  EXPECT_FALSE(order.contains("payment_token"));
  EXPECT_EQ(order["receipt"], "AAEC/w==");
  EXPECT_EQ(order["placed_at"], "2024-02-01T01:30:00.500000Z");
  EXPECT_EQ(order["quantity"], 1);
  EXPECT_EQ(order["state"], "pending");
  std::string etag = created.header("etag");
  EXPECT_EQ(etag, "\"1\"");
  EXPECT_EQ(service.send("GET", path).header("etag"), etag);

  std::string replacement = json{
      {"book_id", book},
      {"customer_email", "d@example.com"},
      {"total", "11.00"},
      {"state", "paid"}}.dump();
  expect_problem(service.send("PUT", path, replacement), 428);
  expect_problem(service.send("PUT", path, replacement, "If-Match: \"7\"\r\n"), 412);
  RawResponse replaced = service.send("PUT", path, replacement, "If-Match: " + etag + "\r\n");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.header("etag"), "\"2\"");
  // A PUT that leaves out a write-only field keeps it.
  EXPECT_EQ(service.sql("SELECT payment_token FROM orders"), "secret-token");
  expect_problem(service.send("PATCH", path, R"({"state": "shipped"})", "If-Match: \"1\"\r\n"),
                 412);
  expect_problem(service.send("DELETE", path), 428);
  EXPECT_EQ(service.send("DELETE", path, "", "If-Match: \"2\"\r\n").status, 204);
  expect_problem(service.send("GET", path), 404);
  expect_problem(service.send("DELETE", path, "", "If-Match: \"3\"\r\n"), 404);
  EXPECT_EQ(service.body(service.send("GET", "/api/orders"))["items"].size(), 0u);
  EXPECT_EQ(service.sql("SELECT count(*) FROM orders WHERE deleted_at IS NOT NULL"), "1");
  expect_problem(service.send("GET", "/api/orders/not-a-uuid"), 404);
}

// If-Match takes "*" (any current version) and lists of tags (RFC 9110 section 13.1.1): a write
// goes through when any listed tag is the row's version, and answers 412 when none is; weak tags
// never match; a missing row stays 404 whatever the condition.
TEST(Bookstore, IfMatchAcceptsStarAndListsOfTags) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  std::string path = create_order(service, "10.00");
  ASSERT_FALSE(path.empty());
  auto patch = [&](const std::string& state, const std::string& if_match) {
    return service.send("PATCH", path, json{{"state", state}}.dump(), if_match);
  };

  RawResponse star = patch("paid", "If-Match: *\r\n");
  ASSERT_EQ(star.status, 200) << star.body;
  EXPECT_EQ(star.header("etag"), "\"2\"");
  RawResponse listed = patch("shipped", "If-Match: \"1\", \"2\", \"9\"\r\n");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.header("etag"), "\"3\"");
  RawResponse two_fields = patch("cancelled", "If-Match: \"1\"\r\nIf-Match: \"3\"\r\n");
  ASSERT_EQ(two_fields.status, 200) << two_fields.body;
  EXPECT_EQ(two_fields.header("etag"), "\"4\"");

  expect_problem(patch("paid", "If-Match: \"1\", \"2\"\r\n"), 412);
  expect_problem(patch("paid", "If-Match: W/\"4\"\r\n"), 412);
  expect_problem(patch("paid", "If-Match: \"abc\", W/\"4\"\r\n"), 412);
  expect_problem(service.send("PATCH", path, R"({"state": "paid"})", "If-Match: \r\n"), 412);
  EXPECT_EQ(service.sql("SELECT version || ' ' || state FROM orders"), "4 cancelled");

  // "*" is matched by the write's own statement: writers racing with it all succeed.
  constexpr int kWriters = 6;
  constexpr int kWritesEach = 8;
  std::vector<std::future<int>> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.push_back(std::async(std::launch::async, [&service, &path, i] {
      int succeeded = 0;
      for (int n = 0; n < kWritesEach; ++n) {
        RawResponse written =
            service.send("PATCH", path, json{{"quantity", i + 1}}.dump(), "If-Match: *\r\n");
        succeeded += written.status == 200 ? 1 : 0;
      }
      return succeeded;
    }));
  }
  for (auto& writer : writers) {
    EXPECT_EQ(writer.get(), kWritesEach);
  }
  EXPECT_EQ(service.sql("SELECT version FROM orders"), std::to_string(4 + kWriters * kWritesEach));

  EXPECT_EQ(service.send("DELETE", path, "", "If-Match: *\r\n").status, 204);
  expect_problem(patch("paid", "If-Match: *\r\n"), 404);
  expect_problem(service.send("DELETE", path, "", "If-Match: \"52\", \"53\"\r\n"), 404);
}

TEST(Bookstore, EveryFilterOperator) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  long a = create_author(service, "A");
  long b = create_author(service, "B");
  create_book(service, a, "War and Peace", "20.00",
              {{"published_on", "1869-01-01"}, {"isbn", "1-1-1-1-1-1"}});
  create_book(service, a, "Peace, at last", "5.50", {{"published_on", "2001-06-01"}});
  create_book(service, b, "100% Sure_thing", "10.00", {{"status", "published"}});
  auto titles = [&](const std::string& query) {
    RawResponse response = service.send("GET", "/api/books?" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<std::string> result;
    json page = json::parse(response.body);
    for (const json& item : page["items"]) {
      result.push_back(item["title"]);
    }
    return result;
  };
  using Titles = std::vector<std::string>;
  EXPECT_EQ(titles("author_id=" + std::to_string(b)), Titles{"100% Sure_thing"});
  EXPECT_EQ(titles("author_id[eq]=" + std::to_string(b)), Titles{"100% Sure_thing"});
  EXPECT_EQ(titles("status[ne]=draft"), Titles{"100% Sure_thing"});
  EXPECT_EQ(titles("title[in]=Peace\\,%20at%20last,War%20and%20Peace&sort=title"),
            (Titles{"Peace, at last", "War and Peace"}));
  EXPECT_EQ(titles("isbn[null]=false"), Titles{"War and Peace"});
  EXPECT_EQ(titles("published_on[null]=true"), Titles{"100% Sure_thing"});
  EXPECT_EQ(titles("price[gte]=10&sort=-price"), (Titles{"War and Peace", "100% Sure_thing"}));
  EXPECT_EQ(titles("price[gt]=10"), Titles{"War and Peace"});
  EXPECT_EQ(titles("price[lt]=10"), Titles{"Peace, at last"});
  EXPECT_EQ(titles("price[lte]=5.5"), Titles{"Peace, at last"});
  EXPECT_EQ(titles("published_on[lt]=1900-01-01"), Titles{"War and Peace"});
  EXPECT_EQ(titles("title[gte]=W"), Titles{"War and Peace"});
  EXPECT_EQ(titles("title[contains]=Peace&sort=title"),
            (Titles{"Peace, at last", "War and Peace"}));
  EXPECT_EQ(titles("title[contains]=%25%20Sure_"), Titles{"100% Sure_thing"});
  EXPECT_EQ(titles("title[contains]=0_"), Titles{});  // _ is literal, not a wildcard
  EXPECT_EQ(titles("title%5BstartsWith%5D=War"), Titles{"War and Peace"});
  EXPECT_EQ(titles("sort=-published_on&price[gte]=0"),
            (Titles{"100% Sure_thing", "Peace, at last", "War and Peace"}));
  for (const char* bad :
       {"colour=red", "price[contains]=1", "price[gte]=ten", "status=lost", "limit=0", "limit=501",
        "limit=ten", "cursor=garbage", "sort=colour", "sort=tags", "tags=1", "title[regex]=x",
        "isbn[null]=maybe", "title=a&title=b", "id=9223372036854775808"}) {
    expect_problem(service.send("GET", std::string("/api/books?") + bad), 400);
  }
  // Injection attempts are values like any other: no rows, no error, no changed SQL.
  EXPECT_EQ(titles("title=x'%20OR%20'1'='1"), Titles{});
  EXPECT_EQ(titles("title[contains]=';DROP%20TABLE%20books;--"), Titles{});
  EXPECT_EQ(service.sql("SELECT count(*) FROM books"), "3");
}

TEST(Bookstore, PaginationSeesEveryRowOnceUnderConcurrentInserts) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  long author = create_author(service, "Prolific");
  service.sql(
      "INSERT INTO books (title, price, author_id) SELECT 'Book ' || i, (i % 100)::numeric, " +
      std::to_string(author) + " FROM generate_series(1, 1000) i");
  std::atomic<bool> done{false};
  auto writer = std::async(std::launch::async, [&] {
    int inserted = 0;
    while (!done.load() && inserted < 200) {
      create_book(service, author, "Late " + std::to_string(inserted++), "1.00");
    }
  });
  std::set<long> seen;
  std::string cursor;
  int pages = 0;
  while (true) {
    std::string query = "/api/books?limit=37&sort=-price";
    if (!cursor.empty()) {
      query += "&cursor=" + cursor;
    }
    RawResponse page = service.send("GET", query);
    ASSERT_EQ(page.status, 200) << page.body;
    json body = json::parse(page.body);
    for (const json& item : body["items"]) {
      EXPECT_TRUE(seen.insert(item["id"].get<long>()).second) << "seen twice: " << item["id"];
    }
    ++pages;
    if (body["next_cursor"].is_null()) {
      break;
    }
    cursor = body["next_cursor"];
  }
  done.store(true);
  writer.get();
  // The 1,000 rows that existed before the first page all show, each once (duplicates were
  // checked above); rows inserted meanwhile may or may not.
  for (long id = 1; id <= 1000; ++id) {
    EXPECT_EQ(seen.count(id), 1u) << "book " << id << " was never listed";
  }
  EXPECT_GE(pages, 28);
}

TEST(Bookstore, MethodsTheRouteDoesNotServeAnswer405WithAllow) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  RawResponse response = service.send("DELETE", "/api/books");
  expect_problem(response, 405);
  EXPECT_EQ(response.header("allow"), "GET, HEAD, POST");
  EXPECT_EQ(service.send("GET", "/openapi.json").status, 200);
  EXPECT_EQ(json::parse(service.send("GET", "/openapi.json").body)["openapi"], "3.1.0");
  EXPECT_EQ(service.send("GET", "/ready").status, 200);
}

}  // namespace
}  // namespace svcgen

namespace svcgen {
namespace {

TEST(Bookstore, UserExtensionsAddHooksAndRoutes) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  long author = create_author(service, "A");
  expect_problem(
      service.send(
          "POST", "/api/books",
          nlohmann::json{{"title", "SHOUTING"}, {"price", "1.00"}, {"author_id", author}}.dump()),
      422, "/title");
  RawResponse about = service.send("GET", "/api/about");
  EXPECT_EQ(about.status, 200);
  EXPECT_EQ(nlohmann::json::parse(about.body)["shop"], "bookstore");
}

}  // namespace
}  // namespace svcgen

namespace svcgen {
namespace {

TEST(Bookstore, LimitsTimeoutsAndOutagesAnswerWithProblems) {
  {
    ServiceProcess service(SVCGEN_BOOKSTORE, {{"MAX_BODY_BYTES", "100"}});
    expect_problem(service.send("POST", "/api/authors", std::string(1000, ' ')), 413);
  }
  {
    // A table lock held elsewhere makes the list wait until the statement timeout.
    ServiceProcess service(SVCGEN_BOOKSTORE,
                           {{"DB_STATEMENT_TIMEOUT", "300ms"}, {"DB_LOCK_TIMEOUT", "10s"}});
    create_author(service, "A");
    {
      testing::TableLock lock(service, "authors");
      expect_problem(service.send("GET", "/api/authors"), 504);
    }
    EXPECT_EQ(service.send("GET", "/api/authors").status, 200);
  }
  {
    // Serving starts while the database cannot be reached; requests fail fast until it can.
    ServiceProcess service(SVCGEN_BOOKSTORE, {{"DB_WRITE_URL", testing::unreachable_database_url()},
                                              {"AUTO_MIGRATE", "false"}});
    RawResponse unavailable = service.send("GET", "/api/authors");
    expect_problem(unavailable, 503);
    EXPECT_FALSE(unavailable.header("retry-after").empty());
    EXPECT_EQ(service.body(unavailable)["detail"], "the database is unavailable; retry later");
    expect_problem(service.send("POST", "/api/authors", R"({"name": "A"})"), 503);
    EXPECT_EQ(service.send("GET", "/ready").status, 503);
    EXPECT_EQ(service.send("GET", "/health").status, 200);
  }
}

}  // namespace
}  // namespace svcgen
