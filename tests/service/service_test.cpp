// A service built on the runtime, run as a real process against real PostgreSQL over HTTP.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>
#include <regex>
#include <thread>

#include "child_process.hpp"
#include "pg_fixture.hpp"
#include "raw_http_client.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::exec_sql;
using testing::get_request;
using testing::RawHttpClient;
using testing::RawResponse;

std::string free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return std::to_string(ntohs(address.sin_port));
}

std::string with_password(const std::string& url, const std::string& password) {
  // postgres://postgres@host -> postgres://postgres:password@host (trust auth ignores it)
  return std::regex_replace(url, std::regex("://postgres@"), "://postgres:" + password + "@");
}

class NotesService {
 public:
  NotesService(const std::string& database_url, std::map<std::string, std::string> environment)
      : port_(free_port()) {
    schema_ = testing::unique_name(
        "notes_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    exec_sql(database_url, "CREATE SCHEMA " + schema_ + "; CREATE TABLE " + schema_ +
                               ".notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                               "title text NOT NULL CONSTRAINT notes_title_key UNIQUE, body text)");
    environment.emplace("DB_WRITE_URL", database_url);
    environment["PORT"] = port_;
    environment["HOST"] = "127.0.0.1";
    environment["DB_SCHEMA"] = schema_;
    environment.emplace("THREADS", "2");
    environment.emplace("SHUTDOWN_TIMEOUT", "5s");
    process_ = std::make_unique<ChildProcess>(
        SVCGEN_NOTES_SERVICE, std::vector<std::string>{}, environment,
        std::filesystem::temp_directory_path() / (schema_ + ".log"));
    for (int i = 0; i < 200; ++i) {
      try {
        RawHttpClient client(port());
        client.send(get_request("/health"));
        if (auto response = client.read_response(1s); response && response->status == 200) {
          return;
        }
      } catch (const std::runtime_error&) {
      }
      if (!process_->running()) {
        break;
      }
      std::this_thread::sleep_for(25ms);
    }
    throw std::runtime_error("the service did not start:\n" + process_->output());
  }

  std::uint16_t port() const { return static_cast<std::uint16_t>(std::stoi(port_)); }
  ChildProcess& process() { return *process_; }

