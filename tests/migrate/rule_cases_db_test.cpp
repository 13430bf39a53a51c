// Every case folder (tests/migrate/testdata and tests/migrate/plans) applied to the test
// PostgreSQL: up turns the before/ schema into exactly what after/ asks for, and down brings back
// exactly the before/ catalog.
#include <libpq-fe.h>
#include <unistd.h>

#include <cctype>

#include "migration_case.hpp"
#include "schema_description.hpp"

namespace svcgen::testing {
namespace {

std::string database_url() {
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
  void down(const std::vector<migrate::RenderedMigration>& parts) {
    for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
      for (const std::string& statement : part->down) {
        run(statement);
      }
    }
  }
  std::string description() const { return full_description(url_, schema_); }
  std::string model_description() const { return model_description_from_catalog(url_, schema_); }

 private:
  std::string url_;
  std::string schema_;
  PGconn* conn_ = nullptr;
};

std::string asked_for(const migrate::Schema& schema) {
  return model_description_from_snapshot(
      nlohmann::json::parse(migrate::schema_to_json(schema).dump()));
}

// Each case in a schema of its own, named after the folder.
void up_and_down(const fs::path& folder) {
  MigrationCase migration(folder);
  CaseDatabase database(folder.filename().string());
  database.up(migrate::render(migrate::plan_changes({}, migration.before), true));
  std::string before = database.description();
  ASSERT_EQ(database.model_description(), asked_for(migration.before));
  std::vector<migrate::RenderedMigration> parts = migrate::render(migration.plan, true);
  database.up(parts);
  EXPECT_EQ(database.model_description(), asked_for(migration.after));
  database.down(parts);
  EXPECT_EQ(database.description(), before);
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

class RuleFolderOnPostgres : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFolderOnPostgres, UpReachesAfterAndDownRestoresBefore) {
  up_and_down(rule_cases_dir() / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Testdata, RuleFolderOnPostgres,
                         ::testing::ValuesIn(case_names(rule_cases_dir())), param_name);

class PlanFolderOnPostgres : public ::testing::TestWithParam<std::string> {};

TEST_P(PlanFolderOnPostgres, UpReachesAfterAndDownRestoresBefore) {
  up_and_down(plan_cases_dir() / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Plans, PlanFolderOnPostgres,
                         ::testing::ValuesIn(case_names(plan_cases_dir())), param_name);

}  // namespace
}  // namespace svcgen::testing
