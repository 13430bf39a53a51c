#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>

#include "event_loops.hpp"
#include "svcgen/task.hpp"

namespace svcgen::testing {

inline std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The server the CTest fixture "postgres" started for the whole run.
inline std::string shared_database_url() {
  std::string url = read_first_line(std::string(SVCGEN_TEST_PG_DIR) + "/url");
  if (url.empty()) {
    throw std::runtime_error("no test server in " SVCGEN_TEST_PG_DIR
                             ": run the tests through ctest, which starts it");
  }
  return url;
}

inline std::string pg_script() { return SVCGEN_TEST_PG_SCRIPT; }

// A server of the test's own, for tests that stop or restart PostgreSQL.
class PrivateServer {
 public:
  explicit PrivateServer(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() /
             ("svcgen-pg-" + name + "-" + std::to_string(::getpid()))) {
    run("start");
    url_ = read_first_line(dir_.string() + "/url");
    port_ = read_first_line(dir_.string() + "/port");
  }
  ~PrivateServer() { std::system((pg_script() + " stop " + dir_.string()).c_str()); }
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  const std::string& url() const { return url_; }
  const std::string& port() const { return port_; }
  void pause() { run("pause"); }
  void resume() { run("resume"); }

 private:
  void run(const std::string& command) {
    std::string line = pg_script() + " " + command + " " + dir_.string() + " >/dev/null";
    if (std::system(line.c_str()) != 0) {
      throw std::runtime_error("pg_server.sh " + command + " failed");
    }
  }
  std::filesystem::path dir_;
  std::string url_;
  std::string port_;
};

// Runs SQL on a blocking connection of its own; throws with the server's message on failure.
inline std::string exec_sql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("connect: " + error);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  std::string value;
  if (status == PGRES_TUPLES_OK && PQntuples(result) > 0) {
    value = PQgetvalue(result, 0, 0);
  }
  std::string error = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw std::runtime_error("sql: " + error);
  }
  return value;
}

// Runs a coroutine on an event loop of the runtime and waits for its result.
template <typename T>
T run_on(EventLoops& loops, std::function<Task<T>()> make,
         std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  std::promise<T> promise;
  auto future = promise.get_future();
  boost::asio::post(loops.at(0).context(), [&] {
    spawn(make(), [&](std::exception_ptr error, T value) {
      if (error) {
        promise.set_exception(error);
      } else {
        promise.set_value(std::move(value));
      }
    });
  });
  if (future.wait_for(timeout) != std::future_status::ready) {
    throw std::runtime_error("the coroutine did not finish in time");
  }
  return future.get();
}

inline std::string unique_name(const std::string& base) {
  return base + "_" + std::to_string(::getpid());
}

}  // namespace svcgen::testing
