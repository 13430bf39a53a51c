#include "validate/model_builder.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <regex>
#include <set>

#include "ir/field_types.hpp"
#include "ir/names.hpp"
#include "ir/system_columns.hpp"
#include "validate/accepted_keys.hpp"
#include "validate/literals.hpp"
#include "validate/object_reader.hpp"
#include "validate/pattern_translation.hpp"

namespace svcgen {
namespace {

using ir::Type;

constexpr KeySpec kModelKeys[] = {
    {"$schema", JsonKind::kString},
    {"name", JsonKind::kString, true},
    {"table", JsonKind::kString},
    {"path", JsonKind::kString},
    {"description", JsonKind::kString},
    {"primaryKey", JsonKind::kObject},
    {"timestamps", JsonKind::kBoolean},
    {"softDelete", JsonKind::kBoolean},
    {"optimisticLocking", JsonKind::kBoolean},
    {"operations", JsonKind::kArray},
    {"fields", JsonKind::kArray, true},
    {"indexes", JsonKind::kArray},
    {"renamedFrom", JsonKind::kString},
    {"owner", JsonKind::kObject},
    {"tenant", JsonKind::kString},
    {"access", JsonKind::kObject},
    {"rateLimits", JsonKind::kObject},
};

constexpr KeySpec kPrimaryKeyKeys[] = {
    {"name", JsonKind::kString},
    {"type", JsonKind::kString},
};

constexpr KeySpec kFieldKeys[] = {
    {"name", JsonKind::kString, true},  {"type", JsonKind::kString, true},
    {"optional", JsonKind::kBoolean},   {"default", JsonKind::kAny},
    {"unique", JsonKind::kBoolean},     {"index", JsonKind::kBoolean},
    {"minLength", JsonKind::kInteger},  {"maxLength", JsonKind::kInteger},
    {"pattern", JsonKind::kString},     {"minimum", JsonKind::kNumber},
    {"maximum", JsonKind::kNumber},     {"values", JsonKind::kArray},
    {"precision", JsonKind::kInteger},  {"scale", JsonKind::kInteger},
    {"model", JsonKind::kString},       {"onDelete", JsonKind::kString},
    {"readOnly", JsonKind::kBoolean},   {"writeOnly", JsonKind::kBoolean},
    {"sortable", JsonKind::kBoolean},   {"filterable", JsonKind::kBoolean},
    {"description", JsonKind::kString}, {"example", JsonKind::kAny},
    {"deprecated", JsonKind::kBoolean}, {"renamedFrom", JsonKind::kString},
};

constexpr KeySpec kIndexKeys[] = {
    {"fields", JsonKind::kArray, true},
    {"unique", JsonKind::kBoolean},
};

constexpr KeySpec kSqlDefaultKeys[] = {
    {"sql", JsonKind::kString, true},
};

constexpr std::string_view kOperationNames[] = {"create", "read", "update", "delete", "list"};
constexpr std::string_view kOnDeleteNames[] = {"restrict", "cascade", "setNull"};

// svcgen's own tables, and the shadow columns, constraints and indexes of a migration between
// its expand and contract steps (`<column>_svcgen_<version>`), carry this word; a model's names
// never do, so that they cannot meet.
constexpr const char* kReservedWordReason =
    "holds the word \"svcgen\", which svcgen reserves for the names of its own tables and of the "
    "columns and indexes a migration adds";

bool holds_reserved_word(const std::string& name) {
  static constexpr std::string_view kWord = "svcgen";
  for (std::size_t at = name.find(kWord); at != std::string::npos; at = name.find(kWord, at + 1)) {
    bool starts = at == 0 || name[at - 1] == '_';
    bool ends = at + kWord.size() == name.size() || name[at + kWord.size()] == '_';
    if (starts && ends) {
      return true;
    }
  }
  return false;
}

// Compiled on first use: at static initialisation a throw could not be caught.
struct NamePatterns {
  std::regex lower_name{"^[a-z][a-z0-9_]*$"};
  std::regex model_name{"^[A-Z][A-Za-z0-9]*$"};
  std::regex table_name{"^[a-z_][a-z0-9_]*$"};
  std::regex path_segment{"^[A-Za-z0-9][A-Za-z0-9_-]*$"};
};
const NamePatterns& patterns() {
  static const NamePatterns compiled;
  return compiled;
}

// Two enum values are one C++ enumerator when they are equal or differ only in what
// enumerator naming drops.
std::string enum_collision(const std::string& text, const std::string& earlier,
                           const std::string& enumerator) {
  if (text == earlier) {
    return "duplicate enum value \"" + text + "\"";
  }
  return "enum value \"" + text + "\" and \"" + earlier + "\" both become the C++ enumerator " +
         enumerator;
}

bool is_string_type(Type type) { return ir::field_type(type).literal == ir::LiteralForm::kText; }
bool is_numeric_type(Type type) {
  ir::LiteralForm form = ir::field_type(type).literal;
  return form == ir::LiteralForm::kInteger || form == ir::LiteralForm::kNumber ||
         form == ir::LiteralForm::kDecimal;
}

ir::Name make_name(const std::string& text) {
  return {text, names::sql_identifier(text), names::cpp_identifier(text)};
}

// An enumerator for a value: "in-progress" -> kInProgress, "2fa" -> k2fa.
std::string enumerator_name(const std::string& value) {
  std::string cleaned;
  for (char c : value) {
    bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    cleaned += word_char ? c : '_';
  }
  return "k" + names::pascal_case(cleaned);
}

// Names other schema languages use for svcgen's types, answered with the svcgen spelling.
std::string type_hint(const std::string& unknown) {
  static const std::map<std::string, std::string> kAliases = {
      {"integer", "int32\" or \"int64"},
      {"int", "int32\" or \"int64"},
      {"long", "int64"},
      {"bigint", "int64"},
      {"number", "float64\" or \"decimal"},
      {"float", "float32"},
      {"double", "float64"},
      {"numeric", "decimal"},
      {"boolean", "bool"},
      {"datetime", "timestamp"},
      {"date-time", "timestamp"},
      {"timestamptz", "timestamp"},
      {"object", "json"},
      {"array", "json"},
      {"jsonb", "json"},
      {"binary", "bytes"},
      {"bytea", "bytes"},
      {"varchar", "string"},
  };
  auto alias = kAliases.find(unknown);
  if (alias != kAliases.end()) {
    return " (did you mean \"" + alias->second + "\"?)";
  }
  std::vector<std::string_view> type_names;
  for (const ir::FieldTypeInfo& row : ir::field_types()) {
    type_names.push_back(row.name);
  }
  return did_you_mean(unknown, type_names);
}

class ModelBuilder {
 public:
  ModelBuilder(const JsonDocument& document, Diagnostics& diagnostics, const ServiceAccess& access)
      : document_(document),
        diagnostics_(diagnostics),
        access_(access),
        service_set_fields_(service_set_fields(document.root())) {}

