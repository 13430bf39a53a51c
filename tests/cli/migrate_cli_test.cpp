// svcgen migrate diff / hash / renumber and the migration part of svcgen check.
#include <gtest/gtest.h>

#include "cli_support.hpp"

namespace {

namespace fs = std::filesystem;
using svcgen::testing::Result;
using svcgen::testing::svcgen;
using svcgen::testing::TestFolder;

const char* kThing = R"({"name": "Thing", "fields": [
  {"name": "a", "type": "string", "maxLength": 50},
  {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
  {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})";
const char* kOther = R"({"name": "Other", "fields": [{"name": "b", "type": "bool"}]})";

void write_service(const TestFolder& folder, bool with_other = true) {
  folder.write("service.json",
               std::string(R"({"service": "shop", "models": ["models/thing.json")") +
                   (with_other ? R"(, "models/other.json")" : "") + "]}");
}

void start(const TestFolder& folder) {
  write_service(folder);
  folder.write("models/thing.json", kThing);
  folder.write("models/other.json", kOther);
  Result init = svcgen(folder, "migrate diff service.json");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  ASSERT_EQ(init.out, "migrations/000001_init.down.sql\nmigrations/000001_init.up.sql\n");
}

std::vector<std::string> listing(const TestFolder& folder) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(folder.path() / "migrations")) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct RuleCase {
  const char* rule;
  const char* thing;  // the changed Thing model, or nullptr to drop Other instead
};

class SafetyRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(SafetyRule, IsRefusedWithoutAllowDestructiveAndCommentedWithIt) {
  TestFolder folder(std::string("rule-") + GetParam().rule);
  start(folder);
  if (GetParam().thing) {
    folder.write("models/thing.json", GetParam().thing);
  } else {
    write_service(folder, false);
  }
  std::vector<std::string> before = listing(folder);
  std::string snapshot = folder.read("migrations/schema.snapshot.json");
  Result refused = svcgen(folder, "migrate diff service.json --name change");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(std::string(GetParam().rule) + ": "), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("(refused: pass --allow-destructive to accept it)"),
            std::string::npos);
  EXPECT_NE(refused.err.find("migrate diff refused: nothing was written"), std::string::npos);
  EXPECT_EQ(listing(folder), before);
  EXPECT_EQ(folder.read("migrations/schema.snapshot.json"), snapshot);

  Result allowed = svcgen(folder, "migrate diff service.json --name change --allow-destructive");
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(folder.read("migrations/000002_change.up.sql")
                .find(std::string("-- ") + GetParam().rule + " (allowed with --allow-destructive)"),
            std::string::npos)
      << folder.read("migrations/000002_change.up.sql");
}

