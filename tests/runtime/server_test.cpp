// The HTTP server over real loopback sockets.
#include "svcgen/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>

#include <future>
#include <mutex>
#include <thread>

#include "event_loops.hpp"
#include "raw_http_client.hpp"

namespace svcgen {
namespace {

using svcgen::testing::get_request;
using svcgen::testing::RawHttpClient;
using namespace std::chrono_literals;

// Suspends a handler for a while on its event loop, which serves other events meanwhile.
class LoopSleep {
 public:
  explicit LoopSleep(std::chrono::milliseconds duration)
      : timer_(EventLoop::current()->context(), duration) {}
  bool await_ready() const { return false; }
  void await_suspend(std::coroutine_handle<> handle) {
    timer_.async_wait([handle](const boost::system::error_code&) { handle.resume(); });
  }
  void await_resume() const {}

 private:
  boost::asio::steady_timer timer_;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.host = "127.0.0.1";
    config_.port = 0;
    config_.threads = 2;
    config_.max_body_bytes = 1024;
    config_.max_header_bytes = 2048;
    config_.read_header_timeout = 500ms;
    config_.idle_timeout = 2s;
    router_.add("GET", "/hello", [](Request& request) -> Task<Response> {
      co_return json_response(200, {{"hello", request.path}});
    });
    router_.add("POST", "/echo",
                [](Request& request) -> Task<Response> {
                  Response response;
                  response.body = request.body;
                  co_return response;
                },
                {{"application/json"}});
    router_.add("GET", "/slow", [](Request&) -> Task<Response> {
      std::this_thread::sleep_for(400ms);
      co_return json_response(200, {{"slow", true}});
    });
    router_.add("GET", "/later", [](Request&) -> Task<Response> {
      LoopSleep sleep(300ms);
      co_await sleep;
      co_return json_response(200, {{"later", true}});
    });
    // A handler that tries to frame the response itself, or to smuggle a field through a value.
    router_.add("GET", "/framing", [](Request&) -> Task<Response> {
      Response response;
      response.headers.add("Content-Length", "999");
      response.headers.add("Connection", "close");
      response.headers.add("Transfer-Encoding", "chunked");
      response.headers.add("X-Split", "a\r\nInjected: yes");
      response.headers.add("X-Fine", "ok");
      response.body = "abc";
      co_return response;
    });
    router_.add("GET", "/empty", [](Request&) -> Task<Response> { co_return empty_response(204); });
    // Counts the requests that ran, to show that a smuggled one never does.
    router_.add("DELETE", "/items/{id}", [this](Request&) -> Task<Response> {
      deletions_.fetch_add(1);
      co_return empty_response(204);
    });
    router_.add("GET", "/files/{name}", [](Request& request) -> Task<Response> {
      co_return json_response(200, {{"name", *request.param("name")}});
    });
    router_.add("PURGE", "/cache",
                [](Request&) -> Task<Response> { co_return empty_response(204); });
    router_.add("GET", "/fail", [](Request&) -> Task<Response> {
      throw std::runtime_error("secret internal detail");
      co_return Response{};
    });
    server_ = std::make_unique<HttpServer>(config_, app_);
    server_->start();
  }

  void TearDown() override {
    if (server_) {
      server_->shutdown(1s);
    }
  }

  std::vector<std::string> log_lines() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

  Config config_;
  std::atomic<int> deletions_{0};
  Router router_;
  Metrics metrics_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  Logger logger_{"test", LogLevel::kInfo, LogFormat::kJson, false, [this](std::string_view line) {
                   std::lock_guard lock(log_mutex_);
                   log_.emplace_back(line);
                 }};
  HttpApp app_{router_, metrics_, logger_};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ServerTest, KeepsConnectionsAlive) {
  RawHttpClient client(server_->port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send(get_request("/hello")));
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(nlohmann::json::parse(response->body)["hello"], "/hello");
  }
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  RawHttpClient client(server_->port());
  ASSERT_TRUE(client.send(get_request("/hello") + get_request("/nope") + get_request("/hello")));
  EXPECT_EQ(client.read_response()->status, 200);
  EXPECT_EQ(client.read_response()->status, 404);
  EXPECT_EQ(client.read_response()->status, 200);
}

