// Authentication, access rules and rate limits between routing and the handler, with real keys
// and tokens, through HttpApp.
#include "gatekeeper.hpp"

#include <gtest/gtest.h>

#include "jwt_fixture.hpp"
#include "svcgen/app.hpp"
#include "svcgen/service.hpp"

namespace svcgen {
namespace {

using auth::testing::environment;
using auth::testing::JwtKeys;
using namespace std::chrono_literals;

class GatekeeperTest : public JwtKeys {
 protected:
  void SetUp() override {
    JwtKeys::SetUp();
    if (IsSkipped()) {
      return;
    }
    std::vector<std::string> errors;
    auth::JwtSettings jwt = settings();
    jwt.tenant_claim = "org";
    authenticator_ = auth::Authenticator::from_environment(
        jwt, environment({{"JWT_PUBLIC_KEY_FILE", key("rsa.pub")}}), logger_, errors);
    ASSERT_TRUE(authenticator_) << ::testing::PrintToString(errors);
    RateLimitSettings limits;
    limiter_ = std::make_unique<RateLimiter>(limits, [this] { return now_; });
    gatekeeper_ = std::make_unique<Gatekeeper>("notes", authenticator_.get(),
                                               AccessRule::authenticated(), limiter_.get());
    router_.set_gate([this](Request& request, const RouteOptions& options, const Handler& next) {
      return gatekeeper_->admit(request, options, next);
    });
    auto whoami = [](Request& request) -> Task<Response> {
      nlohmann::json body = {{"sub", request.principal ? request.principal->subject : ""}};
      co_return json_response(200, body);
    };
    RouteOptions open;
    open.access = AccessRule::public_access();
    router_.add("GET", "/public", whoami, open);
    router_.add("GET", "/default", whoami);
    RouteOptions editors;
    editors.access = AccessRule::any_of({"editor", "owner"});
    router_.add("GET", "/editors", whoami, editors);
    RouteOptions tenant;
    tenant.access = AccessRule::scoped({}, false, true);
    router_.add("GET", "/tenant", whoami, tenant);
    RouteOptions create;
    create.consumes = {"application/json"};
    create.operation = "note.create";
    create.rate_limit = RateLimit{3, 1min};
    router_.add(
        "POST", "/notes",
        [](Request&) -> Task<Response> {
          throw ProblemError(422, "the note is not valid", {{"/title", "is required"}});
          co_return Response{};
        },
        create);
  }

  Response send(std::string method, std::string path, std::optional<std::string> authorization,
                std::string content_type = "", std::string peer = "192.0.2.1") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.peer_address = std::move(peer);
    if (authorization) {
      request.headers.add("Authorization", *authorization);
    }
    if (!content_type.empty()) {
      request.headers.add("Content-Type", content_type);
    }
    request.body = "{not json";
    std::optional<Response> response;
    spawn(app_.handle(std::move(request)), [&response](const std::exception_ptr&, Response answer) {
      response = std::move(answer);
    });
    EXPECT_TRUE(response);
    return response.value_or(Response{});
  }
  Response send(std::string path, std::optional<std::string> authorization) {
    return send("GET", std::move(path), std::move(authorization));
  }

  std::string token(nlohmann::json claims_to_sign) {
    return "Bearer " + mint("rsa.pem", "RS256", "", claims_to_sign);
  }
  static std::string challenge(const Response& response) {
    return std::string(response.headers.get("WWW-Authenticate").value_or("<absent>"));
  }
  static std::string detail(const Response& response) {
    return nlohmann::json::parse(response.body).value("detail", "");
  }

