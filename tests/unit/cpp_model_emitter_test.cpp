#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/front_end.hpp"
#include "emit/cpp_model_parts.hpp"

namespace svcgen {
namespace {

ir::Service service_of(const std::string& service_file) {
  std::ostringstream err;
  FrontEndResult front = run_front_end(std::string(SVCGEN_SOURCE_DIR) + "/" + service_file, err);
  if (!front.service) {
    ADD_FAILURE() << err.str();
    return {};
  }
  return std::move(*front.service);
}

// The three files of one model, one after the other.
std::string model_code(const ir::Service& service, const std::string& name) {
  const ir::Model* model = service.find_model(name);
  if (model == nullptr) {
    ADD_FAILURE() << "no model " << name;
    return "";
  }
  cpp::ModelContext context(service, *model);
  return cpp::model_declarations(context) + cpp::model_definitions(context) +
         cpp::model_routes(context);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Tag serves create, read and list only.
TEST(CppModelEmitter, AModelGetsNoCodeForOperationsItLacks) {
  ir::Service service = service_of("tests/golden/all_types/service.json");
  std::string code = model_code(service, "Tag");
  for (const char* present :
       {"TagCreate", "decode_tag_create", "before_create", "kFind{", "kCreate{", "Handlers::create",
        "Handlers::read", "Handlers::list", "&kFind, &kCreate}"}) {
    EXPECT_TRUE(has(code, present)) << present;
  }
  for (const char* absent :
       {"TagReplace", "TagPatch", "decode_tag_patch", "before_replace", "after_update",
        "before_delete", "kUpdate", "kDelete", "kVersion", "Handlers::replace", "Handlers::patch",
        "Handlers::remove", "kPatchBody", "kReferences", "Repository::update"}) {
    EXPECT_FALSE(has(code, absent)) << absent;
  }
}

TEST(CppModelEmitter, AModelWithEveryOperationGetsEveryRoute) {
  ir::Service service = service_of("tests/golden/all_types/service.json");
  std::string code = model_code(service, "Sample");
  for (const char* route :
       {"router.add(\"POST\", collection, route_to(handlers, &Handlers::create), kJsonBody);",
        "router.add(\"GET\", item, route_to(handlers, &Handlers::read));",
        "router.add(\"PUT\", item, route_to(handlers, &Handlers::replace), kJsonBody);",
        "router.add(\"PATCH\", item, route_to(handlers, &Handlers::patch), kPatchBody);",
        "router.add(\"DELETE\", item, route_to(handlers, &Handlers::remove));",
        "router.add(\"GET\", collection, route_to(handlers, &Handlers::list));"}) {
    EXPECT_TRUE(has(code, route)) << route;
  }
}

// Only models with optimistic locking carry a version from the handler to the statement.
TEST(CppModelEmitter, OnlyLockedModelsPassAVersion) {
  ir::Service service = service_of("tests/golden/all_types/service.json");
  std::string locked = model_code(service, "Owner");
  EXPECT_TRUE(has(locked, "Repository::remove(Key key, std::int64_t version)"));
  EXPECT_TRUE(has(locked, "write_version("));
  std::string unlocked = model_code(service, "Sample");
  EXPECT_TRUE(has(unlocked, "Repository::remove(Key key) {"));
  EXPECT_FALSE(has(unlocked, "std::int64_t version"));
  EXPECT_FALSE(has(unlocked, "write_version("));
}

// What the output used to carry to keep unused code compiling, and positional rule and list
// tables.
TEST(CppModelEmitter, NoDeadCodeOrPositionalTables) {
  for (const char* file : {"tests/golden/all_types/service.json", "examples/bookstore/service.json",
                           "tests/golden/reserved_words/service.json"}) {
    ir::Service service = service_of(file);
    for (const ir::Model& model : service.models) {
      SCOPED_TRACE(std::string(file) + " " + model.name);
      std::string code = model_code(service, model.name);
      for (const char* dead : {"(void)", "if (false)", "[[maybe_unused]]", "? \"1\" : \"1\"",
                               "list_field(", "std::nullopt, std::nullopt", "\n\n\n"}) {
        EXPECT_FALSE(has(code, dead)) << dead;
      }
    }
  }
}

}  // namespace
}  // namespace svcgen
