// `svcgen migrate check` and `<service> migrate check` against a real PostgreSQL: the bookstore
// example's migrations applied into a schema of the test's own, then changed by hand, one drift
// at a time. Each test states the exact finding lines the drift must produce.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_support.hpp"
#include "pg_fixture.hpp"
#include "schema_description.hpp"
#include "svcgen/sha256.hpp"

namespace svcgen {
namespace {

namespace fs = std::filesystem;
using testing::exec_sql;
using testing::quote;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

// A copy of the bookstore example (service file, models, migrations) with a schema of its own.
class Bookstore {
 public:
  explicit Bookstore(const std::string& name)
      : folder_("drift-" + name), url_(testing::shared_database_url()) {
    schema_ = testing::unique_name("drift_" + name);
    fs::path example = fs::path(SVCGEN_SOURCE_DIR) / "examples/bookstore";
    for (const char* part : {"service.json", "models", "migrations"}) {
      fs::copy(example / part, folder_.path() / part, fs::copy_options::recursive);
    }
    exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    ::setenv("DB_WRITE_URL", url_.c_str(), 1);
    ::setenv("DB_SCHEMA", schema_.c_str(), 1);
  }
  ~Bookstore() {
    try {
      exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (...) {
    }
  }

  // Applies every migration of the folder with the runtime's runner (`options`: --expand-only).
  void up(const std::string& options = "") {
    testing::Result applied = testing::run_in(folder_, SVCGEN_MIGRATE_TOOL,
                                              quote(migrations()) + " migrate up" + options);
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  // The snapshot's "contracts", as `svcgen migrate diff` would have written them; sealed by the
  // next add_migration() or seal().
  void set_contracts(const nlohmann::ordered_json& contracts) {
    nlohmann::ordered_json snapshot =
        nlohmann::ordered_json::parse(folder_.read("migrations/schema.snapshot.json"));
    snapshot["contracts"] = contracts;
    // What only the next `migrate diff` reads: nothing touched, nothing to write.
    for (auto& entry : snapshot["contracts"]) {
      for (const char* key : {"touched", "up", "down", "findings"}) {
        entry[key] = nlohmann::ordered_json::array();
      }
    }
    folder_.write("migrations/schema.snapshot.json", snapshot.dump(2) + "\n");
  }
  // The generator's check.
  testing::Result check(const std::string& options = "") {
    return testing::svcgen(folder_, "migrate check service.json --db " + quote(url_) + options);
  }
  // The service's check (the snapshot as a generated service embeds it).
  testing::Result service_check(const std::string& options = "") {
    return testing::run_in(folder_, SVCGEN_MIGRATE_TOOL,
                           quote(migrations()) + " migrate check" + options);
  }
  std::string sql(const std::string& statement) {
    return exec_sql(url_, "SET search_path = " + schema_ + "; " + statement);
  }
  // A hand-written migration, sealed as `svcgen migrate hash` does after a deliberate edit.
  void add_migration(const std::string& file, const std::string& up) {
    folder_.write("migrations/" + file + ".up.sql", up);
    folder_.write("migrations/" + file + ".down.sql", "SELECT 1;\n");
    seal();
  }
  void seal() {
    testing::Result sealed = testing::svcgen(folder_, "migrate hash service.json");
    ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  }
  std::string migrations() const { return (folder_.path() / "migrations").string(); }
  const testing::TestFolder& folder() const { return folder_; }
  const std::string& url() const { return url_; }
  const std::string& schema() const { return schema_; }

 private:
  testing::TestFolder folder_;
  std::string url_;
  std::string schema_;
};

const char* const kMatches = "the database matches the schema snapshot and the migrations\n";

// Applies the example, runs `mutation`, and expects exactly `findings` from both commands.
void expect_drift(const std::string& name, const std::string& mutation,
                  const std::vector<std::string>& findings) {
  Bookstore shop(name);
  shop.up();
  shop.sql(mutation);
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(lines_of(result.out), findings) << result.err;
  EXPECT_EQ(shop.service_check().out, result.out);
}

TEST(DriftCheck, AFreshlyMigratedDatabaseMatches) {
  Bookstore shop("fresh");
  shop.up();
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, kMatches);
  testing::Result service = shop.service_check();
  EXPECT_EQ(service.exit_code, 0) << service.out << service.err;
  EXPECT_EQ(service.out, kMatches);
}

// The generated example embeds its snapshot: its own check agrees with the generator's.
TEST(DriftCheck, TheGeneratedServiceChecksWithTheSnapshotItEmbeds) {
  Bookstore shop("generated");
  shop.up();
  testing::Result clean = testing::run_in(shop.folder(), SVCGEN_BOOKSTORE, "migrate check");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_EQ(clean.out, kMatches);
  shop.sql("ALTER TABLE orders ALTER COLUMN quantity TYPE bigint");
  testing::Result drifted =
      testing::run_in(shop.folder(), SVCGEN_BOOKSTORE, "migrate check --format github");
  EXPECT_EQ(drifted.exit_code, 1) << drifted.err;
  EXPECT_EQ(drifted.out,
            "::error file=migrations/schema.snapshot.json,title=svcgen migrate check::"
            "orders.quantity: type is bigint, the snapshot has integer\n");
}

TEST(DriftCheck, ADroppedColumnAndItsCheckAreMissing) {
  expect_drift("drop_column", "ALTER TABLE orders DROP COLUMN total",
               {"orders.total: column missing (the snapshot has numeric(12,2) NOT NULL)",
                "orders_total_check: check missing (the snapshot has it on total: minimum 0)"});
}

TEST(DriftCheck, AChangedTypeIsReported) {
  expect_drift("type", "ALTER TABLE orders ALTER COLUMN quantity TYPE bigint",
               {"orders.quantity: type is bigint, the snapshot has integer"});
}

TEST(DriftCheck, ADroppedNotNullIsReported) {
  expect_drift("not_null", "ALTER TABLE books ALTER COLUMN title DROP NOT NULL",
               {"books.title: nullable, the snapshot has NOT NULL"});
}

TEST(DriftCheck, AChangedOrDroppedDefaultIsReported) {
  expect_drift("default",
               "ALTER TABLE books ALTER COLUMN status SET DEFAULT 'published'; "
               "ALTER TABLE orders ALTER COLUMN quantity DROP DEFAULT",
               {"books.status: default is 'published', the snapshot has 'draft'",
                "orders.quantity: default is none, the snapshot has 1"});
}

TEST(DriftCheck, ADroppedIndexIsMissing) {
  expect_drift("index", "DROP INDEX books_author_id_idx",
               {"books_author_id_idx: index missing (the snapshot has an index on books "
                "(author_id))"});
}

TEST(DriftCheck, AnExtraColumnAndAnExtraTableAreReported) {
  expect_drift("extra",
               "ALTER TABLE authors ADD COLUMN nickname varchar(40) NOT NULL DEFAULT 'x'; "
               "CREATE TABLE audit (id integer PRIMARY KEY)",
               {"audit: extra table (not in the snapshot)",
                "authors.nickname: extra column (varchar(40) NOT NULL DEFAULT 'x'), not in the "
                "snapshot"});
}

TEST(DriftCheck, AChangedOnDeleteIsReported) {
  expect_drift("on_delete",
               "ALTER TABLE orders DROP CONSTRAINT orders_book_id_fkey, ADD CONSTRAINT "
               "orders_book_id_fkey FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE",
               {"orders_book_id_fkey: onDelete is cascade, the snapshot has restrict"});
}

TEST(DriftCheck, ChangedChecksAreComparedByTheirParts) {
  expect_drift("check",
               "ALTER TABLE books DROP CONSTRAINT books_status_check, ADD CONSTRAINT "
               "books_status_check CHECK (status IN ('draft', 'published')); "
               "ALTER TABLE reviews DROP CONSTRAINT reviews_rating_check, ADD CONSTRAINT "
               "reviews_rating_check CHECK (rating >= 1 AND rating <= 10); "
               "ALTER TABLE authors DROP CONSTRAINT authors_name_check, ADD CONSTRAINT "
               "authors_name_check CHECK (name <> '')",
               {"authors_name_check: is CHECK name <> '', the snapshot has it on name: "
                "minLength 1",
                "books_status_check: values are draft, published, the snapshot has draft, "
                "published, archived",
                "reviews_rating_check: maximum is 10, the snapshot has 5"});
}

TEST(DriftCheck, ADroppedOrWeakenedUniqueIsReported) {
  expect_drift("unique",
               "DROP INDEX books_isbn_key; DROP INDEX authors_email_key; "
               "CREATE INDEX authors_email_key ON authors (email)",
               {"authors_email_key: not unique, the snapshot has it unique",
                "books_isbn_key: index missing (the snapshot has a unique index on books (isbn))"});
}

TEST(DriftCheck, AnAppliedMigrationWhoseChecksumDiffers) {
  Bookstore shop("checksum");
  shop.up();
  shop.sql("UPDATE svcgen_schema_migrations SET checksum = 'abc' WHERE version = 1");
  std::string file_checksum = sha256_hex(shop.folder().read("migrations/000001_init.up.sql"));
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out,
            "migration 1 (init): applied with checksum abc, the file has " + file_checksum + "\n");
  testing::Result github = shop.check(" --format github");
  EXPECT_EQ(github.out,
            "::error file=migrations/000001_init.up.sql,title=svcgen migrate "
            "check::migration 1 (init): applied with checksum abc, the file has " +
                file_checksum + "\n");
}

TEST(DriftCheck, AnEditedUnsealedFileIsAFindingToo) {
  Bookstore shop("unsealed");
  shop.up();
  std::string up = shop.folder().read("migrations/000001_init.up.sql");
  shop.folder().write("migrations/000001_init.up.sql", up + "-- edited\n");
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(lines_of(result.out),
            (std::vector<std::string>{
                "migration 1 (init): applied with checksum " + sha256_hex(up) + ", the file has " +
                    sha256_hex(up + "-- edited\n"),
                "migrations/000001_init.up.sql: edited after it was generated (checksum differs "
                "from svcgen.sum); if the edit is deliberate, run `svcgen migrate hash`"}));
}

TEST(DriftCheck, AnAppliedVersionNoFileHas) {
  Bookstore shop("unknown");
  shop.add_migration("000003_third", "SELECT 1;\n");
  shop.up();
  // Below the highest file: not a newer version's, but one whose file is gone.
  shop.sql(
      "INSERT INTO svcgen_schema_migrations (version, name, checksum, execution_ms) "
      "VALUES (2, 'elsewhere', 'x', 0)");
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out, "migration 2 (elsewhere): applied, but no migration file has version 2\n");
}

TEST(DriftCheck, APendingVersionBelowTheHighestAppliedIsOutOfOrder) {
  Bookstore shop("order");
  shop.add_migration("000003_third", "SELECT 1;\n");
  shop.up();
  shop.add_migration("000002_second", "SELECT 1;\n");
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out,
            "migration 2 (second): pending, but the later migration 3 is already applied (out "
            "of order; run `svcgen migrate renumber`)\n");
}

