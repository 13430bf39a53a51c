// CORS and middleware around every response, through HttpApp without sockets and through the
// server for the responses it produces itself.
#include "svcgen/cors.hpp"

#include <gtest/gtest.h>

#include "raw_http_client.hpp"
#include "svcgen/app.hpp"
#include "svcgen/server.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kApp = "https://app.example.com";

class CorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/api/books", [](Request&) -> Task<Response> {
      co_return json_response(200, nlohmann::json::array());
    });
    router_.add("POST", "/api/books",
                [](Request&) -> Task<Response> {
                  throw ProblemError(422, "the book is not valid", {{"/title", "is required"}});
                  co_return Response{};
                },
                {{"application/json"}});
    router_.add("GET", "/api/books/{id}", [](Request&) -> Task<Response> {
      throw ProblemError(404, "no book with this id");
      co_return Response{};
    });
    router_.add("DELETE", "/api/books/{id}", [](Request&) -> Task<Response> {
      throw ProblemError(429, "slow down");
      co_return Response{};
    });
    router_.add("GET", "/api/broken", [](Request&) -> Task<Response> {
      throw std::runtime_error("the database is down");
      co_return Response{};
    });
    router_.add("GET", "/api/private", [](Request&) -> Task<Response> {
      co_return json_response(200, {{"private", true}});
    });
    // A guard in front of /api/private, as authentication is: preflights must never reach it.
    router_.use([this](Request& request, const Handler& next) -> Task<Response> {
      ++guarded_;
      if (request.path == "/api/private" && !request.headers.has("Authorization")) {
        throw ProblemError(401, "a token is required");
      }
      Response response = co_await next(request);
      co_return response;
    });
    app_.set_error_mapper([](const std::exception_ptr& error) -> std::optional<Problem> {
      try {
        std::rethrow_exception(error);
      } catch (const std::runtime_error& failure) {
        return Problem{503, failure.what(), {}};
      }
    });
  }

  void configure(std::vector<std::string> origins, bool any = false, bool credentials = false) {
    CorsConfig config;
    config.origins = std::move(origins);
    config.any_origin = any;
    config.allow_credentials = credentials;
    config.max_age = 10min;
    cors_.emplace(config);
    app_.set_cors(&*cors_);
  }

  Response send(std::string method, std::string path,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    for (auto& [name, value] : headers) {
      request.headers.add(name, value);
    }
    std::optional<Response> response;
    spawn(app_.handle(std::move(request)), [&response](const std::exception_ptr&, Response answer) {
      response = std::move(answer);
    });
    EXPECT_TRUE(response);
    return response.value_or(Response{});
  }

  static std::string header(const Response& response, std::string_view name) {
    return std::string(response.headers.get(name).value_or("<absent>"));
  }

  Router router_;
  Metrics metrics_;
  Logger logger_{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  HttpApp app_{router_, metrics_, logger_};
  std::optional<Cors> cors_;
  int guarded_ = 0;
};

