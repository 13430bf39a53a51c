#include "emit/cpp_model_emitter.hpp"

#include <set>

#include "emit/cpp_text.hpp"
#include "emit/file_header.hpp"

namespace svcgen {
namespace {

using ir::Type;

bool needs_runtime_types(Type type) {
  return type == Type::kDecimal || type == Type::kUuid || type == Type::kTimestamp ||
         type == Type::kDate || type == Type::kBytes;
}

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
  std::set<std::string> system_includes = {"cstdint"};
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
  if (runtime_types) {
    includes += "\n\n#include \"svcgen/types.hpp\"";
  }
  return {{"header", generated_header("//", {model.source})},
          {"namespace", service.cpp_namespace},
          {"includes", includes},
          {"enums", enums},
          {"comment", cpp::comment(model.description, "")},
          {"struct_name", model.name},
          {"members", members}};
}

}  // namespace

void CppModelEmitter::emit(const ir::Service& service, const EmitContext& context,
                           OutputSet& output) const {
  for (const ir::Model& model : service.models) {
    output.add("src/models/" + model.snake + ".hpp",
               context.templates.render("cpp/model.hpp.mustache", model_view(service, model)));
  }
}

}  // namespace svcgen
