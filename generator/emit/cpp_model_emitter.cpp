#include "emit/cpp_model_emitter.hpp"

#include <algorithm>
#include <set>

#include "emit/cpp_text.hpp"
#include "emit/file_header.hpp"
#include "ir/names.hpp"
#include "migrate/schema.hpp"
#include "svcgen/text.hpp"

namespace svcgen {
namespace {

using ir::Type;

bool needs_runtime_types(Type type) {
  return type == Type::kDecimal || type == Type::kUuid || type == Type::kTimestamp ||
         type == Type::kDate || type == Type::kTime || type == Type::kBytes;
}

// Everything the C++ emission needs to know about one column of the API, in one place.
struct Column {
  const ir::Field* field = nullptr;  // null for generated columns
  std::string json;                  // API name
  std::string member;                // C++ member name
  std::string sql;                   // quoted column
  std::string cpp_type;              // value type
  std::string cast;                  // SQL type of a bound value
  Type type = Type::kString;
  bool nullable = false;
  bool selected = true;  // write-only columns are never read back
};

std::string sql_cast(Type type, Type ref_key_type) {
  switch (type) {
    case Type::kString:
    case Type::kText:
    case Type::kEnum:
      return "text";
    case Type::kInt32:
      return "integer";
    case Type::kInt64:
      return "bigint";
    case Type::kFloat32:
      return "real";
    case Type::kFloat64:
      return "double precision";
    case Type::kDecimal:
      return "numeric";
    case Type::kBool:
      return "boolean";
    case Type::kUuid:
      return "uuid";
    case Type::kTimestamp:
      return "timestamptz";
    case Type::kDate:
      return "date";
    case Type::kTime:
      return "time";
    case Type::kJson:
      return "jsonb";
    case Type::kBytes:
      return "bytea";
    case Type::kRef:
      return sql_cast(ref_key_type, ref_key_type);
  }
  return "text";
}

std::string select_expression(const Column& column) {
  if (column.type == Type::kTimestamp) {
    return "to_char(" + column.sql + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
  }
  if (column.type == Type::kBytes) {
    return "translate(encode(" + column.sql + ", 'base64'), E'\\n', '')";
  }
  return column.sql;
}

std::string value_kind(Type type) {
  switch (type) {
    case Type::kString:
    case Type::kText:
      return "kString";
    case Type::kInt32:
    case Type::kInt64:
      return "kInteger";
    case Type::kFloat32:
    case Type::kFloat64:
      return "kFloat";
    case Type::kDecimal:
      return "kDecimal";
    case Type::kBool:
      return "kBool";
    case Type::kUuid:
      return "kUuid";
    case Type::kTimestamp:
      return "kTimestamp";
    case Type::kDate:
      return "kDate";
    case Type::kTime:
      return "kTime";
    case Type::kEnum:
      return "kEnum";
    case Type::kBytes:
    case Type::kJson:
      return "kBytes";
    case Type::kRef:
      return "kInteger";
  }
  return "kString";
}

// Breaks SQL into lines of at most `width` characters at spaces outside quotes, for a raw
// string literal that clang-format leaves alone.
std::string wrap_sql(const std::string& sql, std::size_t width) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      word += c;
      if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      word += c;
    } else if (c == ' ') {
      if (!word.empty()) {
        words.push_back(word);
      }
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) {
    words.push_back(word);
  }
  std::string text;
  std::string line;
  for (const std::string& piece : words) {
    if (!line.empty() && line.size() + 1 + piece.size() > width) {
      text += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + piece;
  }
  return text + line;
}

std::string raw_literal(const std::string& text) {
  std::string delimiter = "sql";
  while (text.find(")" + delimiter + "\"") != std::string::npos) {
    delimiter += "x";
  }
  return "R\"" + delimiter + "(\n" + text + ")" + delimiter + "\"";
}

std::string statement_constant(const std::string& constant, const std::string& name,
                               const std::string& sql) {
  return "const svcgen::Statement " + constant + "{\"" + name + "\", " +
         raw_literal(wrap_sql(sql, 96)) + "};\n";
}

// `lhs = rhs;` at `indent`, broken after '=' the way clang-format does when it does not fit.
std::string assignment(const std::string& indent, const std::string& lhs, const std::string& rhs) {
  std::string line = indent + lhs + " = " + rhs + ";";
  if (line.size() <= 100) {
    return line;
  }
  return indent + lhs + " =\n" + indent + "    " + rhs + ";";
}

// A constant holding one name per line, as a raw string: formatters never reflow it, however
// many or long the names.
std::string string_list(const std::string& name, const std::vector<std::string>& values) {
  std::string text;
  for (const std::string& value : values) {
    text += (text.empty() ? "" : "\n") + value;
  }
  std::string delimiter = "(";
  std::string tag;
  while (text.find(")" + tag + "\"") != std::string::npos) {
    tag += "x";
  }
  return assignment("", "constexpr std::string_view " + name,
                    "R\"" + tag + "(" + text + ")" + tag + "\"");
}

class ModelView {
 public:
  ModelView(const ir::Service& service, const ir::Model& model) : service_(service), model_(model) {
    const ir::PrimaryKey& key = model.primary_key;
    key_ = {nullptr,
            key.name.text,
            key.name.cpp,
            key.name.sql,
            cpp::key_type(key.type),
            key.type == Type::kUuid ? "uuid" : "bigint",
            key.type,
            false,
            true};
    columns_.push_back(key_);
    for (const ir::Field& field : model.fields) {
      Column column{&field,
                    field.name.text,
                    field.name.cpp,
                    field.name.sql,
                    cpp::value_type(model, field),
                    sql_cast(field.type, field.ref_key_type),
                    field.type == Type::kRef ? field.ref_key_type : field.type,
                    field.optional,
                    !field.write_only};
      if (field.type == Type::kEnum) {
        column.type = Type::kEnum;
      }
      columns_.push_back(column);
    }
    if (model.timestamps) {
      for (const char* name : {"created_at", "updated_at"}) {
        columns_.push_back({nullptr, name, name, name, "svcgen::Timestamp", "timestamptz",
                            Type::kTimestamp, false, true});
      }
    }
    if (model.optimistic_locking) {
      columns_.push_back({nullptr, "version", "version", "version", "std::int64_t", "bigint",
                          Type::kInt64, false, true});
    }
  }