TEST_F(ServerTest, TheServerAloneFramesResponses) {
  RawHttpClient client(server_->port());
  ASSERT_TRUE(client.send(get_request("/framing")));
  auto framed = client.read_response();
  ASSERT_TRUE(framed);
  EXPECT_EQ(framed->version, "HTTP/1.1");
  // The handler's Content-Length, Connection and Transfer-Encoding are replaced by the real
  // framing; a field whose value carries CR LF is dropped, not split into two.
  EXPECT_EQ(framed->status, 200);
  EXPECT_EQ(framed->header("content-length"), "3");
  EXPECT_EQ(framed->body, "abc");
  EXPECT_EQ(framed->header("x-fine"), "ok");
  EXPECT_EQ(framed->header("connection"), "");
  EXPECT_EQ(framed->header("transfer-encoding"), "");
  EXPECT_EQ(framed->header("x-split"), "");
  EXPECT_EQ(framed->header("injected"), "");
  // No Content-Length for 204 (RFC 9110), and the connection still serves the next request.
  ASSERT_TRUE(client.send(get_request("/empty") + get_request("/hello")));
  auto empty = client.read_response();
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 204);
  EXPECT_EQ(empty->headers.count("content-length"), 0u);
  EXPECT_EQ(client.read_response()->status, 200);
}

TEST_F(ServerTest, AnHttp10RequestIsAnsweredInHttp10AndClosed) {
  RawHttpClient client(server_->port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.0\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->version, "HTTP/1.0");
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("connection"), "");  // 1.0 closes unless asked to keep alive
  EXPECT_TRUE(client.closed_within(1s));
  RawHttpClient keeping(server_->port());
  ASSERT_TRUE(keeping.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto kept = keeping.read_response();
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->header("connection"), "keep-alive");
  ASSERT_TRUE(keeping.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(keeping.read_response()->status, 200);
}

TEST_F(ServerTest, ALongPipelineIsAnsweredInOrder) {
  // Requests answered without waiting (404s) while more are buffered are still answered one
  // by one, in order, however long the pipeline.
  RawHttpClient client(server_->port());
  std::string requests;
  for (int i = 0; i < 2000; ++i) {
    requests += get_request(i % 2 == 0 ? "/nope" : "/hello");
  }
  ASSERT_TRUE(client.send(requests));
  for (int i = 0; i < 2000; ++i) {
    auto response = client.read_response();
    ASSERT_TRUE(response) << i;
    ASSERT_EQ(response->status, i % 2 == 0 ? 404 : 200) << i;
  }
}

TEST_F(ServerTest, RoutingErrorsAreProblems) {
  RawHttpClient client(server_->port());
  client.send(get_request("/missing"));
  auto missing = client.read_response();
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->header("content-type"), "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(missing->body)["instance"], "/missing");
  client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  auto wrong = client.read_response();
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->header("allow"), "GET, HEAD");
  client.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
      "Content-Length: 2\r\n\r\nhi");
  EXPECT_EQ(client.read_response()->status, 415);
  client.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\n\r\n{}");
  auto echoed = client.read_response();
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(echoed->body, "{}");
}

TEST_F(ServerTest, OversizedBodyIs413WithoutReadingIt) {
  RawHttpClient client(server_->port());
  client.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 104857600\r\n\r\n");
  auto response = client.read_response(2s);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header("content-type"), "application/problem+json");
  EXPECT_TRUE(client.closed_within(1s));
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  RawHttpClient client(server_->port());
  client.send(get_request("/hello", "X-Big: " + std::string(4096, 'a') + "\r\n"));
  auto response = client.read_response(2s);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);

  // A flood of small fields counts against the same limit as one huge field.
  std::string flood;
  for (int i = 0; i < 2000; ++i) {
    flood += "X-" + std::to_string(i) + ": x\r\n";
  }
  RawHttpClient flooding(server_->port());
  flooding.send(get_request("/hello", flood));
  auto flooded = flooding.read_response(2s);
  ASSERT_TRUE(flooded);
  EXPECT_EQ(flooded->status, 431);
  RawHttpClient after(server_->port());
  after.send(get_request("/hello"));
  EXPECT_EQ(after.read_response()->status, 200);
}