  std::optional<ir::Model> build() {
    int errors_before = diagnostics_.error_count();
    ObjectReader reader(document_, "", diagnostics_, kModelKeys, "a model");
    if (!reader.is_object()) {
      return std::nullopt;
    }
    ir::Model model;
    model.file = document_.file();
    model.location = document_.at("");
    read_identity(reader, model);
    read_primary_key(reader, model);
    model.timestamps = reader.boolean("timestamps").value_or(true);
    model.soft_delete = reader.boolean("softDelete").value_or(false);
    model.optimistic_locking = reader.boolean("optimisticLocking").value_or(false);
    model.description = reader.string("description").value_or("");
    read_operations(reader, model);
    read_fields(reader, model);
    read_indexes(reader, model);
    read_model_access(reader, access_, model, diagnostics_);
    derive_query_capabilities(model);
    derive_constraint_names(model);
    if (diagnostics_.error_count() > errors_before) {
      return std::nullopt;
    }
    return model;
  }

 private:
  void error(const SourceLocation& at, std::string message) {
    diagnostics_.error(at, std::move(message));
  }

  void check_sql_length(const SourceLocation& at, std::string_view what, const std::string& name) {
    if (name.size() > kMaxSqlIdentifierBytes) {
      error(at, std::string(what) + " \"" + name + "\" is " + std::to_string(name.size()) +
                    " bytes; PostgreSQL identifiers are at most 63 bytes (shorten the name)");
    }
  }

