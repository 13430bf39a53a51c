// The service's auth and rate limits and a model's access, owner and tenant as validation
// resolves them into the IR, and as the OpenAPI document describes them.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/front_end.hpp"
#include "emit/openapi_emitter.hpp"
#include "test_folder.hpp"
#include "validate/access_rules.hpp"

namespace svcgen {
namespace {

using Document = nlohmann::ordered_json;
using ir::Operation;
using svcgen::testing::TestFolder;

constexpr const char* kJwt = R"("jwt": {"issuer": "https://id.example.com/", "audience": "shop",
                                       "tenantClaim": "org.id"})";

struct Built {
  std::optional<ir::Service> service;
  std::string errors;
};

Built build(const std::string& name, const std::string& service_keys, const std::string& model) {
  TestFolder folder("access-" + name);
  folder.write("service.json", R"({"service": "shop", "models": ["m.json"])" + service_keys + "}");
  folder.write("m.json", model);
  std::ostringstream err;
  FrontEndResult result = run_front_end((folder.path() / "service.json").string(), err);
  return {std::move(result.service), err.str()};
}

constexpr const char* kReview = R"({
  "name": "Review",
  "owner": {"field": "owner_id", "bypassRoles": ["admin"]},
  "tenant": "org_id",
  "access": {"create": "authenticated", "update": "owner",
             "delete": {"roles": ["editor", "admin"], "owner": true}},
  "rateLimits": {"create": {"requests": 10, "per": "1m"}},
  "fields": [
    {"name": "owner_id", "type": "string", "readOnly": true},
    {"name": "org_id", "type": "int64", "readOnly": true},
    {"name": "body", "type": "text"}
  ]
})";

Built review_service() {
  return build(
      "review",
      std::string(R"(, "auth": {)") + kJwt +
          R"(, "default": {"roles": ["member"]}}, "rateLimit": {"requests": 1000, "per": "1h30m"})",
      kReview);
}

TEST(AccessResolution, WithoutAuthEveryOperationIsPublic) {
  Built built = build("public", "", R"({"name": "Note", "fields": []})");
  ASSERT_TRUE(built.service) << built.errors;
  EXPECT_FALSE(built.service->auth);
  EXPECT_FALSE(built.service->rate_limit);
  const ir::Model& note = built.service->models.front();
  for (Operation operation : note.operations) {
    EXPECT_TRUE(note.access_rule(operation).is_public) << ir::operation_name(operation);
    EXPECT_FALSE(note.needs_token(operation));
    EXPECT_FALSE(note.rate_limit(operation));
  }
}

TEST(AccessResolution, JwtDefaults) {
  Built built = build("jwt-defaults", std::string(R"(, "auth": {)") + kJwt + "}",
                      R"({"name": "Note", "fields": []})");
  ASSERT_TRUE(built.service) << built.errors;
  const ir::Auth& auth = *built.service->auth;
  EXPECT_EQ(auth.jwt.issuer, "https://id.example.com/");
  EXPECT_EQ(auth.jwt.audience, std::vector<std::string>{"shop"});
  EXPECT_EQ(auth.jwt.algorithms, (std::vector<std::string>{"RS256", "ES256", "EdDSA"}));
  EXPECT_EQ(auth.jwt.roles_claim, "roles");
  EXPECT_EQ(auth.jwt.subject_claim, "sub");
  EXPECT_EQ(auth.jwt.tenant_claim, "org.id");
  // The default rule is "authenticated": a token, no role, no owner.
  EXPECT_FALSE(auth.default_rule.is_public);
  EXPECT_TRUE(auth.default_rule.roles.empty());
  EXPECT_FALSE(auth.default_rule.owner);
  const ir::Model& note = built.service->models.front();
  EXPECT_TRUE(note.needs_token(Operation::kList));
}

