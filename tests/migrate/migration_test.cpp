// Migrations end to end: svcgen writes them from model changes, the runtime's runner applies
// them to a real PostgreSQL, and the catalog is compared with what the models say.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <regex>
#include <thread>

#include "child_process.hpp"
#include "migrate_harness.hpp"
#include "pg_fixture.hpp"
#include "raw_http_client.hpp"
#include "schema_description.hpp"
#include "test_folder.hpp"

namespace svcgen {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::CommandResult;
using testing::exec_sql;
using testing::port_of;
using testing::quote;
using testing::ready_status;
using testing::shell;

// A widened CHECK is left NOT VALID (every row passed the narrower one), and the down migration
// of a later change that restores it validates it, which proves only what was already true: the
// catalogs are compared as if every CHECK were validated.
std::string checks_validated(const std::string& description) {
  return std::regex_replace(description, std::regex(R"((CHECK \(.*\)) NOT VALID valid=false)"),
                            "$1 valid=true");
}

// A service folder whose models change step by step, with a database schema of its own.
class Project {
 public:
  explicit Project(const std::string& name) : folder_(name), url_(testing::shared_database_url()) {
    schema_ = testing::unique_name("m_" + name);
    for (char& c : schema_) {
      c = c == '-' ? '_' : c;
    }
    exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }
  ~Project() {
    try {
      exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (...) {
    }
  }

  void models(const std::map<std::string, std::string>& files) {
    fs::remove_all(folder_.path() / "models");
    std::string list;
    for (const auto& [name, text] : files) {
      folder_.write("models/" + name + ".json", text);
      list += (list.empty() ? "\"" : ", \"") + ("models/" + name + ".json\"");
    }
    folder_.write("service.json", R"({"service": "shop", "models": [)" + list + "]}");
  }

  CommandResult diff(const std::string& name, bool allow_destructive = false) {
    return shell("cd " + quote(folder_.str()) + " && " + SVCGEN_BINARY +
                     " migrate diff service.json --name " + name +
                     (allow_destructive ? " --allow-destructive" : ""),
                 folder_.path());
  }

  // The contract steps the last diff left due, as written after the rollout.
  CommandResult contract(const std::string& name, bool allow_destructive) {
    return shell("cd " + quote(folder_.str()) + " && " + SVCGEN_BINARY +
                     " migrate diff service.json --contract --name " + name +
                     (allow_destructive ? " --allow-destructive" : ""),
                 folder_.path());
  }

  CommandResult migrate(const std::string& arguments, const std::string& schema = "",
                        const std::string& environment = "") {
    return shell(environment + " DB_WRITE_URL=" + quote(url_) +
                     " DB_SCHEMA=" + (schema.empty() ? schema_ : schema) + " " +
                     SVCGEN_MIGRATE_TOOL + " " + quote(migrations()) + " migrate " + arguments,
                 folder_.path());
  }

  int up_files() const {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(migrations())) {
      count += entry.path().string().ends_with(".up.sql") ? 1 : 0;
    }
    return count;
  }

  std::string migrations() const { return (folder_.path() / "migrations").string(); }
  nlohmann::json snapshot() const {
    return nlohmann::json::parse(folder_.read("migrations/schema.snapshot.json"));
  }
  std::string sql(const std::string& statement) {
    return exec_sql(url_, "SET search_path = " + schema_ + "; " + statement);
  }
  const std::string& url() const { return url_; }
  const std::string& schema() const { return schema_; }
  const testing::TestFolder& folder() const { return folder_; }

 private:
  testing::TestFolder folder_;
  std::string url_;
  std::string schema_;
};

const std::map<std::string, std::string> kStep1 = {
    {"author", R"({"name": "Author", "fields": [
      {"name": "name", "type": "string", "maxLength": 100},
      {"name": "email", "type": "string", "maxLength": 200, "optional": true}]})"},
    {"book", R"({"name": "Book", "fields": [
      {"name": "title", "type": "string", "maxLength": 100},
      {"name": "pages", "type": "int32", "optional": true},
      {"name": "status", "type": "enum", "values": ["draft", "published"], "default": "draft"},
      {"name": "author_id", "type": "ref", "model": "Author"},
      {"name": "rating", "type": "int32", "minimum": 0, "maximum": 10, "optional": true}]})"},
};