INSTANTIATE_TEST_SUITE_P(
    Rules, SafetyRule,
    ::testing::Values(RuleCase{"DROP_TABLE", nullptr},
                      RuleCase{"TYPE_NARROWING", R"({"name": "Thing", "fields": [
          {"name": "a", "type": "string", "maxLength": 20},
          {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
          {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})"},
                      RuleCase{"ENUM_VALUE_REMOVED", R"({"name": "Thing", "fields": [
          {"name": "a", "type": "string", "maxLength": 50},
          {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
          {"name": "e", "type": "enum", "values": ["x"], "default": "x"}]})"},
                      RuleCase{"CHECK_TIGHTENED", R"({"name": "Thing", "fields": [
          {"name": "a", "type": "string", "maxLength": 50},
          {"name": "n", "type": "int32", "minimum": 0, "maximum": 50},
          {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})"},
                      RuleCase{"NOT_NULL_WITHOUT_DEFAULT", R"({"name": "Thing", "fields": [
          {"name": "a", "type": "string", "maxLength": 50},
          {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
          {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"},
          {"name": "c", "type": "int32"}]})"},
                      RuleCase{"PK_CHANGED",
                               R"({"name": "Thing", "primaryKey": {"type": "uuid"}, "fields": [
          {"name": "a", "type": "string", "maxLength": 50},
          {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
          {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})"}),
    [](const ::testing::TestParamInfo<RuleCase>& info) { return std::string(info.param.rule); });

// Other.b from bool to date: PostgreSQL has no cast either way, so the sync trigger of the dual
// write would make every INSERT fail. Refused whatever the flags, with nothing written.
TEST(MigrateCli, TypeChangeWithoutACastIsRefusedEvenWithAllowDestructive) {
  TestFolder folder("migrate-no-cast");
  start(folder);
  folder.write("models/other.json",
               R"({"name": "Other", "fields": [{"name": "b", "type": "date"}]})");
  std::vector<std::string> before = listing(folder);
  std::string snapshot = folder.read("migrations/schema.snapshot.json");
  for (const char* flags : {"", " --allow-destructive"}) {
    Result refused = svcgen(folder, std::string("migrate diff service.json --name change") + flags);
    EXPECT_EQ(refused.exit_code, 1) << flags;
    EXPECT_NE(refused.err.find("models/other.json:1:"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("TYPE_NO_CAST: PostgreSQL has no cast between boolean and date, so "
                               "others.b cannot change type"),
              std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("(refused, with or without --allow-destructive)"), std::string::npos)
        << refused.err;
    EXPECT_EQ(refused.err.find("TYPE_NARROWING"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("migrate diff refused: nothing was written"), std::string::npos);
    EXPECT_EQ(listing(folder), before);
    EXPECT_EQ(folder.read("migrations/schema.snapshot.json"), snapshot);
  }
}

TEST(MigrateCli, SafeChangesPassWithWarningsOnly) {
  TestFolder folder("migrate-safe");
  start(folder);
  folder.write("models/thing.json", R"({"name": "Thing", "fields": [
    {"name": "a", "type": "string", "maxLength": 80, "unique": true},
    {"name": "n", "type": "int64", "minimum": 0, "maximum": 100},
    {"name": "e", "type": "enum", "values": ["x", "y", "z"], "default": "y"},
    {"name": "note", "type": "text", "optional": true}]})");
  Result result = svcgen(folder, "migrate diff service.json --name widen");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err,
            "models/thing.json:1:1: warning: UNIQUE_ADDED: unique index things_a_key is built on "
            "existing rows: duplicates make it fail\n");
  std::string up = folder.read("migrations/000002_widen.up.sql");
  EXPECT_NE(up.find("ALTER TABLE things ALTER COLUMN a TYPE varchar(80)"), std::string::npos);
  // int32 to int64 rewrites the table: a shadow column, which the contract step swaps in.
  EXPECT_NE(up.find("-- svcgen:step expand\n"), std::string::npos);
  EXPECT_NE(up.find("ALTER TABLE things ADD COLUMN n_svcgen_2 bigint"), std::string::npos);
  EXPECT_NE(up.find("ALTER TABLE things ALTER COLUMN e SET DEFAULT 'y'"), std::string::npos);
  EXPECT_NE(up.find("ALTER TABLE things ADD COLUMN note text"), std::string::npos);
  std::string concurrent = folder.read("migrations/000003_widen_concurrently.up.sql");
  EXPECT_NE(concurrent.find("-- svcgen:no-transaction"), std::string::npos);
  EXPECT_NE(concurrent.find("CREATE UNIQUE INDEX CONCURRENTLY things_a_key ON things (a)"),
            std::string::npos);
  Result again = svcgen(folder, "migrate diff service.json --name nothing");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "migrations: no changes\n");
}

const char* kRenamedThing = R"({"name": "Thing", "fields": [
  {"name": "title", "type": "string", "maxLength": 50, "renamedFrom": "a"},
  {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
  {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})";

