#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <libpq-fe.h>

#include "child_process.hpp"
#include "pg_fixture.hpp"
#include "raw_http_client.hpp"

namespace svcgen::testing {

using namespace std::chrono_literals;

// A generated service run as a process against the test PostgreSQL, in a schema of its own,
// with AUTO_MIGRATE on and a port picked by the system.
class ServiceProcess {
 public:
  explicit ServiceProcess(const std::string& program, std::map<std::string, std::string> extra = {},
                          std::string database_url = testing::shared_database_url())
      : url_(std::move(database_url)) {
    schema_ = testing::unique_name("bs_" + std::to_string(++counter_));
    testing::exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    std::map<std::string, std::string> environment = {
        {"DB_WRITE_URL", url_}, {"DB_SCHEMA", schema_},   {"HOST", "127.0.0.1"},
        {"PORT", "0"},          {"AUTO_MIGRATE", "true"}, {"THREADS", "2"}};
    for (auto& [key, value] : extra) {
      environment[key] = value;
    }
    process_ = std::make_unique<testing::ChildProcess>(
        program, std::vector<std::string>{"serve"}, environment,
        (std::filesystem::temp_directory_path() / (schema_ + ".log")).string());
    for (int i = 0; i < 400 && port_ == 0; ++i) {
      std::string output = process_->output();
      std::size_t at = output.find("\"port\":");
      if (at != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(output.substr(at + 7)));
      } else if (!process_->running()) {
        break;
      } else {
        std::this_thread::sleep_for(25ms);
      }
    }
    if (port_ == 0) {
      throw std::runtime_error("the service did not start:\n" + process_->output());
    }
  }
  ~ServiceProcess() {
    process_.reset();
    try {
      testing::exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (...) {
    }
  }

  RawResponse send(const std::string& method, const std::string& path, const std::string& body = "",
                   const std::string& headers = "", const std::string& type = "application/json") {
    RawHttpClient client(port_);
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + headers;
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      request +=
          "Content-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    client.send(request + "\r\n" + body);
    auto response = client.read_response(10s);
    if (!response) {
      throw std::runtime_error("no response to " + method + " " + path);
    }
    std::lock_guard<std::mutex> lock(records_mutex_);
    records_.push_back({{"method", method},
                        {"path", path},
                        {"status", response->status},
                        {"headers", response->headers},
                        {"body", response->body}});
    return *response;
  }
  const std::string& schema() const { return schema_; }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  // SIGTERM asks for a graceful shutdown.
  void signal(int number) { process_->signal(number); }
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout) {
    return process_->wait(timeout);
  }
  std::string output() const { return process_->output(); }
  // Every exchange so far, for checking responses against the OpenAPI document.
  const nlohmann::json& records() const { return records_; }
  nlohmann::json body(const RawResponse& response) { return nlohmann::json::parse(response.body); }
  std::string sql(const std::string& statement) {
    return testing::exec_sql(url_, "SET search_path = " + schema_ + "; " + statement);
  }

 private:
  static inline int counter_ = 0;
  std::string url_;
  std::string schema_;
  std::mutex records_mutex_;  // requests may be sent from several threads at once
  nlohmann::json records_ = nlohmann::json::array();
  std::unique_ptr<testing::ChildProcess> process_;
  std::uint16_t port_ = 0;
};

// Nothing listens on port 1 of the loopback interface, so connecting is refused at once.
inline std::string unreachable_database_url() { return "postgresql://svcgen@127.0.0.1:1/svcgen"; }

// Holds an ACCESS EXCLUSIVE lock on one of a service's tables from another session, so the
// service's statements on it wait until their statement timeout.
class TableLock {
 public:
  TableLock(const ServiceProcess& service, const std::string& table) {
    std::promise<void> locked;
    std::future<void> locked_future = locked.get_future();
    holder_ = std::async(std::launch::async, [this, &locked, &service, table] {
      PGconn* conn = PQconnectdb(testing::shared_database_url().c_str());
      PQclear(PQexec(conn, ("BEGIN; SET search_path = " + service.schema() + "; LOCK TABLE " +
                            table + " IN ACCESS EXCLUSIVE MODE")
                               .c_str()));
      locked.set_value();
      release_.get_future().wait();
      PQclear(PQexec(conn, "ROLLBACK"));
      PQfinish(conn);
    });
    locked_future.wait();
  }
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;
  ~TableLock() {
    release_.set_value();
    holder_.get();
  }

 private:
  std::promise<void> release_;
  std::future<void> holder_;
};

inline void expect_problem(const RawResponse& response, int status,
                           const std::string& pointer = "") {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.header("content-type"), "application/problem+json") << response.body;
  nlohmann::json problem = nlohmann::json::parse(response.body, nullptr, false);
  ASSERT_TRUE(problem.is_object()) << response.body;
  EXPECT_EQ(problem["status"], status);
  for (const char* key : {"type", "title", "detail", "instance", "request_id"}) {
    EXPECT_TRUE(problem[key].is_string()) << key << " in " << response.body;
  }
  if (!pointer.empty()) {
    bool found = false;
    for (const nlohmann::json& error : problem["errors"]) {
      found = found || error["pointer"] == pointer;
    }
    EXPECT_TRUE(found) << "no error at " << pointer << " in " << response.body;
  }
}

}  // namespace svcgen::testing