// Additions and widenings.
const std::map<std::string, std::string> kStep2 = {
    {"author", R"({"name": "Author", "fields": [
      {"name": "name", "type": "string", "maxLength": 100},
      {"name": "email", "type": "string", "maxLength": 200, "optional": true, "unique": true}]})"},
    {"book", R"({"name": "Book", "fields": [
      {"name": "title", "type": "string", "maxLength": 200},
      {"name": "pages", "type": "int64", "optional": true},
      {"name": "status", "type": "enum", "values": ["draft", "published", "archived"],
       "default": "draft"},
      {"name": "author_id", "type": "ref", "model": "Author"},
      {"name": "rating", "type": "int32", "minimum": 0, "maximum": 10, "optional": true},
      {"name": "subtitle", "type": "text", "optional": true, "index": true},
      {"name": "edition", "type": "int32", "default": 1}]})"},
    {"review", R"({"name": "Review", "fields": [
      {"name": "book_id", "type": "ref", "model": "Book", "onDelete": "cascade"},
      {"name": "stars", "type": "int32", "minimum": 1, "maximum": 5}]})"},
};

// Renames, nullability, defaults and a foreign key action.
const std::map<std::string, std::string> kStep3 = {
    {"author", R"({"name": "Author", "fields": [
      {"name": "full_name", "type": "string", "maxLength": 100, "optional": true,
       "renamedFrom": "name"},
      {"name": "email", "type": "string", "maxLength": 200, "optional": true, "unique": true}]})"},
    {"book", R"({"name": "Volume", "renamedFrom": "Book", "fields": [
      {"name": "title", "type": "string", "maxLength": 200},
      {"name": "pages", "type": "int64"},
      {"name": "status", "type": "enum", "values": ["draft", "published", "archived"],
       "default": "published"},
      {"name": "author_id", "type": "ref", "model": "Author"},
      {"name": "rating", "type": "int32", "minimum": 0, "maximum": 10, "default": 5},
      {"name": "subtitle", "type": "text", "optional": true, "index": true, "default": "none"},
      {"name": "edition", "type": "int32", "default": 1}]})"},
    {"review", R"({"name": "Review", "fields": [
      {"name": "book_id", "type": "ref", "model": "Volume", "onDelete": "restrict"},
      {"name": "stars", "type": "int32", "minimum": 1, "maximum": 5}]})"},
};

// Destructive changes, accepted with --allow-destructive.
const std::map<std::string, std::string> kStep4 = {
    {"author", R"({"name": "Author", "fields": [
      {"name": "full_name", "type": "string", "maxLength": 100, "optional": true}]})"},
    {"book", R"({"name": "Volume", "softDelete": true, "fields": [
      {"name": "title", "type": "string", "maxLength": 150, "unique": true},
      {"name": "pages", "type": "int64"},
      {"name": "status", "type": "enum", "values": ["draft", "published"], "default": "published"},
      {"name": "author_id", "type": "ref", "model": "Author"},
      {"name": "rating", "type": "int32", "minimum": 0, "maximum": 10, "default": 5},
      {"name": "subtitle", "type": "text", "optional": true, "index": true, "default": "none"},
      {"name": "edition", "type": "int32", "default": 1}]})"},
};

// Indexes, a tightened check, optimistic locking.
const std::map<std::string, std::string> kStep5 = {
    {"author", R"({"name": "Author", "optimisticLocking": true, "fields": [
      {"name": "full_name", "type": "string", "maxLength": 100, "optional": true}]})"},
    {"book", R"({"name": "Volume", "softDelete": true, "fields": [
      {"name": "title", "type": "string", "maxLength": 150, "unique": true},
      {"name": "pages", "type": "int64"},
      {"name": "status", "type": "enum", "values": ["draft", "published"], "default": "published"},
      {"name": "author_id", "type": "ref", "model": "Author"},
      {"name": "rating", "type": "int32", "minimum": 0, "maximum": 8, "default": 5},
      {"name": "subtitle", "type": "text", "optional": true, "default": "none"},
      {"name": "edition", "type": "int32", "default": 1}],
     "indexes": [{"fields": ["author_id", "status"]}]})"},
};