TEST(MigrateCli, ContractWritesOnlyTheContractStepsThenNothing) {
  TestFolder folder("migrate-contract");
  start(folder);
  folder.write("models/thing.json", kRenamedThing);
  Result expand = svcgen(folder, "migrate diff service.json --name rename");
  ASSERT_EQ(expand.exit_code, 0) << expand.err;
  EXPECT_EQ(expand.out,
            "migrations/000002_rename.down.sql\nmigrations/000002_rename.up.sql\n"
            "migrations/000003_rename_backfill.down.sql\n"
            "migrations/000003_rename_backfill.up.sql\n"
            "migrations: migration 2 is an expand step; after the rollout, write its contract "
            "step with `svcgen migrate diff service.json --contract --name <slug>`\n");
  EXPECT_NE(folder.read("migrations/000002_rename.up.sql").find("-- svcgen:step expand\n"),
            std::string::npos);
  EXPECT_NE(folder.read("migrations/schema.snapshot.json").find("\"contracts\""),
            std::string::npos);

  std::vector<std::string> before = listing(folder);
  Result contract = svcgen(folder, "migrate diff service.json --contract --name finish");
  ASSERT_EQ(contract.exit_code, 0) << contract.err;
  EXPECT_EQ(contract.out, "migrations/000004_finish.down.sql\nmigrations/000004_finish.up.sql\n");
  std::string up = folder.read("migrations/000004_finish.up.sql");
  EXPECT_NE(up.find("-- svcgen:step contract\n-- svcgen:contracts 2\n"), std::string::npos) << up;
  EXPECT_NE(up.find("ALTER TABLE things DROP COLUMN a;"), std::string::npos) << up;
  std::vector<std::string> after = listing(folder);
  EXPECT_EQ(after.size(), before.size() + 2);
  EXPECT_NE(folder.read("migrations/schema.snapshot.json").find("\"contract\": 4"),
            std::string::npos);

  Result again = svcgen(folder, "migrate diff service.json --contract --name finish_again");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "migrations: nothing to contract\n");
  EXPECT_EQ(listing(folder), after);
  // renamedFrom may stay in the model: it asks for nothing more.
  EXPECT_EQ(svcgen(folder, "migrate diff service.json --name nothing").out,
            "migrations: no changes\n");
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  EXPECT_EQ(svcgen(folder, "check service.json -o out").exit_code, 0);
}

// The snapshot's text without its "contracts" key (the last one `migrate diff` writes).
std::string without_contracts(const std::string& snapshot) {
  std::size_t at = snapshot.find(",\n  \"contracts\"");
  EXPECT_NE(at, std::string::npos) << snapshot;
  return snapshot.substr(0, at) + "\n}\n";
}

