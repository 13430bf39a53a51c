#include <gtest/gtest.h>

#include <array>
#include <thread>
#include <vector>

#include "svcgen/problem.hpp"
#include "svcgen/router.hpp"
#include "svcgen/task.hpp"

namespace svcgen {
namespace {

Task<int> add_one(int value) { co_return value + 1; }

Task<int> chain() {
  int a = co_await add_one(1);
  int b = co_await add_one(a);
  co_return b * 10;
}

Task<int> failing() {
  co_await add_one(0);
  throw std::runtime_error("boom");
}

template <typename T>
T run(Task<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  spawn(std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    result = std::move(value);
  });
  if (error) {
    std::rethrow_exception(error);
  }
  return *result;
}

TEST(Task, ChainsAndReturnsValues) { EXPECT_EQ(run(chain()), 30); }

TEST(Task, PropagatesExceptions) { EXPECT_THROW(run(failing()), std::runtime_error); }

TEST(Task, LongAwaitChainsComplete) {
  // Completion resumes the awaiting coroutine by symmetric transfer, not a nested call.
  struct Deep {
    static Task<int> down(int n) {
      if (n == 0) {
        co_return 0;
      }
      co_return 1 + co_await down(n - 1);
    }
  };
  EXPECT_EQ(run(Deep::down(10000)), 10000);
}

// A coroutine whose frame holds `Bytes` of its own state, to give frames of many sizes.
template <std::size_t Bytes>
Task<int> sized(int seed) {
  std::array<unsigned char, Bytes> state{};
  for (std::size_t i = 0; i < Bytes; ++i) {
    state[i] = static_cast<unsigned char>(seed + static_cast<int>(i));
  }
  co_await add_one(0);
  int sum = 0;
  for (unsigned char byte : state) {
    sum += byte;
  }
  co_return sum;
}

template <std::size_t Bytes>
int expected_sum(int seed) {
  int sum = 0;
  for (std::size_t i = 0; i < Bytes; ++i) {
    sum += static_cast<unsigned char>(seed + static_cast<int>(i));
  }
  return sum;
}

TEST(Task, FramesMadeOnOneThreadAndFreedOnAnotherKeepTheirState) {
  // Frames are recycled per thread by size class. Tasks made on one thread and destroyed
  // unstarted on another move their frames to that thread, which then runs frames of every
  // size of each class in them: a frame handed out smaller than its class would overwrite its
  // neighbour and change a sum.
  for (int round = 0; round < 20; ++round) {
    std::vector<Task<int>> made;
    std::thread maker([&] {
      for (int i = 0; i < 300; ++i) {
        made.push_back(sized<40>(i));
        made.push_back(sized<100>(i));
        made.push_back(sized<700>(i));
      }
    });
    maker.join();
    std::thread user([&] {
      made.clear();
      for (int i = 0; i < 300; ++i) {
        ASSERT_EQ(run(sized<10>(i)), expected_sum<10>(i));
        ASSERT_EQ(run(sized<64>(i)), expected_sum<64>(i));
        ASSERT_EQ(run(sized<128>(i)), expected_sum<128>(i));
        ASSERT_EQ(run(sized<680>(i)), expected_sum<680>(i));
        ASSERT_EQ(run(sized<3000>(i)), expected_sum<3000>(i));
      }
    });
    user.join();
  }
}

Handler text(std::string body) {
  return [body](Request&) -> Task<Response> {
    Response response;
    response.body = body;
    co_return response;
  };
}

Response call(const Router& router, std::string method, std::string path,
              std::string content_type = "") {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  if (!content_type.empty()) {
    request.headers.set("Content-Type", content_type);
  }
  try {
    return run(router.dispatch(request));
  } catch (const ProblemError& error) {
    return problem_response(error.problem(), request);
  }
}

TEST(Router, MatchesLiteralsBeforeParameters) {
  Router router;
  router.add("GET", "/api/books/{id}", text("one"));
  router.add("GET", "/api/books/new", text("new"));
  router.add("GET", "/api/books", text("list"));
  EXPECT_EQ(call(router, "GET", "/api/books/7").body, "one");
  EXPECT_EQ(call(router, "GET", "/api/books/new").body, "new");
  EXPECT_EQ(call(router, "GET", "/api/books").body, "list");
  Router::Match match = router.match("GET", "/api/books/42");
  EXPECT_EQ(match.route, "/api/books/{id}");
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0], (std::pair<std::string, std::string>{"id", "42"}));
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router router;
  router.add("GET", "/api/books/{id}", text("get"));
  router.add("DELETE", "/api/books/{id}", text("delete"));
  EXPECT_EQ(call(router, "GET", "/api/authors").status, 404);
  EXPECT_EQ(call(router, "GET", "/api/books/").status, 404);
  EXPECT_EQ(call(router, "GET", "/api/books/1/x").status, 404);
  Response wrong = call(router, "POST", "/api/books/1");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers.get("Allow"), "DELETE, GET, HEAD");  // HEAD wherever GET
  EXPECT_EQ(wrong.headers.get("Content-Type"), "application/problem+json");
  Response options = call(router, "OPTIONS", "/api/books/1");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.headers.get("Allow"), "DELETE, GET, HEAD, OPTIONS");
}