TEST(Migrations, EvolutionMatchesTheModelsUpAndDown) {
  Project project("evolution");
  struct Step {
    const std::map<std::string, std::string>* models;
    std::string name;
    bool destructive;
  };
  std::vector<Step> steps = {{&kStep1, "init", false},
                             {&kStep2, "additions", false},
                             {&kStep3, "renames", false},
                             {&kStep4, "removals", true},
                             {&kStep5, "indexes", true}};
  std::vector<std::string> full_after_step = {
      testing::full_description(project.url(), project.schema())};
  std::vector<int> files_per_step;
  for (const Step& step : steps) {
    SCOPED_TRACE("step " + step.name);
    project.models(*step.models);
    int files_before = fs::exists(project.migrations()) ? project.up_files() : 0;
    CommandResult diff = project.diff(step.name, step.destructive);
    ASSERT_EQ(diff.exit_code, 0) << diff.err;
    CommandResult contract = project.contract(step.name + "_contract", step.destructive);
    ASSERT_EQ(contract.exit_code, 0) << contract.err;
    files_per_step.push_back(project.up_files() - files_before);
    CommandResult up = project.migrate("up");
    ASSERT_EQ(up.exit_code, 0) << up.err << up.out;
    EXPECT_EQ(testing::model_description_from_catalog(project.url(), project.schema()),
              testing::model_description_from_snapshot(project.snapshot()));
    full_after_step.push_back(testing::full_description(project.url(), project.schema()));
    // Data written now must survive the next step.
    if (step.name == "init") {
      project.sql("INSERT INTO authors (name, email) VALUES ('Ann', 'ann@example.com')");
      project.sql("INSERT INTO books (title, pages, author_id, rating) VALUES ('One', 10, 1, 7)");
    }
    if (step.name == "additions") {
      EXPECT_EQ(project.sql("SELECT edition FROM books"), "1");
      project.sql("INSERT INTO reviews (book_id, stars) VALUES (1, 4)");
    }
    if (step.name == "renames") {
      EXPECT_EQ(project.sql("SELECT full_name FROM authors"), "Ann");
      EXPECT_EQ(project.sql("SELECT pages FROM volumes"), "10");
      EXPECT_THROW(project.sql("DELETE FROM volumes"), std::runtime_error);  // now restrict
    }
    if (step.name == "removals") {
      EXPECT_EQ(project.sql("SELECT title FROM volumes"), "One");
      EXPECT_EQ(project.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema "
                            "= current_schema() AND table_name = 'reviews'"),
                "0");
    }
    if (step.name == "indexes") {
      EXPECT_EQ(project.sql("SELECT version FROM authors"), "1");
      EXPECT_THROW(project.sql("UPDATE volumes SET rating = 9"), std::runtime_error);
    }
  }
  EXPECT_EQ(project.migrate("up").out,
            "the database is up to date (version " + std::to_string(project.up_files()) + ")\n");
  for (std::size_t step = steps.size(); step-- > 0;) {
    SCOPED_TRACE("down from step " + steps[step].name);
    CommandResult down = project.migrate("down " + std::to_string(files_per_step[step]));
    ASSERT_EQ(down.exit_code, 0) << down.err;
    EXPECT_EQ(checks_validated(testing::full_description(project.url(), project.schema())),
              checks_validated(full_after_step[step]));
  }
}

TEST(Migrations, PsqlAppliesTheSameSchemaAsTheRunner) {
  Project project("interop");
  project.models(kStep1);
  ASSERT_EQ(project.diff("init").exit_code, 0);
  project.models(kStep2);
  ASSERT_EQ(project.diff("additions").exit_code, 0);
  ASSERT_EQ(project.migrate("up").exit_code, 0);
  std::string psql_schema = project.schema() + "_psql";
  exec_sql(project.url(),
           "DROP SCHEMA IF EXISTS " + psql_schema + " CASCADE; CREATE SCHEMA " + psql_schema);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(project.migrations())) {
    if (entry.path().string().ends_with(".up.sql")) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    bool no_transaction = text.find("-- svcgen:no-transaction") != std::string::npos;
    CommandResult applied = shell(
        "PGOPTIONS='-c search_path=" + psql_schema + "' psql -X -q -v ON_ERROR_STOP=1 " +
            (no_transaction ? "" : "-1 ") + "-d " + quote(project.url()) + " -f " + quote(file),
        project.folder().path());
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  EXPECT_EQ(testing::full_description(project.url(), psql_schema),
            testing::full_description(project.url(), project.schema()));
  exec_sql(project.url(), "DROP SCHEMA " + psql_schema + " CASCADE");
}