  std::vector<std::string> log_;
  Logger logger_{"notes", LogLevel::kDebug, LogFormat::kJson, true,
                 [this](std::string_view line) { log_.emplace_back(line); }};
  std::chrono::steady_clock::time_point now_ = std::chrono::steady_clock::now();
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<Gatekeeper> gatekeeper_;
  Router router_;
  Metrics metrics_;
  HttpApp app_{router_, metrics_, logger_};
};

TEST_F(GatekeeperTest, WithoutATokenANonPublicOperationIs401WithTheRealm) {
  Response response = send("/default", std::nullopt);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(challenge(response), "Bearer realm=\"notes\"");
  EXPECT_EQ(nlohmann::json::parse(response.body)["type"], "urn:svcgen:problem:unauthorized");
  // Another scheme counts as no token at all.
  Response basic = send("/default", "Basic YWxpY2U6c2VjcmV0");
  EXPECT_EQ(basic.status, 401);
  EXPECT_EQ(challenge(basic), "Bearer realm=\"notes\"");
}

TEST_F(GatekeeperTest, AnInvalidTokenIs401InvalidTokenEvenOnAPublicOperation) {
  std::string expired = token(claims(-120));
  for (std::string path : {"/public", "/default"}) {
    Response response = send(path, expired);
    EXPECT_EQ(response.status, 401) << path;
    EXPECT_EQ(challenge(response),
              "Bearer realm=\"notes\", error=\"invalid_token\", error_description=\"expired\"");
    EXPECT_EQ(detail(response), "the bearer token is not valid: expired");
    EXPECT_EQ(response.body.find(expired.substr(7, 40)), std::string::npos);
  }
  Response tampered = send("/public", expired + "x");
  EXPECT_EQ(tampered.status, 401);
  EXPECT_NE(challenge(tampered).find("error=\"invalid_token\""), std::string::npos);
}

TEST_F(GatekeeperTest, APublicOperationNeedsNoTokenAndSeesTheCallerOfAValidOne) {
  Response anonymous = send("/public", std::nullopt);
  EXPECT_EQ(anonymous.status, 200);
  EXPECT_EQ(nlohmann::json::parse(anonymous.body)["sub"], "");
  Response known = send("/public", token(claims()));
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(nlohmann::json::parse(known.body)["sub"], "alice");
}

TEST_F(GatekeeperTest, AMissingRoleOrTenantIs403InsufficientScope) {
  Response readers = send("/editors", token(claims()));  // roles admin and reader
  EXPECT_EQ(readers.status, 403);
  EXPECT_EQ(challenge(readers), "Bearer realm=\"notes\", error=\"insufficient_scope\"");
  EXPECT_EQ(detail(readers), "this operation needs one of the roles editor, owner");
  nlohmann::json editor = claims();
  editor["roles"] = {"editor"};
  EXPECT_EQ(send("/editors", token(editor)).status, 200);

  Response no_tenant = send("/tenant", token(claims()));
  EXPECT_EQ(no_tenant.status, 403);
  EXPECT_EQ(challenge(no_tenant), "Bearer realm=\"notes\", error=\"insufficient_scope\"");
  nlohmann::json member = claims();
  member["org"] = 42;
  EXPECT_EQ(send("/tenant", token(member)).status, 200);
}

TEST_F(GatekeeperTest, AuthenticationComesBeforeTheMediaTypeAndTheBody) {
  // A broken body of the wrong type: still 401, not 415 or 422.
  EXPECT_EQ(send("POST", "/notes", std::nullopt, "text/plain").status, 401);
  EXPECT_EQ(send("POST", "/notes", std::nullopt, "application/json").status, 401);
  EXPECT_EQ(send("POST", "/notes", token(claims()), "text/plain").status, 415);
  EXPECT_EQ(send("POST", "/notes", token(claims()), "application/json").status, 422);
}

TEST_F(GatekeeperTest, ABurstOfTheLimitPassesThenEach429SaysWhenToRetry) {
  std::string alice = token(claims());
  for (int i = 0; i < 3; ++i) {
    Response response = send("POST", "/notes", alice, "application/json");
    EXPECT_EQ(response.status, 422);
    EXPECT_EQ(response.headers.get("RateLimit-Limit").value_or(""), "3");
    EXPECT_EQ(response.headers.get("RateLimit-Remaining").value_or(""), std::to_string(2 - i));
  }
  Response refused = send("POST", "/notes", alice, "application/json");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(nlohmann::json::parse(refused.body)["type"], "urn:svcgen:problem:too-many-requests");
  EXPECT_EQ(refused.headers.get("Retry-After").value_or(""), "20");
  EXPECT_EQ(refused.headers.get("RateLimit-Remaining").value_or(""), "0");
  EXPECT_EQ(refused.headers.get("RateLimit-Reset").value_or(""), "60");
  // Refusals 401 cost nothing; another subject has a bucket of its own.
  EXPECT_EQ(send("POST", "/notes", std::nullopt, "application/json").status, 401);
  nlohmann::json bob = claims();
  bob["sub"] = "bob";
  EXPECT_EQ(send("POST", "/notes", token(bob), "application/json").status, 422);
  now_ += 20s;
  EXPECT_EQ(send("POST", "/notes", alice, "application/json").status, 422);
  EXPECT_EQ(limiter_->refused_total(), 1u);
}

TEST_F(GatekeeperTest, NoLogLineCarriesATokenOrTheAuthorizationHeader) {
  std::string valid = token(claims());
  std::string expired = token(claims(-120));
  send("/public", valid);
  send("/default", expired);
  send("/editors", valid);
  send("/nowhere", valid);
  send("POST", "/notes", valid, "application/json");
  ASSERT_FALSE(log_.empty());
  bool subject_logged = false;
  for (const std::string& line : log_) {
    for (const std::string& sent : {valid, expired}) {
      EXPECT_EQ(line.find(sent.substr(7)), std::string::npos) << line;
      EXPECT_EQ(line.find(sent.substr(7, 20)), std::string::npos) << line;
    }
    EXPECT_EQ(line.find("Bearer"), std::string::npos) << line;
    EXPECT_EQ(line.find("uthorization"), std::string::npos) << line;
    subject_logged = subject_logged || line.find("\"sub\":\"alice\"") != std::string::npos;
  }
  EXPECT_TRUE(subject_logged) << "the request line names the verified subject";
}

TEST(ServiceGuard, RateLimitRefusalsAreCountedInMetrics) {
  Config config;
  config.log_level = LogLevel::kError;
  Service service({"t", "1", "{}"}, config);
  RouteOptions limited;
  limited.operation = "note.list";
  limited.rate_limit = RateLimit{1, 1h};
  service.router().add(
      "GET", "/notes", [](Request&) -> Task<Response> { co_return empty_response(204); }, limited);
  service.guard(nullptr, AccessRule::public_access(), RateLimitSettings{});
  auto get = [&service](std::string path) {
    Request request;
    request.method = "GET";
    request.path = std::move(path);
    request.peer_address = "198.51.100.7";
    std::optional<Response> response;
    spawn(
        service.app().handle(std::move(request)),
        [&response](const std::exception_ptr&, Response answer) { response = std::move(answer); });
    return response.value_or(Response{});
  };
  EXPECT_EQ(get("/notes").status, 204);
  EXPECT_EQ(get("/notes").status, 429);
  EXPECT_EQ(get("/health").status, 200);  // operational routes are neither guarded nor limited
  std::string metrics = service.metrics().render();
  EXPECT_NE(metrics.find("# TYPE http_rate_limited_total counter"), std::string::npos);
  EXPECT_NE(metrics.find("http_rate_limited_total{operation=\"note.list\"} 1"), std::string::npos)
      << metrics;
}

}  // namespace
}  // namespace svcgen