  Json view() const;

 private:
  std::vector<const Column*> selected() const {
    std::vector<const Column*> result;
    for (const Column& column : columns_) {
      if (column.selected) {
        result.push_back(&column);
      }
    }
    return result;
  }

  std::string select_list() const {
    std::string text;
    for (const Column* column : selected()) {
      text += (text.empty() ? "" : ", ") + select_expression(*column);
    }
    return text;
  }

  std::string live() const { return model_.soft_delete ? " AND deleted_at IS NULL" : ""; }

  std::string key_condition() const { return key_.sql + " = $1::" + key_.cast + live(); }

  std::vector<const ir::Field*> writable() const {
    std::vector<const ir::Field*> fields;
    for (const ir::Field& field : model_.fields) {
      if (!field.read_only) {
        fields.push_back(&field);
      }
    }
    return fields;
  }

  const ir::Model* soft_deleting_target(const ir::Field& field) const {
    if (field.type != Type::kRef) {
      return nullptr;
    }
    const ir::Model* target = service_.find_model(field.ref_model);
    return target && target->soft_delete ? target : nullptr;
  }

  std::string reference_exists(const ir::Field& field, const std::string& value) const {
    const ir::Model* target = soft_deleting_target(field);
    return "EXISTS (SELECT 1 FROM " + target->table.sql + " WHERE " + target->primary_key.name.sql +
           " = " + value + " AND deleted_at IS NULL)";
  }

  static std::string default_sql(const ir::Field& field) {
    return migrate::column_default_sql(field).value_or("NULL");
  }

  std::string insert_sql() const {
    std::string columns;
    std::string values;
    std::vector<std::string> checks;
    int parameter = 1;
    for (const ir::Field* field : writable()) {
      std::string value = concat(
          {"$", std::to_string(parameter++), "::", sql_cast(field->type, field->ref_key_type)});
      if (field->default_value.present()) {
        std::string flag = concat({"$", std::to_string(parameter++), "::boolean"});
        value =
            concat({"CASE WHEN ", flag, " THEN ", value, " ELSE ", default_sql(*field), " END"});
      }
      if (soft_deleting_target(*field)) {
        checks.push_back(
            concat({"(", value, " IS NULL OR ", reference_exists(*field, value), ")"}));
      }
      columns += (columns.empty() ? "" : ", ") + field->name.sql;
      values += (values.empty() ? "" : ", ") + value;
    }
    std::string sql = "INSERT INTO " + model_.table.sql;
    if (columns.empty()) {
      sql += " DEFAULT VALUES";
    } else if (checks.empty()) {
      sql += " (" + columns + ") VALUES (" + values + ")";
    } else {
      std::string where;
      for (const std::string& check : checks) {
        where += (where.empty() ? "" : " AND ") + check;
      }
      sql += " (" + columns + ") SELECT " + values + " WHERE " + where;
    }
    return sql + " RETURNING " + select_list();
  }

  std::string update_sql() const {
    std::string sets;
    std::vector<std::string> checks;
    int parameter = 1;
    for (const ir::Field* field : writable()) {
      std::string mode = concat({"$", std::to_string(parameter++), "::integer"});
      std::string value = concat(
          {"$", std::to_string(parameter++), "::", sql_cast(field->type, field->ref_key_type)});
      const std::string& column = field->name.sql;
      sets += concat({sets.empty() ? "" : ", ", column, " = CASE ", mode, " WHEN 0 THEN ", column,
                      " WHEN 1 THEN ", value, " ELSE ", default_sql(*field), " END"});
      if (soft_deleting_target(*field)) {
        checks.push_back(concat(
            {"(", mode, " <> 1 OR ", value, " IS NULL OR ", reference_exists(*field, value), ")"}));
      }
    }
    if (model_.timestamps) {
      sets += std::string(sets.empty() ? "" : ", ") + "updated_at = clock_timestamp()";
    }
    if (model_.optimistic_locking) {
      sets += std::string(sets.empty() ? "" : ", ") + "version = version + 1";
    }
    if (sets.empty()) {
      sets = key_.sql + " = " + key_.sql;
    }
    std::string key = "$" + std::to_string(parameter++) + "::" + key_.cast;
    std::string sql =
        "UPDATE " + model_.table.sql + " SET " + sets + " WHERE " + key_.sql + " = " + key + live();
    if (model_.optimistic_locking) {
      sql += version_condition(parameter++);
    }
    for (const std::string& check : checks) {
      sql += " AND " + check;
    }
    return sql + " RETURNING " + select_list();
  }

