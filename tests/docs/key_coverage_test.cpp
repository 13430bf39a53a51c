// Every key the loader accepts is documented in docs/model-format.md and listed in the JSON
// Schemas, with the key list read from the loader's own tables. The checker's own tests remove a
// key from the real document and schema and expect exactly that key reported, so a checker that
// reported nothing would fail here.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "key_coverage.hpp"

namespace svcgen::docs {
namespace {

std::string read_text(const std::string& relative) {
  std::ifstream in(std::string(SVCGEN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in) << relative << " cannot be read";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Json read_json(const std::string& relative) { return Json::parse(read_text(relative)); }

std::string without(std::string text, const std::string& removed) {
  for (auto at = text.find(removed); at != std::string::npos; at = text.find(removed, at)) {
    text.erase(at, removed.size());
  }
  return text;
}

TEST(KeyCoverage, TheLoaderTablesCoverEveryObjectOnce) {
  std::vector<AcceptedKeys> tables = loader_keys();
  std::set<std::string_view> objects;
  for (const AcceptedKeys& table : tables) {
    EXPECT_TRUE(objects.insert(table.object).second) << table.object << " is listed twice";
    EXPECT_FALSE(table.keys.empty()) << table.object << " has no keys";
  }
}

TEST(KeyCoverage, EveryAcceptedKeyIsInTheModelFormatDoc) {
  std::vector<std::string> missing =
      keys_missing_from_doc(loader_keys(), read_text("docs/model-format.md"));
  EXPECT_TRUE(missing.empty()) << "not in docs/model-format.md: "
                               << testing::PrintToString(missing);
}

TEST(KeyCoverage, EveryAcceptedKeyIsInTheSchemas) {
  std::vector<std::string> missing =
      keys_missing_from_schemas(loader_keys(), read_json("schemas/service.schema.json"),
                                read_json("schemas/model.schema.json"));
  EXPECT_TRUE(missing.empty()) << "not in schemas/: " << testing::PrintToString(missing);
}

TEST(KeyCoverageChecker, ReportsTheKeysADocLacks) {
  std::string doc = without(read_text("docs/model-format.md"), "`renamedFrom`");
  doc = without(doc, "`basePath`");
  EXPECT_EQ(keys_missing_from_doc(loader_keys(), doc),
            (std::vector<std::string>{"service key \"basePath\"", "model key \"renamedFrom\"",
                                      "field key \"renamedFrom\""}));
}

TEST(KeyCoverageChecker, ReportsTheKeysASchemaLacks) {
  Json service = read_json("schemas/service.schema.json");
  Json model = read_json("schemas/model.schema.json");
  service["properties"].erase("migrations");
  model["$defs"]["field"]["properties"].erase("deprecated");
  model["$defs"]["sqlDefault"]["properties"].erase("sql");
  EXPECT_EQ(keys_missing_from_schemas(loader_keys(), service, model),
            (std::vector<std::string>{"service key \"migrations\"", "field key \"deprecated\"",
                                      "sqlDefault key \"sql\""}));
}

TEST(KeyCoverageChecker, ReportsEveryKeyOfAnObjectTheSchemaDoesNotDescribe) {
  Json model = read_json("schemas/model.schema.json");
  model["properties"].erase("indexes");
  std::vector<std::string> missing =
      keys_missing_from_schemas(loader_keys(), read_json("schemas/service.schema.json"), model);
  EXPECT_EQ(missing, (std::vector<std::string>{"model key \"indexes\"", "index key \"fields\"",
                                               "index key \"unique\""}));
}

TEST(KeyCoverageChecker, ReportsAnObjectWithNoKnownPlaceInTheSchemas) {
  static constexpr KeySpec kKeys[] = {{"colour", JsonKind::kString}};
  std::vector<AcceptedKeys> tables = {{"palette", kKeys}};
  EXPECT_EQ(keys_missing_from_schemas(tables, Json::object(), Json::object()),
            (std::vector<std::string>{"palette keys: no place in the schemas is known"}));
  EXPECT_EQ(keys_missing_from_doc(tables, "the `colours` are listed"),
            (std::vector<std::string>{"palette key \"colour\""}));
}

}  // namespace
}  // namespace svcgen::docs
