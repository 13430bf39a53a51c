// Middleware runs around every request and sees every response, errors included; every status
// the runtime sends has its reason phrase and problem type.
#include <gtest/gtest.h>

#include "svcgen/app.hpp"

namespace svcgen {
namespace {

TEST(StatusTable, EveryStatusTheRuntimeSendsIsNamed) {
  for (int status : {200, 201, 204, 304, 400, 401, 403, 404, 405, 408, 409, 412,
                     413, 415, 417, 422, 428, 429, 431, 500, 501, 502, 503, 504}) {
    EXPECT_NE(status_text(status), "Unknown") << status;
  }
  struct Case {
    int status;
    std::string_view title;
    std::string_view type;
  };
  Request request;
  request.path = "/api/books";
  for (const Case& check :
       {Case{401, "Unauthorized", "unauthorized"}, Case{403, "Forbidden", "forbidden"},
        Case{429, "Too Many Requests", "too-many-requests"},
        Case{422, "Unprocessable Content", "validation-failed"},
        Case{504, "Gateway Timeout", "database-timeout"}, Case{599, "Unknown", "internal-error"}}) {
    Response response = problem_response({check.status, "x", {}}, request);
    nlohmann::json body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["title"], check.title);
    EXPECT_EQ(body["type"], "urn:svcgen:problem:" + std::string(check.type));
  }
}

class MiddlewareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/ok", [](Request&) -> Task<Response> { co_return empty_response(204); });
    router_.add("GET", "/invalid", [](Request&) -> Task<Response> {
      throw ProblemError(422, "not valid");
      co_return Response{};
    });
    router_.add("GET", "/crash", [](Request&) -> Task<Response> {
      throw std::runtime_error("internal detail");
      co_return Response{};
    });
    router_.add("POST", "/json", [](Request&) -> Task<Response> { co_return empty_response(201); },
                {{"application/json"}});
    router_.use([this](Request& request, const Handler& next) -> Task<Response> {
      order_ += "outer ";
      Response response = co_await next(request);
      response.headers.set("X-Outer", std::to_string(response.status));
      co_return response;
    });
    router_.use([this](Request& request, const Handler& next) -> Task<Response> {
      order_ += "inner ";
      if (request.path == "/ok" && request.headers.has("X-Deny")) {
        throw ProblemError(401, "a token is required");
      }
      Response response = co_await next(request);
      co_return response;
    });
  }

  Response send(std::string method, std::string path, bool deny = false) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    if (deny) {
      request.headers.add("X-Deny", "1");
    }
    std::optional<Response> response;
    spawn(app_.handle(std::move(request)), [&response](const std::exception_ptr&, Response answer) {
      response = std::move(answer);
    });
    EXPECT_TRUE(response);
    return response.value_or(Response{});
  }

  Router router_;
  Metrics metrics_;
  Logger logger_{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  HttpApp app_{router_, metrics_, logger_};
  std::string order_;
};

TEST_F(MiddlewareTest, DecoratesEveryResponseErrorsIncluded) {
  struct Case {
    std::string method;
    std::string path;
    int status;
  };
  for (const Case& check :
       {Case{"GET", "/ok", 204}, Case{"GET", "/invalid", 422}, Case{"GET", "/crash", 500},
        Case{"GET", "/missing", 404}, Case{"DELETE", "/ok", 405}, Case{"OPTIONS", "/ok", 204},
        Case{"POST", "/json", 415}}) {
    Response response = send(check.method, check.path);
    EXPECT_EQ(response.status, check.status) << check.method << " " << check.path;
    EXPECT_EQ(response.headers.get("X-Outer").value_or(""), std::to_string(check.status))
        << check.method << " " << check.path;
  }
  EXPECT_EQ(send("OPTIONS", "/ok").headers.get("Allow").value_or(""), "GET, HEAD, OPTIONS");
}

TEST_F(MiddlewareTest, AProblemFromMiddlewareIsAnsweredWithItsOwnStatus) {
  Response response = send("GET", "/ok", true);
  EXPECT_EQ(order_, "outer inner ");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.headers.get("X-Outer").value_or(""), "401");
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:svcgen:problem:unauthorized");
  EXPECT_EQ(body["title"], "Unauthorized");
  EXPECT_EQ(body["detail"], "a token is required");
}

}  // namespace
}  // namespace svcgen
