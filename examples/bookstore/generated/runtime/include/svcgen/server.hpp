// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "svcgen/app.hpp"
#include "svcgen/config.hpp"

namespace svcgen {

class EventLoops;

// HTTP/1.1 over TCP: keep-alive, pipelining, limits (body -> 413, headers -> 431), timeouts that
// close idle and slow clients, and graceful shutdown. Runs THREADS event loops; each connection
// stays on one loop, and so does the database work its requests start.
class HttpServer {
 public:
  HttpServer(const Config& config, HttpApp& app);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds HOST:PORT and starts the loops. Throws std::runtime_error when it cannot bind.
  void start();
  // The bound port (useful with PORT=0).
  std::uint16_t port() const;
  // Stops accepting, closes idle connections, lets requests in flight finish (each answered
  // with Connection: close) for up to `timeout`, runs `before_stop` while the loops still run
  // (to close database pools), then stops the loops. Returns true when every request in
  // flight finished in time.
  bool shutdown(std::chrono::milliseconds timeout, const std::function<void()>& before_stop = {});
  bool draining() const { return draining_.load(); }
  long connections() const;

  // Blocks until SIGTERM or SIGINT arrives (or `stop_waiting` is called from another thread).
  void wait_for_signal();
  void stop_waiting();

  EventLoops& loops();

  struct State;  // defined where the HTTP library is, so this header does not include it

 private:
  void settle_loops(std::chrono::steady_clock::time_point deadline);

  std::unique_ptr<State> state_;
  std::atomic<bool> draining_{false};
};

}  // namespace svcgen