// Resealing a snapshot whose "contracts" lost or changed an entry would make the next diff and
// the drift check forget what an expand step left: migrate hash names each disagreement between
// the entries and the files, and writes nothing.
TEST(MigrateCli, HashRefusesContractsThatDisagreeWithTheMigrationFiles) {
  TestFolder folder("migrate-hash-contracts");
  start(folder);
  folder.write("models/thing.json", kRenamedThing);
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --name rename").exit_code, 0);
  std::string up = folder.read("migrations/000002_rename.up.sql");
  EXPECT_NE(up.find("-- svcgen:step expand\n-- svcgen:awaits-contract\n"), std::string::npos) << up;
  std::string snapshot = folder.read("migrations/schema.snapshot.json");
  std::string sum = folder.read("migrations/svcgen.sum");
  const std::string refused = "migrate hash refused: nothing was written\n";

  folder.write("migrations/schema.snapshot.json", without_contracts(snapshot));
  Result expand = svcgen(folder, "migrate hash service.json");
  EXPECT_EQ(expand.exit_code, 1);
  EXPECT_EQ(expand.err,
            "migrations/000002_rename.up.sql: an expand step that leaves objects for its contract "
            "step (`-- svcgen:awaits-contract`), but the snapshot's \"contracts\" has no entry for "
            "migration 2\n" +
                refused);
  EXPECT_EQ(folder.read("migrations/svcgen.sum"), sum);
  // A file written before that marker existed shows its sync trigger instead.
  std::size_t marker = up.find("-- svcgen:awaits-contract\n");
  folder.write("migrations/000002_rename.up.sql",
               std::string(up).erase(marker, std::string("-- svcgen:awaits-contract\n").size()));
  EXPECT_NE(svcgen(folder, "migrate hash service.json")
                .err.find("(`CREATE TRIGGER svcgen_sync_...`), but the snapshot's \"contracts\" "
                          "has no entry for migration 2"),
            std::string::npos);
  folder.write("migrations/000002_rename.up.sql", up);

  folder.write("migrations/schema.snapshot.json", snapshot);
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --contract --name finish").exit_code, 0);
  std::string contracted = folder.read("migrations/schema.snapshot.json");
  sum = folder.read("migrations/svcgen.sum");
  folder.write("migrations/schema.snapshot.json", without_contracts(contracted));
  Result both = svcgen(folder, "migrate hash service.json");
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_EQ(both.err,
            "migrations/000002_rename.up.sql: an expand step that leaves objects for its contract "
            "step (`-- svcgen:awaits-contract`), but the snapshot's \"contracts\" has no entry for "
            "migration 2\n"
            "migrations/000004_finish.up.sql: a contract step of migration 2, but the snapshot's "
            "\"contracts\" has no entry for migration 2\n" +
                refused);
  EXPECT_EQ(folder.read("migrations/svcgen.sum"), sum);

  std::string elsewhere = contracted;
  std::size_t at = elsewhere.find("\"contract\": 4");
  ASSERT_NE(at, std::string::npos) << contracted;
  folder.write("migrations/schema.snapshot.json", elsewhere.replace(at, 13, "\"contract\": 9"));
  Result moved = svcgen(folder, "migrate hash service.json");
  EXPECT_EQ(moved.exit_code, 1);
  EXPECT_EQ(moved.err,
            "migrations/000004_finish.up.sql: a contract step of migration 2, but the snapshot's "
            "\"contracts\" has migration 9 as its contract step\n"
            "migrations/schema.snapshot.json: /contracts/0: the contract step migration 9 of "
            "migration 2 has no migration file\n" +
                refused);

  // A contract step must say which expand steps it finishes.
  folder.write("migrations/schema.snapshot.json", contracted);
  folder.write("migrations/000005_more.up.sql", "-- svcgen:step contract\nSELECT 1;\n");
  folder.write("migrations/000005_more.down.sql", "SELECT 1;\n");
  Result unnamed = svcgen(folder, "migrate hash service.json");
  EXPECT_EQ(unnamed.exit_code, 1);
  EXPECT_EQ(unnamed.err,
            "migrations/000005_more.up.sql: a contract step that names no expand step (no `-- "
            "svcgen:contracts` line)\n" +
                refused);
  fs::remove(folder.path() / "migrations/000005_more.up.sql");
  fs::remove(folder.path() / "migrations/000005_more.down.sql");

  Result sealed = svcgen(folder, "migrate hash service.json");
  EXPECT_EQ(sealed.exit_code, 0) << sealed.err;
  EXPECT_EQ(sealed.err, "");
}

TEST(MigrateCli, ContractIsRefusedWhileTheModelsChangedToo) {
  TestFolder folder("migrate-contract-stale");
  start(folder);
  folder.write("models/thing.json", kRenamedThing);
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --name rename").exit_code, 0);
  folder.write("models/other.json", R"({"name": "Other", "fields": [{"name": "b", "type": "bool"},
    {"name": "c", "type": "bool", "optional": true}]})");
  std::vector<std::string> before = listing(folder);
  Result refused = svcgen(folder, "migrate diff service.json --contract --name finish");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err,
            "migrations: the models changed since the last migration; run `svcgen migrate diff "
            "service.json --name <slug>` first, then --contract after its rollout\n");
  EXPECT_EQ(listing(folder), before);
}

TEST(MigrateCli, AChangeToWhatAPendingContractWorksOnIsRefused) {
  TestFolder folder("migrate-contract-pending");
  start(folder);
  folder.write("models/thing.json", kRenamedThing);
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --name rename").exit_code, 0);
  // Another table is fine while the contract step is due.
  folder.write("models/other.json", R"({"name": "Other", "fields": [{"name": "b", "type": "bool"},
    {"name": "c", "type": "bool", "optional": true}]})");
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --name add_c").exit_code, 0);
  folder.write("models/thing.json", R"({"name": "Thing", "fields": [
    {"name": "title", "type": "string", "maxLength": 80, "renamedFrom": "a"},
    {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
    {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})");
  std::vector<std::string> before = listing(folder);
  Result refused = svcgen(folder, "migrate diff service.json --name widen_title");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(
      refused.err.find("models/thing.json:2:5: /fields/0: this change touches what migration 2 "
                       "left for its contract step; run `svcgen migrate diff service.json "
                       "--contract --name <slug>` first"),
      std::string::npos)
      << refused.err;
  EXPECT_EQ(listing(folder), before);
}

