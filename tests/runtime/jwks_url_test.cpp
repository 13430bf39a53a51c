// Keys from a JWKS URL: a loopback HTTP(S) server in the test serves the key set and counts the
// requests, so the refresh and refetch rules are checked against real fetches.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "auth/jwks_client.hpp"
#include "auth/jwks_fetcher.hpp"
#include "event_loops.hpp"
#include "jwt_fixture.hpp"

namespace svcgen::auth {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using testing::environment;
using testing::JwtKeys;
using testing::quiet_logger;
using testing::run;
using Kind = AuthOutcome::Kind;

// Answers one request per connection with what the test set last; with `tls`, over TLS.
class JwksServer {
 public:
  explicit JwksServer(asio::ssl::context* tls = nullptr) : tls_(tls) {
    acceptor_.open(tcp::v4());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { serve(); });
  }
  ~JwksServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    boost::system::error_code ignored;
    tcp::socket poke(context_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }

  void answer(unsigned status, std::string body, std::string cache_control = "",
              std::string location = "") {
    std::lock_guard lock(mutex_);
    status_ = status;
    body_ = std::move(body);
    cache_control_ = std::move(cache_control);
    location_ = std::move(location);
  }
  void delay(std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    delay_ = by;
  }
  int requests() const { return requests_.load(); }
  std::string url(const std::string& host = "127.0.0.1") const {
    return std::string(tls_ != nullptr ? "https" : "http") + "://" + host + ":" +
           std::to_string(acceptor_.local_endpoint().port()) + "/jwks";
  }

 private:
  void serve() {
    while (true) {
      tcp::socket socket(context_);
      boost::system::error_code error;
      acceptor_.accept(socket, error);
      {
        std::lock_guard lock(mutex_);
        if (stopping_) {
          return;
        }
      }
      if (error) {
        continue;
      }
      if (tls_ != nullptr) {
        asio::ssl::stream<tcp::socket&> stream(socket, *tls_);
        stream.handshake(asio::ssl::stream_base::server, error);
        if (!error) {
          respond(stream);
        }
      } else {
        respond(socket);
      }
    }
  }

  template <typename Stream>
  void respond(Stream& stream) {
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    boost::system::error_code error;
    http::read(stream, buffer, request, error);
    if (error) {
      return;
    }
    ++requests_;
    http::response<http::string_body> response;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, delay_, [this] { return stopping_; });
      response.result(status_);
      response.body() = body_;
      if (!cache_control_.empty()) {
        response.set(http::field::cache_control, cache_control_);
      }
      if (!location_.empty()) {
        response.set(http::field::location, location_);
      }
    }
    response.set(http::field::content_type, "application/json");
    response.prepare_payload();
    http::write(stream, response, error);
  }

  asio::ssl::context* tls_;
  asio::io_context context_;
  tcp::acceptor acceptor_{context_};
  std::thread thread_;
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  unsigned status_ = 200;
  std::string body_ = R"({"keys": []})";
  std::string cache_control_;
  std::string location_;
  std::chrono::milliseconds delay_{0};
};

class JwksEndpoint : public JwtKeys {
 protected:
  static std::string key_set(std::initializer_list<std::pair<const char*, const char*>> keys) {
    nlohmann::json set = {{"keys", nlohmann::json::array()}};
    for (const auto& [file, kid] : keys) {
      set["keys"].push_back(jwk(file, kid));
    }
    return set.dump();
  }
  std::unique_ptr<Authenticator> make(const std::string& url,
                                      std::map<std::string, std::string> more = {}) {
    more["JWT_JWKS_URL"] = url;
    std::vector<std::string> errors;
    auto made = Authenticator::from_environment(settings(), environment(std::move(more)),
                                                quiet_logger(&log_), errors);
    EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
    return made;
  }
  static AuthOutcome check(Authenticator& auth, const std::string& token) {
    return run(auth.authenticate("Bearer " + token));
  }
  std::vector<std::string> log_;
};