TEST(DriftCheck, APendingExpandStepIsReported) {
  Bookstore shop("pending");
  shop.up();
  shop.add_migration("000002_more", "SELECT 1;\n");
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out,
            "migration 2 (more): pending; the database is behind the snapshot (run `migrate "
            "up`)\n");
}

TEST(DriftCheck, AContractStepWaitingBehindLaterExpandStepsIsNotOutOfOrder) {
  Bookstore shop("expand_only");
  shop.add_migration("000002_expand", "-- svcgen:step expand\nSELECT 1;\n");
  shop.add_migration("000004_later", "SELECT 1;\n");
  shop.up();
  shop.set_contracts({{{"expand", 2}, {"contract", 3}, {"leftovers", nlohmann::json::array()}}});
  shop.add_migration("000003_contract",
                     "-- svcgen:step contract\n-- svcgen:contracts 2\nSELECT 1;\n");
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, kMatches);
  // A later contract step applied makes the waiting one out of order after all.
  shop.set_contracts({{{"expand", 2}, {"contract", 3}, {"leftovers", nlohmann::json::array()}},
                      {{"expand", 4}, {"contract", 5}, {"leftovers", nlohmann::json::array()}}});
  shop.add_migration("000005_contract_more",
                     "-- svcgen:step contract\n-- svcgen:contracts 4\nSELECT 1;\n");
  shop.sql(
      "INSERT INTO svcgen_schema_migrations (version, name, checksum, execution_ms) VALUES "
      "(5, 'contract_more', '" +
      sha256_hex(shop.folder().read("migrations/000005_contract_more.up.sql")) + "', 0)");
  EXPECT_EQ(shop.check().out,
            "migration 3 (contract): pending, but the later migration 5 is already applied (out "
            "of order; run `svcgen migrate renumber`)\n");
}