TEST(MigrateCli, DropColumnIsRefusedAtTheContractStepWithoutAllowDestructive) {
  TestFolder folder("migrate-contract-drop");
  start(folder);
  folder.write("models/thing.json", R"({"name": "Thing", "fields": [
    {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
    {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})");
  Result expand = svcgen(folder, "migrate diff service.json --name drop_a");
  ASSERT_EQ(expand.exit_code, 0) << expand.err;
  EXPECT_EQ(expand.err, "");
  EXPECT_NE(folder.read("migrations/000002_drop_a.up.sql")
                .find("ALTER TABLE things ALTER COLUMN a SET DEFAULT ''"),
            std::string::npos);

  std::vector<std::string> before = listing(folder);
  Result refused = svcgen(folder, "migrate diff service.json --contract --name finish");
  EXPECT_EQ(refused.exit_code, 1);
  // The models of the expand step are gone: the finding points at the snapshot's record of it.
  EXPECT_NE(refused.err.find("migrations/schema.snapshot.json:124:9: /contracts/0/findings/0: "
                             "DROP_COLUMN: dropping column things.a deletes its values"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("(refused: pass --allow-destructive to accept it)"),
            std::string::npos);
  EXPECT_EQ(listing(folder), before);

  Result allowed =
      svcgen(folder, "migrate diff service.json --contract --name finish --allow-destructive");
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  std::string up = folder.read("migrations/000003_finish.up.sql");
  EXPECT_NE(up.find("-- DROP_COLUMN (allowed with --allow-destructive)"), std::string::npos) << up;
  EXPECT_NE(up.find("ALTER TABLE things DROP COLUMN a;"), std::string::npos) << up;
}

// A field with a volatile default, required, and a reference on an existing table: the main
// file, then the batched backfill outside a transaction, then the validation in a transaction
// of its own, then the index built concurrently, numbered one after the other.
TEST(MigrateCli, ChangesToTablesWithRowsAreSplitIntoFilesInTheOrderTheyRun) {
  TestFolder folder("migrate-split");
  start(folder);
  folder.write("models/thing.json", R"json({"name": "Thing", "fields": [
    {"name": "a", "type": "string", "maxLength": 50},
    {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
    {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"},
    {"name": "seen_at", "type": "timestamp", "default": {"sql": "now()"}},
    {"name": "other_id", "type": "ref", "model": "Other", "optional": true}]})json");
  Result result = svcgen(folder, "migrate diff service.json --name split");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "migrations/000002_split.down.sql\nmigrations/000002_split.up.sql\n"
            "migrations/000003_split_backfill.down.sql\nmigrations/000003_split_backfill.up.sql\n"
            "migrations/000004_split_validate.down.sql\nmigrations/000004_split_validate.up.sql\n"
            "migrations/000005_split_concurrently.down.sql\n"
            "migrations/000005_split_concurrently.up.sql\n");
  std::string main = folder.read("migrations/000002_split.up.sql");
  EXPECT_EQ(main.find("-- svcgen:no-transaction"), std::string::npos);
  EXPECT_NE(main.find("ALTER TABLE things ADD COLUMN seen_at timestamptz;"), std::string::npos);
  EXPECT_NE(main.find("ALTER TABLE things ALTER COLUMN seen_at SET DEFAULT now()"),
            std::string::npos);
  EXPECT_NE(main.find("REFERENCES others (id) ON DELETE RESTRICT NOT VALID"), std::string::npos);
  EXPECT_EQ(main.find("VALIDATE"), std::string::npos);
  std::string backfill = folder.read("migrations/000003_split_backfill.up.sql");
  EXPECT_NE(backfill.find("-- svcgen:no-transaction"), std::string::npos);
  EXPECT_NE(backfill.find("COMMIT;"), std::string::npos);
  EXPECT_NE(backfill.find("CHECK (seen_at IS NOT NULL) NOT VALID"), std::string::npos);
  std::string validate = folder.read("migrations/000004_split_validate.up.sql");
  EXPECT_EQ(validate.find("-- svcgen:no-transaction"), std::string::npos);
  EXPECT_LT(validate.find("VALIDATE CONSTRAINT things_other_id_fkey"),
            validate.find("ALTER COLUMN seen_at SET NOT NULL"));
  EXPECT_NE(folder.read("migrations/000005_split_concurrently.up.sql")
                .find("CREATE INDEX CONCURRENTLY things_other_id_idx"),
            std::string::npos);
}

TEST(MigrateCli, NameIsRequiredAfterTheFirstAndMustBeASlug) {
  TestFolder folder("migrate-name");
  start(folder);
  folder.write("models/thing.json", kThing);
  write_service(folder, true);
  folder.write("models/other.json", R"({"name": "Other", "fields": [{"name": "b", "type": "bool"},
    {"name": "c", "type": "bool", "optional": true}]})");
  EXPECT_EQ(svcgen(folder, "migrate diff service.json").exit_code, 2);
  EXPECT_EQ(svcgen(folder, "migrate diff service.json --name 'Bad Name'").exit_code, 2);
  EXPECT_EQ(svcgen(folder, "migrate diff service.json --name add_c").exit_code, 0);
}