TEST(Router, ChecksContentType) {
  Router router;
  router.add("PATCH", "/x", text("ok"), {{"application/merge-patch+json", "application/json"}});
  EXPECT_EQ(call(router, "PATCH", "/x", "application/json; charset=utf-8").body, "ok");
  EXPECT_EQ(call(router, "PATCH", "/x", "Application/Merge-Patch+JSON").body, "ok");
  Response wrong = call(router, "PATCH", "/x", "text/plain");
  EXPECT_EQ(wrong.status, 415);
  EXPECT_EQ(wrong.headers.get("Accept"), "application/merge-patch+json, application/json");
  EXPECT_EQ(call(router, "PATCH", "/x").status, 415);
}

TEST(Router, RefusesDuplicateRoutes) {
  Router router;
  router.add("GET", "/a/{id}", text(""));
  EXPECT_THROW(router.add("GET", "/a/{id}", text("")), std::logic_error);
}

TEST(Router, PathsLongerThanAnyRouteAre404AndOverlongRoutesAreRefused) {
  Router router;
  std::string longest;
  for (int i = 0; i < 32; ++i) {
    longest += "/s";
  }
  router.add("GET", longest, text("deep"));
  EXPECT_EQ(call(router, "GET", longest).body, "deep");
  // A request path of 33 or 1,000 segments is not split any further: it cannot match.
  EXPECT_EQ(call(router, "GET", longest + "/s").status, 404);
  std::string flood;
  for (int i = 0; i < 1000; ++i) {
    flood += "/x";
  }
  EXPECT_EQ(call(router, "GET", flood).status, 404);
  EXPECT_THROW(router.add("GET", longest + "/s", text("")), std::logic_error);
}

// HEAD runs the GET route of a path unless the path has a HEAD route of its own, and never a
// route of another method.
TEST(Router, HeadRunsTheGetRouteUnlessAHeadRouteIsRegistered) {
  Router router;
  router.add("GET", "/a", text("get a"));
  router.add("GET", "/b", text("get b"));
  router.add("HEAD", "/b", text("head b"));
  router.add("POST", "/c", text("post c"));
  EXPECT_EQ(call(router, "HEAD", "/a").body, "get a");
  EXPECT_EQ(router.match("HEAD", "/a").route, "/a");
  EXPECT_EQ(call(router, "HEAD", "/b").body, "head b");
  Response refused = call(router, "HEAD", "/c");
  EXPECT_EQ(refused.status, 405);
  EXPECT_EQ(refused.headers.get("Allow"), "POST");
}

// Segments are decoded only after the path is split: escapes name the characters they encode,
// but an escaped '/' names no route, and a malformed escape no parameter.
TEST(Router, SegmentsAreDecodedAfterThePathIsSplit) {
  Router router;
  router.add("GET", "/api/books/{id}", text("book"));
  Router::Match match = router.match("GET", "/api/b%6Fok%73/a%20b");
  EXPECT_EQ(match.status, 200);
  EXPECT_EQ(match.route, "/api/books/{id}");
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0].second, "a b");
  for (const char* path : {"/api%2Fbooks/1", "/api/books/1%2F2", "/api/books/1%2f", "/api/books/%2",
                           "/api/books/%zz", "/api/book%"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(router.match("GET", path).status, 404);
  }
}

TEST(Router, MethodLabelsComeFromAClosedSet) {
  Router router;
  router.add("PURGE", "/cache", text("purged"));
  EXPECT_EQ(router.method_label("GET"), "GET");
  EXPECT_EQ(router.method_label("OPTIONS"), "OPTIONS");
  EXPECT_EQ(router.method_label("PURGE"), "PURGE");
  EXPECT_EQ(router.method_label("get"), "OTHER");
  EXPECT_EQ(router.method_label("BREW"), "OTHER");
  EXPECT_EQ(router.method_label(""), "OTHER");
}

TEST(Router, TheFirstOfEquallySpecificRoutesWinsAndItsParametersAloneAreBound) {
  Router router;
  router.add("GET", "/a/{x}", [](Request& request) -> Task<Response> {
    Response response;
    response.body = "x=" + std::string(request.param("x").value_or("?")) +
                    (request.param("y") ? " y" : "");
    co_return response;
  });
  router.add("GET", "/{y}/b", text("second"));
  EXPECT_EQ(call(router, "GET", "/a/b").body, "x=b");
  EXPECT_EQ(call(router, "GET", "/z/b").body, "second");
}

TEST(Problem, HasTheRfc9457Shape) {
  Request request;
  request.path = "/api/books";
  request.request_id = "abc";
  Response response = problem_response({422, "invalid book", {{"/title", "is required"}}}, request);
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.headers.get("Content-Type"), "application/problem+json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:svcgen:problem:validation-failed");
  EXPECT_EQ(body["title"], "Unprocessable Content");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["detail"], "invalid book");
  EXPECT_EQ(body["instance"], "/api/books");
  EXPECT_EQ(body["request_id"], "abc");
  EXPECT_EQ(body["errors"][0]["pointer"], "/title");
  EXPECT_EQ(body["errors"][0]["message"], "is required");
}

TEST(Http, PercentDecodingAndQueries) {
  EXPECT_EQ(percent_decode("a%5Bgte%5D", false), "a[gte]");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_FALSE(percent_decode("%zz", false));
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_FALSE(percent_decode("%00", false));
  auto query = parse_query("limit=5&price%5Bgte%5D=10&&empty=&flag");
  ASSERT_TRUE(query);
  ASSERT_EQ(query->size(), 4u);
  EXPECT_EQ((*query)[1], (std::pair<std::string, std::string>{"price[gte]", "10"}));
  EXPECT_EQ((*query)[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(media_type(" Application/JSON ; charset=utf-8"), "application/json");
}

}  // namespace
}  // namespace svcgen
