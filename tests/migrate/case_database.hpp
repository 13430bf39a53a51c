#pragma once

// A schema of its own on the test PostgreSQL, for one migration case.
#include <libpq-fe.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "migrate/render.hpp"
#include "schema_description.hpp"

namespace svcgen::testing {

inline std::string database_url() {
  std::ifstream in(std::string(SVCGEN_TEST_PG_DIR) + "/url");
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    throw std::runtime_error("no test server in " SVCGEN_TEST_PG_DIR
                             ": run the tests through ctest, which starts it");
  }
  return url;
}

// One connection whose search_path is a schema of the case's own, dropped at the end.
class CaseDatabase {
 public:
  explicit CaseDatabase(const std::string& name) : url_(database_url()) {
    schema_ = "case_" + name + "_" + std::to_string(::getpid());
    for (char& c : schema_) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    conn_ = PQconnectdb(url_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw std::runtime_error("connect: " + std::string(PQerrorMessage(conn_)));
    }
    run("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    run("CREATE SCHEMA " + schema_);
    run("SET search_path TO " + schema_);
  }
  ~CaseDatabase() {
    PQexec(conn_, ("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").c_str());
    PQfinish(conn_);
  }
  CaseDatabase(const CaseDatabase&) = delete;
  CaseDatabase& operator=(const CaseDatabase&) = delete;

  // One statement at a time, as the runner runs a no-transaction file.
  void run(const std::string& statement) {
    PGresult* result = PQexec(conn_, statement.c_str());
    ExecStatusType status = PQresultStatus(result);
    std::string error = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error(statement + "\n" + error);
    }
  }
  void up(const std::vector<migrate::RenderedMigration>& parts) {
    for (const migrate::RenderedMigration& part : parts) {
      for (const std::string& statement : part.up) {
        run(statement);
      }
    }
  }
  void run_all(const std::vector<std::string>& statements) {
    for (const std::string& statement : statements) {
      run(statement);
    }
  }
  // The rows of a query, each as its values joined by "|", NULL as "null".
  std::vector<std::string> rows(const std::string& query) {
    PGresult* result = PQexec(conn_, query.c_str());
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
      std::string error = PQresultErrorMessage(result);
      PQclear(result);
      throw std::runtime_error(query + "\n" + error);
    }
    std::vector<std::string> lines;
    for (int row = 0; row < PQntuples(result); ++row) {
      std::string line;
      for (int column = 0; column < PQnfields(result); ++column) {
        line += (column ? "|" : "") + std::string(PQgetisnull(result, row, column)
                                                      ? "null"
                                                      : PQgetvalue(result, row, column));
      }
      lines.push_back(line);
    }
    PQclear(result);
    return lines;
  }
  void down(const std::vector<migrate::RenderedMigration>& parts) {
    for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
      for (const std::string& statement : part->down) {
        run(statement);
      }
    }
  }
  const std::string& url() const { return url_; }
  const std::string& schema() const { return schema_; }
  std::string description() const { return full_description(url_, schema_); }
  std::string model_description() const { return model_description_from_catalog(url_, schema_); }

 private:
  std::string url_;
  std::string schema_;
  PGconn* conn_ = nullptr;
};

inline std::string asked_for(const migrate::Schema& schema) {
  return model_description_from_snapshot(
      nlohmann::json::parse(migrate::schema_to_json(schema).dump()));
}

}  // namespace svcgen::testing