TEST(MigrateCli, CheckCoversSnapshotChecksumsAndVersions) {
  TestFolder folder("migrate-check");
  start(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  EXPECT_EQ(svcgen(folder, "check service.json -o out").exit_code, 0);

  folder.write("models/other.json", R"({"name": "Other", "fields": [{"name": "b", "type": "bool"},
    {"name": "c", "type": "bool", "optional": true}]})");
  // A binary built now would fail on its first statement: generate names the change and the fix,
  // and writes nothing.
  std::string service_before = folder.read("out/src/service.cpp");
  Result refused = svcgen(folder, "generate service.json -o out");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(": no migration yet: column others.c is added\n"), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("generate refused: nothing was written\n"), std::string::npos)
      << refused.err;
  EXPECT_EQ(folder.read("out/src/service.cpp"), service_before);
  Result unmigrated = svcgen(folder, "check service.json -o out");
  EXPECT_EQ(unmigrated.exit_code, 1);
  EXPECT_NE(unmigrated.err.find(
                "models/other.json:2:5: /fields/1: no migration yet: column others.c is added"),
            std::string::npos)
      << unmigrated.err;
  EXPECT_NE(unmigrated.err.find("migrations: the models changed since the last migration (1 "
                                "schema change); run `svcgen migrate diff service.json --name "
                                "<slug>`"),
            std::string::npos)
      << unmigrated.err;
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --name add_c").exit_code, 0);
  // The service embeds its migrations: a new one makes the generated output stale too.
  EXPECT_EQ(svcgen(folder, "check service.json -o out").exit_code, 1);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  EXPECT_EQ(svcgen(folder, "check service.json -o out").exit_code, 0);

  std::string up = folder.read("migrations/000002_add_c.up.sql");
  folder.write("migrations/000002_add_c.up.sql", up + "-- a note\n");
  Result edited = svcgen(folder, "check service.json -o out");
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.err.find("migrations/000002_add_c.up.sql: edited after it was generated "
                            "(checksum differs from svcgen.sum); if the edit is deliberate, run "
                            "`svcgen migrate hash`"),
            std::string::npos)
      << edited.err;
  Result github = svcgen(folder, "check service.json -o out --format github");
  EXPECT_NE(github.out.find("::error file=migrations/000002_add_c.up.sql,title=svcgen check::"),
            std::string::npos)
      << github.out;
  EXPECT_EQ(svcgen(folder, "migrate diff service.json --name more").exit_code, 1);
  Result sealed = svcgen(folder, "migrate hash service.json");
  EXPECT_EQ(sealed.exit_code, 0);
  EXPECT_EQ(sealed.out, "migrations/svcgen.sum: sealed 5 files\n");  // 4 .sql and the snapshot
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  EXPECT_EQ(svcgen(folder, "check service.json -o out").exit_code, 0);
}

