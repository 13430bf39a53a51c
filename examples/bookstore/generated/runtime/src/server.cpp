// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>

#include "event_loops.hpp"
#include "svcgen/text.hpp"

namespace svcgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::State {
  State(const Config& config, HttpApp& app) : config(config), app(app), loops(config.threads) {}

  const Config& config;
  HttpApp& app;
  EventLoops loops;
  std::optional<tcp::acceptor> acceptor;
  // After a failed accept the acceptor rests on this timer, on the acceptor's loop, instead of
  // trying again at once: a failure such as EMFILE repeats until descriptors are freed, and
  // the connection waits in the listen queue meanwhile.
  std::optional<asio::steady_timer> accept_pause;
  std::chrono::milliseconds accept_delay{0};
  std::uint64_t failed_accepts = 0;  // since the last warning
  std::chrono::steady_clock::time_point last_accept_warning{};
  std::uint16_t port = 0;
  std::atomic<long> in_flight{0};
  std::atomic<long> open_connections{0};
  std::atomic<bool>* draining = nullptr;

  // Per-loop sets of connections waiting for their next request, to close them on shutdown.
  std::mutex idle_mutex;
  std::list<std::weak_ptr<class Session>> sessions;

  std::mutex wait_mutex;
  std::condition_variable wait_condition;
  bool stop_requested = false;
};

namespace {

using RequestHeader = http::request_parser<http::string_body>::value_type::header_type;

// A request whose body length is not certain is refused and its connection closed: read any
// other way, the bytes after it would run as a request of their own (RFC 9112 §6.1, §6.3).
// `parsed_chunked` is the parser's own reading, which must agree with this one.
std::optional<Problem> framing_problem(const RequestHeader& header, bool parsed_chunked) {
  auto [first, last] = header.equal_range(http::field::transfer_encoding);
  if (first == last) {
    return std::nullopt;
  }
  if (header.version() < 11) {
    return Problem{400, "Transfer-Encoding is not allowed in an HTTP/1.0 request", {}};
  }
  if (header.find(http::field::content_length) != header.end()) {
    return Problem{400, "a request must not carry both Transfer-Encoding and Content-Length", {}};
  }
  int chunked = 0;
  bool chunked_last = false;
  std::string unsupported;
  for (auto field = first; field != last; ++field) {
    std::string_view list(field->value().data(), field->value().size());
    while (!list.empty()) {
      std::size_t comma = list.find(',');
      std::string_view coding = trim_blanks(list.substr(0, comma));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      if (coding.empty()) {
        continue;
      }
      chunked_last = iequals(coding, "chunked");
      if (chunked_last) {
        ++chunked;
      } else if (unsupported.empty()) {
        unsupported = coding;
      }
    }
  }
  if (chunked > 1) {
    return Problem{400, "the chunked transfer coding is applied more than once", {}};
  }
  if (!chunked_last || !parsed_chunked) {
    return Problem{400, "the final transfer coding of a request must be chunked", {}};
  }
  if (!unsupported.empty()) {
    return Problem{501, "the transfer coding " + unsupported + " is not implemented", {}};
  }
  return std::nullopt;
}

// RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0.
std::optional<Problem> host_problem(const RequestHeader& header) {
  std::size_t hosts = header.count(http::field::host);
  if (hosts > 1) {
    return Problem{400, "a request must carry one Host field, not " + std::to_string(hosts), {}};
  }
  if (hosts == 0 && header.version() >= 11) {
    return Problem{400, "an HTTP/1.1 request must carry a Host field", {}};
  }
  return std::nullopt;
}

// 100-continue is the only expectation there is (RFC 9110 §10.1.1).
std::optional<Problem> expectation_problem(const RequestHeader& header) {
  auto [first, last] = header.equal_range(http::field::expect);
  if (first == last) {
    return std::nullopt;
  }
  std::string_view value(first->value().data(), first->value().size());
  if (std::next(first) != last || !iequals(trim_blanks(value), "100-continue")) {
    return Problem{417, "the only expectation the server meets is Expect: 100-continue", {}};
  }
  return std::nullopt;
}

}  // namespace