TEST(AccessResolution, ExplicitRulesOverrideTheServiceDefault) {
  Built built = review_service();
  ASSERT_TRUE(built.service) << built.errors;
  const ir::Model& review = built.service->models.front();
  const ir::AccessRule& create = review.access_rule(Operation::kCreate);
  EXPECT_FALSE(create.is_public);
  EXPECT_TRUE(create.roles.empty());
  EXPECT_FALSE(create.owner);
  EXPECT_TRUE(review.access_rule(Operation::kUpdate).owner);
  EXPECT_TRUE(review.access_rule(Operation::kUpdate).roles.empty());
  const ir::AccessRule& remove = review.access_rule(Operation::kDelete);
  EXPECT_EQ(remove.roles, (std::vector<std::string>{"editor", "admin"}));
  EXPECT_TRUE(remove.owner);
  for (Operation unlisted : {Operation::kRead, Operation::kList}) {
    EXPECT_EQ(review.access_rule(unlisted).roles, std::vector<std::string>{"member"});
    EXPECT_FALSE(review.access_rule(unlisted).owner);
  }
  ASSERT_TRUE(review.owner);
  EXPECT_EQ(review.owner->field, "owner_id");
  EXPECT_EQ(review.owner->bypass_roles, std::vector<std::string>{"admin"});
  EXPECT_EQ(review.tenant, "org_id");
}

TEST(AccessResolution, RateLimitsComeFromTheModelThenTheService) {
  Built built = review_service();
  ASSERT_TRUE(built.service) << built.errors;
  ASSERT_TRUE(built.service->rate_limit);
  EXPECT_EQ(built.service->rate_limit->requests, 1000);
  EXPECT_EQ(built.service->rate_limit->per_ms, 90 * 60 * 1000);
  const ir::Model& review = built.service->models.front();
  ASSERT_TRUE(review.rate_limit(Operation::kCreate));
  EXPECT_EQ(review.rate_limit(Operation::kCreate)->requests, 10);
  EXPECT_EQ(review.rate_limit(Operation::kCreate)->per_ms, 60000);
  ASSERT_TRUE(review.rate_limit(Operation::kList));
  EXPECT_EQ(review.rate_limit(Operation::kList)->requests, 1000);

  Built unlimited = build("no-service-limit", std::string(R"(, "auth": {)") + kJwt + "}", kReview);
  ASSERT_TRUE(unlimited.service) << unlimited.errors;
  const ir::Model& model = unlimited.service->models.front();
  EXPECT_TRUE(model.rate_limit(Operation::kCreate));
  EXPECT_FALSE(model.rate_limit(Operation::kList));
}

TEST(AccessResolution, OwnerAndTenantColumnsAreSetByTheService) {
  Built built = review_service();
  ASSERT_TRUE(built.service) << built.errors;
  const ir::Model& review = built.service->models.front();
  for (const ir::Column& column : review.columns) {
    bool owner = column.name.text == "owner_id";
    bool tenant = column.name.text == "org_id";
    EXPECT_EQ(column.owner, owner) << column.name.text;
    EXPECT_EQ(column.tenant, tenant) << column.name.text;
    if (owner || tenant) {
      EXPECT_EQ(column.role, ir::ColumnRole::kField);
      EXPECT_FALSE(column.in_create || column.in_replace || column.in_patch) << column.name.text;
      EXPECT_FALSE(column.required_in_create || column.required_in_replace) << column.name.text;
      EXPECT_TRUE(column.returned && column.selected && column.filterable) << column.name.text;
      EXPECT_FALSE(column.nullable) << column.name.text;
    }
  }
}

TEST(Durations, GoSyntaxInNanoseconds) {
  EXPECT_EQ(parse_duration_ns("500ms"), 5e8L);
  EXPECT_EQ(parse_duration_ns("30s"), 3e10L);
  EXPECT_EQ(parse_duration_ns("1m"), 6e10L);
  EXPECT_EQ(parse_duration_ns("1h30m"), 5.4e12L);
  EXPECT_EQ(parse_duration_ns("1.5s"), 1.5e9L);
  EXPECT_EQ(parse_duration_ns("0"), 0.0L);
  for (const char* text : {"", "1", "m", "1 m", "1min", "-1m", "1..5s", "1m-", "1d"}) {
    EXPECT_FALSE(parse_duration_ns(text)) << text;
  }
}

const Document& operation_of(const Document& document, const std::string& path,
                             const std::string& method) {
  return document["paths"][path][method];
}