  void read_identity(const ObjectReader& reader, ir::Model& model) {
    model.name = reader.string("name").value_or("");
    if (reader.has("name") && !std::regex_match(model.name, patterns().model_name)) {
      error(reader.at("name"),
            "model name \"" + model.name + "\" must be PascalCase, matching [A-Z][A-Za-z0-9]*");
    }
    model.snake = names::snake_case(model.name);
    model.plural = names::pluralize(model.name);
    std::string table = reader.string("table").value_or(names::pluralize(model.snake));
    if (reader.has("table") && !std::regex_match(table, patterns().table_name)) {
      error(reader.at("table"), "table name \"" + table + "\" must match [a-z_][a-z0-9_]*");
    } else if (holds_reserved_word(table)) {
      error(reader.has("table") ? reader.at("table") : reader.at("name"),
            "table name \"" + table + "\" " + kReservedWordReason);
    }
    check_sql_length(reader.has("table") ? reader.at("table") : reader.at("name"), "table name",
                     table);
    model.table = make_name(table);
    model.path = reader.string("path").value_or(table);
    if (!std::regex_match(model.path, patterns().path_segment)) {
      error(reader.has("path") ? reader.at("path") : reader.at("table"),
            "path \"" + model.path +
                "\" must be one URL path segment matching [A-Za-z0-9][A-Za-z0-9_-]*");
    }
    if (auto renamed = reader.string("renamedFrom")) {
      if (!std::regex_match(*renamed, patterns().model_name)) {
        error(reader.at("renamedFrom"),
              "renamedFrom \"" + *renamed + "\" must be a model name matching [A-Z][A-Za-z0-9]*");
      } else if (*renamed == model.name) {
        error(reader.at("renamedFrom"), "renamedFrom names the model itself");
      }
      model.renamed_from = ir::Rename{*renamed, reader.at("renamedFrom")};
    }
  }

  void read_primary_key(const ObjectReader& reader, ir::Model& model) {
    ir::PrimaryKey& key = model.primary_key;
    key.name = make_name("id");
    key.type = Type::kInt64;
    key.location = reader.at("primaryKey");
    if (reader.has("primaryKey")) {
      ObjectReader pk(document_, reader.pointer("primaryKey"), diagnostics_, kPrimaryKeyKeys,
                      "primaryKey");
      if (auto name = pk.string("name")) {
        if (!std::regex_match(*name, patterns().lower_name)) {
          error(pk.at("name"), "primary key name \"" + *name + "\" must match [a-z][a-z0-9_]*");
        } else if (holds_reserved_word(*name)) {
          error(pk.at("name"), "primary key name \"" + *name + "\" " + kReservedWordReason);
        }
        check_sql_length(pk.at("name"), "primary key name", *name);
        key.name = make_name(*name);
      }
      if (auto type = pk.string("type")) {
        if (*type == "int64" || *type == "uuid") {
          key.type = *type == "uuid" ? Type::kUuid : Type::kInt64;
        } else {
          constexpr std::string_view kKeyTypes[] = {"int64", "uuid"};
          error(pk.at("type"), "primary key type must be \"int64\" or \"uuid\", got \"" + *type +
                                   "\"" + did_you_mean(*type, kKeyTypes));
        }
      }
    }
    key.sql_type = ir::key_sql_type(key.type);
    key.constraint = model.table.text + "_pkey";
    if (model.table.text.size() <= kMaxSqlIdentifierBytes) {
      check_sql_length(reader.has("table") ? reader.at("table") : reader.at("name"),
                       "primary key constraint name", key.constraint);
    }
  }