// A hand-written expand step that leaves one object of every kind, as `migrate diff` lists them.
const char* const kKeepTotal =
    "-- svcgen:step expand\n"
    "ALTER TABLE orders ADD COLUMN old_total numeric(12,2);\n"
    "CREATE INDEX orders_old_total_idx ON orders (old_total);\n"
    "CREATE VIEW orders_old AS SELECT * FROM orders;\n"
    "CREATE FUNCTION svcgen_sync_orders_2() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n  RETURN NEW;\nEND\n$$;\n"
    "CREATE TRIGGER svcgen_sync_orders_2 BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE "
    "FUNCTION svcgen_sync_orders_2();\n";

nlohmann::ordered_json keep_total_entry(std::optional<long> contract) {
  nlohmann::ordered_json entry = {{"expand", 2}};
  if (contract) {
    entry["contract"] = *contract;
  }
  entry["leftovers"] = {
      {{"kind", "column"}, {"table", "orders"}, {"name", "old_total"}},
      {{"kind", "index"}, {"table", "orders"}, {"name", "orders_old_total_idx"}},
      {{"kind", "view"}, {"name", "orders_old"}},
      {{"kind", "trigger"}, {"table", "orders"}, {"name", "svcgen_sync_orders_2"}},
      {{"kind", "function"}, {"name", "svcgen_sync_orders_2"}}};
  return nlohmann::ordered_json::array({entry});
}

