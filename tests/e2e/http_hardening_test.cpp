// The generated bookstore under hostile HTTP traffic: what clients send never grows the metrics
// without bound, an escaped '/' never reaches another route, and running out of file
// descriptors pauses accepting instead of spinning.
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "service_process.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using testing::expect_problem;
using testing::get_request;
using testing::RawHttpClient;
using testing::RawResponse;
using testing::ServiceProcess;

// Requests valid as HTTP (so that the connection stays open for the next) whose method, path,
// header names and values and query string are random. No method is a standard one: those are
// labels of their own, and a random HEAD would be answered without the body the client reads.
class RandomRequests {
 public:
  explicit RandomRequests(unsigned seed) : random_(seed) {}

  std::string next() {
    std::string method;
    do {
      method = word("ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&'*+-.^_`|~0123456789", 3, 12);
    } while (is_standard(method));
    std::string request = method + " " + path() + "?" + query() + " HTTP/1.1\r\nHost: x\r\n";
    int headers = pick(0, 4);
    for (int i = 0; i < headers; ++i) {
      request += "X-" + word(kAlnum, 1, 16) + ": " + word(kAlnum, 0, 40) + "\r\n";
    }
    return request + "\r\n";
  }

 private:
  static constexpr const char* kAlnum =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  static bool is_standard(const std::string& method) {
    for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
      if (method == known) {
        return true;
      }
    }
    return false;
  }

  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

  std::string word(std::string_view alphabet, int shortest, int longest) {
    std::string out(static_cast<std::size_t>(pick(shortest, longest)), ' ');
    for (char& c : out) {
      c = alphabet[static_cast<std::size_t>(pick(0, static_cast<int>(alphabet.size()) - 1))];
    }
    return out;
  }

  // Half of them on the service's paths (405), half anywhere (404).
  std::string path() {
    switch (pick(0, 3)) {
      case 0:
        return "/api/books/" + std::to_string(pick(1, 1000000));
      case 1:
        return "/api/authors";
      default:
        return "/" + word(kAlnum, 1, 20) + "/" + word("abcdef0123456789-._~", 0, 20) +
               (pick(0, 1) == 0 ? "%2F" + word(kAlnum, 1, 4) : "");
    }
  }

  std::string query() { return word(kAlnum, 1, 8) + "=" + word(kAlnum, 0, 20); }

  std::mt19937 random_;
};

// 100,000 requests over 8 keep-alive connections, pipelined 250 at a time, then /metrics: every
// label comes from a closed set (methods outside the standard ones count as OTHER, paths that
// match no route as "unmatched"), so the exposition stays small.
TEST(HttpHardening, RandomMethodsPathsHeadersAndQueriesLeaveTheMetricsSmall) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  constexpr int kConnections = 8;
  constexpr int kBatches = 50;
  constexpr int kBatch = 250;
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (int c = 0; c < kConnections; ++c) {
    clients.emplace_back([&, c] {
      RandomRequests requests(static_cast<unsigned>(c + 1));
      RawHttpClient client(service.port());
      for (int batch = 0; batch < kBatches; ++batch) {
        std::string pipeline;
        for (int i = 0; i < kBatch; ++i) {
          pipeline += requests.next();
        }
        if (!client.send(pipeline)) {
          return;
        }
        for (int i = 0; i < kBatch; ++i) {
          std::optional<RawResponse> response = client.read_response(30s);
          if (!response) {
            return;
          }
          if (response->status == 404 || response->status == 405) {
            answered.fetch_add(1);
          }
        }
      }
    });
  }
  for (std::thread& client : clients) {
    client.join();
  }
  // Every request was answered as a routing failure: none was refused as malformed, none was
  // routed to a handler.
  ASSERT_EQ(answered.load(), kConnections * kBatches * kBatch);
  RawResponse metrics = service.send("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_LT(metrics.body.size(), 100u * 1024u);
  EXPECT_NE(metrics.body.find("method=\"OTHER\""), std::string::npos) << metrics.body;
  for (const char* status : {"404", "405"}) {
    EXPECT_NE(
        metrics.body.find("http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"" +
                          std::string(status) + "\"}"),
        std::string::npos)
        << metrics.body;
  }
  EXPECT_EQ(service.send("GET", "/health").status, 200);
}

// A proxy that guards /api/books by its path must not be walked around with %2F: the path is
// split before it is decoded, so an escaped '/' stays inside one segment and names no route.
// An escaped unreserved character is the character itself (RFC 3986), and is served.
TEST(HttpHardening, AnEscapedSlashNeverJoinsTwoSegments) {
  ServiceProcess service(SVCGEN_BOOKSTORE);
  RawResponse author = service.send("POST", "/api/authors", R"({"name": "A"})");
  ASSERT_EQ(author.status, 201) << author.body;
  RawResponse book = service.send("POST", "/api/books",
                                  R"({"title": "t", "price": "1.00", "author_id": )" +
                                      std::to_string(service.body(author)["id"].get<long>()) + "}");
  ASSERT_EQ(book.status, 201) << book.body;
  std::string id = std::to_string(service.body(book)["id"].get<long>());
  for (const std::string& path : {std::string("/api%2Fbooks"), std::string("/api%2fbooks"),
                                  "/api/books%2F" + id, "/api%2Fbooks/" + id}) {
    SCOPED_TRACE(path);
    expect_problem(service.send("GET", path), 404);
    expect_problem(service.send("DELETE", path), 404);
  }
  RawResponse escaped = service.send("GET", "/api/%62ooks/" + id);
  ASSERT_EQ(escaped.status, 200) << escaped.body;
  EXPECT_EQ(service.body(escaped)["title"], "t");
  EXPECT_EQ(service.send("GET", "/%61pi/books").status, 200);
  EXPECT_EQ(service.sql("SELECT count(*) FROM books"), "1") << "a refused DELETE ran";
}