  void read_operations(const ObjectReader& reader, ir::Model& model) {
    const Json* operations = reader.get("operations");
    if (operations == nullptr) {
      model.operations = {ir::Operation::kCreate, ir::Operation::kRead, ir::Operation::kUpdate,
                          ir::Operation::kDelete, ir::Operation::kList};
      return;
    }
    std::set<ir::Operation> seen;
    for (std::size_t i = 0; i < operations->size(); ++i) {
      const Json& entry = (*operations)[i];
      SourceLocation at = document_.at(pointer_append(reader.pointer("operations"), i));
      if (!entry.is_string()) {
        error(at, "operation must be a string, got " + std::string(json_kind_name(entry)));
        continue;
      }
      std::string name = entry.get<std::string>();
      std::optional<ir::Operation> operation = ir::parse_operation(name);
      if (!operation) {
        error(at, "unknown operation \"" + name +
                      "\"; expected one of create, read, update, "
                      "delete, list" +
                      did_you_mean(name, kOperationNames));
      } else if (!seen.insert(*operation).second) {
        error(at, "operation \"" + name + "\" is listed twice");
      }
    }
    model.operations.assign(seen.begin(), seen.end());
  }

  // Each column svcgen generates for the model, with what asks for it.
  std::map<std::string, std::string> generated_columns(const ir::Model& model) const {
    std::map<std::string, std::string> columns = {{model.primary_key.name.text, "the primary key"}};
    for (const ir::SystemColumn& row : ir::system_columns()) {
      if (row.wanted(model)) {
        columns.emplace(row.name, row.option);
      }
    }
    return columns;
  }

  void read_fields(const ObjectReader& reader, ir::Model& model) {
    const Json* fields = reader.get("fields");
    if (fields == nullptr) {
      return;
    }
    std::map<std::string, std::string> generated = generated_columns(model);
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < fields->size(); ++i) {
      std::string pointer = pointer_append(reader.pointer("fields"), i);
      const Json& raw = (*fields)[i];
      bool duplicate = false;
      // Names are checked before the field itself, so a collision shows even when the field has
      // other errors.
      if (raw.is_object() && raw.contains("name") && raw["name"].is_string()) {
        std::string name = raw["name"].get<std::string>();
        SourceLocation at = document_.at(pointer_append(pointer, "name"));
        if (auto reserved = generated.find(name); reserved != generated.end()) {
          error(at, "field \"" + name + "\" collides with the column svcgen generates for " +
                        reserved->second);
        }
        auto [previous, inserted] = seen.emplace(name, pointer);
        if (!inserted) {
          error(at, "duplicate field name \"" + name + "\" (first at " + previous->second + ")");
          duplicate = true;
        }
      }
      std::optional<ir::Field> field = read_field(pointer);
      if (field && !duplicate) {
        model.fields.push_back(std::move(*field));
      }
    }
  }

