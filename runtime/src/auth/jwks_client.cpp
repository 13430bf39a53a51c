#include "jwks_client.hpp"

#include <openssl/ssl.h>

#include <utility>  // before Asio's awaitable.hpp, which needs std::exchange

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cctype>
#include <charconv>
#include <exception>

namespace svcgen::auth {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A key set is a few kilobytes; this bounds what a misbehaving server can make us hold.
constexpr std::size_t kMaxBody = 1024 * 1024;

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

template <typename Stream>
asio::awaitable<http::response<http::string_body>> exchange(Stream& stream, const JwksUrl& url) {
  http::request<http::empty_body> request(http::verb::get, url.target, 11);
  request.set(http::field::host, url.host);
  request.set(http::field::accept, "application/json");
  request.set(http::field::connection, "close");
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBody);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  co_return parser.release();
}

asio::awaitable<JwksResponse> fetch(asio::io_context& context, const JwksUrl& url,
                                    const JwksClientOptions& options) {
  tcp::resolver resolver(context);
  auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
  if (!url.tls) {
    beast::tcp_stream stream(context);
    stream.expires_after(options.timeout);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    auto response = co_await exchange(stream, url);
    co_return from_http(url, response);
  }

  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  if (!options.ca_file.empty()) {
    tls.load_verify_file(options.ca_file);
  }
  tls.set_verify_mode(asio::ssl::verify_peer);
  tls.set_verify_callback(asio::ssl::host_name_verification(url.host));
  beast::ssl_stream<beast::tcp_stream> stream(context, tls);
  // SNI: servers that host several names pick the certificate by it.
  if (SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()) != 1) {
    co_return failure(url.text + ": cannot set the TLS server name");
  }
  beast::get_lowest_layer(stream).expires_after(options.timeout);
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
  co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  auto response = co_await exchange(stream, url);
  co_return from_http(url, response);
}

std::string describe(const JwksUrl& url, const boost::system::system_error& error) {
  if (error.code() == beast::error::timeout) {
    return url.text + ": no answer within the timeout";
  }
  if (error.code() == http::error::body_limit) {
    return url.text + ": the answer is larger than 1 MiB";
  }
  std::string text = url.text + ": " + error.code().message();
  if (error.code().category() == asio::error::get_ssl_category()) {
    text += " (the server's TLS certificate is not trusted for this host name)";
  }
  return text;
}

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
  // Declared before the context, which may still hold the exchange when it is destroyed.
  JwksResponse result;
  bool finished = false;
  asio::io_context context(1);
  asio::co_spawn(context, fetch(context, url, options),
                 [&](const std::exception_ptr& thrown, JwksResponse response) {
                   finished = true;
                   if (!thrown) {
                     result = std::move(response);
                     return;
                   }
                   try {
                     std::rethrow_exception(thrown);
                   } catch (const boost::system::system_error& error) {
                     result = failure(describe(url, error));
                   } catch (const std::exception& error) {
                     result = failure(url.text + ": " + error.what());
                   }
                 });
  // Resolving has no timer of its own, so the whole exchange is bounded here too.
  context.run_for(options.timeout + std::chrono::milliseconds(500));
  if (!finished) {
    return failure(url.text + ": no answer within the timeout");
  }
  return result;
}

}  // namespace svcgen::auth