// A snapshot the generator cannot read makes check fail with the reason, as migrate diff gives it.
TEST(MigrateCli, CheckNamesTheSnapshotColumnItCannotRead) {
  TestFolder folder("migrate-check-snapshot");
  start(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  std::string snapshot = folder.read("migrations/schema.snapshot.json");
  std::size_t at = snapshot.find("\"varchar(50)\"");
  ASSERT_NE(at, std::string::npos) << snapshot;
  folder.write("migrations/schema.snapshot.json", snapshot.replace(at, 13, "\"timetz\""));
  Result check = svcgen(folder, "check service.json -o out");
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("migrations/schema.snapshot.json: column things.a has the unknown type "
                           "\"timetz\""),
            std::string::npos)
      << check.err;
  // svcgen.sum seals the snapshot too: a hand edit is named even where it still parses.
  EXPECT_NE(check.err.find("migrations/schema.snapshot.json: edited after it was generated"),
            std::string::npos)
      << check.err;
}

// A renamedFrom naming a column the previous snapshot lacks, while it lacks the new name too, is
// most likely a typo: the diff warns at the key that the field becomes a new column (here next to
// the refusal it explains). Once an earlier migration made the rename, the key stays silent.
TEST(MigrateCli, RenamedFromThatNamesNoColumnWarnsAtTheKey) {
  TestFolder folder("migrate-rename-typo");
  start(folder);
  folder.write("models/thing.json", R"({"name": "Thing", "fields": [
  {"name": "title", "type": "string", "maxLength": 50, "renamedFrom": "aa"},
  {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
  {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"}]})");
  Result typo = svcgen(folder, "migrate diff service.json --name typo");
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_EQ(typo.err,
            "models/thing.json:1:1: NOT_NULL_WITHOUT_DEFAULT: new required field title on "
            "existing table things has no default, so existing rows cannot get a value. Either "
            "give it a \"default\", or add it as \"optional\", backfill it, and make it required "
            "in a later migration (refused: pass --allow-destructive to accept it)\n"
            "models/thing.json:2:71: /fields/0/renamedFrom: warning: renamedFrom \"aa\" has no "
            "effect: the previous snapshot has neither column things.aa nor things.title, so this "
            "migration adds title as a new column instead of renaming one\n"
            "migrate diff refused: nothing was written\n");

  folder.write("models/thing.json", kRenamedThing);
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --name rename").exit_code, 0);
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --contract --name finish").exit_code, 0);
  folder.write("models/thing.json", R"({"name": "Thing", "fields": [
  {"name": "title", "type": "string", "maxLength": 50, "renamedFrom": "a"},
  {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
  {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"},
  {"name": "note", "type": "text", "optional": true}]})");
  Result later = svcgen(folder, "migrate diff service.json --name note");
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.err, "");
}

// The same for a model: a renamedFrom naming no model of the snapshot, which does not have the
// model's own name either, leaves the table to be created anew.
TEST(MigrateCli, ModelRenamedFromThatNamesNoModelWarnsAtTheKey) {
  TestFolder folder("migrate-rename-model-typo");
  start(folder);
  folder.write(
      "models/other.json",
      R"({"name": "Extra", "renamedFrom": "Othr", "fields": [{"name": "b", "type": "bool"}]})");
  Result typo = svcgen(folder, "migrate diff service.json --name typo");
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("models/other.json:1:34: /renamedFrom: warning: renamedFrom \"Othr\" has "
                          "no effect: the previous snapshot has neither model Othr nor Extra, so "
                          "this migration creates table extras as a new table instead of renaming "
                          "one\n"),
            std::string::npos)
      << typo.err;
  EXPECT_NE(typo.err.find("DROP_TABLE: "), std::string::npos) << typo.err;
}