  std::optional<ir::Field> read_field(const std::string& pointer) {
    int errors_before = diagnostics_.error_count();
    ObjectReader reader(document_, pointer, diagnostics_, kFieldKeys, "a field");
    if (!reader.is_object()) {
      return std::nullopt;
    }
    ir::Field field;
    field.location = reader.at();
    std::string name = reader.string("name").value_or("");
    if (reader.has("name")) {
      if (!std::regex_match(name, patterns().lower_name)) {
        error(reader.at("name"), "field name \"" + name + "\" must match [a-z][a-z0-9_]*");
      } else if (holds_reserved_word(name)) {
        error(reader.at("name"), "field name \"" + name + "\" " + kReservedWordReason);
      }
      check_sql_length(reader.at("name"), "field name", name);
    }
    field.name = make_name(name);
    field.pascal = names::pascal_case(name);

    std::optional<std::string> type_text = reader.string("type");
    std::optional<Type> type = type_text ? ir::parse_type(*type_text) : std::nullopt;
    if (type_text && !type) {
      error(reader.at("type"), "unknown type \"" + *type_text + "\"" + type_hint(*type_text));
    }
    if (!type) {
      return std::nullopt;
    }
    field.type = *type;
    field.optional = reader.boolean("optional").value_or(false);
    field.unique = reader.boolean("unique").value_or(false);
    field.index = reader.boolean("index").value_or(false);
    field.read_only = reader.boolean("readOnly").value_or(false);
    field.write_only = reader.boolean("writeOnly").value_or(false);
    field.sortable = reader.boolean("sortable").value_or(false);
    field.filterable = reader.boolean("filterable").value_or(false);
    field.deprecated = reader.boolean("deprecated").value_or(false);
    field.description = reader.string("description").value_or("");

    check_applicability(reader, field);
    read_string_constraints(reader, field);
    read_numeric_constraints(reader, field);
    read_enum_values(reader, field);
    read_ref(reader, field);
    check_flags(reader, field);
    if (auto renamed = reader.string("renamedFrom")) {
      if (!std::regex_match(*renamed, patterns().lower_name)) {
        error(reader.at("renamedFrom"),
              "renamedFrom \"" + *renamed + "\" must match [a-z][a-z0-9_]*");
      } else if (*renamed == name) {
        error(reader.at("renamedFrom"), "renamedFrom names the field itself");
      }
      field.renamed_from = ir::Rename{*renamed, reader.at("renamedFrom")};
    }
    field.sql_type = ir::sql_type_of(field);
    if (diagnostics_.error_count() > errors_before) {
      return std::nullopt;
    }
    read_default_and_example(reader, field);
    if (diagnostics_.error_count() > errors_before) {
      return std::nullopt;
    }
    return field;
  }

  void check_applicability(const ObjectReader& reader, const ir::Field& field) {
    struct Rule {
      std::string_view key;
      bool applies;
      std::string_view types;
    };
    Type type = field.type;
    const Rule rules[] = {
        {"minLength", is_string_type(type), "string and text"},
        {"maxLength", is_string_type(type), "string and text"},
        {"pattern", is_string_type(type), "string and text"},
        {"minimum", is_numeric_type(type), "int32, int64, float32, float64 and decimal"},
        {"maximum", is_numeric_type(type), "int32, int64, float32, float64 and decimal"},
        {"values", type == Type::kEnum, "enum"},
        {"precision", type == Type::kDecimal, "decimal"},
        {"scale", type == Type::kDecimal, "decimal"},
        {"model", type == Type::kRef, "ref"},
        {"onDelete", type == Type::kRef, "ref"},
    };
    for (const Rule& rule : rules) {
      if (!rule.applies && reader.has(rule.key)) {
        error(reader.at(rule.key), "\"" + std::string(rule.key) + "\" applies only to " +
                                       std::string(rule.types) + " fields, not " +
                                       std::string(ir::type_name(type)));
      }
    }
  }

  void read_string_constraints(const ObjectReader& reader, ir::Field& field) {
    if (!is_string_type(field.type)) {
      return;
    }
    field.min_length = reader.integer("minLength");
    field.max_length = reader.integer("maxLength");
    if (field.min_length && *field.min_length < 0) {
      error(reader.at("minLength"), "minLength must be 0 or more");
    }
    // varchar(n) accepts at most 10485760; text has no declared limit to respect.
    if (field.max_length && (*field.max_length < 1 || *field.max_length > 10485760)) {
      error(reader.at("maxLength"), "maxLength must be between 1 and 10485760");
    }
    if (field.min_length && field.max_length && *field.min_length > *field.max_length) {
      error(reader.at("minLength"), "minLength " + std::to_string(*field.min_length) +
                                        " is greater than maxLength " +
                                        std::to_string(*field.max_length));
    }
    if (auto pattern = reader.string("pattern")) {
      PatternTranslation translation = translate_pattern(*pattern);
      if (translation.ok()) {
        field.pattern = pattern;
        field.pattern_re2 = std::move(translation.re2);
      } else {
        error(reader.at("pattern"), translation.error);
      }
    }
  }

