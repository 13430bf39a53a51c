// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "jwks_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cctype>
#include <charconv>
#include <optional>
#include <utility>

namespace svcgen::auth {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A key set is a few kilobytes; this bounds what a misbehaving server can make us hold.
constexpr std::size_t kMaxBody = std::size_t{1024} * 1024;

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower;
}

JwksResponse failure(std::string error) {
  JwksResponse response;
  response.error = std::move(error);
  return response;
}

JwksResponse from_http(const JwksUrl& url, const http::response<http::string_body>& response) {
  const unsigned status = response.result_int();
  if (status >= 300 && status < 400) {
    return failure(url.text + " answered " + std::to_string(status) +
                   " (a redirect, which is not followed: configure the final URL)");
  }
  if (status != 200) {
    return failure(url.text + " answered " + std::to_string(status));
  }
  JwksResponse result;
  result.body = response.body();
  auto cache_control = response.find(http::field::cache_control);
  if (cache_control != response.end()) {
    beast::string_view value = cache_control->value();
    result.max_age = cache_max_age(std::string_view(value.data(), value.size()));
  }
  return result;
}

std::string describe(const JwksUrl& url, const boost::system::error_code& error) {
  if (error == beast::error::timeout) {
    return url.text + ": no answer within the timeout";
  }
  if (error == http::error::body_limit) {
    return url.text + ": the answer is larger than 1 MiB";
  }
  std::string text = url.text + ": " + error.message();
  if (error.category() == asio::error::get_ssl_category()) {
    text += " (the server's TLS certificate is not trusted for this host name)";
  }
  return text;
}

// One exchange on the caller's io_context: resolve, connect, TLS handshake for https, request,
// response. Each step's completion starts the next; the first error ends it.
class Exchange {
 public:
  Exchange(asio::io_context& context, const JwksUrl& url, const JwksClientOptions& options,
           asio::ssl::context* tls)
      : url_(url), options_(options), resolver_(context), stream_(context) {
    if (tls != nullptr) {
      tls_stream_.emplace(stream_, *tls);
    }
    request_.method(http::verb::get);
    request_.target(url.target);
    request_.version(11);
    request_.set(http::field::host, url.host);
    request_.set(http::field::accept, "application/json");
    request_.set(http::field::connection, "close");
    parser_.body_limit(kMaxBody);
  }

  void start() {
    resolver_.async_resolve(
        url_.host, url_.port,
        [this](boost::system::error_code error, const tcp::resolver::results_type& found) {
          if (error) {
            return fail(error);
          }
          connect(found);
        });
  }

  const std::optional<JwksResponse>& result() const { return result_; }

 private:
  void connect(const tcp::resolver::results_type& endpoints) {
    stream_.expires_after(options_.timeout);
    stream_.async_connect(endpoints, [this](boost::system::error_code error, const tcp::endpoint&) {
      if (error) {
        return fail(error);
      }
      if (!tls_stream_) {
        return send(stream_);
      }
      // SNI: servers that host several names pick the certificate by it.
      if (SSL_set_tlsext_host_name(tls_stream_->native_handle(), url_.host.c_str()) != 1) {
        result_ = failure(url_.text + ": cannot set the TLS server name");
        return;
      }
      tls_stream_->async_handshake(asio::ssl::stream_base::client,
                                   [this](boost::system::error_code shaken) {
                                     if (shaken) {
                                       return fail(shaken);
                                     }
                                     send(*tls_stream_);
                                   });
    });
  }

  template <typename Stream>
  void send(Stream& stream) {
    http::async_write(stream, request_,
                      [this, &stream](boost::system::error_code error, std::size_t) {
                        if (error) {
                          return fail(error);
                        }
                        http::async_read(stream, buffer_, parser_,
                                         [this](boost::system::error_code read, std::size_t) {
                                           if (read) {
                                             return fail(read);
                                           }
                                           result_ = from_http(url_, parser_.get());
                                         });
                      });
  }

