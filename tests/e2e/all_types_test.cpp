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
                 {"opens_at", "12:30:00.5"},
                 {"doc", {{"nested", {1, 2.5, {{"deep", nullptr}}, "\u00e9"}}}},
                 {"blob", "AAEC/w=="},
                 {"state", "in-progress"},
                 {"owner_id", owner_key},
                 {"tag_id", json::parse(tag.body)["id"]},
                 {"secret", "s3cret"}};
  RawResponse created = service.send("POST", "/v1/samples", sample.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  json body = json::parse(created.body);
  for (const char* key :
       {"s", "s_open", "t", "i32", "i64", "f32", "f64", "amount", "flag", "ident", "happened_on",
        "opens_at", "doc", "blob", "state", "owner_id", "tag_id"}) {
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
  EXPECT_EQ(filled["opens_at"], "09:00:00");
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
  for (const char* bad : {"\"24:00:00\"", "\"23:59:60\"", "\"12:30\"", "\"12:30:00Z\"",
                          "\"12:30:00+01:00\"", "\"12:30:00.1234567\"", "\"9:00:00\"", "1230"}) {
    problem_at("opens_at", bad);
  }
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

// A time of day is stored as PostgreSQL's time and answered in one canonical text: the fraction
// without trailing zeros, none at all when it is zero.
TEST(AllTypes, TimeOfDayIsAnsweredInItsCanonicalText) {
  ServiceProcess service(SVCGEN_EVERYTHING);
  std::string owner =
      json::parse(service.send("POST", "/v1/owners", R"({"display_name": "T"})").body)["owner_key"];
  // tag_id defaults to 1: that tag must exist.
  ASSERT_EQ(service.send("POST", "/v1/labels", R"({"label": "x"})").status, 201);
  // (owner_id, s) is unique, so every sample gets a name of its own.
  char name = 'A';
  auto stored = [&](const std::string& sent) {
    json sample = {{"s", std::string("Times ") + name++}, {"owner_id", owner}, {"opens_at", sent}};
    RawResponse created = service.send("POST", "/v1/samples", sample.dump());
    EXPECT_EQ(created.status, 201) << created.body;
    json read = json::parse(service.send("GET", created.header("location")).body);
    EXPECT_EQ(read["opens_at"], json::parse(created.body)["opens_at"]) << sent;
    return read["opens_at"].get<std::string>();
  };
  EXPECT_EQ(stored("12:30:00.500"), "12:30:00.5");
  EXPECT_EQ(stored("12:30:00.000000"), "12:30:00");
  EXPECT_EQ(stored("00:00:00"), "00:00:00");
  EXPECT_EQ(stored("23:59:59.999999"), "23:59:59.999999");
  RawResponse cleared =
      service.send("POST", "/v1/samples",
                   json{{"s", "Times Null"}, {"owner_id", owner}, {"opens_at", nullptr}}.dump());
  ASSERT_EQ(cleared.status, 201) << cleared.body;
  EXPECT_EQ(json::parse(cleared.body)["opens_at"], nullptr);
}

TEST(AllTypes, TimeOfDayFiltersSortsAndPages) {
  ServiceProcess service(SVCGEN_EVERYTHING);
  std::string owner =
      json::parse(service.send("POST", "/v1/owners", R"({"display_name": "F"})").body)["owner_key"];
  // tag_id defaults to 1: that tag must exist.
  ASSERT_EQ(service.send("POST", "/v1/labels", R"({"label": "x"})").status, 201);
  char name = 'A';  // (owner_id, s) is unique
  for (json opens : {json("12:00:00"), json(nullptr), json("08:00:00"), json("23:59:59.999999"),
                     json("09:15:30.25")}) {
    json sample = {{"s", std::string("Hours ") + name++}, {"owner_id", owner}, {"opens_at", opens}};
    RawResponse created = service.send("POST", "/v1/samples", sample.dump());
    ASSERT_EQ(created.status, 201) << created.body;
  }
  auto times = [&](const std::string& query) {
    RawResponse response = service.send("GET", "/v1/samples?" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<json> found;
    json body = json::parse(response.body);
    for (const json& item : body["items"]) {
      found.push_back(item["opens_at"]);
    }
    return found;
  };
  using List = std::vector<json>;
  EXPECT_EQ(times("opens_at=12:00:00"), List{"12:00:00"});
  EXPECT_EQ(times("opens_at[eq]=09:15:30.250"), List{"09:15:30.25"});
  EXPECT_EQ(times("opens_at[ne]=12:00:00&sort=opens_at").size(), 4u);
  EXPECT_EQ(times("opens_at[in]=08:00:00,23:59:59.999999&sort=opens_at"),
            (List{"08:00:00", "23:59:59.999999"}));
  EXPECT_EQ(times("opens_at[null]=true"), List{nullptr});
  EXPECT_EQ(times("opens_at[null]=false").size(), 4u);
  EXPECT_EQ(times("opens_at[lt]=09:15:30.25"), List{"08:00:00"});
  EXPECT_EQ(times("opens_at[lte]=09:15:30.25&sort=opens_at"), (List{"08:00:00", "09:15:30.25"}));
  EXPECT_EQ(times("opens_at[gt]=12:00:00"), List{"23:59:59.999999"});
  EXPECT_EQ(times("opens_at[gte]=12:00:00&sort=opens_at"), (List{"12:00:00", "23:59:59.999999"}));
  List ascending = {"08:00:00", "09:15:30.25", "12:00:00", "23:59:59.999999", nullptr};
  EXPECT_EQ(times("sort=opens_at"), ascending);
  EXPECT_EQ(times("sort=-opens_at"),
            (List{nullptr, "23:59:59.999999", "12:00:00", "09:15:30.25", "08:00:00"}));
  // Keyset pages of two follow the time order across every page, the null last.
  List paged;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    std::string query = "sort=opens_at&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor);
    RawResponse response = service.send("GET", "/v1/samples?" + query);
    ASSERT_EQ(response.status, 200) << response.body;
    json body = json::parse(response.body);
    for (const json& item : body["items"]) {
      paged.push_back(item["opens_at"]);
    }
    if (body["next_cursor"].is_null()) {
      break;
    }
    cursor = body["next_cursor"];
  }
  EXPECT_EQ(paged, ascending);
  for (const char* bad : {"opens_at=noon", "opens_at[lt]=24:00:00", "opens_at[gte]=12:00",
                          "opens_at[in]=08:00:00,8:00:00", "opens_at[contains]=12"}) {
    expect_problem(service.send("GET", std::string("/v1/samples?") + bad), 400);
  }
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