  RawResponse request(const std::string& raw) {
    RawHttpClient client(port());
    client.send(raw);
    auto response = client.read_response(10s);
    if (!response) {
      throw std::runtime_error("no response");
    }
    return *response;
  }
  RawResponse get(const std::string& path) { return request(get_request(path)); }
  RawResponse post(const std::string& path, const std::string& body,
                   const std::string& type = "application/json") {
    return request("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + type +
                   "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }

 private:
  std::string port_;
  std::string schema_;
  std::unique_ptr<ChildProcess> process_;
};

nlohmann::json body_of(const RawResponse& response) { return nlohmann::json::parse(response.body); }

TEST(NotesService, BadConfigurationExitsTwoNamingTheVariable) {
  ChildProcess process(SVCGEN_NOTES_SERVICE, {},
                       {{"SHUTDOWN_TIMEOUT", "thirty"}, {"PORT", "99999"}},
                       std::filesystem::temp_directory_path() / "notes-bad-config.log");
  EXPECT_EQ(process.wait(10s), 2);
  EXPECT_EQ(process.output(),
            "notes: PORT: expected a whole number from 0 to 65535, got \"99999\"\n"
            "notes: DB_WRITE_URL: required: a PostgreSQL connection string such as "
            "postgres://user:password@host:5432/db\n"
            "notes: SHUTDOWN_TIMEOUT: expected a duration like 30s, got \"thirty\"\n");
}

TEST(NotesService, ServesRequestsAndMapsErrors) {
  NotesService service(testing::shared_database_url(), {});
  RawResponse created = service.post("/api/notes", R"({"title": "first", "body": "hello"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string location = created.header("location");
  EXPECT_EQ(location, "/api/notes/" + std::to_string(body_of(created)["id"].get<long>()));
  RawResponse read = service.get(location);
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(body_of(read)["body"], "hello");

  RawResponse duplicate = service.post("/api/notes", R"({"title": "first"})");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.header("content-type"), "application/problem+json");
  EXPECT_EQ(body_of(duplicate)["errors"][0]["pointer"], "/title");
  EXPECT_EQ(body_of(duplicate)["detail"], "a note with this title exists");

  EXPECT_EQ(service.get("/api/notes/424242").status, 404);
  EXPECT_EQ(service.get("/api/notes/abc").status, 404);
  EXPECT_EQ(service.post("/api/notes", "{}", "text/plain").status, 415);
  EXPECT_EQ(service.post("/api/notes", "{bad json").status, 400);
  EXPECT_EQ(service.post("/api/notes", "{}").status, 422);
  EXPECT_EQ(service.post("/api/notes", std::string(2 * 1024 * 1024, ' ')).status, 413);
  RawResponse wrong_method = service.request("DELETE /api/notes HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.header("allow"), "POST");
  EXPECT_EQ(service.get("/openapi.json").body, R"({"openapi":"3.1.0"})");
  EXPECT_EQ(service.get("/ready").status, 200);
}

TEST(NotesService, StatementTimeoutIs504) {
  NotesService service(testing::shared_database_url(), {{"DB_STATEMENT_TIMEOUT", "200ms"}});
  RawResponse response = service.get("/api/slow?seconds=3");
  EXPECT_EQ(response.status, 504);
  EXPECT_EQ(body_of(response)["status"], 504);
  EXPECT_EQ(service.get("/api/slow?seconds=0").status, 200);
}

TEST(NotesService, PoolExhaustionIs503WithRetryAfterAndRecovers) {
  NotesService service(
      testing::shared_database_url(),
      {{"DB_WRITE_MAX_CONNS", "1"}, {"THREADS", "1"}, {"DB_POOL_WAIT_TIMEOUT", "150ms"}});
  std::vector<std::future<RawResponse>> holds;
  for (int i = 0; i < 3; ++i) {
    holds.push_back(
        std::async(std::launch::async, [&service] { return service.post("/api/hold", "{}"); }));
  }
  int ok = 0;
  int unavailable = 0;
  for (auto& hold : holds) {
    RawResponse response = hold.get();
    if (response.status == 200) {
      ++ok;
    } else if (response.status == 503) {
      ++unavailable;
      EXPECT_EQ(response.header("retry-after"), "1");
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(unavailable, 1);
  EXPECT_EQ(ok + unavailable, 3);
  EXPECT_EQ(service.post("/api/hold", "{}").status, 200);
}

TEST(NotesService, DatabaseOutageTurnsReadyButNotHealthAndRecovers) {
  testing::PrivateServer server("outage");
  NotesService service(server.url(),
                       {{"DB_POOL_WAIT_TIMEOUT", "300ms"}, {"HEALTH_TIMEOUT", "500ms"}});
  ASSERT_EQ(service.post("/api/notes", R"({"title": "before"})").status, 201);
  server.pause();
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(service.get("/api/notes/1").status, 503);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(service.get("/ready").status, 503);
  EXPECT_EQ(service.get("/health").status, 200);
  server.resume();
  // Each event loop's pool reconnects on its own retry timer (backoff of at most 2 s), so a
  // request may still fail fast on one loop after /ready, served by another, recovered.
  auto recovers = [&](const std::string& path) {
    int status = 0;
    for (int i = 0; i < 100 && status != 200; ++i) {
      status = service.get(path).status;
      if (status != 200) {
        std::this_thread::sleep_for(100ms);
      }
    }
    return status;
  };
  EXPECT_EQ(recovers("/ready"), 200);
  EXPECT_EQ(recovers("/api/notes/1"), 200);
}

TEST(NotesService, HealthCanCheckTheDatabase) {
  testing::PrivateServer server("health");
  NotesService service(server.url(), {{"HEALTH_CHECK_DB", "true"}, {"HEALTH_TIMEOUT", "500ms"}});
  EXPECT_EQ(service.get("/health").status, 200);
  server.pause();
  EXPECT_EQ(service.get("/health").status, 503);
  server.resume();
}

TEST(NotesService, SigtermDrainsRequestsInFlight) {
  NotesService service(testing::shared_database_url(), {});
  std::vector<std::future<RawResponse>> slow;
  for (int i = 0; i < 5; ++i) {
    slow.push_back(std::async(std::launch::async,
                              [&service] { return service.get("/api/slow?seconds=0.6"); }));
  }
  std::this_thread::sleep_for(200ms);
  service.process().signal(SIGTERM);
  for (auto& response : slow) {
    EXPECT_EQ(response.get().status, 200);
  }
  EXPECT_EQ(service.process().wait(10s), 0);
  EXPECT_THROW(RawHttpClient(service.port()), std::runtime_error);
}

TEST(NotesService, MetricsAreValidPrometheusText) {
  NotesService service(testing::shared_database_url(), {});
  service.get("/api/notes/1");
  RawResponse metrics = service.get("/metrics");
  EXPECT_EQ(metrics.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  std::regex sample(
      R"([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.eE+-]+|[+-]Inf|NaN)");
  std::regex comment(R"(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  std::istringstream lines(metrics.body);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    if (line.rfind('#', 0) == 0) {
      EXPECT_TRUE(std::regex_match(line, comment)) << line;
    } else {
      EXPECT_TRUE(std::regex_match(line, sample)) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 5);
  for (const char* name :
       {"http_requests_total{route=\"/api/notes/{id}\"", "http_request_duration_seconds_bucket",
        "http_requests_in_flight", "db_pool_connections{pool=\"write\",state=\"idle\"}",
        "db_pool_waiting{pool=\"write\"}"}) {
    EXPECT_NE(metrics.body.find(name), std::string::npos) << name;
  }
}

TEST(NotesService, LogsAreJsonAndNeverShowThePassword) {
  std::string url = with_password(testing::shared_database_url(), "hunter2secret");
  NotesService service(url, {});
  service.get("/api/notes/1");
  service.process().signal(SIGTERM);
  ASSERT_EQ(service.process().wait(10s), 0);
  std::string output = service.process().output();
  EXPECT_EQ(output.find("hunter2secret"), std::string::npos) << output;
  std::istringstream lines(output);
  std::string line;
  std::vector<std::string> messages;
  while (std::getline(lines, line)) {
    nlohmann::json record = nlohmann::json::parse(line);
    messages.push_back(record["msg"]);
    EXPECT_EQ(record["service"], "notes");
  }
  EXPECT_NE(std::find(messages.begin(), messages.end(), "listening"), messages.end());
  EXPECT_NE(std::find(messages.begin(), messages.end(), "request"), messages.end());
  EXPECT_NE(std::find(messages.begin(), messages.end(), "stopped"), messages.end());
  EXPECT_NE(output.find("postgres://postgres:***@"), std::string::npos);
}

}  // namespace
}  // namespace svcgen

namespace svcgen {
namespace {

TEST(NotesService, TraceAddsARecordPerStatement) {
  NotesService service(testing::shared_database_url(), {{"TRACE", "true"}});
  service.post("/api/notes", R"({"title": "traced"})");
  service.process().signal(SIGTERM);
  ASSERT_EQ(service.process().wait(10s), 0);
  std::istringstream lines(service.process().output());
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    nlohmann::json record = nlohmann::json::parse(line);
    if (record["msg"] == "db statement" && record["statement"] == "create_note") {
      found = true;
      EXPECT_EQ(record["target"], "write");
      EXPECT_EQ(record["rows"], 1);
      EXPECT_TRUE(record["duration_ms"].is_number());
    }
  }
  EXPECT_TRUE(found) << service.process().output();
}

}  // namespace
}  // namespace svcgen