TEST_F(CorsTest, APreflightFromAnAllowedOriginIsAnsweredWithoutAuthentication) {
  configure({std::string(kApp)}, false, true);
  Response response =
      send("OPTIONS", "/api/private",
           {{"Origin", std::string(kApp)},
            {"Access-Control-Request-Method", "GET"},
            {"Access-Control-Request-Headers", "authorization, x-custom, If-Match"}});
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(guarded_, 0) << "a preflight must not run middleware such as authentication";
  EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), kApp);
  EXPECT_EQ(header(response, "Access-Control-Allow-Methods"), "GET, HEAD");
  // x-custom is not one of the headers the service reads, so it is left out.
  EXPECT_EQ(header(response, "Access-Control-Allow-Headers"), "Authorization, If-Match");
  EXPECT_EQ(header(response, "Access-Control-Max-Age"), "600");
  EXPECT_EQ(header(response, "Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(header(response, "Vary"), "Origin");
  EXPECT_NE(header(response, "X-Request-Id"), "<absent>");
}

TEST_F(CorsTest, APreflightListsTheRoutesMethods) {
  configure({std::string(kApp)});
  Response response =
      send("OPTIONS", "/api/books/7",
           {{"Origin", std::string(kApp)}, {"Access-Control-Request-Method", "DELETE"}});
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(header(response, "Access-Control-Allow-Methods"), "DELETE, GET, HEAD");
  EXPECT_EQ(header(response, "Access-Control-Allow-Headers"), "<absent>");
  EXPECT_EQ(header(response, "Access-Control-Allow-Credentials"), "<absent>");
}

TEST_F(CorsTest, APreflightFromAnotherOriginIs403WithoutCorsHeaders) {
  configure({std::string(kApp)});
  for (std::string origin : {"https://evil.example.com", "https://app.example.com.evil.net",
                             "http://app.example.com", "null"}) {
    Response response = send("OPTIONS", "/api/books",
                             {{"Origin", origin}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(response.status, 403) << origin;
    EXPECT_EQ(header(response, "Content-Type"), "application/problem+json");
    EXPECT_EQ(nlohmann::json::parse(response.body)["type"], "urn:svcgen:problem:forbidden");
    EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), "<absent>") << origin;
    EXPECT_EQ(header(response, "Access-Control-Allow-Methods"), "<absent>") << origin;
  }
}

TEST_F(CorsTest, APreflightForAMethodOrPathNotServedIs403) {
  configure({std::string(kApp)});
  Response put = send("OPTIONS", "/api/books",
                      {{"Origin", std::string(kApp)}, {"Access-Control-Request-Method", "PUT"}});
  EXPECT_EQ(put.status, 403);
  EXPECT_EQ(header(put, "Access-Control-Allow-Origin"), "<absent>");
  EXPECT_NE(nlohmann::json::parse(put.body)["detail"].get<std::string>().find("allowed: GET"),
            std::string::npos);
  Response nowhere =
      send("OPTIONS", "/api/nowhere",
           {{"Origin", std::string(kApp)}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(nowhere.status, 403);
}

TEST_F(CorsTest, EveryResponseToAnAllowedOriginCarriesTheHeadersErrorsIncluded) {
  configure({std::string(kApp), "http://localhost:5173"});
  struct Case {
    std::string method;
    std::string path;
    int status;
  };
  for (const Case& check : {Case{"GET", "/api/books", 200}, Case{"GET", "/api/private", 401},
                            Case{"GET", "/api/books/1", 404}, Case{"GET", "/api/missing", 404},
                            Case{"PUT", "/api/books", 405}, Case{"POST", "/api/books", 415},
                            Case{"DELETE", "/api/books/1", 429}, Case{"GET", "/api/broken", 503}}) {
    Response response = send(check.method, check.path, {{"Origin", "http://localhost:5173"}});
    EXPECT_EQ(response.status, check.status) << check.path;
    EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), "http://localhost:5173")
        << check.method << " " << check.path;
    EXPECT_EQ(header(response, "Vary"), "Origin");
    EXPECT_EQ(header(response, "Access-Control-Expose-Headers"),
              "ETag, Location, Retry-After, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, "
              "RateLimit-Reset, Preference-Applied, Idempotent-Replayed");
  }
  Response invalid = send("POST", "/api/books",
                          {{"Origin", std::string(kApp)}, {"Content-Type", "application/json"}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(header(invalid, "Access-Control-Allow-Origin"), kApp);
}

TEST_F(CorsTest, OtherOriginsGetNoCorsHeadersButTheResponseVariesByOrigin) {
  configure({std::string(kApp)});
  Response other = send("GET", "/api/books", {{"Origin", "https://evil.example.com"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(header(other, "Access-Control-Allow-Origin"), "<absent>");
  EXPECT_EQ(header(other, "Vary"), "Origin");
  Response same_site = send("GET", "/api/books");
  EXPECT_EQ(header(same_site, "Access-Control-Allow-Origin"), "<absent>");
  EXPECT_EQ(header(same_site, "Vary"), "Origin");
}

TEST_F(CorsTest, AnyOriginIsAStarWithoutCredentials) {
  configure({}, true);
  Response preflight = send("OPTIONS", "/api/books",
                            {{"Origin", "https://anywhere.example"},
                             {"Access-Control-Request-Method", "POST"},
                             {"Access-Control-Request-Headers", "Content-Type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Headers"), "Content-Type");
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Credentials"), "<absent>");
  Response plain = send("GET", "/api/books", {{"Origin", "https://anywhere.example"}});
  EXPECT_EQ(header(plain, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(header(plain, "Access-Control-Allow-Credentials"), "<absent>");
}

TEST_F(CorsTest, CredentialsAreAllowedOnlyForListedOrigins) {
  configure({std::string(kApp)}, false, true);
  Response allowed = send("GET", "/api/books", {{"Origin", std::string(kApp)}});
  EXPECT_EQ(header(allowed, "Access-Control-Allow-Origin"), kApp);
  EXPECT_EQ(header(allowed, "Access-Control-Allow-Credentials"), "true");
  Response other = send("GET", "/api/books", {{"Origin", "https://evil.example.com"}});
  EXPECT_EQ(header(other, "Access-Control-Allow-Credentials"), "<absent>");

  auto env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "CORS_ALLOWED_ORIGINS") {
      return "*";
    }
    if (name == "CORS_ALLOW_CREDENTIALS") {
      return "true";
    }
    return std::nullopt;
  };
  ConfigResult result = load_config({"t", "", false}, env);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].rfind("CORS_ALLOW_CREDENTIALS: ", 0), 0u) << result.errors[0];
}

TEST_F(CorsTest, APlainOptionsIsNotAPreflight) {
  configure({std::string(kApp)});
  Response response = send("OPTIONS", "/api/books", {{"Origin", std::string(kApp)}});
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(header(response, "Allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(header(response, "Access-Control-Allow-Origin"), kApp);
  EXPECT_EQ(guarded_, 1);
}

TEST_F(CorsTest, WithoutConfigurationThereAreNoCorsHeadersAtAll) {
  Response preflight =
      send("OPTIONS", "/api/books",
           {{"Origin", std::string(kApp)}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(header(preflight, "Allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Origin"), "<absent>");
  Response plain = send("GET", "/api/books", {{"Origin", std::string(kApp)}});
  EXPECT_EQ(header(plain, "Access-Control-Allow-Origin"), "<absent>");
  EXPECT_EQ(header(plain, "Vary"), "<absent>");
}

TEST(CorsConfig, EachBadSettingIsNamed) {
  struct Case {
    std::string origins;
    std::string max_age;
    std::string expected;  // the start of the one error
  };
  for (const Case& check : {
           Case{"https://app.example.com/", "", "CORS_ALLOWED_ORIGINS: expected origins like"},
           Case{"app.example.com", "", "CORS_ALLOWED_ORIGINS: expected origins like"},
           Case{"https://app.example.com/path", "", "CORS_ALLOWED_ORIGINS: expected origins"},
           Case{"*, https://app.example.com", "", "CORS_ALLOWED_ORIGINS: * allows every origin"},
           Case{" , ", "", "CORS_ALLOWED_ORIGINS: names no origin"},
           Case{"https://app.example.com", "soon", "CORS_MAX_AGE: expected a duration"},
       }) {
    auto env = [&check](std::string_view name) -> std::optional<std::string> {
      if (name == "CORS_ALLOWED_ORIGINS") {
        return check.origins;
      }
      if (name == "CORS_MAX_AGE" && !check.max_age.empty()) {
        return check.max_age;
      }
      return std::nullopt;
    };
    ConfigResult result = load_config({"t", "", false}, env);
    ASSERT_EQ(result.errors.size(), 1u) << check.origins;
    EXPECT_EQ(result.errors[0].rfind(check.expected, 0), 0u) << result.errors[0];
  }
  auto good = [](std::string_view name) -> std::optional<std::string> {
    if (name == "CORS_ALLOWED_ORIGINS") {
      return "https://app.example.com, http://localhost:5173,http://[::1]:8080";
    }
    if (name == "CORS_MAX_AGE") {
      return "1h";
    }
    return std::nullopt;
  };
  ConfigResult result = load_config({"t", "", false}, good);
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(result.config.cors.origins,
            (std::vector<std::string>{"https://app.example.com", "http://localhost:5173",
                                      "http://[::1]:8080"}));
  EXPECT_EQ(result.config.cors.max_age, 1h);
}

// Responses the server makes before any handler runs go out marked as well.
TEST(CorsServer, ResponsesTheServerMakesItselfCarryTheHeaders) {
  Config config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 1;
  config.max_body_bytes = 16;
  Router router;
  router.add("POST", "/api/books",
             [](Request&) -> Task<Response> { co_return empty_response(201); },
             {{"application/json"}});
  Metrics metrics;
  Logger logger{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  HttpApp app(router, metrics, logger);
  CorsConfig cors_config;
  cors_config.origins = {std::string(kApp)};
  Cors cors(cors_config);
  app.set_cors(&cors);
  HttpServer server(config, app);
  server.start();
  testing::RawHttpClient client(server.port());
  std::string body(64, 'x');
  ASSERT_TRUE(client.send("POST /api/books HTTP/1.1\r\nHost: x\r\nOrigin: " + std::string(kApp) +
                          "\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->headers["access-control-allow-origin"], kApp);
  server.shutdown(1s);
}

}  // namespace
}  // namespace svcgen