TEST(JwksCacheControl, MaxAgeIsParsed) {
  EXPECT_EQ(cache_max_age("public, max-age=600"), std::chrono::seconds(600));
  EXPECT_EQ(cache_max_age("MAX-AGE=10"), std::chrono::seconds(10));
  EXPECT_EQ(cache_max_age("s-maxage=5 , max-age=\"7\""), std::chrono::seconds(7));
  EXPECT_EQ(cache_max_age("no-cache"), std::nullopt);
  EXPECT_EQ(cache_max_age("max-age=soon"), std::nullopt);
  EXPECT_EQ(cache_max_age("max-age=-5"), std::nullopt);
  EXPECT_EQ(cache_max_age(""), std::nullopt);
}

TEST(JwksUrlParsing, UrlsSplitIntoHostPortAndTarget) {
  std::string error;
  std::optional<JwksUrl> url =
      parse_jwks_url("https://login.example.com/.well-known/jwks.json", error);
  ASSERT_TRUE(url) << error;
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "login.example.com");
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->target, "/.well-known/jwks.json");
  url = parse_jwks_url("http://[::1]:8080?x=1", error);
  ASSERT_TRUE(url) << error;
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->target, "/?x=1");
  EXPECT_FALSE(parse_jwks_url("http://user:pw@host/", error));
  EXPECT_EQ(error, "credentials in the URL are not supported");
  EXPECT_FALSE(parse_jwks_url("http:///jwks", error));
  EXPECT_EQ(error, "\"http:///jwks\" names no host");
}

TEST_F(JwksEndpoint, InitialFetchGivesTheKeys) {
  JwksServer server;
  server.answer(200, key_set({{"rsa.pub", "k1"}}), "public, max-age=120");
  auto auth = make(server.url());
  EXPECT_EQ(check(*auth, mint("rsa.pem", "RS256", "k1", claims())).kind, Kind::kInvalid)
      << "no keys before start";
  ASSERT_EQ(auth->start(), std::nullopt);
  int before = server.requests();
  AuthOutcome outcome = check(*auth, mint("rsa.pem", "RS256", "k1", claims()));
  EXPECT_EQ(outcome.kind, Kind::kValid) << outcome.reason;
  EXPECT_EQ(server.requests(), before);
  auth->stop();
}

TEST_F(JwksEndpoint, MaxAgeIsClampedFromAMinuteToADay) {
  JwksServer server;
  const std::pair<std::string, long> cases[] = {
      {"public, max-age=120", 120}, {"max-age=5", 60}, {"", 3600}, {"max-age=999999", 86400}};
  for (const auto& [cache_control, seconds] : cases) {
    server.answer(200, key_set({{"ec.pub", "ec"}}), cache_control);
    std::string error;
    JwksFetcher fetcher(*parse_jwks_url(server.url(), error), {}, {}, quiet_logger(),
                        [](const Keys&) {});
    ASSERT_EQ(fetcher.start(), std::nullopt);
    EXPECT_EQ(fetcher.refresh_interval(), std::chrono::seconds(seconds)) << cache_control;
    fetcher.stop();
  }
}