// Between an expand step and its contract step the running version depends on the leftovers: a
// missing one, or a sync trigger switched off, is drift.
TEST(DriftCheck, LeftoversAreRequiredUntilTheirContractStepIsApplied) {
  Bookstore shop("leftovers_kept");
  shop.set_contracts(keep_total_entry(std::nullopt));
  shop.add_migration("000002_keep_total", kKeepTotal);
  shop.up();
  testing::Result clean = shop.check();
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_EQ(clean.out, kMatches);

  shop.sql("ALTER TABLE orders DISABLE TRIGGER svcgen_sync_orders_2");
  testing::Result disabled = shop.check();
  EXPECT_EQ(disabled.exit_code, 1) << disabled.err;
  EXPECT_EQ(disabled.out,
            "svcgen_sync_orders_2: trigger on orders disabled (migration 2 (keep_total) created "
            "it to keep both versions' columns in step until its contract step)\n");
  EXPECT_EQ(shop.service_check().out, disabled.out);

  shop.sql(
      "DROP VIEW orders_old; DROP TRIGGER svcgen_sync_orders_2 ON orders; "
      "DROP FUNCTION svcgen_sync_orders_2(); ALTER TABLE orders DROP COLUMN old_total");
  std::string why =
      " missing (migration 2 (keep_total) left it for its contract step, which is "
      "not applied)";
  testing::Result missing = shop.check();
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_EQ(lines_of(missing.out),
            (std::vector<std::string>{"orders.old_total: column" + why, "orders_old: view" + why,
                                      "orders_old_total_idx: index on orders" + why,
                                      "svcgen_sync_orders_2: function" + why,
                                      "svcgen_sync_orders_2: trigger on orders" + why}));
  EXPECT_EQ(shop.service_check().out, missing.out);
}