TEST(Migrations, ConcurrentRunnersApplyEachMigrationOnce) {
  Project project("concurrent");
  project.models(kStep1);
  ASSERT_EQ(project.diff("init").exit_code, 0);
  project.models(kStep2);
  ASSERT_EQ(project.diff("additions").exit_code, 0);
  std::vector<std::future<CommandResult>> runs;
  for (int i = 0; i < 8; ++i) {
    runs.push_back(std::async(std::launch::async, [&project, i] {
      testing::TestFolder scratch("concurrent-run-" + std::to_string(i));
      return shell("DB_WRITE_URL=" + quote(project.url()) + " DB_SCHEMA=" + project.schema() + " " +
                       SVCGEN_MIGRATE_TOOL + " " + quote(project.migrations()) + " migrate up",
                   scratch.path());
    }));
  }
  int applied_lines = 0;
  for (auto& run : runs) {
    CommandResult result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::istringstream lines(result.out);
    std::string line;
    while (std::getline(lines, line)) {
      applied_lines += line.rfind("applied ", 0) == 0 ? 1 : 0;
    }
  }
  EXPECT_EQ(applied_lines, project.up_files());
  EXPECT_EQ(project.sql("SELECT count(*) FROM svcgen_schema_migrations"),
            std::to_string(project.up_files()));
}

TEST(Migrations, AFailingMigrationLeavesThePreviousVersion) {
  Project project("failure");
  project.models(kStep1);
  ASSERT_EQ(project.diff("init").exit_code, 0);
  ASSERT_EQ(project.migrate("up").exit_code, 0);
  project.folder().write("migrations/000002_broken.up.sql",
                         "ALTER TABLE books ADD COLUMN extra integer;\n\n"
                         "-- this one fails\n"
                         "ALTER TABLE no_such_table ADD COLUMN x integer;\n");
  project.folder().write("migrations/000002_broken.down.sql",
                         "ALTER TABLE books DROP COLUMN extra;\n");
  CommandResult up = project.migrate("up");
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(
      up.err.find("000002_broken.up.sql:4: ERROR:  relation \"no_such_table\" does not exist"),
      std::string::npos)
      << up.err;
  EXPECT_NE(up.err.find("in: ALTER TABLE no_such_table ADD COLUMN x integer"), std::string::npos);
  EXPECT_NE(up.err.find("nothing of it was applied"), std::string::npos);
  EXPECT_EQ(project.sql("SELECT max(version) FROM svcgen_schema_migrations"), "1");
  EXPECT_EQ(project.sql("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND column_name = 'extra'"),
            "0");
}

TEST(Migrations, UnparseableFilesStopTheRunBeforeAnythingRuns) {
  Project project("unparseable");
  project.models(kStep1);
  ASSERT_EQ(project.diff("init").exit_code, 0);
  project.folder().write("migrations/000002_bad.up.sql", "SELECT 'unterminated;\n");
  project.folder().write("migrations/000002_bad.down.sql", "SELECT 1;\n");
  CommandResult up = project.migrate("up");
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(up.err.find("000002_bad.up.sql: unterminated string starting on line 1; no migration "
                        "was applied"),
            std::string::npos)
      << up.err;
  EXPECT_EQ(project.sql("SELECT count(*) FROM svcgen_schema_migrations"), "0");
}