TEST_F(JwksEndpoint, RefreshesAfterMaxAgeAndAFailedRefreshKeepsTheKeys) {
  JwksServer server;
  server.answer(200, key_set({{"ec.pub", "a"}}), "max-age=1");
  std::mutex mutex;
  std::vector<std::string> kids;
  std::vector<std::string> lines;
  JwksTiming fast;
  fast.min_max_age = std::chrono::seconds(1);
  std::string error;
  JwksFetcher fetcher(*parse_jwks_url(server.url(), error), {}, fast, quiet_logger(&lines),
                      [&](Keys keys) {
                        std::lock_guard lock(mutex);
                        kids.push_back(keys.at(0).kid());
                      });
  ASSERT_EQ(fetcher.start(), std::nullopt);
  server.answer(200, key_set({{"ec.pub", "b"}}), "max-age=1");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (fetcher.fetches() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  server.answer(200, "not json", "max-age=1");
  while (fetcher.fetches() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  fetcher.stop();
  EXPECT_GE(fetcher.fetches(), 3);
  EXPECT_EQ(kids, (std::vector<std::string>{"a", "b"})) << "the broken answer changed nothing";
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("the JWKS refresh failed"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("not a usable JWK set"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"warn\""), std::string::npos) << lines[0];
}

TEST_F(JwksEndpoint, UnknownKidRefetchesOnceThenWaitsFiveMinutes) {
  JwksServer server;
  server.answer(200, key_set({{"rsa.pub", "k1"}}), "max-age=3600");
  auto auth = make(server.url());
  ASSERT_EQ(auth->start(), std::nullopt);
  ASSERT_EQ(server.requests(), 1);
  server.answer(200, key_set({{"rsa.pub", "k1"}, {"rsa2.pub", "k2"}, {"ec.pub", "k3"}}));
  AuthOutcome rotated = check(*auth, mint("rsa2.pem", "RS256", "k2", claims()));
  EXPECT_EQ(rotated.kind, Kind::kValid) << rotated.reason;
  EXPECT_EQ(server.requests(), 2) << "the first unknown kid refetches at once";
  EXPECT_EQ(auth->jwks_fetches(), 2);
  AuthOutcome again = check(*auth, mint("ec.pem", "ES256", "k4", claims()));
  EXPECT_EQ(again.kind, Kind::kInvalid);
  EXPECT_EQ(again.reason, "unknown key");
  EXPECT_EQ(server.requests(), 2) << "a second unknown kid within 5 minutes does not refetch";
  EXPECT_EQ(check(*auth, mint("rsa.pem", "RS256", "k1", claims())).kind, Kind::kValid);
  EXPECT_EQ(server.requests(), 2);
}

TEST_F(JwksEndpoint, ConcurrentUnknownKidsShareOneRefetchAndResumeOnTheirLoops) {
  JwksServer server;
  server.answer(200, key_set({{"rsa.pub", "k1"}}));
  auto auth = make(server.url());
  ASSERT_EQ(auth->start(), std::nullopt);
  server.answer(200, key_set({{"rsa.pub", "k1"}, {"ed.pub", "k2"}}));
  server.delay(std::chrono::milliseconds(300));
  std::string token = mint("ed.pem", "EdDSA", "k2", claims());
  std::string header = "Bearer " + token;
  EventLoops loops(2);
  loops.start();
  struct Result {
    std::promise<AuthOutcome> outcome;
    EventLoop* loop = nullptr;
    EventLoop* resumed_on = nullptr;
  };
  Result results[2];
  for (int i = 0; i < 2; ++i) {
    Result& result = results[i];
    result.loop = &loops.at(i);
    asio::post(result.loop->context(), [&auth, &header, &result] {
      spawn(auth->authenticate(header), [&result](const std::exception_ptr&, AuthOutcome outcome) {
        result.resumed_on = EventLoop::current();
        result.outcome.set_value(std::move(outcome));
      });
    });
  }
  for (Result& result : results) {
    AuthOutcome outcome = result.outcome.get_future().get();
    EXPECT_EQ(outcome.kind, Kind::kValid) << outcome.reason;
    EXPECT_EQ(result.resumed_on, result.loop);
  }
  loops.stop();
  EXPECT_EQ(server.requests(), 2) << "one initial fetch and one shared refetch";
}

TEST_F(JwksEndpoint, FailedRefetchKeepsTheLastGoodKeysAndIsLogged) {
  JwksServer server;
  server.answer(200, key_set({{"rsa.pub", "k1"}}));
  auto auth = make(server.url());
  ASSERT_EQ(auth->start(), std::nullopt);
  server.answer(500, "down");
  AuthOutcome unknown = check(*auth, mint("rsa2.pem", "RS256", "k2", claims()));
  EXPECT_EQ(unknown.reason, "unknown key");
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(check(*auth, mint("rsa.pem", "RS256", "k1", claims())).kind, Kind::kValid);
  auth->stop();
  ASSERT_EQ(log_.size(), 1U);
  EXPECT_NE(log_[0].find("answered 500"), std::string::npos) << log_[0];
}

TEST_F(JwksEndpoint, KeyRemovedFromTheSetNoLongerVerifiesCachedTokens) {
  JwksServer server;
  server.answer(200, key_set({{"rsa.pub", "k1"}}));
  auto auth = make(server.url());
  ASSERT_EQ(auth->start(), std::nullopt);
  std::string old_token = mint("rsa.pem", "RS256", "k1", claims());
  ASSERT_EQ(check(*auth, old_token).kind, Kind::kValid);
  ASSERT_EQ(check(*auth, old_token).kind, Kind::kValid);
  server.answer(200, key_set({{"rsa2.pub", "k2"}}));
  EXPECT_EQ(check(*auth, mint("rsa2.pem", "RS256", "k2", claims())).kind, Kind::kValid);
  AuthOutcome removed = check(*auth, old_token);
  EXPECT_EQ(removed.kind, Kind::kInvalid);
  EXPECT_EQ(removed.reason, "unknown key");
}

TEST_F(JwksEndpoint, InitialFetchFailuresSayWhy) {
  JwksServer server;
  auto start_error = [&](unsigned status, const std::string& body, const std::string& location) {
    server.answer(status, body, "", location);
    auto auth = make(server.url());
    std::optional<std::string> error = auth->start();
    return error.value_or("");
  };
  EXPECT_EQ(start_error(404, "", ""), "JWT_JWKS_URL: " + server.url() + " answered 404");
  EXPECT_EQ(start_error(302, "", "http://elsewhere/"),
            "JWT_JWKS_URL: " + server.url() +
                " answered 302 (a redirect, which is not followed: configure the final URL)");
  EXPECT_EQ(start_error(200, "[1, 2]", "")
                .rfind("JWT_JWKS_URL: " + server.url() + ": not a usable JWK set: ", 0),
            0U);
  EXPECT_EQ(
      start_error(200, R"({"keys": []})", ""),
      "JWT_JWKS_URL: " + server.url() + ": the JWK set has no signing key of a supported type");
}

TEST_F(JwksEndpoint, SlowOrAbsentServerFails) {
  JwksServer server;
  server.answer(200, key_set({{"ec.pub", "ec"}}));
  server.delay(std::chrono::seconds(3));
  std::string error;
  JwksClientOptions options;
  options.timeout = std::chrono::milliseconds(300);
  JwksResponse slow = fetch_jwks(*parse_jwks_url(server.url(), error), options);
  EXPECT_EQ(slow.error, server.url() + ": no answer within the timeout");

  asio::io_context context;
  tcp::acceptor closed(context, {asio::ip::make_address("127.0.0.1"), 0});
  std::string refused_url =
      "http://127.0.0.1:" + std::to_string(closed.local_endpoint().port()) + "/jwks";
  closed.close();
  JwksResponse refused = fetch_jwks(*parse_jwks_url(refused_url, error), options);
  EXPECT_EQ(refused.error.rfind(refused_url + ": ", 0), 0U) << refused.error;
  EXPECT_TRUE(refused.body.empty());
}

class JwksHttps : public JwksEndpoint {
 protected:
  void SetUp() override {
    JwksEndpoint::SetUp();
    if (IsSkipped()) {
      return;
    }
    testing::shell_output(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost "
        "-keyout " +
        key("tls.key") + " -out " + key("tls.crt") + " 2>/dev/null");
    tls_.use_certificate_chain_file(key("tls.crt"));
    tls_.use_private_key_file(key("tls.key"), asio::ssl::context::pem);
  }
  asio::ssl::context tls_{asio::ssl::context::tls_server};
};

TEST_F(JwksHttps, UntrustedCertificateFailsClearly) {
  JwksServer server(&tls_);
  server.answer(200, key_set({{"ed.pub", "ed"}}));
  auto auth = make(server.url("localhost"));
  std::optional<std::string> error = auth->start();
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind("JWT_JWKS_URL: " + server.url("localhost") + ": ", 0), 0U) << *error;
  EXPECT_NE(error->find("certificate"), std::string::npos) << *error;
  EXPECT_EQ(server.requests(), 0);
}

TEST_F(JwksHttps, TrustedThroughTheCaFileAndCheckedForTheHostName) {
  JwksServer server(&tls_);
  server.answer(200, key_set({{"ed.pub", "ed"}}));
  auto auth = make(server.url("localhost"), {{"JWT_JWKS_CA_FILE", key("tls.crt")}});
  ASSERT_EQ(auth->start(), std::nullopt);
  EXPECT_EQ(check(*auth, mint("ed.pem", "EdDSA", "ed", claims())).kind, Kind::kValid);
  auto by_address = make(server.url("127.0.0.1"), {{"JWT_JWKS_CA_FILE", key("tls.crt")}});
  std::optional<std::string> error = by_address->start();
  ASSERT_TRUE(error) << "the certificate names localhost, not 127.0.0.1";
  EXPECT_NE(error->find("certificate"), std::string::npos) << *error;
}

}  // namespace
}  // namespace svcgen::auth