  // The If-Match condition of a write: the version given, or any for svcgen::kAnyVersion (-1).
  static std::string version_condition(int parameter) {
    std::string version = "$" + std::to_string(parameter) + "::bigint";
    return " AND (" + version + " = -1 OR version = " + version + ")";
  }

  std::string delete_sql() const {
    std::string version = model_.optimistic_locking ? version_condition(2) : "";
    if (model_.soft_delete) {
      return "UPDATE " + model_.table.sql + " SET deleted_at = clock_timestamp()" +
             (model_.timestamps ? ", updated_at = clock_timestamp()" : "") + " WHERE " +
             key_condition() + version;
    }
    return "DELETE FROM " + model_.table.sql + " WHERE " + key_condition() + version;
  }

  std::string rule(const ir::Field& field) const {
    auto literal = [](const std::optional<nlohmann::ordered_json>& bound) {
      return bound ? cpp::string_literal(bound->dump()) : std::string("\"\"");
    };
    auto length = [](const std::optional<std::int64_t>& value) {
      return value ? std::to_string(*value) : std::string("std::nullopt");
    };
    std::vector<std::string> parts = {
        length(field.min_length),
        length(field.max_length),
        field.pattern_re2 ? "&" + pattern_name(field) : "nullptr",
        literal(field.minimum),
        literal(field.maximum),
        std::to_string(field.type == Type::kDecimal ? field.precision : 0),
        std::to_string(field.type == Type::kDecimal ? field.scale : 0)};
    return cpp::wrap_call("", "constexpr svcgen::Rule " + rule_name(field), parts, ";", '{', '}');
  }

  // The compiled pattern a rule points to: built once, before main, and shared by all threads.
  // The model's text is kept for messages; RE2 runs the translation.
  static std::string pattern(const ir::Field& field) {
    const std::string& source = *field.pattern;
    bool printable = std::all_of(source.begin(), source.end(),
                                 [](char c) { return static_cast<unsigned char>(c) >= 0x20; });
    std::string name = pattern_name(field);
    return assignment("", "constexpr std::string_view " + name + "Source",
                      printable ? raw_literal_inline(source) : cpp::string_literal(source)) +
           "\n" +
           assignment("", "constexpr std::string_view " + name + "Re2",
                      raw_literal_inline(*field.pattern_re2)) +
           "\n" +
           cpp::wrap_call("", "const svcgen::Pattern " + name, {name + "Source", name + "Re2"}, ";",
                          '{', '}');
  }

  static std::string pattern_name(const ir::Field& field) { return "k" + field.pascal + "Pattern"; }

  static std::string raw_literal_inline(const std::string& text) {
    std::string delimiter = "re";
    while (text.find(")" + delimiter + "\"") != std::string::npos) {
      delimiter += "x";
    }
    return "R\"" + delimiter + "(" + text + ")" + delimiter + "\"";
  }

  static std::string rule_name(const ir::Field& field) { return "k" + field.pascal + "Rule"; }

  // `auto value = in.<reader>(...);` for the field, laid out like clang-format would.
  std::string reader_call(const ir::Field& field) const {
    std::string name = cpp::string_literal(field.name.text);
    std::string reader;
    std::vector<std::string> args = {name};
    switch (field.type) {
      case Type::kString:
      case Type::kText:
        reader = "string";
        break;
      case Type::kInt32:
        reader = "int32";
        break;
      case Type::kInt64:
        reader = "int64";
        break;
      case Type::kFloat32:
        reader = "float32";
        break;
      case Type::kFloat64:
        reader = "float64";
        break;
      case Type::kDecimal:
        reader = "decimal";
        break;
      case Type::kBool:
        reader = "boolean";
        break;
      case Type::kUuid:
        reader = "uuid";
        break;
      case Type::kTimestamp:
        reader = "timestamp";
        break;
      case Type::kDate:
        reader = "date";
        break;
      case Type::kTime:
        reader = "time";
        break;
      case Type::kJson:
        reader = "json";
        break;
      case Type::kBytes:
        reader = "bytes";
        break;
      case Type::kEnum:
        reader = "enumeration";
        args.push_back("&parse_" + model_.snake + "_" + field.name.text);
        args.push_back("k" + field.pascal + "Allowed");
        break;
      case Type::kRef:
        reader = field.ref_key_type == Type::kUuid ? "uuid" : "int64";
        if (reader == "int64") {
          args.push_back("kNoRule");
        }
        break;
    }
    bool ruled = field.type == Type::kString || field.type == Type::kText ||
                 field.type == Type::kInt32 || field.type == Type::kInt64 ||
                 field.type == Type::kFloat32 || field.type == Type::kFloat64 ||
                 field.type == Type::kDecimal;
    if (ruled) {
      args.push_back(rule_name(field));
    }
    return cpp::wrap_call("    ", "auto value = in." + reader, args, ";");
  }

  bool required_on_create(const ir::Field& field) const {
    return !field.optional && !field.default_value.present();
  }

  std::string input_type(const ir::Field& field) const {
    return "svcgen::Input<" + cpp::value_type(model_, field) + ">";
  }