  void fail(const boost::system::error_code& error) { result_ = failure(describe(url_, error)); }

  const JwksUrl& url_;
  const JwksClientOptions& options_;
  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  std::optional<asio::ssl::stream<beast::tcp_stream&>> tls_stream_;
  http::request<http::empty_body> request_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  std::optional<JwksResponse> result_;
};

}  // namespace

std::optional<JwksUrl> parse_jwks_url(std::string_view url, std::string& error) {
  JwksUrl parsed;
  parsed.text = std::string(url);
  std::string_view rest;
  if (lowercase(url.substr(0, 7)) == "http://") {
    rest = url.substr(7);
  } else if (lowercase(url.substr(0, 8)) == "https://") {
    parsed.tls = true;
    rest = url.substr(8);
  } else {
    error = "expected an http:// or https:// URL, got \"" + std::string(url) + "\"";
    return std::nullopt;
  }
  std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  parsed.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (parsed.target.front() == '?') {
    parsed.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) {
    error = "credentials in the URL are not supported";
    return std::nullopt;
  }
  std::size_t colon = authority.rfind(':');
  bool bracketed = !authority.empty() && authority.front() == '[';
  if (colon != std::string_view::npos && (!bracketed || authority[colon - 1] == ']')) {
    std::string_view port = authority.substr(colon + 1);
    int number = 0;
    auto [end, status] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || status != std::errc{} || end != port.data() + port.size() || number < 1 ||
        number > 65535) {
      error = "the port of \"" + std::string(url) + "\" is not a number from 1 to 65535";
      return std::nullopt;
    }
    parsed.port = std::string(port);
    authority = authority.substr(0, colon);
  } else {
    parsed.port = parsed.tls ? "443" : "80";
  }
  if (bracketed && authority.size() > 2 && authority.back() == ']') {
    authority = authority.substr(1, authority.size() - 2);
  }
  if (authority.empty()) {
    error = "\"" + std::string(url) + "\" names no host";
    return std::nullopt;
  }
  parsed.host = std::string(authority);
  return parsed;
}

std::optional<std::chrono::seconds> cache_max_age(std::string_view cache_control) {
  std::string lower = lowercase(cache_control);
  std::string_view text = lower;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view directive = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    while (!directive.empty() && directive.front() == ' ') {
      directive.remove_prefix(1);
    }
    while (!directive.empty() && directive.back() == ' ') {
      directive.remove_suffix(1);
    }
    constexpr std::string_view kName = "max-age=";
    if (directive.substr(0, kName.size()) != kName) {
      continue;
    }
    std::string_view value = directive.substr(kName.size());
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    long long seconds = 0;
    auto [end, status] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (value.empty() || status != std::errc{} || end != value.data() + value.size() ||
        seconds < 0) {
      return std::nullopt;
    }
    return std::chrono::seconds(seconds);
  }
  return std::nullopt;
}

JwksResponse fetch_jwks(const JwksUrl& url, const JwksClientOptions& options) {
  asio::io_context context(1);
  std::optional<asio::ssl::context> tls;
  if (url.tls) {
    tls.emplace(asio::ssl::context::tls_client);
    boost::system::error_code error;
    tls->set_default_verify_paths(error);
    if (!error && !options.ca_file.empty()) {
      tls->load_verify_file(options.ca_file, error);
    }
    if (error) {
      return failure(url.text + ": cannot load the trusted certificates: " + error.message());
    }
    tls->set_verify_mode(asio::ssl::verify_peer);
    tls->set_verify_callback(asio::ssl::host_name_verification(url.host));
  }
  Exchange exchange(context, url, options, tls ? &*tls : nullptr);
  exchange.start();
  // Resolving has no timer of its own, so the whole exchange is bounded here too.
  context.run_for(options.timeout + std::chrono::milliseconds(500));
  if (!exchange.result()) {
    return failure(url.text + ": no answer within the timeout");
  }
  return *exchange.result();
}

}  // namespace svcgen::auth