  void read_numeric_constraints(const ObjectReader& reader, ir::Field& field) {
    if (field.type == Type::kDecimal) {
      field.precision = static_cast<int>(
          std::clamp<std::int64_t>(reader.integer("precision").value_or(18), -1, 1001));
      field.scale =
          static_cast<int>(std::clamp<std::int64_t>(reader.integer("scale").value_or(2), -1, 1001));
      if (field.precision < 1 || field.precision > 1000) {
        error(reader.at("precision"), "precision must be between 1 and 1000");
      } else if (field.scale < 0 || field.scale > field.precision) {
        error(
            reader.has("scale") ? reader.at("scale") : reader.at("precision"),
            "scale must be between 0 and the precision (" + std::to_string(field.precision) + ")");
      }
    }
    if (!is_numeric_type(field.type)) {
      return;
    }
    for (std::string_view key : {"minimum", "maximum"}) {
      const Json* bound = reader.get(key);
      if (bound == nullptr) {
        continue;
      }
      bool integral = field.type == Type::kInt32 || field.type == Type::kInt64;
      if (integral && !bound->is_number_integer()) {
        error(reader.at(key), std::string(key) + " of an " +
                                  std::string(ir::type_name(field.type)) +
                                  " field must be an integer");
        continue;
      }
      double value = bound->get<double>();
      if (field.type == Type::kInt32 && (value < std::numeric_limits<std::int32_t>::min() ||
                                         value > std::numeric_limits<std::int32_t>::max())) {
        error(reader.at(key), std::string(key) + " is out of range for int32");
        continue;
      }
      if (field.type == Type::kInt64 && bound->is_number_unsigned()) {
        error(reader.at(key), std::string(key) + " is out of range for int64");
        continue;
      }
      (key == "minimum" ? field.minimum : field.maximum) = *bound;
    }
    if (field.minimum && field.maximum &&
        field.minimum->get<long double>() > field.maximum->get<long double>()) {
      error(reader.at("minimum"), "minimum " + field.minimum->dump() + " is greater than maximum " +
                                      field.maximum->dump());
    }
  }

  void read_enum_values(const ObjectReader& reader, ir::Field& field) {
    if (field.type != Type::kEnum) {
      return;
    }
    const Json* values = reader.get("values");
    if (values == nullptr) {
      if (!reader.written("values")) {
        error(reader.at(), "enum field \"" + field.name.text + "\" needs \"values\"");
      }
      return;
    }
    if (values->empty()) {
      error(reader.at("values"), "enum values must not be empty");
    }
    std::map<std::string, std::string> enumerators;
    for (std::size_t i = 0; i < values->size(); ++i) {
      const Json& value = (*values)[i];
      SourceLocation at = document_.at(pointer_append(reader.pointer("values"), i));
      if (!value.is_string() || value.get<std::string>().empty()) {
        error(at, "enum value must be a non-empty string");
        continue;
      }
      std::string text = value.get<std::string>();
      if (text.find('\0') != std::string::npos) {
        error(at, "enum value contains U+0000, which PostgreSQL cannot store");
        continue;
      }
      std::string enumerator = enumerator_name(text);
      auto [previous, inserted] = enumerators.emplace(enumerator, text);
      if (!inserted) {
        error(at, enum_collision(text, previous->second, enumerator));
        continue;
      }
      field.values.push_back({text, enumerator});
    }
  }

  void read_ref(const ObjectReader& reader, ir::Field& field) {
    if (field.type != Type::kRef) {
      return;
    }
    if (!reader.written("model")) {
      error(reader.at(), "ref field \"" + field.name.text + "\" needs \"model\"");
    }
    field.ref_model = reader.string("model").value_or("");
    if (auto action = reader.string("onDelete")) {
      if (*action == "restrict") {
        field.on_delete = ir::OnDelete::kRestrict;
      } else if (*action == "cascade") {
        field.on_delete = ir::OnDelete::kCascade;
      } else if (*action == "setNull") {
        field.on_delete = ir::OnDelete::kSetNull;
        if (!field.optional) {
          error(reader.at("onDelete"), "onDelete \"setNull\" needs an optional field; make \"" +
                                           field.name.text + "\" optional or use \"restrict\"");
        }
      } else {
        error(reader.at("onDelete"), "unknown onDelete action \"" + *action +
                                         "\"; expected restrict, cascade or setNull" +
                                         did_you_mean(*action, kOnDeleteNames));
      }
    }
  }