  Json members(const std::string& kind) const {
    Json list = Json::array();
    for (const ir::Field* field : writable()) {
      bool plain = kind != "patch" && required_on_create(*field) &&
                   !(kind == "replace" && field->write_only);
      std::string type = plain ? cpp::value_type(model_, *field) : input_type(*field);
      bool scalar = plain && (field->type == Type::kInt32 || field->type == Type::kInt64 ||
                              field->type == Type::kFloat32 || field->type == Type::kFloat64 ||
                              field->type == Type::kBool || field->type == Type::kEnum ||
                              (field->type == Type::kRef && field->ref_key_type == Type::kInt64));
      list.push_back({{"declaration", type + " " + field->name.cpp + (scalar ? "{};" : ";")}});
    }
    return list;
  }

  std::string decode(const std::string& kind) const {
    std::string text;
    for (const ir::Field* field : writable()) {
      std::string target = "input." + field->name.cpp;
      std::string name = cpp::string_literal(field->name.text);
      bool plain = kind != "patch" && required_on_create(*field) &&
                   !(kind == "replace" && field->write_only);
      std::string value = plain              ? "in.required(" + name + ", value)"
                          : !field->optional ? "in.not_null(" + name + ", value)"
                                             : "value";
      text += "  {\n" + reader_call(*field) + "\n" + assignment("    ", target, value) + "\n  }\n";
    }
    return trim(text);
  }

  std::string create_params() const {
    std::string text;
    for (const ir::Field* field : writable()) {
      std::string value = "input." + field->name.cpp;
      text += "  params.push_back(svcgen::pg_param(" + value + "));\n";
      if (field->default_value.present()) {
        text += "  params.push_back(svcgen::pg_flag(" + value + "));\n";
      }
    }
    return trim(text);
  }

  // Mode and value for UPDATE: 0 keep, 1 set (null included), 2 reset to the default.
  std::string update_params(bool replace) const {
    std::string text;
    for (const ir::Field* field : writable()) {
      std::string value = "input." + field->name.cpp;
      bool plain = replace && required_on_create(*field) && !field->write_only;
      std::string mode;
      if (plain) {
        mode = "\"1\"";
      } else if (replace && !field->write_only) {
        mode =
            value + ".absent() ? \"" + (field->default_value.present() ? "2" : "1") + "\" : \"1\"";
      } else {
        mode = value + ".absent() ? \"0\" : \"1\"";
      }
      text += wrap_statement("  ", "params.emplace_back(" + mode + ");") + "\n";
      text += wrap_statement("  ", "params.push_back(svcgen::pg_param(" + value + "));") + "\n";
    }
    return trim(text);
  }

  static std::string wrap_statement(const std::string& indent, const std::string& statement) {
    std::string line = indent + statement;
    if (line.size() <= 100) {
      return line;
    }
    std::size_t open = statement.find('(');
    return cpp::wrap_call(indent, statement.substr(0, open),
                          {statement.substr(open + 1, statement.size() - open - 3)}, ";");
  }

  static std::string trim(std::string text) {
    while (!text.empty() && text.back() == '\n') {
      text.pop_back();
    }
    return text;
  }

  std::string from_row() const {
    std::string text;
    int index = 0;
    for (const Column* column : selected()) {
      std::string cell = "rows.text(row, " + std::to_string(index) + ")";
      std::string value;
      if (column->type == Type::kEnum) {
        value =
            "svcgen::from_pg_enum(" + cell + ", &parse_" + model_.snake + "_" + column->json + ")";
      } else {
        value = "svcgen::from_pg<" + column->cpp_type + ">(" + cell + ")";
      }
      std::string target = "model." + column->member;
      if (column->nullable) {
        text += "  if (!rows.is_null(row, " + std::to_string(index) + ")) {\n" +
                assignment("    ", target, value) + "\n  }\n";
      } else {
        text += assignment("  ", target, value) + "\n";
      }
      ++index;
    }
    return trim(text);
  }

  std::string write_json() const {
    std::string text;
    std::vector<const Column*> columns = selected();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i]->json == "version" && !columns[i]->field) {
        continue;  // the version travels in the ETag
      }
      text += "  write_json_value(out.key(" + cpp::string_literal(columns[i]->json) + "), model." +
              columns[i]->member + ");\n";
    }
    return trim(text);
  }

  std::string list_spec() const;

  std::string routes() const {
    std::string text;
    auto add = [&](ir::Operation operation, const std::string& line) {
      if (model_.has(operation)) {
        text += "  " + line + "\n";
      }
    };
    add(ir::Operation::kCreate,
        "router.add(\"POST\", collection, route_to(handlers, &Handlers::create), kJsonBody);");
    add(ir::Operation::kRead, "router.add(\"GET\", item, route_to(handlers, &Handlers::read));");
    add(ir::Operation::kUpdate,
        "router.add(\"PUT\", item, route_to(handlers, &Handlers::replace), kJsonBody);");
    add(ir::Operation::kUpdate,
        "router.add(\"PATCH\", item, route_to(handlers, &Handlers::patch), kPatchBody);");
    add(ir::Operation::kDelete,
        "router.add(\"DELETE\", item, route_to(handlers, &Handlers::remove));");
    add(ir::Operation::kList,
        "router.add(\"GET\", collection, route_to(handlers, &Handlers::list));");
    return trim(text);
  }

  const ir::Service& service_;
  const ir::Model& model_;
  Column key_;
  std::vector<Column> columns_;
};