// A connection waits for its socket to be readable and then reads what it holds. Asio's
// asynchronous read tries the socket first, which for a client that waits for each answer finds
// nothing nearly every time: a system call that costs more than the wait. Deadlines are one time
// point checked by a lazily re-armed timer, not a timer armed and cancelled around every read.
class Session : public std::enable_shared_from_this<Session> {
 public:
  static constexpr std::size_t kReadChunk = 8192;
  using Clock = std::chrono::steady_clock;

  Session(tcp::socket socket, HttpServer::State& state)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), state_(state) {
    state_.open_connections.fetch_add(1);
    beast::error_code error;
    tcp::endpoint peer = socket_.remote_endpoint(error);
    if (!error) {
      asio::ip::address address = peer.address();
      // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; they are IPv4 clients.
      if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
      }
      peer_address_ = address.to_string();
    }
  }
  ~Session() { state_.open_connections.fetch_sub(1); }

  void start() { wait_for_request(); }

  // Closes the connection, on its own loop, unless it is handling a request: that one is
  // answered with Connection: close instead.
  void close_on_loop() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      if (!self->counted_) {
        self->close();
      }
    });
  }

 private:
  void wait_for_request() {
    if (state_.draining->load()) {
      close();
      return;
    }
    if (buffer_.size() > 0) {
      read_request();  // a pipelined request is already buffered
      return;
    }
    deadline_ = Clock::now() + state_.config.idle_timeout;
    read_next_request();
  }

  void read_next_request() {
    beast::error_code error;
    if (!read_now(error)) {
      wait_readable(Want::kNextRequest);
    } else if (error) {
      close();
    } else {
      read_request();
    }
  }

  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_.config.max_header_bytes));
    parser_->body_limit(state_.config.max_body_bytes);
    // The parser stops after the header, which is checked before any of the body is read;
    // then it is made eager and takes the body too, as far as it is buffered.
    parser_->eager(false);
    header_checked_ = false;
    head_request_ = false;
    started_ = Clock::now();
    // One deadline for the whole request: a client that trickles headers or body is cut off.
    deadline_ = started_ + state_.config.read_header_timeout;
    parse_buffered();
  }

  // Appends what the socket holds to the buffer: true when that gave bytes or an error, false
  // when there is nothing to read without waiting. It reads at once only after a full chunk or
  // once a wait reported the socket readable.
  bool read_now(beast::error_code& error) {
    if (!readable_) {
      return false;
    }
    std::size_t n = socket_.read_some(buffer_.prepare(kReadChunk), error);
    if (error == asio::error::would_block || error == asio::error::try_again) {
      error = {};
      readable_ = false;
      return false;
    }
    buffer_.commit(n);
    readable_ = !error && n == kReadChunk;
    return true;
  }

  enum class Want { kNextRequest, kMoreOfRequest };

  // Asio's wait completes once the socket is readable, bytes that arrived before it included.
  void wait_readable(Want want) {
    watch_deadline();
    socket_.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this(), want](beast::error_code error) {
                         self->readable_ = !error;
                         if (want == Want::kNextRequest) {
                           error ? self->close() : self->read_next_request();
                         } else {
                           error ? self->on_read(error) : self->parse_buffered();
                         }
                       });
  }

  // Arms the timer for the current deadline if it is not already due to fire by then. A
  // request that arrives whole never waits, so only the idle deadline moves, and the timer
  // fires once per idle period to find it moved.
  void watch_deadline() {
    if (timer_armed_ && timer_expiry_ <= deadline_) {
      return;
    }
    timer_armed_ = true;
    timer_expiry_ = deadline_;
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this()](beast::error_code error) {
      if (error || self->timer_expiry_ != self->timer_.expiry()) {
        return;  // cancelled: closed, or re-armed for an earlier deadline
      }
      self->timer_armed_ = false;
      if (self->deadline_ == Clock::time_point::max()) {
        return;  // handling a request; the next wait arms it again
      }
      if (Clock::now() >= self->deadline_) {
        self->close();
        return;
      }
      self->watch_deadline();
    });
  }

  // Feeds the parser what is buffered and reads more only when it needs more: a request that
  // arrived whole (nearly all of them) is parsed without another trip through the event loop.
  void parse_buffered() {
    while (true) {
      while (buffer_.size() >= parse_at_size_) {
        beast::error_code error;
        std::size_t used = parser_->put(buffer_.data(), error);
        buffer_.consume(used);
        if (!error && !header_checked_ && parser_->is_header_done() && !accept_header()) {
          return;
        }
        if (error == http::error::need_more || (!error && used == 0)) {
          parse_at_size_ = size_to_parse_again();
          break;
        }
        parse_at_size_ = 1;
        if (error || parser_->is_done()) {
          on_read(error);
          return;
        }
      }
      beast::error_code error;
      if (!read_now(error)) {
        wait_readable(Want::kMoreOfRequest);
        return;
      }
      if (error == asio::error::eof && parser_->got_some()) {
        parser_->put_eof(error);  // a message cut off mid-way: partial_message
        on_read(error);
        return;
      }
      if (error) {
        on_read(error == asio::error::eof ? http::error::end_of_stream : error);
        return;
      }
    }
  }

  // A parser that asked for more is given the buffer again only once more has arrived: what it
  // already saw cannot complete anything. In a chunked body it waits for the five bytes of a
  // whole last chunk ("0\r\n\r\n"), which every valid rest of a chunked body holds: Beast 1.74
  // asserts that a last chunk seen before its closing CRLF comes back with at least that much,
  // though three or four bytes are valid input (corrected upstream in 2024).
  std::size_t size_to_parse_again() const {
    constexpr std::size_t kLastChunkBytes = 5;
    bool in_chunked_body = parser_->is_header_done() && parser_->chunked();
    return std::max(buffer_.size() + 1, in_chunked_body ? kLastChunkBytes : 1);
  }

  // Checks the header before the body is read: false when it was refused, and answered.
  bool accept_header() {
    header_checked_ = true;
    const auto& header = parser_->get();
    version_ = header.version();
    head_request_ = header.method() == http::verb::head;
    std::optional<Problem> problem = framing_problem(header, parser_->chunked());
    if (!problem) {
      problem = host_problem(header);
    }
    if (!problem) {
      problem = expectation_problem(header);
    }
    if (problem) {
      answer_and_close(*problem);
      return false;
    }
    parser_->eager(true);
    // A client that asked to be told whether to send its body waits for this, unless it sent
    // the body anyway. HTTP/1.0 has no interim responses (RFC 9110 §10.1.1).
    if (version_ >= 11 && header.find(http::field::expect) != header.end() && !parser_->is_done() &&
        buffer_.size() == 0) {
      send_continue();
    }
    return true;
  }

  // Written at once: the socket of a client that waits for it has room. What it did not take
  // goes out ahead of the response.
  void send_continue() {
    constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    beast::error_code error;
    std::size_t written = socket_.write_some(asio::buffer(kContinue), error);
    if (error) {
      written = 0;  // would_block, or a broken connection that the next read finds
    }
    unsent_interim_ = kContinue.substr(written);
  }

  void answer_and_close(const Problem& problem) {
    Request request = partial_request();
    request.request_id = request_id_for(request);
    keep_alive_ = false;
    send(state_.app.finish(request, problem_response(problem, request), started_));
  }

  void on_read(beast::error_code error) {
    if (error == http::error::end_of_stream || error == asio::error::eof ||
        error == asio::error::operation_aborted || error == asio::error::bad_descriptor ||
        error == asio::error::connection_reset) {
      close();
      return;
    }
    if (error) {
      Problem problem{400, "malformed HTTP request: " + error.message(), {}};
      if (error == http::error::body_limit) {
        problem = {413,
                   "the request body is larger than " +
                       std::to_string(state_.config.max_body_bytes) + " bytes",
                   {}};
      } else if (error == http::error::header_limit) {
        problem = {431,
                   "the request header is larger than " +
                       std::to_string(state_.config.max_header_bytes) + " bytes",
                   {}};
      }
      answer_and_close(problem);
      return;
    }
    auto message = parser_->release();
    keep_alive_ = message.keep_alive() && !state_.draining->load();
    version_ = message.version();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    std::string_view target = request.target;
    std::size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    request.query = question == std::string_view::npos ? "" : request.target.substr(question + 1);
    for (const auto& field : message) {
      request.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.peer_address = peer_address_;
    if (request.path.empty() || request.path[0] != '/' || !valid_percent_escapes(request.path)) {
      request.request_id = request_id_for(request);
      send(state_.app.finish(
          request, problem_response({400, "the request target is not a valid path", {}}, request),
          started_));
      return;
    }
    state_.in_flight.fetch_add(1);
    counted_ = true;
    deadline_ = Clock::time_point::max();
    spawn(state_.app.handle(std::move(request)),
          [self = shared_from_this()](const std::exception_ptr&, Response response) {
            asio::dispatch(self->socket_.get_executor(),
                           [self, response = std::move(response)]() mutable {
                             self->send(std::move(response));
                           });
          });
  }

  Request partial_request() {
    Request request;
    if (parser_ && parser_->is_header_done()) {
      const auto& header = parser_->get();
      request.method = std::string(header.method_string());
      request.target = std::string(header.target());
      request.path = request.target.substr(0, request.target.find('?'));
      for (const auto& field : header) {
        request.headers.add(std::string(field.name_string()), std::string(field.value()));
      }
    }
    return request;
  }

  // The head is written by hand and sent with the body in one write_some on the non-blocking
  // socket: Beast's serializer walked its buffer views several times per response, about a
  // seventh of the service's CPU for a GET. Only what the socket did not take goes through an
  // asynchronous write.
  void send(Response response) {
    if (response.close_without_answer) {
      finish_request();
      close();
      return;
    }
    bool keep_alive = keep_alive_ && !state_.draining->load();
    write_head(response, keep_alive);
    if (!unsent_interim_.empty()) {
      head_.insert(0, unsent_interim_);
      unsent_interim_ = {};
    }
    // A HEAD response carries the header of the GET response, Content-Length included, and
    // nothing after it (RFC 9110 §9.3.2).
    body_ = head_request_ ? std::string() : std::move(response.body);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
    std::size_t total = head_.size() + body_.size();
    beast::error_code error;
    std::size_t written = socket_.write_some(buffers, error);
    if (error == asio::error::would_block || error == asio::error::try_again) {
      error = {};
      written = 0;
    }
    if (error || written == total) {
      after_write(error, keep_alive);
      return;
    }
    beast::buffers_suffix<std::array<asio::const_buffer, 2>> rest(buffers);
    rest.consume(written);
    deadline_ = Clock::now() + state_.config.read_header_timeout;
    watch_deadline();
    asio::async_write(
        socket_, rest,
        [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
          self->after_write(error, keep_alive);
        });
  }

  void after_write(beast::error_code error, bool keep_alive) {
    finish_request();
    if (error || !keep_alive) {
      close();
      return;
    }
    if (buffer_.size() > 0) {
      // A pipelined request is buffered: parse it from the loop, not from inside this call, so
      // a long pipeline of requests answered at once cannot deepen the stack.
      asio::post(socket_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
      return;
    }
    wait_for_request();
  }

  // Content-Length and Connection are the server's to set; a field whose name or value could
  // break the framing (CR, LF or NUL) is dropped rather than sent.
  void write_head(const Response& response, bool keep_alive) {
    unsigned version = version_ ? version_ : 11;
    head_.assign(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    head_ += std::to_string(response.status);
    head_ += ' ';
    head_ += status_text(response.status);
    head_ += "\r\n";
    auto unsafe = [](std::string_view text) {
      return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
    };
    for (const auto& [name, value] : response.headers.fields()) {
      if (iequals(name, "content-length") || iequals(name, "connection") ||
          iequals(name, "transfer-encoding") || unsafe(name) || unsafe(value)) {
        continue;
      }
      head_ += name;
      head_ += ": ";
      head_ += value;
      head_ += "\r\n";
    }
    if (response.status != 204 && response.status != 304) {  // RFC 9110: no length for those
      head_ += "Content-Length: ";
      head_ += std::to_string(response.body.size());
      head_ += "\r\n";
    }
    if (!keep_alive && version != 10) {
      head_ += "Connection: close\r\n";
    } else if (keep_alive && version == 10) {
      head_ += "Connection: keep-alive\r\n";
    }
    head_ += "\r\n";
  }

  void finish_request() {
    if (counted_) {
      counted_ = false;
      if (state_.in_flight.fetch_sub(1) == 1 && state_.draining->load()) {
        std::lock_guard lock(state_.wait_mutex);
        state_.wait_condition.notify_all();
      }
    }
  }

  void close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    timer_.cancel();
  }

  tcp::socket socket_;
  std::string peer_address_;
  asio::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_expiry_;
  bool timer_armed_ = false;
  bool readable_ = false;  // known to hold bytes: read without waiting first
  beast::flat_buffer buffer_;
  // The buffered size at which the parser is given the buffer again: 1 except after it asked for
  // more. Parsing a request to its end or its error leaves it at 1 for the next request.
  std::size_t parse_at_size_ = 1;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpServer::State& state_;
  std::chrono::steady_clock::time_point started_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool counted_ = false;
  bool header_checked_ = false;
  bool head_request_ = false;
  std::string_view unsent_interim_;  // the part of a 100 Continue the socket did not take
  std::string head_;                 // kept, with its capacity, from one response to the next
  std::string body_;
};

namespace {

// How long stopping waits for tasks already posted to the loops when the drain used up the
// timeout.
constexpr std::chrono::milliseconds kSettleGrace{100};

// The pause after a failed accept doubles from the first to the longest while accepts keep
// failing, like nginx's pause on EMFILE, and one warning at most per interval says so.
constexpr std::chrono::milliseconds kFirstAcceptPause{20};
constexpr std::chrono::milliseconds kLongestAcceptPause{1000};
constexpr std::chrono::seconds kAcceptWarningInterval{10};

Metrics::AcceptError accept_error_reason(const beast::error_code& error) {
  namespace errc = boost::system::errc;
  if (error == errc::too_many_files_open || error == errc::too_many_files_open_in_system) {
    return Metrics::AcceptError::kDescriptorLimit;
  }
  if (error == errc::no_buffer_space || error == errc::not_enough_memory) {
    return Metrics::AcceptError::kOutOfMemory;
  }
  return Metrics::AcceptError::kOther;
}

void warn_accept_failing(HttpServer::State& state, const beast::error_code& error,
                         Metrics::AcceptError reason) {
  auto now = std::chrono::steady_clock::now();
  if (state.last_accept_warning != std::chrono::steady_clock::time_point{} &&
      now - state.last_accept_warning < kAcceptWarningInterval) {
    return;
  }
  nlohmann::ordered_json fields = {{"error", error.message()},
                                   {"reason", accept_error_label(reason)},
                                   {"failed_accepts", state.failed_accepts},
                                   {"pause_ms", state.accept_delay.count()}};
  std::string message = "cannot accept connections; pausing accepts";
  if (reason == Metrics::AcceptError::kDescriptorLimit) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
      fields["descriptor_limit"] = static_cast<std::uint64_t>(limit.rlim_cur);
    }
    message =
        "cannot accept connections: the process is at its file descriptor limit (RLIMIT_NOFILE); "
        "pausing accepts";
  }
  state.app.logger().warn(message, std::move(fields));
  state.failed_accepts = 0;
  state.last_accept_warning = now;
}