TEST(DriftCheck, LeftoversMustBeGoneOnceTheirContractStepIsApplied) {
  Bookstore shop("leftovers_dropped");
  shop.set_contracts(keep_total_entry(std::nullopt));
  shop.add_migration("000002_keep_total", kKeepTotal);
  shop.up();
  // A contract step that forgets the column, its index and the view.
  shop.set_contracts(keep_total_entry(3));
  shop.add_migration("000003_drop_total",
                     "-- svcgen:step contract\n-- svcgen:contracts 2\n"
                     "DROP TRIGGER svcgen_sync_orders_2 ON orders;\n"
                     "DROP FUNCTION svcgen_sync_orders_2();\n");
  // Written, not applied: the leftovers are still required, and there.
  testing::Result waiting = shop.check();
  EXPECT_EQ(waiting.exit_code, 0) << waiting.out;
  EXPECT_EQ(waiting.out, kMatches);
  shop.up();
  std::string why =
      " still there (migration 3 (drop_total), the contract step that drops it, is "
      "applied)";
  testing::Result result = shop.check();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(lines_of(result.out),
            (std::vector<std::string>{"orders.old_total: column" + why, "orders_old: view" + why,
                                      "orders_old_total_idx: index on orders" + why}));
  EXPECT_EQ(shop.service_check().out, result.out);
}

// The leftovers `svcgen migrate diff` lists for a renamed field whose check widens (the expand
// step drops the old column's check) and a retyped integer
// are what its expand step leaves: none missing while it waits, none left after the contract.
TEST(DriftCheck, AGeneratedExpandStepAndItsContractStepMatchThroughout) {
  Bookstore shop("generated_steps");
  shop.up();
  std::string order = shop.folder().read("models/order.json");
  auto replace = [&](const std::string& from, const std::string& to) {
    std::size_t at = order.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    order.replace(at, from.size(), to);
  };
  replace(R"({"name": "quantity", "type": "int32")", R"({"name": "quantity", "type": "int64")");
  replace(R"({"name": "gift_note", "type": "text", "optional": true, "maxLength": 500})",
          R"({"name": "note", "renamedFrom": "gift_note", "type": "text", "optional": true, )"
          R"("maxLength": 1000})");
  shop.folder().write("models/order.json", order);
  testing::Result expand =
      testing::svcgen(shop.folder(), "migrate diff service.json --name rework");
  ASSERT_EQ(expand.exit_code, 0) << expand.err;
  shop.up(" --expand-only");
  testing::Result expanded = shop.check();
  EXPECT_EQ(expanded.exit_code, 0) << expanded.out << expanded.err;
  EXPECT_EQ(expanded.out, kMatches);
  EXPECT_EQ(shop.service_check().out, kMatches);

  shop.sql("ALTER TABLE orders DISABLE TRIGGER svcgen_sync_orders_2");
  EXPECT_EQ(shop.check().out,
            "svcgen_sync_orders_2: trigger on orders disabled (migration 2 (rework) created it to "
            "keep both versions' columns in step until its contract step)\n");
  shop.sql("ALTER TABLE orders ENABLE TRIGGER svcgen_sync_orders_2");

  testing::Result contract = testing::svcgen(
      shop.folder(), "migrate diff service.json --contract --name finish --allow-destructive");
  ASSERT_EQ(contract.exit_code, 0) << contract.err;
  shop.up();
  testing::Result contracted = shop.check();
  EXPECT_EQ(contracted.exit_code, 0) << contracted.out << contracted.err;
  EXPECT_EQ(contracted.out, kMatches);
}

