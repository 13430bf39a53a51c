// Arbitrary bytes sent to the runtime's HTTP server over a real loopback connection: Beast's
// parser, the request conversion, the router (404, 405, 415, path parameters) and body parsing.
// Every input must end in a response or a closed connection within the timeouts, and the server
// must still accept the next connection. Half the inputs arrive in pieces (see send_input).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <thread>

#include "svcgen/app.hpp"
#include "svcgen/body.hpp"
#include "svcgen/server.hpp"

namespace {

using namespace std::chrono_literals;

struct Server {
  svcgen::Config config;
  svcgen::Router router;
  svcgen::Metrics metrics;
  svcgen::Logger logger{"fuzz", svcgen::LogLevel::kError, svcgen::LogFormat::kJson, false,
                        [](std::string_view) {}};
  svcgen::HttpApp app{router, metrics, logger};
  std::unique_ptr<svcgen::HttpServer> server;

  Server() {
    config.host = "127.0.0.1";
    config.port = 0;
    config.threads = 1;
    config.max_body_bytes = 2048;
    config.max_header_bytes = 1024;
    config.read_header_timeout = 200ms;
    config.idle_timeout = 200ms;
    router.add("GET", "/items/{id}",
               [](svcgen::Request& request) -> svcgen::Task<svcgen::Response> {
                 co_return svcgen::json_response(200, {{"id", *request.param("id")}});
               });
    router.add("POST", "/items",
               [](svcgen::Request& request) -> svcgen::Task<svcgen::Response> {
                 nlohmann::json body = svcgen::parse_json_body(request);
                 co_return svcgen::json_response(201, body);
               },
               {{"application/json"}});
    server = std::make_unique<svcgen::HttpServer>(config, app);
    server->start();
  }
};

int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  // Thousands of connections a second leave as many in TIME_WAIT; a different local address of
  // 127.0.0.0/8 for each keeps them from using up the ephemeral ports of one.
  static std::uint32_t next_source = 0;
  sockaddr_in source{};
  source.sin_family = AF_INET;
  source.sin_addr.s_addr = htonl(0x7F010000U + 1 + next_source++ % 60000);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
    std::perror("bind");
    __builtin_trap();
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    // libFuzzer's timeout alarm (SIGALRM, without SA_RESTART) can interrupt a connect that is
    // waiting on the handshake; the connection then completes on its own, so wait for it.
    int error = errno;
    if (error == EINTR) {
      pollfd writable{fd, POLLOUT, 0};
      int ready;
      do {
        ready = ::poll(&writable, 1, 5000);
      } while (ready < 0 && errno == EINTR);
      error = ETIMEDOUT;
      if (ready == 1) {
        socklen_t length = sizeof error;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
          error = errno;
        }
      }
    }
    if (error != 0) {
      errno = error;
      std::perror("connect");
      __builtin_trap();  // the server stopped accepting
    }
  }
  return fd;
}

// False once the server has closed the connection (it may answer early: 413, 400).
bool send_all(int fd, const std::uint8_t* data, std::size_t size) {
  std::size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Inputs of even length arrive in pieces that end after every CR and LF, with a pause between
// them, so that the parser meets lines, chunk sizes and the last chunk cut where the network
// may cut them; the others arrive in one write. Lengths change with nearly every mutation, so
// each corpus entry is tried both ways.
void send_input(int fd, const std::uint8_t* data, std::size_t size) {
  if (size % 2 != 0) {
    send_all(fd, data, size);
    return;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] != '\r' && data[i] != '\n' && i + 1 < size) {
      continue;
    }
    if (!send_all(fd, data + start, i + 1 - start)) {
      return;
    }
    start = i + 1;
    std::this_thread::sleep_for(50us);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Server server;
  int fd = connect_to(server.server->port());
  send_input(fd, data, size);
  ::shutdown(fd, SHUT_WR);
  // The server closes within its read timeout whatever it was sent.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  char buffer[4096];
  while (true) {
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, 1000) > 0 && ::recv(fd, buffer, sizeof buffer, 0) <= 0) {
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      __builtin_trap();  // the connection hangs
    }
  }
  ::close(fd);
  return 0;
}