void accept_next(HttpServer::State& state);

void pause_accepting(HttpServer::State& state, const beast::error_code& error) {
  Metrics::AcceptError reason = accept_error_reason(error);
  state.app.metrics().record_accept_error(reason);
  ++state.failed_accepts;
  state.accept_delay = state.accept_delay.count() == 0
                           ? kFirstAcceptPause
                           : std::min(state.accept_delay * 2, kLongestAcceptPause);
  warn_accept_failing(state, error, reason);
  state.accept_pause->expires_after(state.accept_delay);
  state.accept_pause->async_wait([&state](beast::error_code waited) {
    if (!waited) {
      accept_next(state);
    }
  });
}

void accept_next(HttpServer::State& state) {
  if (!state.acceptor || !state.acceptor->is_open()) {
    return;
  }
  asio::io_context& loop_context = state.loops.next().context();
  state.acceptor->async_accept(
      loop_context, [&state, &loop_context](beast::error_code error, tcp::socket socket) {
        if (error == asio::error::operation_aborted || !state.acceptor->is_open()) {
          return;
        }
        if (error) {
          pause_accepting(state, error);
          return;
        }
        state.accept_delay = std::chrono::milliseconds(0);
        if (!state.draining->load()) {
          beast::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          socket.non_blocking(true, ignored);  // responses are first tried without waiting
          auto session = std::make_shared<Session>(std::move(socket), state);
          {
            std::lock_guard lock(state.idle_mutex);
            std::erase_if(state.sessions, [](const auto& weak) { return weak.expired(); });
            state.sessions.push_back(session);
          }
          // The socket belongs to the chosen loop: the session runs there from now on.
          asio::post(loop_context, [session] { session->start(); });
        }
        accept_next(state);
      });
}

}  // namespace