constexpr const char* kChunkedEcho =
    "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Transfer-Encoding: chunked\r\n\r\n";

// Whatever pieces the network cuts a chunked body into, the request is the same: the pieces
// arrive as separate reads, down to the closing CRLF of the last chunk one byte at a time.
TEST_F(ServerTest, AChunkedBodyIsTheSameRequestWhateverPiecesItArrivesIn) {
  struct Case {
    std::vector<std::string> pieces;
    std::string body;
  };
  std::string two_chunks = "4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\n\r\n";
  std::vector<std::string> one_byte_each;
  for (char c : two_chunks) {
    one_byte_each.emplace_back(1, c);
  }
  std::vector<Case> cases{
      {{"0\r\n\r\n"}, ""},
      {{"0\r\n", "\r", "\n"}, ""},
      {{"0\r", "\n\r\n"}, ""},
      {{"0\r\n", "X-Trailer: t\r\n", "\r\n"}, ""},
      {{two_chunks}, "{\"a\":1}"},
      {one_byte_each, "{\"a\":1}"},
      {{"4\r\n{\"a\"\r\n3\r\n:1}\r", "\n0\r\n", "\r", "\n"}, "{\"a\":1}"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.pieces));
    RawHttpClient client(server_->port());
    ASSERT_TRUE(client.send(kChunkedEcho));
    // 5 ms apart: long enough for separate reads, short enough that 29 pieces stay well inside
    // the 500 ms request deadline.
    for (const std::string& piece : c.pieces) {
      std::this_thread::sleep_for(5ms);
      ASSERT_TRUE(client.send(piece));
    }
    auto response = client.read_response(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, c.body);
    // The connection is still good for the next request.
    ASSERT_TRUE(client.send(get_request("/hello")));
    EXPECT_EQ(client.read_response()->status, 200);
  }
}

// A chunked body that ends after its last chunk but before the CRLF closing it is a truncated
// request: 400, whether the client closes its side at once or after a pause.
TEST_F(ServerTest, AChunkedBodyCutOffBeforeItsEndIs400) {
  for (auto pause : {0ms, 30ms}) {
    for (const char* rest : {"0\r\n", "0\r\n\r", "4\r\n{\"a\"", "4\r\n{\"a\"\r\n0\r\n"}) {
      SCOPED_TRACE(::testing::PrintToString(rest));
      RawHttpClient client(server_->port());
      ASSERT_TRUE(client.send(std::string(kChunkedEcho) + rest));
      std::this_thread::sleep_for(pause);
      client.finish_sending();
      auto response = client.read_response(2s);
      ASSERT_TRUE(response);
      EXPECT_EQ(response->status, 400);
      EXPECT_TRUE(client.closed_within(1s));
    }
  }
}