Json enum_view(const ir::Model& model, const ir::Field& field) {
  std::string type_name = cpp::enum_type_name(model, field);
  Json members = Json::array();
  for (const ir::EnumMember& member : field.values) {
    members.push_back({{"enumerator", member.cpp},
                       {"qualified", type_name + "::" + member.cpp},
                       {"literal", cpp::string_literal(member.value)}});
  }
  return {{"comment", cpp::comment(field.description, "")},
          {"name", type_name},
          {"parse_function", "parse_" + model.snake + "_" + field.name.text},
          {"members", members}};
}

Json member_view(const ir::Model& model, const ir::Field& field) {
  std::string type = cpp::value_type(model, field);
  bool scalar = field.type == Type::kInt32 || field.type == Type::kInt64 ||
                field.type == Type::kFloat32 || field.type == Type::kFloat64 ||
                field.type == Type::kBool || field.type == Type::kEnum ||
                (field.type == Type::kRef && field.ref_key_type == Type::kInt64);
  std::string declaration = field.optional ? "std::optional<" + type + "> " + field.name.cpp + ";"
                                           : type + " " + field.name.cpp + (scalar ? "{};" : ";");
  std::string text = field.description;
  if (field.deprecated) {
    text += std::string(text.empty() ? "" : "\n") + "Deprecated.";
  }
  return {{"comment", cpp::comment(text, "  ")}, {"declaration", declaration}};
}

Json model_view(const ir::Service& service, const ir::Model& model) {
  std::set<std::string> system_includes = {"cstdint", "nlohmann/json.hpp", "optional",
                                           "string",  "string_view",       "vector"};
  bool runtime_types = model.primary_key.type == Type::kUuid;
  Json enums = Json::array();
  Json members = Json::array();
  ir::Field key;
  key.name = model.primary_key.name;
  key.type = model.primary_key.type;
  members.push_back(member_view(model, key));
  for (const ir::Field& field : model.fields) {
    if (field.optional) {
      system_includes.insert("optional");
    }
    if (field.type == Type::kString || field.type == Type::kText) {
      system_includes.insert("string");
    }
    if (field.type == Type::kJson) {
      system_includes.insert("nlohmann/json.hpp");
    }
    if (field.type == Type::kEnum) {
      system_includes.insert({"optional", "string_view"});
      enums.push_back(enum_view(model, field));
    }
    runtime_types = runtime_types || needs_runtime_types(field.type) ||
                    (field.type == Type::kRef && field.ref_key_type == Type::kUuid);
    members.push_back(member_view(model, field));
  }
  if (model.timestamps) {
    runtime_types = true;
    members.push_back({{"comment", ""}, {"declaration", "svcgen::Timestamp created_at;"}});
    members.push_back({{"comment", ""}, {"declaration", "svcgen::Timestamp updated_at;"}});
  }
  if (model.soft_delete) {
    runtime_types = true;
    system_includes.insert("optional");
    members.push_back(
        {{"comment", ""}, {"declaration", "std::optional<svcgen::Timestamp> deleted_at;"}});
  }
  if (model.optimistic_locking) {
    members.push_back({{"comment", ""}, {"declaration", "std::int64_t version{};"}});
  }
  std::string includes;
  for (const std::string& include : system_includes) {
    includes += (includes.empty() ? "" : "\n") + ("#include <" + include + ">");
  }
  (void)runtime_types;
  includes +=
      "\n\n#include \"svcgen/crud.hpp\"\n#include \"svcgen/json_writer.hpp\"\n"
      "#include \"svcgen/service.hpp\"\n#include \"svcgen/types.hpp\"\n"
      "#include \"svcgen/values.hpp\"";
  Json view = ModelView(service, model).view();
  Json result = {{"header", generated_header("//", {model.source})},
                 {"namespace", service.cpp_namespace},
                 {"includes", includes},
                 {"enums", enums},
                 {"comment", cpp::comment(model.description, "")},
                 {"struct_name", model.name},
                 {"members", members}};
  for (auto& [key, value] : view.items()) {
    result[key] = value;
  }
  result["variable"] = "model";
  result["table"] = model.table.text;
  return result;
}

std::string ModelView::list_spec() const {
  std::string text;
  std::vector<const Column*> columns = selected();
  std::string entries;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& column = *columns[i];
    const ir::Field* field = column.field;
    bool is_key = !field && column.json == key_.json;
    bool sortable = is_key || (field && field->sortable) ||
                    (!field && (column.json == "created_at" || column.json == "updated_at"));
    bool filterable = is_key || (field && field->filterable) ||
                      (!field && (column.json == "created_at" || column.json == "updated_at"));
    if (!sortable && !filterable) {
      continue;
    }
    std::string values = "\"\"";
    if (field && field->type == Type::kEnum) {
      values = "k" + field->pascal + "Values";
      std::vector<std::string> members;
      for (const ir::EnumMember& member : field->values) {
        members.push_back(member.value);
      }
      text += string_list(values, members) + "\n";
    }
    std::string low = "0";
    std::string high = "0";
    if (column.type == Type::kInt32) {
      low = "INT32_MIN";
      high = "INT32_MAX";
    } else if (column.type == Type::kInt64) {
      low = "INT64_MIN";
      high = "INT64_MAX";
    }
    std::vector<std::string> parts = {cpp::string_literal(column.json),
                                      cpp::string_literal(column.sql),
                                      cpp::string_literal(column.cast),
                                      "svcgen::ValueKind::" + value_kind(column.type),
                                      column.nullable ? "true" : "false",
                                      sortable ? "true" : "false",
                                      filterable ? "true" : "false",
                                      std::to_string(i),
                                      values,
                                      low,
                                      high};
    entries += cpp::wrap_call("    ", "svcgen::list_field", parts, ",") + "\n";
  }
  text += "constexpr svcgen::ListField kListFields[] = {\n" + entries + "};\n";
  std::string select = "SELECT " + select_list() + " FROM " + model_.table.sql;
  text += "constexpr std::string_view kListSelect = " + raw_literal(wrap_sql(select, 96)) + ";\n";
  text += cpp::wrap_call(
              "", "constexpr svcgen::ListSpec kList",
              {"kModelName", "kListSelect", model_.soft_delete ? "\"deleted_at IS NULL\"" : "\"\"",
               "&kListFields[0]", "kListFields"},
              ";", '{', '}') +
          "\n";
  return text;
}