  void check_flags(const ObjectReader& reader, const ir::Field& field) {
    if (field.read_only && field.write_only) {
      error(reader.at("writeOnly"), "a field cannot be both readOnly and writeOnly");
    }
    // The owner and tenant fields are set by the service from the caller's token.
    bool set_by_service = std::find(service_set_fields_.begin(), service_set_fields_.end(),
                                    field.name.text) != service_set_fields_.end();
    if (field.read_only && !field.optional && !reader.has("default") && !set_by_service) {
      error(reader.at("readOnly"),
            "a readOnly field must be optional or have a default: clients cannot set it");
    }
    if (field.write_only) {
      for (std::string_view key : {"unique", "sortable", "filterable"}) {
        if (reader.boolean(key).value_or(false)) {
          error(reader.at(key), "a writeOnly field cannot be " + std::string(key) +
                                    ": that would reveal its value");
        }
      }
    }
    if (!ir::field_type(field.type).comparable) {
      for (std::string_view key : {"sortable", "filterable"}) {
        if (reader.boolean(key).value_or(false)) {
          error(reader.at(key), "a " + std::string(ir::type_name(field.type)) +
                                    " field cannot be " + std::string(key) +
                                    ": JSON values have no order or equality the API can offer");
        }
      }
    }
  }

  // A reference's literal is checked once its target model is known.
  static std::optional<std::string> literal_problem(const ir::Field& field, const Json& value) {
    return field.type == Type::kRef ? std::nullopt : check_literal(field, value);
  }

  void read_default_and_example(const ObjectReader& reader, ir::Field& field) {
    if (const Json* value = reader.get("default")) {
      bool any_json = ir::field_type(field.type).literal == ir::LiteralForm::kAnyJson;
      if (value->is_object() && !any_json) {
        ObjectReader sql(document_, reader.pointer("default"), diagnostics_, kSqlDefaultKeys,
                         "an SQL default ({\"sql\": \"<expression>\"})");
        if (auto expression = sql.string("sql")) {
          if (expression->find_first_not_of(" \t\n") == std::string::npos) {
            error(sql.at("sql"), "SQL default expression is empty");
          } else if (expression->find(';') != std::string::npos) {
            error(sql.at("sql"), "SQL default expression must be one expression, without ';'");
          } else {
            field.default_value.sql_expression = expression;
          }
        }
      } else if (any_json && value->is_object() && value->size() == 1 && value->contains("sql") &&
                 (*value)["sql"].is_string()) {
        field.default_value.sql_expression = (*value)["sql"].get<std::string>();
      } else if (auto problem = literal_problem(field, *value)) {
        error(reader.at("default"), "default " + *problem);
      } else {
        field.default_value.literal = ir::Literal{*value};
      }
    }
    if (const Json* value = reader.get("example")) {
      if (auto problem = literal_problem(field, *value)) {
        error(reader.at("example"), "example " + *problem);
      } else {
        field.example = ir::Literal{*value};
      }
    }
  }

