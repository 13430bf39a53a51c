// The all-types golden service (tests/golden/all_types/expected), built and run against
// PostgreSQL: every type of the model format survives a round trip through the API exactly.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "service_process.hpp"

namespace svcgen {
namespace {

using nlohmann::json;
using testing::expect_problem;
using testing::RawResponse;
using testing::ServiceProcess;

TEST(AllTypes, EveryTypeRoundTripsExactly) {
  ServiceProcess service(SVCGEN_EVERYTHING);
  RawResponse owner = service.send("POST", "/v1/owners", R"({"display_name": "Ada"})");
  ASSERT_EQ(owner.status, 201) << owner.body;
  std::string owner_key = json::parse(owner.body)["owner_key"];
  RawResponse tag = service.send("POST", "/v1/labels", R"({"label": "x"})");
  ASSERT_EQ(tag.status, 201) << tag.body;
  json sample = {{"s", "Hello World"},
                 {"s_open", "\u65e5\u672c\u8a9e \u2713 \U0001F600 \"quoted\" \\ back"},
                 {"t", std::string(5000, 'x')},
                 {"i32", -5},
                 {"i64", 9223372036854775807LL},
                 {"f32", 1.25},
                 {"f64", 0.1},
                 {"amount", "12345678.9000"},
                 {"flag", true},
                 {"ident", "3f2b8c1e-0d4a-4e8b-9a51-2c7d9e6f1a00"},
                 {"happened_at", "2024-01-31T23:30:00.123456-02:00"},
                 {"happened_on", "2024-02-29"},
                 {"doc", {{"nested", {1, 2.5, {{"deep", nullptr}}, "\u00e9"}}}},
                 {"blob", "AAEC/w=="},
                 {"state", "in-progress"},
                 {"owner_id", owner_key},
                 {"tag_id", json::parse(tag.body)["id"]},
                 {"secret", "s3cret"}};
  RawResponse created = service.send("POST", "/v1/samples", sample.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  json body = json::parse(created.body);
  for (const char* key : {"s", "s_open", "t", "i32", "i64", "f32", "f64", "amount", "flag", "ident",
                          "happened_on", "doc", "blob", "state", "owner_id", "tag_id"}) {
    EXPECT_EQ(body[key], sample[key]) << key;
  }
  EXPECT_EQ(body["happened_at"], "2024-02-01T01:30:00.123456Z");
  EXPECT_FALSE(body.contains("secret"));
  EXPECT_EQ(body["computed"], nullptr);
  EXPECT_EQ(body["legacy"], nullptr);
  json read = json::parse(service.send("GET", created.header("location")).body);
  EXPECT_EQ(read, body);
  // Defaults apply when fields are left out.
  RawResponse defaults =
      service.send("POST", "/v1/samples", json{{"owner_id", owner_key}, {"s", "Defaults"}}.dump());
  ASSERT_EQ(defaults.status, 201) << defaults.body;
  json filled = json::parse(defaults.body);
  EXPECT_EQ(filled["i64"], 9223372036854775807LL);
  EXPECT_EQ(filled["amount"], "12345678.9000");
  EXPECT_EQ(filled["state"], "new");
  EXPECT_EQ(filled["doc"], json({{"nested", {1, 2, {{"deep", nullptr}}}}}));
  EXPECT_EQ(filled["flag"], false);
  EXPECT_EQ(filled["tag_id"], 1);
}

TEST(AllTypes, OutOfRangeAndMalformedValuesAre422) {
  ServiceProcess service(SVCGEN_EVERYTHING);
  std::string owner =
      json::parse(service.send("POST", "/v1/owners", R"({"display_name": "A"})").body)["owner_key"];
  auto problem_at = [&](const std::string& field, const std::string& value) {
    // A key twice is refused as such (400), so the valid "s" is left out when "s" is tested.
    std::string valid_s = field == "s" ? "" : R"("s": "Ok", )";
    std::string body =
        "{" + valid_s + R"("owner_id": ")" + owner + R"(", ")" + field + "\": " + value + "}";
    RawResponse response = service.send("POST", "/v1/samples", body);
    EXPECT_EQ(response.status, 422) << field << "=" << value << ": " << response.body;
    EXPECT_NE(response.body.find("\"/" + field + "\""), std::string::npos) << response.body;
  };
  problem_at("i32", "6");
  problem_at("i32", "1.5");
  problem_at("i64", "9223372036854775808");
  problem_at("f32", "1e39");
  problem_at("f32", "\"NaN\"");
  problem_at("amount", "\"1.23456\"");
  problem_at("amount", "\"-1\"");
  problem_at("ident", "\"not-a-uuid\"");
  problem_at("happened_at", "\"2024-01-31T12:00:00\"");
  problem_at("happened_on", "\"2023-02-29\"");
  problem_at("blob", "\"AAE\"");
  problem_at("state", "\"unknown\"");
  problem_at("s", "\"has digits 123\"");
  problem_at("computed", "1");
  // A number no double can hold is not JSON this service can read at all.
  RawResponse huge = service.send("POST", "/v1/samples",
                                  R"({"s": "Ok", "owner_id": ")" + owner + R"(", "i64": 1e400})");
  EXPECT_EQ(huge.status, 400) << huge.body;
  problem_at("tag_id", "\"one\"");
}

// "contact" is a text field with the email pattern ^[^@\s]+@[^@\s]+$ and no maxLength. A
// backtracking engine overflowed its stack on a value of 30,000 characters and killed the
// service; RE2 answers 100,000 at once: a matching value is stored (201), a value without an
// "@" or with nothing after it is the documented 422 at /contact, and the service keeps serving.
TEST(AllTypes, LongValuesAgainstAPatternAreAnsweredAtOnce) {
  using namespace std::chrono_literals;
  ServiceProcess service(SVCGEN_EVERYTHING);
  std::string owner =
      json::parse(service.send("POST", "/v1/owners", R"({"display_name": "A"})").body)["owner_key"];
  json tag = json::parse(service.send("POST", "/v1/labels", R"({"label": "x"})").body)["id"];
  // "s" differs between the two accepted posts: (owner_id, s) is unique.
  auto post = [&](const std::string& contact, const std::string& s = "Ok") {
    auto start = std::chrono::steady_clock::now();
    json sample = {{"s", s}, {"owner_id", owner}, {"tag_id", tag}, {"contact", contact}};
    RawResponse response = service.send("POST", "/v1/samples", sample.dump());
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << response.status;
    return response;
  };
  std::string many(100000, 'a');
  RawResponse matching = post(many + "@b");
  ASSERT_EQ(matching.status, 201) << matching.body.substr(0, 300);
  EXPECT_EQ(json::parse(matching.body)["contact"], many + "@b");
  for (const std::string& contact : {many, many + "@", "@" + many, many + " x@b"}) {
    RawResponse refused = post(contact);
    expect_problem(refused, 422, "/contact");
    EXPECT_NE(refused.body.find(R"(must match the pattern ^[^@\\s]+@[^@\\s]+$)"), std::string::npos)
        << refused.body.substr(0, 300);
  }
  EXPECT_EQ(service.send("GET", "/health").status, 200);
  EXPECT_EQ(post("ada@example.org", "Later").status, 201);
}

TEST(AllTypes, AReferenceToASoftDeletedRowCountsAsMissing) {
  ServiceProcess service(SVCGEN_EVERYTHING);
  RawResponse owner = service.send("POST", "/v1/owners", R"({"display_name": "Gone"})");
  ASSERT_EQ(owner.status, 201);
  std::string key = json::parse(owner.body)["owner_key"];
  ASSERT_EQ(service.send("DELETE", "/v1/owners/" + key, "", "If-Match: \"1\"\r\n").status, 204);
  RawResponse sample =
      service.send("POST", "/v1/samples", json{{"s", "Orphan"}, {"owner_id", key}}.dump());
  EXPECT_EQ(sample.status, 409) << sample.body;
  // Unique holds among live rows only: the name of the deleted owner is free again.
  EXPECT_EQ(service.send("POST", "/v1/owners", R"({"display_name": "Gone"})").status, 201);
  EXPECT_EQ(service.send("POST", "/v1/owners", R"({"display_name": "Gone"})").status, 409);
}

}  // namespace
}  // namespace svcgen
