#pragma once

// The migration runner's own connection: libpq stays behind this file.
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "svcgen/config.hpp"

namespace svcgen::migrate_detail {

struct Result {
  std::shared_ptr<PGresult> result;
  bool ok() const {
    ExecStatusType status = PQresultStatus(result.get());
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  }
  std::string sqlstate() const {
    const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    return state ? state : "";
  }
  int rows() const { return PQntuples(result.get()); }
  std::string text(int row, int column) const { return PQgetvalue(result.get(), row, column); }
  // The first line of the error, without PostgreSQL's context lines.
  std::string error() const {
    std::string message = PQresultErrorMessage(result.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    return message;
  }
};

class Session {
 public:
  // `connect_seconds`: libpq's connect_timeout.
  Session(const Config& config, std::string& error, long connect_seconds = 10) {
    std::string options =
        "-c lock_timeout=" + std::to_string(config.migration_lock_timeout.count()) +
        " -c statement_timeout=0 -c TimeZone=UTC -c search_path=" + config.db_schema;
    std::string application = config.db_application_name + "-migrate";
    const char* keys[] = {"dbname", "application_name", "options", "connect_timeout", nullptr};
    std::string connect_timeout = std::to_string(connect_seconds);
    const char* values[] = {config.db_write_url.c_str(), application.c_str(), options.c_str(),
                            connect_timeout.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    if (PQstatus(conn_) != CONNECTION_OK) {
      error = "cannot connect to the database: " +
              redact_connection_error(PQerrorMessage(conn_), config.db_write_url);
      while (!error.empty() && error.back() == '\n') {
        error.pop_back();
      }
    }
  }
  ~Session() { PQfinish(conn_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Result exec(const std::string& sql) {
    return {std::shared_ptr<PGresult>(PQexec(conn_, sql.c_str()), PQclear)};
  }
  Result exec(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::string& param : params) {
      values.push_back(param.c_str());
    }
    return {
        std::shared_ptr<PGresult>(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                               nullptr, values.data(), nullptr, nullptr, 0),
                                  PQclear)};
  }

 private:
  PGconn* conn_ = nullptr;
};

}  // namespace svcgen::migrate_detail