  void read_indexes(const ObjectReader& reader, ir::Model& model) {
    const Json* indexes = reader.get("indexes");
    if (indexes == nullptr) {
      return;
    }
    std::map<std::vector<std::string>, std::string> seen;
    for (std::size_t i = 0; i < indexes->size(); ++i) {
      std::string pointer = pointer_append(reader.pointer("indexes"), i);
      ObjectReader index_reader(document_, pointer, diagnostics_, kIndexKeys, "an index");
      const Json* fields = index_reader.get("fields");
      if (fields == nullptr) {
        continue;
      }
      ir::Index index;
      index.location = index_reader.at();
      index.unique = index_reader.boolean("unique").value_or(false);
      bool valid = true;
      if (fields->empty()) {
        error(index_reader.at("fields"), "an index needs at least one field");
        valid = false;
      }
      for (std::size_t j = 0; j < fields->size(); ++j) {
        SourceLocation at = document_.at(pointer_append(index_reader.pointer("fields"), j));
        const Json& entry = (*fields)[j];
        if (!entry.is_string()) {
          error(at, "index field must be a string, got " + std::string(json_kind_name(entry)));
          valid = false;
          continue;
        }
        std::string name = entry.get<std::string>();
        bool known = model.find_field(name) != nullptr || generated_columns(model).count(name) != 0;
        if (!known) {
          std::vector<std::string_view> candidates;
          for (const ir::Field& field : model.fields) {
            candidates.push_back(field.name.text);
          }
          error(at, "index names unknown field \"" + name + "\"" + did_you_mean(name, candidates));
          valid = false;
        } else if (std::find(index.fields.begin(), index.fields.end(), name) !=
                   index.fields.end()) {
          error(at, "index lists field \"" + name + "\" twice");
          valid = false;
        }
        index.fields.push_back(name);
      }
      if (!valid) {
        continue;
      }
      auto [previous, inserted] = seen.emplace(index.fields, pointer);
      if (!inserted) {
        error(index.location,
              "duplicate index on the same fields (first at " + previous->second + ")");
        continue;
      }
      std::string name = model.table.text;
      for (const std::string& field : index.fields) {
        name += "_" + field;
      }
      index.name = make_name(name + (index.unique ? "_key" : "_idx"));
      model.indexes.push_back(std::move(index));
    }
  }

  // Fields that have an index can be filtered and sorted cheaply, so the API always allows it.
  static void derive_query_capabilities(ir::Model& model) {
    std::set<std::string> indexed;
    for (const ir::Index& index : model.indexes) {
      indexed.insert(index.fields.front());
    }
    for (ir::Field& field : model.fields) {
      bool implied = field.unique || field.index || field.type == Type::kRef ||
                     indexed.count(field.name.text) != 0;
      if (implied && !field.write_only && ir::field_type(field.type).comparable) {
        field.sortable = true;
        field.filterable = true;
      }
    }
  }

  void derive_constraint_names(ir::Model& model) {
    const std::string& table = model.table.text;
    for (ir::Field& field : model.fields) {
      const std::string base = table + "_" + field.name.text;
      if (field.unique) {
        field.unique_constraint = base + "_key";
        check_sql_length(field.location, "derived unique constraint name", field.unique_constraint);
      }
      if (field.index || field.type == Type::kRef) {
        field.index_name = base + "_idx";
        check_sql_length(field.location, "derived index name", field.index_name);
      }
      if (field.type == Type::kRef) {
        field.foreign_key_constraint = base + "_fkey";
        check_sql_length(field.location, "derived foreign key name", field.foreign_key_constraint);
      }
      if (field.type == Type::kEnum || field.minimum || field.maximum || field.min_length) {
        field.check_constraint = base + "_check";
        check_sql_length(field.location, "derived check constraint name", field.check_constraint);
      }
    }
    for (const ir::Index& index : model.indexes) {
      check_sql_length(index.location, "derived index name", index.name.text);
    }
  }

  const JsonDocument& document_;
  Diagnostics& diagnostics_;
  const ServiceAccess& access_;
  std::vector<std::string> service_set_fields_;
};

}  // namespace

std::optional<ir::Model> build_model(const JsonDocument& document, Diagnostics& diagnostics,
                                     const ServiceAccess& access) {
  return ModelBuilder(document, diagnostics, access).build();
}

std::vector<AcceptedKeys> model_file_keys() {
  std::vector<AcceptedKeys> tables = {{"model", kModelKeys},
                                      {"primaryKey", kPrimaryKeyKeys},
                                      {"field", kFieldKeys},
                                      {"index", kIndexKeys},
                                      {"sqlDefault", kSqlDefaultKeys}};
  for (const AcceptedKeys& table : model_access_keys()) {
    tables.push_back(table);
  }
  return tables;
}

}  // namespace svcgen