// An older binary checks a database that a newer version already migrated further (the state of
// every rollout): what the newer migrations added is not its business, but what its own snapshot
// has still counts.
TEST(DriftCheck, ADatabaseAheadOfTheSnapshotIsSaidOnceAndChecksWhatTheSnapshotKnows) {
  Bookstore shop("ahead");
  testing::TestFolder old_binary("drift-ahead-old");
  fs::copy(shop.migrations(), old_binary.path() / "migrations", fs::copy_options::recursive);
  auto old_check = [&](const std::string& options = "") {
    return testing::run_in(
        old_binary, SVCGEN_MIGRATE_TOOL,
        quote((old_binary.path() / "migrations").string()) + " migrate check" + options);
  };
  shop.add_migration("000002_coupons",
                     "CREATE TABLE coupons (id integer PRIMARY KEY);\n"
                     "ALTER TABLE orders ADD COLUMN coupon_id integer;\n"
                     "CREATE INDEX orders_coupon_id_idx ON orders (coupon_id);\n");
  shop.add_migration("000003_price_rule",
                     "ALTER TABLE books ADD CONSTRAINT books_price_rule CHECK (price < 10000);\n");
  shop.up();
  std::string note =
      "the database has migrations newer than this snapshot (2, 3); objects they added are not "
      "checked\n";
  testing::Result ahead = old_check();
  EXPECT_EQ(ahead.exit_code, 0) << ahead.out << ahead.err;
  EXPECT_EQ(ahead.out, note + kMatches);
  EXPECT_EQ(old_check(" --format github").out,
            "::notice file=migrations/schema.snapshot.json,title=svcgen migrate check::" + note +
                kMatches);

  shop.sql("DROP INDEX books_author_id_idx");
  testing::Result drifted = old_check();
  EXPECT_EQ(drifted.exit_code, 1) << drifted.err;
  EXPECT_EQ(drifted.out, note +
                             "books_author_id_idx: index missing (the snapshot has an index on "
                             "books (author_id))\n");
}

TEST(DriftCheck, TheCheckNeverChangesTheDatabase) {
  Bookstore shop("read_only");
  shop.up();
  shop.sql("ALTER TABLE books ALTER COLUMN title DROP NOT NULL; DROP INDEX books_isbn_key");
  auto dump = [&] {
    return testing::full_description(shop.url(), shop.schema()) +
           shop.sql(
               "SELECT string_agg(version || ' ' || name || ' ' || checksum, ',') FROM "
               "svcgen_schema_migrations");
  };
  std::string before = dump();
  EXPECT_EQ(shop.check().exit_code, 1);
  EXPECT_EQ(shop.service_check().exit_code, 1);
  EXPECT_EQ(dump(), before);
}

TEST(DriftCheck, GithubFormatAnnotatesTheSnapshot) {
  Bookstore shop("github");
  shop.up();
  shop.sql("ALTER TABLE books ALTER COLUMN title DROP NOT NULL");
  testing::Result result = shop.check(" --format github");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out,
            "::error file=migrations/schema.snapshot.json,title=svcgen migrate check::books.title: "
            "nullable, the snapshot has NOT NULL\n");
  testing::Result service = shop.service_check(" --format github");
  EXPECT_EQ(service.exit_code, 1);
  EXPECT_EQ(service.out, result.out);
}

TEST(DriftCheck, UsageAndConnectionErrorsExitTwo) {
  Bookstore shop("usage");
  // No --db: the generator cannot know which database to read.
  testing::Result no_db = testing::svcgen(shop.folder(), "migrate check service.json");
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_NE(no_db.err.find("--db"), std::string::npos) << no_db.err;
  // A database that does not answer: exit 2, naming the reason, never a finding.
  testing::Result unreachable = testing::svcgen(
      shop.folder(), "migrate check service.json --db postgresql://127.0.0.1:1/none");
  EXPECT_EQ(unreachable.exit_code, 2);
  EXPECT_EQ(unreachable.out, "");
  EXPECT_NE(unreachable.err.find("svcgen: migrate check: cannot connect to the database"),
            std::string::npos)
      << unreachable.err;
  // An unknown --format value.
  EXPECT_EQ(shop.check(" --format json").exit_code, 2);
  // The service: an unknown option, and a database that does not answer.
  testing::Result bad_option = shop.service_check(" --format");
  EXPECT_EQ(bad_option.exit_code, 2);
  EXPECT_NE(bad_option.err.find("| check [--format github]"), std::string::npos);
  ::setenv("DB_WRITE_URL", "postgresql://127.0.0.1:1/none", 1);
  testing::Result service_unreachable = shop.service_check();
  EXPECT_EQ(service_unreachable.exit_code, 2);
  EXPECT_NE(service_unreachable.err.find("migrate check: cannot connect to the database"),
            std::string::npos)
      << service_unreachable.err;
}

}  // namespace
}  // namespace svcgen
