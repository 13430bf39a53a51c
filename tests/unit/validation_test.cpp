#include <gtest/gtest.h>

#include <sstream>

#include "cli/front_end.hpp"
#include "test_folder.hpp"

namespace svcgen {
namespace {

using svcgen::testing::TestFolder;

struct Built {
  std::optional<ir::Service> service;
  std::string errors;
  int exit_code;
};

Built build(const TestFolder& folder) {
  std::ostringstream err;
  FrontEndResult result = run_front_end((folder.path() / "service.json").string(), err);
  return {std::move(result.service), err.str(), result.exit_code};
}

void write_service(const TestFolder& folder, const std::string& models) {
  folder.write("service.json", R"({"service": "shop", "models": [)" + models + "]}");
}

TEST(Validation, DerivesNamesAndDefaults) {
  TestFolder folder("validation-names");
  write_service(folder, R"("b.json", "a.json", "c.json")");
  folder.write("a.json", R"({"name": "BookReview", "fields": []})");
  folder.write("b.json", R"({"name": "Category", "fields": []})");
  folder.write("c.json", R"({"name": "Box", "path": "crates", "fields": []})");
  Built built = build(folder);
  ASSERT_TRUE(built.service) << built.errors;
  const ir::Service& service = *built.service;
  EXPECT_EQ(service.version, "0.1.0");
  EXPECT_EQ(service.base_path, "/api");
  EXPECT_EQ(service.migrations_dir, "migrations");
  ASSERT_EQ(service.models.size(), 3u);
  // Sorted by name, whatever the listing order.
  EXPECT_EQ(service.models[0].name, "BookReview");
  EXPECT_EQ(service.models[0].table.text, "book_reviews");
  EXPECT_EQ(service.models[0].path, "book_reviews");
  EXPECT_EQ(service.models[0].plural, "BookReviews");
  EXPECT_EQ(service.models[1].table.text, "boxes");
  EXPECT_EQ(service.models[1].path, "crates");
  EXPECT_EQ(service.models[2].table.text, "categories");
  const ir::Model& review = service.models[0];
  EXPECT_EQ(review.primary_key.name.text, "id");
  EXPECT_EQ(review.primary_key.type, ir::Type::kInt64);
  EXPECT_TRUE(review.timestamps);
  EXPECT_FALSE(review.soft_delete);
  EXPECT_EQ(review.operations.size(), 5u);
}

TEST(Validation, IndexedFieldsAreAlwaysSortableAndFilterable) {
  TestFolder folder("validation-capabilities");
  write_service(folder, R"("a.json", "b.json")");
  folder.write("a.json", R"({"name": "Author", "primaryKey": {"type": "uuid"}, "fields": []})");
  folder.write("b.json", R"({"name": "Book", "fields": [
      {"name": "plain", "type": "string"},
      {"name": "code", "type": "string", "unique": true},
      {"name": "rank", "type": "int32", "index": true},
      {"name": "author_id", "type": "ref", "model": "Author"},
      {"name": "first", "type": "date"},
      {"name": "second", "type": "date"},
      {"name": "secret", "type": "string", "writeOnly": true, "index": true}
    ], "indexes": [{"fields": ["first", "second"]}]})");
  Built built = build(folder);
  ASSERT_TRUE(built.service) << built.errors;
  const ir::Model& book = *built.service->find_model("Book");
  auto capable = [&](const char* name) {
    const ir::Field* field = book.find_field(name);
    return field->sortable && field->filterable;
  };
  EXPECT_FALSE(capable("plain"));
  EXPECT_TRUE(capable("code"));
  EXPECT_TRUE(capable("rank"));
  EXPECT_TRUE(capable("author_id"));
  EXPECT_TRUE(capable("first"));
  EXPECT_FALSE(capable("second"));
  EXPECT_FALSE(capable("secret"));
  const ir::Field& ref = *book.find_field("author_id");
  EXPECT_EQ(ref.ref_key_type, ir::Type::kUuid);
  EXPECT_EQ(ref.sql_type.render(), "uuid");
  EXPECT_EQ(ref.index_name, "books_author_id_idx");
  EXPECT_EQ(ref.foreign_key_constraint, "books_author_id_fkey");
  EXPECT_EQ(book.find_field("code")->unique_constraint, "books_code_key");
  EXPECT_EQ(book.indexes[0].name.text, "books_first_second_idx");
}

TEST(Validation, ReservedWordsAreValidAndEscaped) {
  TestFolder folder("validation-reserved");
  write_service(folder, R"("m.json")");
  folder.write("m.json", R"({"name": "Order", "table": "order", "fields": [
      {"name": "select", "type": "string"},
      {"name": "class", "type": "int32"},
      {"name": "default", "type": "bool"},
      {"name": "group", "type": "text"}
    ]})");
  Built built = build(folder);
  ASSERT_TRUE(built.service) << built.errors;
  const ir::Model& order = built.service->models[0];
  EXPECT_EQ(order.table.sql, "\"order\"");
  EXPECT_EQ(order.find_field("select")->name.sql, "\"select\"");
  EXPECT_EQ(order.find_field("class")->name.cpp, "class_");
  EXPECT_EQ(order.find_field("default")->name.cpp, "default_");
  EXPECT_EQ(order.find_field("group")->name.cpp, "group");
}

TEST(Validation, SqlTypesFollowTheTypeTable) {
  TestFolder folder("validation-types");
  write_service(folder, R"("m.json")");
  folder.write("m.json", R"({"name": "Thing", "fields": [
      {"name": "a", "type": "string", "maxLength": 20},
      {"name": "b", "type": "string"},
      {"name": "c", "type": "decimal"},
      {"name": "d", "type": "decimal", "precision": 10, "scale": 0},
      {"name": "e", "type": "float32"},
      {"name": "f", "type": "timestamp"},
      {"name": "g", "type": "json"},
      {"name": "h", "type": "bytes"},
      {"name": "i", "type": "enum", "values": ["x", "in-progress"]}
    ]})");
  Built built = build(folder);
  ASSERT_TRUE(built.service) << built.errors;
  const ir::Model& thing = built.service->models[0];
  std::vector<std::string> types;
  for (const ir::Field& field : thing.fields) {
    types.push_back(field.sql_type.render());
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"varchar(20)", "text", "numeric(18,2)", "numeric(10,0)",
                                      "real", "timestamptz", "jsonb", "bytea", "text"}));
  EXPECT_EQ(thing.find_field("i")->values[1].cpp, "kInProgress");
}

TEST(Validation, UnreadableServiceFileIsAUsageError) {
  TestFolder folder("validation-unreadable");
  Built built = build(folder);
  EXPECT_EQ(built.exit_code, 2);
  EXPECT_NE(built.errors.find("service.json: cannot read file: no such file"), std::string::npos);
}

TEST(Validation, HugeFileIsRefusedBeforeReading) {
  TestFolder folder("validation-huge");
  write_service(folder, R"("m.json")");
  folder.write("m.json", std::string(50 * 1024 * 1024, ' '));
  Built built = build(folder);
  EXPECT_EQ(built.exit_code, 1);
  EXPECT_NE(built.errors.find("file is too large (50.0 MiB; input files may be at most 4 MiB)"),
            std::string::npos)
      << built.errors;
}

}  // namespace
}  // namespace svcgen
