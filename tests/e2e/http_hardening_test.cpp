// The generated bookstore under hostile HTTP traffic: what clients send never grows the metrics
// without bound.
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
    std::string method = word("ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&'*+-.^_`|~0123456789", 3, 12);
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

}  // namespace
}  // namespace svcgen
