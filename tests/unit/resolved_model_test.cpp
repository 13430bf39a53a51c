// The resolved model validation lowers each model into: every column in table order with its
// role, types and capabilities, and every constraint and index name, read by the migration
// schema and the OpenAPI emitter.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/front_end.hpp"
#include "ir/field_types.hpp"
#include "migrate/schema.hpp"
#include "test_folder.hpp"

namespace svcgen {
namespace {

using svcgen::testing::TestFolder;

std::optional<ir::Service> build(const TestFolder& folder, std::string& errors) {
  std::ostringstream err;
  FrontEndResult result = run_front_end((folder.path() / "service.json").string(), err);
  errors = err.str();
  return std::move(result.service);
}

std::optional<ir::Service> build_models(const char* folder_name, const std::string& author,
                                        const std::string& book, std::string& errors) {
  TestFolder folder(folder_name);
  folder.write("service.json", R"({"service": "shop", "models": ["a.json", "b.json"]})");
  folder.write("a.json", author);
  folder.write("b.json", book);
  return build(folder, errors);
}

std::vector<std::string> column_names(const ir::Model& model) {
  std::vector<std::string> names;
  for (const ir::Column& column : model.columns) {
    names.push_back(column.name.text);
  }
  return names;
}

TEST(FieldTypes, OneRowPerTypeInTheOrderOfTheEnum) {
  std::span<const ir::FieldTypeInfo> rows = ir::field_types();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(rows[i].type), i) << rows[i].name;
    EXPECT_EQ(ir::parse_type(rows[i].name), rows[i].type) << rows[i].name;
    EXPECT_EQ(ir::type_name(rows[i].type), rows[i].name);
    EXPECT_FALSE(rows[i].body_reader.empty()) << rows[i].name;
    EXPECT_EQ(rows[i].literal == ir::LiteralForm::kFormatted, rows[i].parses != nullptr)
        << rows[i].name << ": formatted literals are checked by the runtime's parser";
    EXPECT_TRUE(nlohmann::json::accept(rows[i].json_schema)) << rows[i].name;
  }
  EXPECT_EQ(rows.back().type, ir::Type::kRef);
  EXPECT_FALSE(ir::parse_type("datetime"));
}

TEST(FieldTypes, TimeIsATimeOfDayWithoutZone) {
  const ir::FieldTypeInfo& time = ir::field_type(ir::Type::kTime);
  EXPECT_EQ(time.name, "time");
  EXPECT_EQ(ir::SqlType{time.sql_base}.render(), "time");
  EXPECT_EQ(time.cast, "time");
  EXPECT_EQ(time.cpp_type, "svcgen::Time");
  EXPECT_EQ(time.value_kind, ValueKind::kTime);
  EXPECT_EQ(time.body_reader, "time");
  EXPECT_TRUE(time.ordered());
  EXPECT_TRUE(time.comparable);
  EXPECT_TRUE(time.parses("23:59:59.999999"));
  EXPECT_FALSE(time.parses("24:00:00"));
  EXPECT_EQ(ir::select_expression(time, "\"opens\""), "\"opens\"");
  nlohmann::json schema = nlohmann::json::parse(time.json_schema);
  EXPECT_EQ(schema["type"], "string");
  EXPECT_EQ(schema["pattern"], "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?$");
  EXPECT_FALSE(schema.contains("format")) << "JSON Schema's time format requires an offset";
}

