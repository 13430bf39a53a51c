#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/front_end.hpp"
#include "emit/openapi_emitter.hpp"

namespace svcgen {
namespace {

using Document = nlohmann::ordered_json;

Document document_of(const std::string& service_file) {
  std::ostringstream err;
  FrontEndResult front = run_front_end(std::string(SVCGEN_SOURCE_DIR) + "/" + service_file, err);
  EXPECT_TRUE(front.service) << err.str();
  return front.service ? openapi_document(*front.service) : Document();
}

// JSON pointers of every "default" key under `node`.
void find_defaults(const Document& node, const std::string& pointer,
                   std::vector<std::string>& found) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "default") {
        found.push_back(pointer + "/default");
      }
      find_defaults(value, pointer + "/" + key, found);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      find_defaults(node[i], pointer + "/" + std::to_string(i), found);
    }
  }
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// A merge patch leaves an omitted field unchanged, so a patch schema that declared defaults would
// tell clients that leaving a field out resets it (and openapi-typescript would make it required).
// Defaults stay where they apply: create and replace bodies, and the resource itself.
class OpenApiDefaults : public ::testing::TestWithParam<std::string> {};

TEST_P(OpenApiDefaults, OnlyOutsidePatchSchemas) {
  Document document = document_of(GetParam());
  const Document& schemas = document["components"]["schemas"];
  int patch_schemas = 0;
  int defaults_checked = 0;
  for (const auto& [name, schema] : schemas.items()) {
    if (!ends_with(name, "Patch")) {
      continue;
    }
    ++patch_schemas;
    std::vector<std::string> found;
    find_defaults(schema, "#/components/schemas/" + name, found);
    EXPECT_TRUE(found.empty()) << "defaults in a patch schema: " << ::testing::PrintToString(found);
    std::string model = name.substr(0, name.size() - 5);
    for (const auto& [field, property] : schemas[model + "Create"]["properties"].items()) {
      if (!property.contains("default")) {
        continue;
      }
      ++defaults_checked;
      EXPECT_EQ(schemas[model + "Replace"]["properties"][field]["default"], property["default"])
          << model << "Replace." << field;
      EXPECT_EQ(schemas[model]["properties"][field]["default"], property["default"])
          << model << "." << field;
      EXPECT_TRUE(schemas[name]["properties"].contains(field)) << name << "." << field;
    }
  }
  EXPECT_GT(patch_schemas, 0);
  EXPECT_GT(defaults_checked, 0) << "the service declares no default to check";
}

INSTANTIATE_TEST_SUITE_P(Services, OpenApiDefaults,
                         ::testing::Values("examples/bookstore/service.json",
                                           "tests/golden/all_types/service.json"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param.find("bookstore") != std::string::npos ? "bookstore"
                                                                                    : "all_types";
                         });

}  // namespace
}  // namespace svcgen

namespace svcgen {
namespace {

// The 409 of a delete that referring rows can block says what the detail names; a delete that
// nothing can block keeps the shared 409.
TEST(OpenApiEmitter, DeleteConflictsNameTheReferringModelAndField) {
  Document document = document_of("tests/golden/soft_delete_refs/service.json");
  const Document& sale = document["paths"]["/sales/{id}"]["delete"];
  std::string conflict = sale["responses"]["409"]["description"];
  EXPECT_NE(conflict.find("the sale is still referenced by Order.sale_id; delete those first"),
            std::string::npos)
      << conflict;
  EXPECT_EQ(conflict.find("_fkey"), std::string::npos) << conflict;
  EXPECT_EQ(sale["responses"]["409"]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem");
  std::string description = sale["description"];
  EXPECT_NE(description.find(
                "Shipment rows that refer to it go with it. Deleted (softDelete) Order, Line, "
                "Parcel rows that refer to it are erased with it."),
            std::string::npos)
      << description;
  EXPECT_EQ(document["paths"]["/orders/{id}"]["delete"]["responses"]["409"]["$ref"],
            "#/components/responses/409");
}

}  // namespace
}  // namespace svcgen