// generate and check name the changes no migration has in the order of their positions (file,
// line, column), whatever order the migration would run them in.
TEST(MigrateCli, UnmigratedChangesAreListedInPositionOrder) {
  TestFolder folder("migrate-unmigrated-order");
  start(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  folder.write("models/thing.json", R"({"name": "Thing", "fields": [
  {"name": "a", "type": "string", "maxLength": 80},
  {"name": "n", "type": "int32", "minimum": 0, "maximum": 100},
  {"name": "e", "type": "enum", "values": ["x", "y"], "default": "x"},
  {"name": "note", "type": "text", "optional": true}]})");
  folder.write("models/other.json", R"({"name": "Other", "fields": [
  {"name": "b", "type": "bool"}, {"name": "c", "type": "bool", "optional": true}]})");
  std::string changes =
      "models/other.json:2:34: /fields/1: no migration yet: column others.c is added\n"
      "models/thing.json:2:3: /fields/0: no migration yet: column things.a changes type from "
      "varchar(50) to varchar(80)\n"
      "models/thing.json:5:3: /fields/3: no migration yet: column things.note is added\n"
      "migrations: the models changed since the last migration (3 schema changes); run `svcgen "
      "migrate diff service.json --name <slug>`\n";
  Result refused = svcgen(folder, "generate service.json -o out");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err, changes + "generate refused: nothing was written\n");
  Result check = svcgen(folder, "check service.json -o out");
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(check.err.rfind(changes, 0), 0u) << check.err;
}

// A connection string libpq cannot read would be taken for a database name and tried on the
// default socket: it is a usage error that names the value.
TEST(MigrateCli, CheckRefusesADbValueThatIsNoConnectionString) {
  TestFolder folder("migrate-check-db");
  start(folder);
  Result bad = svcgen(folder, "migrate check service.json --db notaurl://x");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err.rfind("svcgen migrate check: --db \"notaurl://x\": not a valid PostgreSQL "
                          "connection string: ",
                          0),
            0u)
      << bad.err;
  EXPECT_NE(bad.err.find("(expected a postgres:// or postgresql:// URL, or key=value pairs)\n"),
            std::string::npos)
      << bad.err;
}

TEST(MigrateCli, RenumberResolvesVersionsThatClashAfterAMerge) {
  TestFolder folder("migrate-renumber");
  start(folder);
  folder.write("models/other.json", R"({"name": "Other", "fields": [{"name": "b", "type": "bool"},
    {"name": "c", "type": "bool", "optional": true}]})");
  ASSERT_EQ(svcgen(folder, "migrate diff service.json --name add_c").exit_code, 0);
  // Another branch added its own 000002 at the same time.
  folder.write("migrations/000002_add_index.up.sql", "CREATE INDEX others_b_idx ON others (b);\n");
  folder.write("migrations/000002_add_index.down.sql", "DROP INDEX others_b_idx;\n");
  ASSERT_EQ(svcgen(folder, "migrate hash service.json").exit_code, 0);
  // Neither generate nor check lets a folder with clashing versions through.
  for (const char* command : {"generate service.json -o out", "check service.json -o out"}) {
    Result clash = svcgen(folder, command);
    EXPECT_EQ(clash.exit_code, 1) << command;
    EXPECT_NE(clash.err.find("migrations: 2 migrations share version 2 (add_c, add_index), "
                             "probably from a merge; run `svcgen migrate renumber`"),
              std::string::npos)
        << command << ": " << clash.err;
  }
  Result renumbered = svcgen(folder, "migrate renumber service.json");
  ASSERT_EQ(renumbered.exit_code, 0) << renumbered.err;
  EXPECT_EQ(renumbered.out,
            "migrations/000002_add_index.up.sql -> 000003_add_index.up.sql\n"
            "migrations/000002_add_index.down.sql -> 000003_add_index.down.sql\n");
  EXPECT_TRUE(folder.exists("migrations/000003_add_index.up.sql"));
  EXPECT_FALSE(folder.exists("migrations/000002_add_index.up.sql"));
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  EXPECT_EQ(svcgen(folder, "check service.json -o out").exit_code, 0);
  EXPECT_EQ(svcgen(folder, "migrate renumber service.json").out,
            "migrations: versions are unique; nothing to renumber\n");
}

}  // namespace