// CPU seconds (user and system) the process has used, from /proc/<pid>/stat.
double cpu_seconds(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // The fields after the command name, which is in parentheses and may hold spaces; utime and
  // stime are the 14th and 15th fields, the 12th and 13th of these.
  std::istringstream rest(text.substr(text.rfind(')') + 2));
  std::vector<std::string> fields(std::istream_iterator<std::string>(rest), {});
  return static_cast<double>(std::stoull(fields.at(11)) + std::stoull(fields.at(12))) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long accept_errors(RawHttpClient& client) {
  if (!client.send(get_request("/metrics"))) {
    return -1;
  }
  auto response = client.read_response(5s);
  if (!response || response->status != 200) {
    return -1;
  }
  const std::string name = "http_accept_errors_total{reason=\"descriptor_limit\"} ";
  std::size_t at = response->body.find(name);
  return at == std::string::npos ? -1 : std::stol(response->body.substr(at + name.size()));
}

// With its descriptor limit down to 256 and 1,000 connections waiting to be accepted, the
// service pauses accepting (near no CPU), says why once, counts the failures, and goes on
// serving the connections it has; once the waiting ones are gone it accepts again.
TEST(HttpHardening, RunningOutOfDescriptorsPausesAcceptingWithoutSpinning) {
  constexpr int kWaiting = 1000;
  rlimit own{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &own), 0);
  own.rlim_cur = own.rlim_max;  // this process holds the 1,000 connections itself
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &own), 0);
  ASSERT_GT(own.rlim_cur, static_cast<rlim_t>(kWaiting + 100));

  ServiceProcess service(SVCGEN_BOOKSTORE);
  std::vector<std::unique_ptr<RawHttpClient>> served;
  for (int i = 0; i < 4; ++i) {
    served.push_back(std::make_unique<RawHttpClient>(service.port()));
    ASSERT_EQ(accept_errors(*served.back()), 0);
  }
  rlimit low{256, 256};
  ASSERT_EQ(::prlimit(service.pid(), RLIMIT_NOFILE, &low, nullptr), 0);
  std::vector<std::unique_ptr<RawHttpClient>> waiting;
  for (int i = 0; i < kWaiting; ++i) {
    waiting.push_back(std::make_unique<RawHttpClient>(service.port()));  // the kernel accepts
  }
  long failed = 0;
  for (auto until = std::chrono::steady_clock::now() + 10s;
       failed <= 0 && std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(50ms)) {
    failed = accept_errors(*served[0]);
  }
  ASSERT_GT(failed, 0) << "the service never reached its descriptor limit";

  // Starved, it uses (near) no CPU: a spinning accept loop takes whole cores.
  double cpu_before = cpu_seconds(service.pid());
  auto started = std::chrono::steady_clock::now();
  for (int round = 0; round < 4; ++round) {
    std::this_thread::sleep_for(500ms);
    for (auto& client : served) {
      EXPECT_GE(accept_errors(*client), failed);  // still served
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  double used = cpu_seconds(service.pid()) - cpu_before;
  EXPECT_LT(used, 0.1 * seconds) << used << " s of CPU in " << seconds << " s";

  std::string output = service.output();
  std::size_t warned = output.find("file descriptor limit");
  ASSERT_NE(warned, std::string::npos) << output.substr(0, 4000);
  std::string line = output.substr(output.rfind('\n', warned) + 1);
  line = line.substr(0, line.find('\n'));
  EXPECT_NE(line.find("\"level\":\"warn\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"reason\":\"descriptor_limit\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"descriptor_limit\":256"), std::string::npos) << line;
  EXPECT_NE(line.find("\"failed_accepts\":"), std::string::npos) << line;
  // Rate-limited: one line for the whole starvation, not one per failed accept.
  std::size_t lines = 0;
  for (std::size_t at = output.find("file descriptor limit"); at != std::string::npos;
       at = output.find("file descriptor limit", at + 1)) {
    ++lines;
  }
  EXPECT_LE(lines, 2u) << output.substr(0, 4000);

  waiting.clear();
  bool accepted = false;
  for (auto until = std::chrono::steady_clock::now() + 20s;
       !accepted && std::chrono::steady_clock::now() < until;) {
    try {
      RawHttpClient fresh(service.port());
      accepted = fresh.send(get_request("/health")) && fresh.read_response(5s).has_value();
    } catch (const std::runtime_error&) {
      std::this_thread::sleep_for(100ms);
    }
  }
  EXPECT_TRUE(accepted) << "no new connection was served after the descriptors came back";
  EXPECT_GE(accept_errors(*served[0]), failed);
}

}  // namespace
}  // namespace svcgen