TEST(ResolvedModel, EveryColumnInTableOrderWithItsRole) {
  std::string errors;
  auto service = build_models(
      "resolved-columns", R"({"name": "Author", "primaryKey": {"type": "uuid"}, "fields": []})",
      R"({"name": "Book", "softDelete": true, "optimisticLocking": true, "fields": [
          {"name": "title", "type": "string", "maxLength": 200},
          {"name": "price", "type": "decimal", "precision": 10, "scale": 2, "default": "1.00"},
          {"name": "opens", "type": "time", "optional": true, "sortable": true},
          {"name": "kind", "type": "enum", "values": ["a", "b"], "default": "a"},
          {"name": "author_id", "type": "ref", "model": "Author"},
          {"name": "secret", "type": "string", "writeOnly": true},
          {"name": "rank", "type": "int32", "readOnly": true, "optional": true}
        ]})",
      errors);
  ASSERT_TRUE(service) << errors;
  const ir::Model& book = *service->find_model("Book");
  EXPECT_EQ(column_names(book), (std::vector<std::string>{
                                    "id", "title", "price", "opens", "kind", "author_id", "secret",
                                    "rank", "created_at", "updated_at", "deleted_at", "version"}));
  const ir::Column& key = book.key_column();
  EXPECT_EQ(key.role, ir::ColumnRole::kPrimaryKey);
  EXPECT_TRUE(key.identity);
  EXPECT_EQ(key.cpp_type, "std::int64_t");
  EXPECT_EQ(key.sql_type.render(), "bigint");
  EXPECT_EQ(book.field_of(key), nullptr);

  const ir::Column& title = book.columns[1];
  EXPECT_EQ(title.role, ir::ColumnRole::kField);
  EXPECT_EQ(book.field_of(title), book.find_field("title"));
  EXPECT_EQ(title.sql_type.render(), "varchar(200)");
  EXPECT_EQ(title.cast, "text");
  EXPECT_TRUE(title.required_in_create);
  EXPECT_TRUE(title.in_patch);

  const ir::Column& price = book.columns[2];
  EXPECT_EQ(price.sql_type.render(), "numeric(10,2)");
  EXPECT_EQ(price.cast, "numeric");
  EXPECT_EQ(price.default_sql, "1.00");
  EXPECT_FALSE(price.required_in_create);

  const ir::Column& opens = book.columns[3];
  EXPECT_EQ(opens.type, ir::Type::kTime);
  EXPECT_EQ(opens.sql_type.render(), "time");
  EXPECT_EQ(opens.cpp_type, "svcgen::Time");
  EXPECT_EQ(opens.value_kind, ValueKind::kTime);
  EXPECT_TRUE(opens.nullable);
  EXPECT_TRUE(opens.sortable);
  EXPECT_TRUE(opens.ordered);

  EXPECT_EQ(book.columns[4].cpp_type, "BookKind");
  EXPECT_EQ(book.columns[4].value_kind, ValueKind::kEnum);

  const ir::Column& author = book.columns[5];
  EXPECT_EQ(author.type, ir::Type::kRef);
  EXPECT_EQ(author.stored, ir::Type::kUuid);
  EXPECT_EQ(author.sql_type.render(), "uuid");
  EXPECT_EQ(author.cpp_type, "svcgen::Uuid");
  EXPECT_EQ(author.value_kind, ValueKind::kUuid);
  EXPECT_TRUE(author.runtime_types);
  EXPECT_FALSE(author.cpp_scalar);
  EXPECT_TRUE(key.cpp_scalar) << "an int64 key is value-initialised";
  EXPECT_TRUE(book.columns[4].cpp_scalar) << "an enum is value-initialised";
  EXPECT_TRUE(opens.runtime_types);
  EXPECT_TRUE(author.filterable) << "a reference is indexed, so it can be filtered";

  const ir::Column& secret = book.columns[6];
  EXPECT_FALSE(secret.selected);
  EXPECT_FALSE(secret.returned);
  EXPECT_TRUE(secret.required_in_create);
  EXPECT_FALSE(secret.required_in_replace) << "a PUT may leave a write-only value as it is";

  const ir::Column& rank = book.columns[7];
  EXPECT_FALSE(rank.in_create);
  EXPECT_FALSE(rank.in_replace);
  EXPECT_FALSE(rank.in_patch);
  EXPECT_TRUE(rank.returned);

  const ir::Column& created = book.columns[8];
  EXPECT_EQ(created.role, ir::ColumnRole::kCreatedAt);
  EXPECT_EQ(created.default_sql, "now()");
  EXPECT_EQ(created.select,
            R"(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))");
  EXPECT_TRUE(created.sortable && created.filterable && created.returned);
  EXPECT_FALSE(created.in_create);

  const ir::Column& deleted = book.columns[10];
  EXPECT_EQ(deleted.role, ir::ColumnRole::kDeletedAt);
  EXPECT_TRUE(deleted.nullable);
  EXPECT_FALSE(deleted.selected);
  EXPECT_FALSE(deleted.returned);

  const ir::Column& version = book.columns[11];
  EXPECT_EQ(version.role, ir::ColumnRole::kVersion);
  EXPECT_EQ(version.default_sql, "1");
  EXPECT_TRUE(version.selected);
  EXPECT_FALSE(version.returned) << "the version travels in the ETag";

  const ir::Model& author_model = *service->find_model("Author");
  EXPECT_EQ(author_model.key_column().default_sql, "gen_random_uuid()");
  EXPECT_FALSE(author_model.key_column().identity);
  EXPECT_EQ(author_model.find_column(ir::ColumnRole::kDeletedAt), nullptr);
}