TEST(Migrations, RefusesChangedAppliedFilesAndAcceptsADatabaseAheadOfTheBinary) {
  Project project("refusals");
  project.models(kStep1);
  ASSERT_EQ(project.diff("init").exit_code, 0);
  project.models(kStep2);
  ASSERT_EQ(project.diff("additions").exit_code, 0);
  ASSERT_EQ(project.migrate("up").exit_code, 0);
  std::string init = project.folder().read("migrations/000001_init.up.sql");
  project.folder().write("migrations/000001_init.up.sql", init + "-- edited\n");
  CommandResult changed = project.migrate("up");
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.err.find("000001_init.up.sql was changed after it was applied"),
            std::string::npos)
      << changed.err;
  CommandResult status = project.migrate("status");
  EXPECT_NE(status.out.find("applied, checksum differs"), std::string::npos) << status.out;
  project.folder().write("migrations/000001_init.up.sql", init);
  for (const auto& entry : fs::directory_iterator(project.migrations())) {
    if (entry.path().filename().string().rfind("000002", 0) == 0 ||
        entry.path().filename().string().rfind("000003", 0) == 0) {
      fs::remove(entry.path());
    }
  }
  // An older binary meets the newer schema during a rollout: nothing to do, and no error.
  CommandResult ahead = project.migrate("up");
  EXPECT_EQ(ahead.exit_code, 0) << ahead.err;
  EXPECT_NE(ahead.out.find("the database is ahead of this binary: at version 3, this binary "
                           "knows up to 1; nothing to apply"),
            std::string::npos)
      << ahead.out;
}

TEST(Migrations, LockTimeoutsAreRetried) {
  Project project("locks");
  project.models(kStep1);
  ASSERT_EQ(project.diff("init").exit_code, 0);
  ASSERT_EQ(project.migrate("up").exit_code, 0);
  project.models({{"author", R"({"name": "Author", "fields": [
      {"name": "name", "type": "string", "maxLength": 100},
      {"name": "email", "type": "string", "maxLength": 200, "optional": true},
      {"name": "nickname", "type": "text", "optional": true}]})"},
                  {"book", kStep1.at("book")}});
  ASSERT_EQ(project.diff("nickname").exit_code, 0);
  // A long transaction reading the table holds a lock the ALTER TABLE must wait for.
  std::promise<void> reading;
  auto reader = std::async(std::launch::async, [&] {
    PGconn* conn = PQconnectdb(project.url().c_str());
    PQclear(PQexec(conn, ("BEGIN; SELECT * FROM " + project.schema() + ".authors").c_str()));
    reading.set_value();
    std::this_thread::sleep_for(1200ms);
    PQclear(PQexec(conn, "COMMIT"));
    PQfinish(conn);
  });
  reading.get_future().wait();
  CommandResult up = project.migrate("up", "", "MIGRATION_LOCK_TIMEOUT=200ms");
  reader.get();
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("lock timeout (MIGRATION_LOCK_TIMEOUT=200ms), retrying in"),
            std::string::npos)
      << up.out;
  EXPECT_NE(up.out.find("applied 000002_nickname.up.sql"), std::string::npos) << up.out;
}

TEST(Migrations, ReadyWaitsForMigrationsAndAutoMigrateAppliesThem) {
  Project project("ready");
  project.models(kStep1);
  ASSERT_EQ(project.diff("init").exit_code, 0);
  auto serve = [&](const std::map<std::string, std::string>& extra) {
    std::map<std::string, std::string> environment = {{"DB_WRITE_URL", project.url()},
                                                      {"DB_SCHEMA", project.schema()},
                                                      {"HOST", "127.0.0.1"},
                                                      {"PORT", "0"}};
    environment.insert(extra.begin(), extra.end());
    return environment;
  };
  {
    testing::ChildProcess process(SVCGEN_MIGRATE_TOOL, {project.migrations(), "serve"}, serve({}),
                                  (project.folder().path() / "serve.log").string());
    std::uint16_t port = port_of(process);
    ASSERT_NE(port, 0) << process.output();
    EXPECT_EQ(ready_status(port), 503);
    ASSERT_EQ(project.migrate("up").exit_code, 0);
    EXPECT_EQ(ready_status(port), 200);
  }
  project.models(kStep2);
  ASSERT_EQ(project.diff("additions").exit_code, 0);
  testing::ChildProcess process(SVCGEN_MIGRATE_TOOL, {project.migrations(), "serve"},
                                serve({{"AUTO_MIGRATE", "true"}}),
                                (project.folder().path() / "auto.log").string());
  std::uint16_t port = port_of(process);
  ASSERT_NE(port, 0) << process.output();
  EXPECT_EQ(ready_status(port), 200);
  EXPECT_EQ(project.sql("SELECT count(*) FROM svcgen_schema_migrations"),
            std::to_string(project.up_files()));
}

}  // namespace
}  // namespace svcgen