TEST(OpenApiAccess, SecuritySchemesRequirementsAndResponses) {
  Built built = build("openapi", std::string(R"(, "auth": {)") + kJwt + R"(, "default": "public"})",
                      R"({
  "name": "Review",
  "owner": {"field": "owner_id"},
  "access": {"create": "authenticated", "update": "owner",
             "delete": {"roles": ["editor", "admin"]}},
  "rateLimits": {"create": {"requests": 10, "per": "1m"}},
  "fields": [{"name": "owner_id", "type": "uuid", "readOnly": true},
             {"name": "body", "type": "text"}]
})");
  ASSERT_TRUE(built.service) << built.errors;
  Document document = openapi_document(*built.service);
  EXPECT_FALSE(document.contains("security"));
  EXPECT_EQ(document["components"]["securitySchemes"]["bearerAuth"]["type"], "http");
  EXPECT_EQ(document["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(document["components"]["securitySchemes"]["bearerAuth"]["bearerFormat"], "JWT");

  const Document& list = operation_of(document, "/reviews", "get");
  EXPECT_EQ(list["security"], Document::array());
  EXPECT_EQ(list["responses"]["401"]["$ref"], "#/components/responses/401");
  EXPECT_FALSE(list["responses"].contains("403"));
  EXPECT_FALSE(list["responses"].contains("429"));

  const Document& create = operation_of(document, "/reviews", "post");
  EXPECT_EQ(create["security"], Document::parse(R"([{"bearerAuth": []}])"));
  EXPECT_TRUE(create["responses"].contains("401"));
  EXPECT_EQ(create["responses"]["429"]["$ref"], "#/components/responses/429");
  EXPECT_EQ(create["responses"]["201"]["headers"]["RateLimit-Remaining"]["$ref"],
            "#/components/headers/RateLimit-Remaining");
  EXPECT_TRUE(create["responses"]["201"]["headers"].contains("Location"));

  const Document& remove = operation_of(document, "/reviews/{id}", "delete");
  EXPECT_EQ(remove["security"],
            Document::parse(R"([{"bearerAuth": ["editor"]}, {"bearerAuth": ["admin"]}])"));
  EXPECT_EQ(remove["responses"]["403"]["$ref"], "#/components/responses/403");
  EXPECT_FALSE(remove["responses"].contains("429"));
  for (const char* method : {"put", "patch"}) {
    EXPECT_EQ(operation_of(document, "/reviews/{id}", method)["security"],
              Document::parse(R"([{"bearerAuth": []}])"))
        << method;
  }

  const Document& components = document["components"];
  EXPECT_TRUE(components["responses"]["401"]["headers"].contains("WWW-Authenticate"));
  EXPECT_EQ(components["responses"]["401"]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem");
  EXPECT_TRUE(components["responses"]["429"]["headers"].contains("Retry-After"));
  EXPECT_TRUE(components["headers"].contains("RateLimit-Limit"));
  EXPECT_TRUE(components["headers"].contains("RateLimit-Reset"));
  EXPECT_EQ(components["schemas"]["Review"]["properties"]["owner_id"]["readOnly"], true);
  EXPECT_FALSE(components["schemas"]["ReviewCreate"]["properties"].contains("owner_id"));
}

TEST(OpenApiAccess, TenantsAnswer403OnEveryOperation) {
  Built built = build("openapi-tenant", std::string(R"(, "auth": {)") + kJwt + "}",
                      R"({"name": "Board", "operations": ["read", "list"], "tenant": "org_id",
                          "fields": [{"name": "org_id", "type": "uuid", "readOnly": true}]})");
  ASSERT_TRUE(built.service) << built.errors;
  Document document = openapi_document(*built.service);
  EXPECT_TRUE(operation_of(document, "/boards", "get")["responses"].contains("403"));
  EXPECT_TRUE(operation_of(document, "/boards/{id}", "get")["responses"].contains("403"));
  EXPECT_FALSE(document["components"]["responses"].contains("429"));
  EXPECT_FALSE(document["components"].contains("headers"));
}

TEST(OpenApiAccess, WithoutAuthNothingChanges) {
  Built built = build("openapi-plain", "", R"({"name": "Note", "fields": []})");
  ASSERT_TRUE(built.service) << built.errors;
  Document document = openapi_document(*built.service);
  EXPECT_EQ(document["security"], Document::array());
  EXPECT_FALSE(document["components"].contains("securitySchemes"));
  EXPECT_FALSE(document["components"]["responses"].contains("401"));
  EXPECT_FALSE(operation_of(document, "/notes", "get").contains("security"));
}

}  // namespace
}  // namespace svcgen