TEST(ResolvedModel, EveryConstraintAndIndexIsNamedOnce) {
  std::string errors;
  auto service = build_models("resolved-objects", R"({"name": "Author", "fields": []})",
                              R"({"name": "Book", "softDelete": true, "fields": [
          {"name": "isbn", "type": "string", "unique": true},
          {"name": "rank", "type": "int32", "index": true, "minimum": 0},
          {"name": "kind", "type": "enum", "values": ["a", "b"]},
          {"name": "opens", "type": "time", "index": true},
          {"name": "author_id", "type": "ref", "model": "Author", "onDelete": "cascade"}
        ], "indexes": [{"fields": ["kind", "opens"]}, {"fields": ["author_id", "isbn"],
                       "unique": true}]})",
                              errors);
  ASSERT_TRUE(service) << errors;
  const ir::TableObjects& objects = service->find_model("Book")->objects;
  EXPECT_EQ(objects.primary_key, "books_pkey");
  std::vector<std::string> indexes;
  for (const ir::TableIndex& index : objects.indexes) {
    indexes.push_back(index.name + (index.unique ? " unique" : "") +
                      (index.where ? " where " + *index.where : ""));
  }
  EXPECT_EQ(indexes, (std::vector<std::string>{"books_author_id_idx",
                                               "books_author_id_isbn_key unique where deleted_at "
                                               "IS NULL",
                                               "books_isbn_key unique where deleted_at IS NULL",
                                               "books_kind_opens_idx", "books_opens_idx",
                                               "books_rank_idx"}));
  ASSERT_EQ(objects.foreign_keys.size(), 1u);
  EXPECT_EQ(objects.foreign_keys[0].name, "books_author_id_fkey");
  EXPECT_EQ(objects.foreign_keys[0].references, "authors");
  EXPECT_EQ(objects.foreign_keys[0].ref_column, "id");
  EXPECT_EQ(objects.foreign_keys[0].on_delete, ir::OnDelete::kCascade);
  std::vector<std::string> checks;
  for (const ir::CheckConstraint& check : objects.checks) {
    checks.push_back(check.name);
  }
  EXPECT_EQ(checks, (std::vector<std::string>{"books_kind_check", "books_rank_check"}));

  // The migration schema holds exactly these names and the column types.
  migrate::Schema schema = migrate::schema_from_service(*service);
  const migrate::Table& books = *schema.find_table("books");
  EXPECT_EQ(books.primary_key_constraint, "books_pkey");
  EXPECT_EQ(books.indexes.size(), objects.indexes.size());
  EXPECT_EQ(books.find_column("opens")->type.render(), "time");
  EXPECT_EQ(books.find_column("deleted_at")->type.render(), "timestamptz");
  EXPECT_TRUE(books.find_column("deleted_at")->nullable);
  EXPECT_EQ(books.checks.size(), 2u);
}

TEST(ResolvedModel, TimeLiteralsAreCheckedWithClearMessages) {
  TestFolder folder("resolved-time-literals");
  folder.write("service.json", R"({"service": "shop", "models": ["a.json"]})");
  folder.write("a.json", R"({"name": "Shop", "fields": [
      {"name": "opens", "type": "time", "default": "24:00:00"},
      {"name": "closes", "type": "time", "example": "18:00"},
      {"name": "lunch", "type": "time", "default": 1200},
      {"name": "leap", "type": "time", "example": "23:59:60"},
      {"name": "long", "type": "time", "maxLength": 8},
      {"name": "fine", "type": "time", "default": "09:00:00.000001", "example": "12:30:00.5"}
    ]})");
  std::string errors;
  EXPECT_FALSE(build(folder, errors));
  auto has = [&](const std::string& text) {
    EXPECT_NE(errors.find(text), std::string::npos) << "missing: " << text << "\n" << errors;
  };
  has("/fields/0/default: default must be a time of day such as \"12:30:00\", got \"24:00:00\"");
  has("/fields/1/example: example must be a time of day such as \"12:30:00\", got \"18:00\"");
  has("/fields/2/default: default must be a time of day such as \"12:30:00\", got 1200");
  has("/fields/3/example: example must be a time of day such as \"12:30:00\", got \"23:59:60\"");
  has("/fields/4/maxLength: \"maxLength\" applies only to string and text fields, not time");
  EXPECT_EQ(errors.find("/fields/5"), std::string::npos) << errors;
}

TEST(ResolvedModel, AnUnknownTypeNamesTheTimeTypeAmongTheCandidates) {
  TestFolder folder("resolved-time-typo");
  folder.write("service.json", R"({"service": "shop", "models": ["a.json"]})");
  folder.write("a.json", R"({"name": "Shop", "fields": [{"name": "opens", "type": "tme"}]})");
  std::string errors;
  EXPECT_FALSE(build(folder, errors));
  EXPECT_NE(errors.find("unknown type \"tme\" (did you mean \"time\"?)"), std::string::npos)
      << errors;
}

}  // namespace
}  // namespace svcgen
