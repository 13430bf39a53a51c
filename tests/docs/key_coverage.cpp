#include "key_coverage.hpp"

#include <map>

namespace svcgen::docs {
namespace {

std::string describe(const AcceptedKeys& table, std::string_view key) {
  return std::string(table.object) + " key \"" + std::string(key) + "\"";
}

// Where an object's keys are described: which schema, and the pointer to its object schema.
struct SchemaPlace {
  bool in_service_schema;
  std::string pointer;
};

const std::map<std::string_view, SchemaPlace>& schema_places() {
  static const std::map<std::string_view, SchemaPlace> places = {
      {"service", {true, ""}},
      {"auth", {true, "/properties/auth"}},
      {"jwt", {true, "/properties/auth/properties/jwt"}},
      {"rateLimit", {true, "/$defs/rateLimit"}},
      {"model", {false, ""}},
      {"primaryKey", {false, "/properties/primaryKey"}},
      {"field", {false, "/$defs/field"}},
      {"index", {false, "/properties/indexes/items"}},
      {"sqlDefault", {false, "/$defs/sqlDefault"}},
      {"owner", {false, "/properties/owner"}},
      {"access", {false, "/properties/access"}},
      {"accessRule", {false, "/$defs/rolesRule"}},
      {"rateLimits", {false, "/properties/rateLimits"}},
  };
  return places;
}

}  // namespace

std::vector<AcceptedKeys> loader_keys() {
  std::vector<AcceptedKeys> tables = service_file_keys();
  for (const AcceptedKeys& table : model_file_keys()) {
    tables.push_back(table);
  }
  return tables;
}

std::vector<std::string> keys_missing_from_doc(std::span<const AcceptedKeys> tables,
                                               std::string_view markdown) {
  std::vector<std::string> missing;
  for (const AcceptedKeys& table : tables) {
    for (const KeySpec& key : table.keys) {
      std::string span = "`" + std::string(key.name) + "`";
      if (markdown.find(span) == std::string_view::npos) {
        missing.push_back(describe(table, key.name));
      }
    }
  }
  return missing;
}

std::vector<std::string> keys_missing_from_schemas(std::span<const AcceptedKeys> tables,
                                                   const Json& service_schema,
                                                   const Json& model_schema) {
  std::vector<std::string> missing;
  for (const AcceptedKeys& table : tables) {
    auto place = schema_places().find(table.object);
    if (place == schema_places().end()) {
      missing.push_back(std::string(table.object) + " keys: no place in the schemas is known");
      continue;
    }
    const Json& schema = place->second.in_service_schema ? service_schema : model_schema;
    Json::json_pointer pointer(place->second.pointer + "/properties");
    const Json* properties = schema.contains(pointer) ? &schema.at(pointer) : nullptr;
    for (const KeySpec& key : table.keys) {
      if (properties == nullptr || !properties->is_object() ||
          !properties->contains(std::string(key.name))) {
        missing.push_back(describe(table, key.name));
      }
    }
  }
  return missing;
}

}  // namespace svcgen::docs