Json ModelView::view() const {
  std::string name = model_.name;
  std::string key_param = key_.cpp_type == "std::int64_t" ? "std::int64_t key" : "std::string key";
  std::string key_text = key_.cpp_type == "std::int64_t" ? "std::to_string(key)" : "key";
  std::string display = names::snake_case(model_.name);
  for (char& c : display) {
    c = c == '_' ? ' ' : c;
  }

  std::string rules = "[[maybe_unused]] constexpr svcgen::Rule kNoRule{};\n";
  for (const ir::Field* field : writable()) {
    if (field->type == Type::kEnum) {
      std::string allowed;
      for (const ir::EnumMember& member : field->values) {
        allowed += (allowed.empty() ? "" : ", ") + member.value;
      }
      rules += assignment("", "constexpr std::string_view k" + field->pascal + "Allowed",
                          ModelView::raw_literal_inline(allowed)) +
               "\n";
    }
    if (field->type == Type::kString || field->type == Type::kText || field->type == Type::kInt32 ||
        field->type == Type::kInt64 || field->type == Type::kFloat32 ||
        field->type == Type::kFloat64 || field->type == Type::kDecimal) {
      if (field->pattern_re2) {
        rules += pattern(*field) + "\n";
      }
      rules += rule(*field) + "\n";
    }
  }
  std::vector<std::string> writable_names;
  for (const ir::Field* field : writable()) {
    writable_names.push_back(field->name.text);
  }
  std::vector<std::string> read_only_names = {key_.json};
  for (const ir::Field& field : model_.fields) {
    if (field.read_only) {
      read_only_names.push_back(field.name.text);
    }
  }
  if (model_.timestamps) {
    read_only_names.insert(read_only_names.end(), {"created_at", "updated_at"});
  }

  std::string statements =
      statement_constant(
          "kFind", model_.snake + "_find",
          "SELECT " + select_list() + " FROM " + model_.table.sql + " WHERE " + key_condition()) +
      statement_constant("kCreate", model_.snake + "_create", insert_sql()) +
      statement_constant("kUpdate", model_.snake + "_update", update_sql()) +
      statement_constant("kDelete", model_.snake + "_delete", delete_sql()) +
      statement_constant("kVersion", model_.snake + "_version",
                         "SELECT " + std::string(model_.optimistic_locking ? "version" : key_.sql) +
                             " FROM " + model_.table.sql + " WHERE " + key_condition());

  // Both translation units of a model start with these; each uses only some of them.
  std::string aliases = "using Model = " + name + ";\nusing Create = " + name +
                        "Create;\nusing Replace = " + name + "Replace;\nusing Patch = " + name +
                        "Patch;\nusing Repository = " + name +
                        "Repository;\nusing Hooks = " + name +
                        "Hooks;\nusing Key = " + key_param.substr(0, key_param.size() - 4) + ";\n" +
                        assignment("", "[[maybe_unused]] constexpr auto decode_create",
                                   "&decode_" + model_.snake + "_create") +
                        "\n" +
                        assignment("", "[[maybe_unused]] constexpr auto decode_replace",
                                   "&decode_" + model_.snake + "_replace") +
                        "\n" +
                        assignment("", "[[maybe_unused]] constexpr auto decode_patch",
                                   "&decode_" + model_.snake + "_patch") +
                        "\n";
  std::string messages =
      assignment("", "const std::string kNotFound",
                 cpp::string_literal("no " + display + " with " + key_.json + " ")) +
      "\n" +
      assignment("", "const std::string kInvalid",
                 cpp::string_literal("the " + display + " is not valid")) +
      "\n" +
      assignment("", "const std::string kStale",
                 cpp::string_literal("the " + display + " changed since the ETag in If-Match")) +
      "\n" +
      assignment(
          "", "const std::string kReferenced",
          cpp::string_literal("the " + display + " is still referenced; delete those first: ")) +
      "\n" +
      assignment("", "[[maybe_unused]] constexpr std::string_view kModelName",
                 cpp::string_literal(model_.name)) +
      "\n" +
      assignment("", "[[maybe_unused]] constexpr std::string_view kKeyName",
                 cpp::string_literal(key_.json)) +
      "\n" +
      assignment("", "[[maybe_unused]] constexpr std::string_view kPath",
                 cpp::string_literal("/" + model_.path)) +
      "\n" +
      assignment("", "[[maybe_unused]] constexpr std::string_view kItemSuffix",
                 cpp::string_literal("/{" + key_.json + "}")) +
      "\n";

  std::string constraints;
  for (const ir::Field& field : model_.fields) {
    if (field.unique) {
      constraints +=
          cpp::wrap_call(
              "  ", "service.map_constraint",
              {cpp::string_literal(model_.table.text + "_" + field.name.text + "_key"),
               "{409, " + cpp::string_literal("/" + field.name.text) + ", " +
                   cpp::string_literal("another " + display + " has this " + field.name.text) +
                   "}"},
              ";") +
          "\n";
    }
    if (field.type == Type::kRef) {
      constraints +=
          cpp::wrap_call(
              "  ", "service.map_constraint",
              {cpp::string_literal(field.foreign_key_constraint),
               "{409, " + cpp::string_literal("/" + field.name.text) + ", " +
                   cpp::string_literal(field.name.text + " does not refer to an existing " +
                                       field.ref_model) +
                   "}"},
              ";") +
          "\n";
    }
  }

  std::string key_member = "model." + key_.member;
  std::string location_key =
      assignment("  ", "std::string key",
                 key_.cpp_type == "std::int64_t" ? "std::to_string(" + key_member + ")"
                                                 : key_member + ".str()");
  // Only models with optimistic locking read If-Match; the others get no such function.
  std::string write_version;
  if (model_.optimistic_locking) {
    write_version =
        "// The version a conditional write goes against: the If-Match tag when it names one, "
        "else (for\n// \"*\" and lists) the current version when If-Match accepts it, and 0 "
        "when it accepts none.\nsvcgen::Task<std::int64_t> write_version(svcgen::Db& db, const "
        "svcgen::Request& request, Key key) {\n  svcgen::IfMatch condition = "
        "svcgen::required_if_match(request);\n  if (std::optional<std::int64_t> single = "
        "condition.single()) {\n    co_return *single;\n  }\n" +
        assignment("  ", "svcgen::Rows current",
                   "co_await db.execute(kVersion, svcgen::params(" + key_text +
                       "), svcgen::Target::kWrite)") +
        "\n  if (current.empty()) {\n    co_return 0;\n  }\n  co_return "
        "condition.version_to_write(svcgen::from_pg<std::int64_t>(current.text(0, 0)));\n}\n\n";
  }
  std::string version_expression =
      model_.optimistic_locking ? "co_await write_version(service->db(), request, key)" : "0";

  std::string hooks;
  auto hook = [&](const std::string& signature, const std::string& body) {
    std::string line = "  " + signature + (body.empty() ? " {}" : " { " + body + " }");
    hooks += line.size() <= 100 ? line + "\n" : "  " + signature + " {\n    " + body + "\n  }\n";
  };
  for (const char* kind : {"Create", "Replace", "Patch"}) {
    hook("virtual void validate(const " + name + kind + "&, std::vector<svcgen::FieldError>&)", "");
  }
  hook("virtual svcgen::Task<void> before_create(" + name + "Create&, svcgen::Request&)",
       "co_return;");
  hook("virtual svcgen::Task<void> after_create(const " + name + "&, svcgen::Request&)",
       "co_return;");
  hook("virtual svcgen::Task<void> before_replace(" + name + "Replace&, svcgen::Request&)",
       "co_return;");
  hook("virtual svcgen::Task<void> before_patch(" + name + "Patch&, svcgen::Request&)",
       "co_return;");
  hook("virtual svcgen::Task<void> after_update(const " + name + "&, svcgen::Request&)",
       "co_return;");
  hook("virtual svcgen::Task<void> before_delete(svcgen::Request&)", "co_return;");
  hook("virtual svcgen::Task<void> after_delete(svcgen::Request&)", "co_return;");
  hooks = trim(hooks);

  std::string repository =
      cpp::wrap_call("  ", "svcgen::Task<std::optional<" + name + ">> find", {key_param}, ";") +
      "\n" +
      cpp::wrap_call("  ", "svcgen::Task<svcgen::WriteResult<" + name + ">> create",
                     {"const " + name + "Create& input"}, ";") +
      "\n" +
      cpp::wrap_call("  ", "svcgen::Task<svcgen::WriteResult<" + name + ">> replace",
                     {key_param, "const " + name + "Replace& input", "std::int64_t version"}, ";") +
      "\n" +
      cpp::wrap_call("  ", "svcgen::Task<svcgen::WriteResult<" + name + ">> patch",
                     {key_param, "const " + name + "Patch& input", "std::int64_t version"}, ";") +
      "\n" +
      cpp::wrap_call("  ", "svcgen::Task<svcgen::WriteStatus> remove",
                     {key_param, "std::int64_t version"}, ";") +
      "\n\n private:\n" +
      cpp::wrap_call("  ", "svcgen::Task<svcgen::WriteResult<" + name + ">> update",
                     {key_param, "svcgen::Params params", "std::int64_t version"}, ";");

  auto signature = [&](const std::string& kind, const std::string& tail) {
    return cpp::wrap_call(
        "",
        "std::optional<" + name + kind + "> decode_" + model_.snake + "_" + names::snake_case(kind),
        {"const nlohmann::json& body", "std::vector<svcgen::FieldError>& errors"}, tail);
  };

  Json crud = {
      {"collection_comment",
       cpp::comment("The body of POST " + service_.base_path + "/" + model_.path + ".", "")},
      {"replace_comment",
       cpp::comment("The body of PUT " + service_.base_path + "/" + model_.path + "/{" + key_.json +
                        "}: a full replacement. Left-out optional fields become null (or their "
                        "default); left-out write-only fields keep their value.",
                    "")},
      {"patch_comment",
       cpp::comment("The body of PATCH " + service_.base_path + "/" + model_.path + "/{" +
                        key_.json + "} (JSON merge patch): only the fields to change.",
                    "")},
      {"repository_comment", cpp::comment("Typed access to the " + model_.table.text +
                                              " table: one prepared statement per operation.",
                                          "")},
      {"create_members", members("create")},
      {"replace_members", members("replace")},
      {"patch_members", members("patch")},
      {"write_json_declaration",
       cpp::wrap_call("", "void write_json",
                      {"svcgen::JsonWriter& out", "const " + name + "& model"}, ";")},
      {"decode_create_declaration", signature("Create", ";")},
      {"decode_replace_declaration", signature("Replace", ";")},
      {"decode_patch_declaration", signature("Patch", ";")},
      {"repository_declarations", repository},
      {"hooks", hooks},
      {"install_declaration",
       cpp::wrap_call("", "void install_" + model_.snake,
                      {"svcgen::Service& service", name + "Hooks& hooks"}, ";")},
  };

  std::string patch_types = "{{\"application/merge-patch+json\", \"application/json\"}}";
  return {{"crud", crud},
          {"snake", model_.snake},
          {"aliases", aliases},
          {"messages", messages},
          {"rules", rules},
          {"writable", string_list("kWritable", writable_names)},
          {"read_only", string_list("kReadOnly", read_only_names)},
          {"statements", statements},
          {"list_spec", list_spec()},
          {"from_row", from_row()},
          {"create_params", create_params()},
          {"replace_params", update_params(true)},
          {"patch_params", update_params(false)},
          {"location_key", location_key},
          {"locking", model_.optimistic_locking},
          {"write_version", write_version},
          {"parse_key",
           key_.cpp_type == "std::int64_t" ? "svcgen::parse_int64_key" : "svcgen::parse_uuid_key"},
          {"write_json", write_json()},
          {"decode_create_signature",
           signature("Create", " {").substr(0, signature("Create", " {").size() - 2)},
          {"decode_replace_signature",
           signature("Replace", " {").substr(0, signature("Replace", " {").size() - 2)},
          {"decode_patch_signature",
           signature("Patch", " {").substr(0, signature("Patch", " {").size() - 2)},
          {"decode_create", decode("create")},
          {"decode_replace", decode("replace")},
          {"decode_patch", decode("patch")},
          {"key_text", key_text},
          {"stale_condition",
           model_.optimistic_locking
               ? "version != svcgen::kAnyVersion && current.text(0, 0) != std::to_string(version)"
               : "false"},
          {"remove_signature",
           cpp::wrap_call("", "svcgen::Task<svcgen::WriteStatus> Repository::remove",
                          {"Key key", "std::int64_t version"}, " {")
               .substr(0, cpp::wrap_call("", "svcgen::Task<svcgen::WriteStatus> Repository::remove",
                                         {"Key key", "std::int64_t version"}, " {")
                                  .size() -
                              2)},
          {"install_signature",
           cpp::wrap_call("", "void install_" + model_.snake,
                          {"svcgen::Service& service", "Hooks& hooks"}, " {")
               .substr(0, cpp::wrap_call("", "void install_" + model_.snake,
                                         {"svcgen::Service& service", "Hooks& hooks"}, " {")
                                  .size() -
                              2)},
          {"constraints", constraints},
          {"routes", routes()},
          {"delete_call",
           model_.optimistic_locking
               ? "  svcgen::Rows rows = co_await db_.execute(kDelete, svcgen::params(" + key_text +
                     ", std::to_string(version)),\n                                           "
                     "svcgen::Target::kWrite);"
           : key_text == "key"
               ? "  (void)version;\n  svcgen::Rows rows = co_await db_.execute(kDelete, "
                 "svcgen::params(key), svcgen::Target::kWrite);"
               : "  (void)version;\n  svcgen::Rows rows =\n      co_await db_.execute(kDelete, "
                 "svcgen::params(std::to_string(key)), svcgen::Target::kWrite);"},
          {"create", model_.has(ir::Operation::kCreate)},
          {"read", model_.has(ir::Operation::kRead)},
          {"update", model_.has(ir::Operation::kUpdate)},
          {"delete", model_.has(ir::Operation::kDelete)},
          {"list", model_.has(ir::Operation::kList)},
          {"json_only", "{{\"application/json\"}}"},
          {"patch_types", patch_types},
          {"version_expression", version_expression}};
}

}  // namespace
void CppModelEmitter::emit(const ir::Service& service, const EmitContext& context,
                           OutputSet& output) const {
  for (const ir::Model& model : service.models) {
    Json view = model_view(service, model);
    output.add("src/models/" + model.snake + ".hpp",
               context.templates.render("cpp/model.hpp.mustache", view));
    // Two translation units per model (types, and database + routes) keep each one's build
    // short.
    output.add("src/models/" + model.snake + ".cpp",
               context.templates.render("cpp/model.cpp.mustache", view));
    output.add("src/models/" + model.snake + "_routes.cpp",
               context.templates.render("cpp/model_routes.cpp.mustache", view));
  }
}

}  // namespace svcgen