HttpServer::HttpServer(const Config& config, HttpApp& app)
    : state_(std::make_unique<State>(config, app)) {
  state_->draining = &draining_;
}

HttpServer::~HttpServer() {
  if (!draining_.load()) {
    shutdown(std::chrono::milliseconds(0));
  }
}

EventLoops& HttpServer::loops() { return state_->loops; }

std::uint16_t HttpServer::port() const { return state_->port; }

long HttpServer::connections() const { return state_->open_connections.load(); }

void HttpServer::start() {
  asio::io_context& context = state_->loops.at(0).context();
  beast::error_code error;
  auto address = asio::ip::make_address(state_->config.host, error);
  if (error) {
    throw std::runtime_error("HOST " + state_->config.host + ": not an IP address");
  }
  tcp::endpoint endpoint(address, static_cast<std::uint16_t>(state_->config.port));
  state_->acceptor.emplace(context);
  state_->accept_pause.emplace(context);
  state_->acceptor->open(endpoint.protocol(), error);
  if (!error) {
    state_->acceptor->set_option(asio::socket_base::reuse_address(true), error);
    state_->acceptor->bind(endpoint, error);
  }
  if (!error) {
    state_->acceptor->listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    throw std::runtime_error("cannot listen on " + state_->config.host + ":" +
                             std::to_string(state_->config.port) + ": " + error.message());
  }
  state_->port = state_->acceptor->local_endpoint().port();
  accept_next(*state_);
  state_->loops.start();
}

