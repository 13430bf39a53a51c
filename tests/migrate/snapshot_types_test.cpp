// Column types in the snapshot file: written in their SQL spelling, read back into the same
// typed value, and a type this version does not know is an error naming the file and column.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "migrate/schema.hpp"

namespace svcgen {
namespace {

namespace fs = std::filesystem;

migrate::Schema one_table(ir::SqlType type) {
  migrate::Table table;
  table.name = "things";
  table.model = "Thing";
  table.primary_key = "id";
  table.primary_key_constraint = "things_pkey";
  table.columns.push_back({"id", {ir::SqlBase::kBigint}, false, true, std::nullopt, "", {}});
  table.columns.push_back({"a", type, true, false, std::nullopt, "a", {}});
  return {{table}};
}

TEST(SnapshotTypes, EveryTypeReadsBackAsWritten) {
  for (ir::SqlType type :
       {ir::SqlType::varchar(80), ir::SqlType::numeric(12, 3),
        ir::SqlType{ir::SqlBase::kDoublePrecision}, ir::SqlType{ir::SqlBase::kTimestamptz},
        ir::SqlType{ir::SqlBase::kTime}}) {
    nlohmann::ordered_json json = migrate::schema_to_json(one_table(type));
    EXPECT_EQ(json["tables"][0]["columns"][1]["type"], type.render());
    std::string error;
    std::optional<migrate::Schema> read = migrate::schema_from_json(json, error);
    ASSERT_TRUE(read) << error;
    EXPECT_EQ(read->tables[0].columns[1].type, type) << type.render();
  }
}

TEST(SnapshotTypes, AnUnknownTypeNamesTheColumn) {
  for (const char* text : {"varchar", "varchar(x)", "numeric(10)", "money", "text(3)", ""}) {
    nlohmann::ordered_json json = migrate::schema_to_json(one_table(ir::SqlType{}));
    json["tables"][0]["columns"][1]["type"] = text;
    std::string error;
    EXPECT_FALSE(migrate::schema_from_json(json, error)) << text;
    EXPECT_EQ(error, std::string("column things.a has the unknown type \"") + text + "\"");
  }
}

TEST(SnapshotTypes, MigrateDiffNamesTheSnapshotFileAndTheColumn) {
  fs::path dir = fs::temp_directory_path() / ("svcgen-snapshot-type-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "models");
  std::ofstream(dir / "service.json") << R"({"service": "shop", "models": ["models/thing.json"]})";
  std::ofstream(dir / "models/thing.json")
      << R"({"name": "Thing", "fields": [{"name": "a", "type": "string", "maxLength": 50}]})";
  std::string service = (dir / "service.json").string();
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(run_migrate_diff(service, "", false, false, out, err), kExitOk) << err.str();
  fs::path snapshot = dir / "migrations/schema.snapshot.json";
  std::ifstream in(snapshot);
  std::string text(std::istreambuf_iterator<char>(in), {});
  in.close();
  std::size_t at = text.find("\"varchar(50)\"");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 13, "\"varchar(fifty)\"");
  std::ofstream(snapshot) << text;
  // Sealed again, as after a deliberate edit: the reader itself must then name the column.
  ASSERT_EQ(run_migrate_hash(service, out, err), kExitOk) << err.str();
  std::ostringstream again;
  EXPECT_EQ(run_migrate_diff(service, "next", false, false, out, again), kExitInputError);
  EXPECT_EQ(again.str(),
            snapshot.string() + ": column things.a has the unknown type \"varchar(fifty)\"\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace svcgen