// The limit counts the decoded body: one chunk announcing 1,025 bytes, or two chunks adding up
// to that, against a limit of 1,024.
TEST_F(ServerTest, AChunkedBodyOverTheLimitIs413) {
  for (const std::string& body :
       {std::string("401\r\n"), "400\r\n" + std::string(0x400, ' ') + "\r\n1\r\n "}) {
    RawHttpClient client(server_->port());
    ASSERT_TRUE(client.send(kChunkedEcho + body));
    auto response = client.read_response(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_TRUE(client.closed_within(1s));
  }
}

TEST_F(ServerTest, MalformedRequestIs400) {
  RawHttpClient client(server_->port());
  client.send("GARBAGE\r\n\r\n");
  auto response = client.read_response(2s);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client.closed_within(1s));
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  RawHttpClient client(server_->port());
  client.send(get_request("/hello", "Connection: close\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(client.closed_within(1s));
}

TEST_F(ServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  RawHttpClient slow(server_->port());
  slow.send("GET /hello HTTP/1.1\r\nHost: x\r\n");  // never finishes its header
  RawHttpClient other(server_->port());
  other.send(get_request("/hello"));
  EXPECT_EQ(other.read_response()->status, 200);
  EXPECT_TRUE(slow.closed_within(2s));
}

// The request deadline runs from its first byte: sending a byte now and then does not extend it.
TEST_F(ServerTest, AClientTricklingItsRequestIsCutOffAtTheRequestDeadline) {
  RawHttpClient trickle(server_->port());
  std::string request = get_request("/hello");
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  for (std::size_t i = 0; i + 1 < request.size() && !closed; ++i) {
    closed = !trickle.send(request.substr(i, 1)) || trickle.closed_within(100ms);
  }
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(closed || trickle.closed_within(1s));
  EXPECT_GE(elapsed, 400ms);  // read_header_timeout is 500 ms
  EXPECT_LT(elapsed, 1500ms);
}

// A keep-alive connection lives for IDLE_TIMEOUT (2 s here) after its last answer, then closes.
TEST_F(ServerTest, AnIdleConnectionIsClosedAfterTheIdleTimeoutAndNotBefore) {
  RawHttpClient client(server_->port());
  ASSERT_TRUE(client.send(get_request("/hello")));
  ASSERT_TRUE(client.read_response());
  EXPECT_FALSE(client.closed_within(1200ms));
  ASSERT_TRUE(client.send(get_request("/hello")));  // a request starts the idle period again
  ASSERT_TRUE(client.read_response());
  EXPECT_FALSE(client.closed_within(1200ms));
  EXPECT_TRUE(client.closed_within(2s));
}

// The second request arrives while the first waits on its loop, which meanwhile polls for
// events: readiness seen then must not be lost, or the second request would never be read.
TEST_F(ServerTest, ARequestArrivingWhileThePreviousIsHandledIsAnswered) {
  RawHttpClient client(server_->port());
  ASSERT_TRUE(client.send(get_request("/later")));
  std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(client.send(get_request("/hello")));
  auto first = client.read_response(3s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  auto second = client.read_response(3s);
  ASSERT_TRUE(second);
  EXPECT_EQ(nlohmann::json::parse(second->body)["hello"], "/hello");
}

TEST_F(ServerTest, RequestIdsAreEchoedOrGenerated) {
  RawHttpClient client(server_->port());
  client.send(get_request("/hello", "X-Request-Id: abc-123\r\n"));
  EXPECT_EQ(client.read_response()->header("x-request-id"), "abc-123");
  client.send(get_request("/hello", "X-Request-Id: bad id with spaces\r\n"));
  std::string generated = client.read_response()->header("x-request-id");
  EXPECT_EQ(generated.size(), 32u);
}

TEST_F(ServerTest, UnhandledErrorsAre500WithoutDetails) {
  RawHttpClient client(server_->port());
  client.send(get_request("/fail"));
  auto response = client.read_response();
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body.find("secret internal detail"), std::string::npos);
  client.send(get_request("/hello"));
  EXPECT_EQ(client.read_response()->status, 200);
}

TEST_F(ServerTest, LogsOneStructuredLinePerRequest) {
  RawHttpClient client(server_->port());
  client.send(
      get_request("/hello",
                  "X-Request-Id: r1\r\n"
                  "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n"));
  ASSERT_TRUE(client.read_response());
  std::vector<std::string> lines = log_lines();
  ASSERT_EQ(lines.size(), 1u);
  auto record = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(record["level"], "info");
  EXPECT_EQ(record["service"], "test");
  EXPECT_EQ(record["request_id"], "r1");
  EXPECT_EQ(record["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(record["method"], "GET");
  EXPECT_EQ(record["route"], "/hello");
  EXPECT_EQ(record["status"], 200);
  EXPECT_TRUE(record["duration_ms"].is_number());
  EXPECT_TRUE(record["bytes"].is_number());
  EXPECT_TRUE(record["time"].is_string());
}

TEST_F(ServerTest, GracefulShutdownFinishesRequestsInFlight) {
  auto slow = std::async(std::launch::async, [this] {
    RawHttpClient client(server_->port());
    client.send(get_request("/slow"));
    return client.read_response(3s);
  });
  std::this_thread::sleep_for(100ms);
  RawHttpClient idle(server_->port());
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(server_->shutdown(3s));
  auto response = slow.get();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(idle.closed_within(1s));
  EXPECT_THROW(RawHttpClient(server_->port()), std::runtime_error);
  server_.reset();
}

TEST_F(ServerTest, MetricsCountRequestsByRoute) {
  RawHttpClient client(server_->port());
  client.send(get_request("/hello"));
  client.read_response();
  client.send(get_request("/nothing"));
  client.read_response();
  std::string text = metrics_.render();
  EXPECT_NE(text.find("http_requests_total{route=\"/hello\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_duration_seconds_bucket{route=\"/hello\",method=\"GET\","
                      "status=\"200\",le=\"+Inf\"} 1"),
            std::string::npos);
}

// A request whose body length the server cannot be sure of is refused, 400 (or 501 for a
// coding it does not implement) and the connection closed, before any of it runs: the bytes
// after its header, here a second DELETE, must never be read as a request of their own.
TEST_F(ServerTest, AmbiguousFramingIsRefusedAndNothingRuns) {
  struct Case {
    std::string what;
    std::string fields;
    std::string body;
    int status;
    std::string version = "HTTP/1.1";
  };
  const std::string chunked_body = "0\r\n\r\n";
  std::vector<Case> cases{
      {"gzip alone", "Transfer-Encoding: gzip\r\n", "", 400},
      {"identity alone", "Transfer-Encoding: identity\r\n", "", 400},
      {"chunked before identity", "Transfer-Encoding: chunked, identity\r\n", chunked_body, 400},
      {"chunked in a field before another coding",
       "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", chunked_body, 400},
      {"chunked twice", "Transfer-Encoding: chunked, chunked\r\n", chunked_body, 400},
      {"chunked twice, in two fields",
       "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", chunked_body, 400},
      {"an empty coding list", "Transfer-Encoding: \r\n", "", 400},
      {"gzip, then chunked", "Transfer-Encoding: gzip, chunked\r\n", chunked_body, 501},
      {"gzip and chunked in two fields",
       "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked_body, 501},
      {"chunked in HTTP/1.0", "Transfer-Encoding: chunked\r\n", chunked_body, 400, "HTTP/1.0"},
      {"chunked and Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
       chunked_body, 400},
      {"Content-Length and chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
       chunked_body, 400},
      {"gzip and Content-Length", "Transfer-Encoding: gzip\r\nContent-Length: 0\r\n", "", 400},
  };
  const std::string smuggled = "DELETE /items/2 HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    RawHttpClient client(server_->port());
    ASSERT_TRUE(client.send("DELETE /items/1 " + c.version + "\r\nHost: x\r\n" + c.fields + "\r\n" +
                            c.body + smuggled));
    auto response = client.read_response(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, c.status);
    EXPECT_EQ(response->header("content-type"), "application/problem+json");
    EXPECT_TRUE(client.closed_within(1s));
    EXPECT_EQ(client.unread(), "");  // nothing answered the smuggled request
    EXPECT_EQ(deletions_.load(), 0);
  }
  // The same two requests, framed plainly, both run: the count above would have seen them.
  RawHttpClient plain(server_->port());
  ASSERT_TRUE(
      plain.send("DELETE /items/1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                 chunked_body + smuggled));
  EXPECT_EQ(plain.read_response()->status, 204);
  EXPECT_EQ(plain.read_response()->status, 204);
  EXPECT_EQ(deletions_.load(), 2);
}

// RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host; HTTP/1.0 may carry none.
TEST_F(ServerTest, AnHttp11RequestWithoutOneHostIs400) {
  for (const char* request :
       {"GET /hello HTTP/1.1\r\n\r\n", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET /hello HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n"}) {
    SCOPED_TRACE(request);
    RawHttpClient client(server_->port());
    ASSERT_TRUE(client.send(std::string(request) + get_request("/hello")));
    auto response = client.read_response(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400);
    EXPECT_NE(nlohmann::json::parse(response->body)["detail"].get<std::string>().find("Host"),
              std::string::npos);
    EXPECT_TRUE(client.closed_within(1s));
    EXPECT_EQ(client.unread(), "");
  }
  RawHttpClient old(server_->port());
  ASSERT_TRUE(old.send("GET /hello HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(old.read_response()->status, 200);
}

constexpr const char* kExpectingEcho =
    "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    "Expect: 100-continue\r\n";

// A client that sends Expect: 100-continue and waits is told to go on as soon as the header is
// in; one that sent its body anyway, or whose body is refused by its length alone, gets the
// final response at once.
TEST_F(ServerTest, Expect100ContinueIsAnsweredBeforeTheBody) {
  RawHttpClient waiting(server_->port());
  ASSERT_TRUE(waiting.send(std::string(kExpectingEcho) + "Content-Length: 7\r\n\r\n"));
  auto interim = waiting.read_response(500ms);  // well before the 1 s clients wait at most
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  EXPECT_EQ(interim->version, "HTTP/1.1");
  ASSERT_TRUE(waiting.send("{\"a\":1}"));
  auto echoed = waiting.read_response(2s);
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(echoed->body, "{\"a\":1}");
  // The connection goes on, with no second 100 for a request that does not ask for one.
  ASSERT_TRUE(waiting.send(get_request("/hello")));
  EXPECT_EQ(waiting.read_response()->status, 200);

  RawHttpClient chunked(server_->port());
  ASSERT_TRUE(chunked.send(std::string(kExpectingEcho) + "Transfer-Encoding: chunked\r\n\r\n"));
  EXPECT_EQ(chunked.read_response(500ms)->status, 100);
  ASSERT_TRUE(chunked.send("2\r\n{}\r\n0\r\n\r\n"));
  EXPECT_EQ(chunked.read_response(2s)->body, "{}");

  RawHttpClient eager(server_->port());
  ASSERT_TRUE(eager.send(std::string(kExpectingEcho) + "Content-Length: 2\r\n\r\n{}"));
  auto direct = eager.read_response(2s);
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->status, 200);
  EXPECT_EQ(direct->body, "{}");

  RawHttpClient too_large(server_->port());
  ASSERT_TRUE(too_large.send(std::string(kExpectingEcho) + "Content-Length: 104857600\r\n\r\n"));
  auto refused = too_large.read_response(2s);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  EXPECT_TRUE(too_large.closed_within(1s));
}

// Any expectation but 100-continue is 417, answered before the body, and the request never runs.
TEST_F(ServerTest, AnUnknownExpectationIs417) {
  for (const char* expect : {"Expect: 200-ok\r\n", "Expect: 100-continue, x\r\n",
                             "Expect: 100-continue\r\nExpect: 100-continue\r\n"}) {
    SCOPED_TRACE(expect);
    RawHttpClient client(server_->port());
    ASSERT_TRUE(
        client.send("DELETE /items/1 HTTP/1.1\r\nHost: x\r\n" + std::string(expect) + "\r\n"));
    auto response = client.read_response(2s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 417);
    EXPECT_EQ(response->header("content-type"), "application/problem+json");
    EXPECT_TRUE(client.closed_within(1s));
  }
  EXPECT_EQ(deletions_.load(), 0);
}

// HEAD is served wherever GET is: the GET response's status and header, Content-Length
// included, without its body; the next response on the connection starts right after it.
TEST_F(ServerTest, HeadIsServedWhereverGetIs) {
  RawHttpClient client(server_->port());
  ASSERT_TRUE(client.send(get_request("/hello")));
  auto get = client.read_response();
  ASSERT_TRUE(get);
  ASSERT_TRUE(client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n" + get_request("/hello")));
  auto head = client.read_head_response();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), get->header("content-length"));
  EXPECT_EQ(head->header("content-type"), get->header("content-type"));
  auto after = client.read_response();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(after->body, get->body);

  // Where GET is not served, HEAD is not either: 405 with its Allow, still without a body.
  ASSERT_TRUE(client.send("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n" + get_request("/hello")));
  auto refused = client.read_head_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 405);
  EXPECT_EQ(refused->header("allow"), "POST");
  EXPECT_EQ(client.read_response()->status, 200);

  // A path no route has: the 404 of a HEAD has the length of the GET's.
  ASSERT_TRUE(client.send(get_request("/nowhere")));
  auto missing = client.read_response();
  ASSERT_TRUE(missing);
  ASSERT_TRUE(client.send("HEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" + get_request("/hello")));
  auto missing_head = client.read_head_response();
  ASSERT_TRUE(missing_head);
  EXPECT_EQ(missing_head->status, 404);
  EXPECT_EQ(missing_head->header("content-length"), missing->header("content-length"));
  EXPECT_EQ(client.read_response()->status, 200);

  ASSERT_TRUE(client.send("OPTIONS /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto options = client.read_response();
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 204);
  EXPECT_EQ(options->header("allow"), "GET, HEAD, OPTIONS");

  std::string text = metrics_.render();
  EXPECT_NE(text.find("http_requests_total{route=\"/hello\",method=\"HEAD\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  bool logged = false;
  for (const std::string& line : log_lines()) {
    auto record = nlohmann::json::parse(line);
    logged = logged || (record["method"] == "HEAD" && record["route"] == "/hello");
  }
  EXPECT_TRUE(logged);
}

// The path is split before it is decoded: an escaped '/' stays inside its segment, where no
// route template can match it (404), while an escaped unreserved character is that character.
TEST_F(ServerTest, RoutingSplitsThePathBeforeDecodingIt) {
  RawHttpClient client(server_->port());
  for (const char* path : {"/hello%2F", "/files%2Fa", "/files/a%2Fb", "/files/a%2fb", "%2Fhello"}) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(client.send(get_request(path)));
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, path[0] == '%' ? 400 : 404);
  }
  ASSERT_TRUE(client.send(get_request("/hel%6Co")));
  EXPECT_EQ(client.read_response()->status, 200);
  ASSERT_TRUE(client.send(get_request("/%66iles/a%20b%2Cc")));
  auto decoded = client.read_response();
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->status, 200);
  EXPECT_EQ(nlohmann::json::parse(decoded->body)["name"], "a b,c");
  // Malformed escapes, and an escaped NUL, are not a path at all.
  for (const char* path : {"/files/a%2", "/files/%zz", "/files/a%00b"}) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(client.send(get_request(path)));
    EXPECT_EQ(client.read_response()->status, 400);
  }
}

// A method is a label of its own only when it is a standard one or a route is registered with
// it; any other counts as OTHER, however many different ones arrive.
TEST_F(ServerTest, MetricsLabelUnknownMethodsOther) {
  RawHttpClient client(server_->port());
  for (const char* method : {"FOO", "BAR", "PURGE", "get"}) {
    ASSERT_TRUE(client.send(std::string(method) + " /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(client.read_response()->status, 405);
  }
  ASSERT_TRUE(client.send("PURGE /cache HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.read_response()->status, 204);
  std::string text = metrics_.render();
  EXPECT_NE(text.find("http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"405\"} 3"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{route=\"unmatched\",method=\"PURGE\",status=\"405\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{route=\"/cache\",method=\"PURGE\",status=\"204\"} 1"),
            std::string::npos)
      << text;
  for (const char* unknown : {"FOO", "BAR", "\"get\""}) {
    EXPECT_EQ(text.find(unknown), std::string::npos) << unknown;
  }
}

}  // namespace
}  // namespace svcgen