bool HttpServer::shutdown(std::chrono::milliseconds timeout,
                          const std::function<void()>& before_stop) {
  draining_.store(true);
  if (state_->acceptor) {
    asio::post(state_->loops.at(0).context(), [this] {
      beast::error_code ignored;
      state_->acceptor->close(ignored);
      state_->accept_pause->cancel();
    });
  }
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(state_->idle_mutex);
    for (const auto& weak : state_->sessions) {
      if (auto session = weak.lock()) {
        sessions.push_back(std::move(session));
      }
    }
  }
  for (const auto& session : sessions) {
    session->close_on_loop();
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool drained;
  {
    std::unique_lock lock(state_->wait_mutex);
    drained = state_->wait_condition.wait_until(lock, deadline,
                                                [this] { return state_->in_flight.load() == 0; });
  }
  settle_loops(std::max(deadline, std::chrono::steady_clock::now() + kSettleGrace));
  if (before_stop) {
    before_stop();
  }
  state_->loops.stop();
  return drained;
}

// Closing the listener and the idle connections was posted to the loops. A loop that was busy
// with a request runs those tasks after it, which can be after the last request finished and
// the drain ended: without this, stopping the loops would leave them undone.
void HttpServer::settle_loops(std::chrono::steady_clock::time_point deadline) {
  auto left = std::make_shared<std::atomic<int>>(state_->loops.size());
  for (int i = 0; i < state_->loops.size(); ++i) {
    asio::post(state_->loops.at(i).context(), [this, left] {
      if (left->fetch_sub(1) == 1) {
        std::lock_guard lock(state_->wait_mutex);
        state_->wait_condition.notify_all();
      }
    });
  }
  std::unique_lock lock(state_->wait_mutex);
  state_->wait_condition.wait_until(lock, deadline, [&left] { return left->load() == 0; });
}

void HttpServer::wait_for_signal() {
  asio::io_context signals_context;
  asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code, int) { stop_waiting(); });
  std::thread signal_thread([&] { signals_context.run(); });
  {
    std::unique_lock lock(state_->wait_mutex);
    state_->wait_condition.wait(lock, [this] { return state_->stop_requested; });
  }
  signals_context.stop();
  signal_thread.join();
}

void HttpServer::stop_waiting() {
  std::lock_guard lock(state_->wait_mutex);
  state_->stop_requested = true;
  state_->wait_condition.notify_all();
}

}  // namespace svcgen
