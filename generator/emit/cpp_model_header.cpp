#include "emit/cpp_model_parts.hpp"
#include "emit/cpp_text.hpp"
#include "emit/printer.hpp"
#include "ir/names.hpp"
#include "svcgen/text.hpp"

namespace svcgen::cpp {
namespace {

void enum_members(Printer& p, const std::string& type, const ir::Field& field) {
  p.emit("enum class $type$ {\n", {{"type", type}});
  for (const ir::EnumMember& member : field.values) {
    p.emit("  $member$,\n", {{"member", member.cpp}});
  }
  p.emit("};\n");
}

void enum_conversions(Printer& p, const ModelContext& context, const ir::Field& field) {
  std::string type = context.column_of(field).cpp_type;
  auto each_member = [&](const char* snippet) {
    return [&p, &field, &type, snippet] {
      for (const ir::EnumMember& member : field.values) {
        p.emit(snippet,
               {{"type", type}, {"member", member.cpp}, {"literal", string_literal(member.value)}});
      }
    };
  };
  p.emit(R"code(

    constexpr std::string_view to_string($type$ value) {
      switch (value) {
        $cases$
      }
      return {};
    }

    constexpr std::optional<$type$> parse_$model$_$field$(std::string_view text) {
      $checks$
      return std::nullopt;
    }

    inline std::string pg_text($type$ value) { return std::string(to_string(value)); }
    inline void write_json_value(svcgen::JsonWriter& out, $type$ value) {
      out.string(to_string(value));
    }

  )code",
         {{"type", type},
          {"model", context.model.snake},
          {"field", field.name.text},
          {"cases", each_member(R"code(
             case $type$::$member$:
               return $literal$;
           )code")},
          {"checks", each_member(R"code(
             if (text == $literal$) {
               return $type$::$member$;
             }
           )code")}});
}

void member(Printer& p, const std::string& comment, const std::string& declaration) {
  p.comment(comment);
  p.emit("$declaration$\n", {{"declaration", declaration}});
}

std::string field_comment(const ir::Field& field) {
  if (!field.deprecated) {
    return field.description;
  }
  return field.description + (field.description.empty() ? "" : "\n") + "Deprecated.";
}

std::string plain_declaration(const Column& column) {
  return column.cpp_type + " " + column.name.cpp + (column.cpp_scalar ? "{};" : ";");
}

void model_struct(Printer& p, const ModelContext& context) {
  const ir::Model& model = context.model;
  p.comment(model.description);
  p.emit("struct $name$ {\n", {{"name", model.name}});
  p.indented(2, [&] {
    for (const Column& column : context.columns) {
      const ir::Field* field = context.field_of(column);
      if (field && field->optional) {
        member(p, field_comment(*field),
               "std::optional<" + column.cpp_type + "> " + column.name.cpp + ";");
      } else if (field) {
        member(p, field_comment(*field), plain_declaration(column));
      } else if (column.role != ir::ColumnRole::kVersion) {
        member(p, "", plain_declaration(column));
      }
    }
    if (model.soft_delete) {
      member(p, "", "std::optional<svcgen::Timestamp> deleted_at;");
    }
    if (model.optimistic_locking) {
      member(p, "", "std::int64_t version{};");
    }
  });
  p.emit("};\n");
}

// The members of an input struct: a plain value where the body must hold one, else an Input
// that tells absent from null.
void input_struct(Printer& p, const ModelContext& context, const std::string& kind,
                  const std::string& comment) {
  p.blank_line();
  p.comment(comment);
  p.emit("struct $name$$kind$ {\n", {{"name", context.model.name}, {"kind", kind}});
  for (const ir::Field* field : context.writable()) {
    const Column& column = context.column_of(*field);
    std::string declaration = required_in(column, kind) ? plain_declaration(column)
                                                        : "svcgen::Input<" + column.cpp_type +
                                                              "> " + column.name.cpp + ";";
    p.emit("  $declaration$\n", {{"declaration", declaration}});
  }
  p.emit("};\n");
}

void input_structs(Printer& p, const ModelContext& context) {
  std::string collection = context.service.base_path + "/" + context.model.path;
  std::string item = collection + "/{" + context.key().name.text + "}";
  if (context.create) {
    input_struct(p, context, "Create", "The body of POST " + collection + ".");
  }
  if (context.update) {
    input_struct(p, context, "Replace",
                 "The body of PUT " + item +
                     ": a full replacement. Left-out optional fields become null (or their "
                     "default); left-out write-only fields keep their value.");
    input_struct(p, context, "Patch",
                 "The body of PATCH " + item + " (JSON merge patch): only the fields to change.");
  }
}

void function_declarations(Printer& p, const ModelContext& context) {
  const std::string& name = context.model.name;
  p.blank_line();
  p.call("void write_json", {"svcgen::JsonWriter& out", "const " + name + "& model"}, ";");
  for (const std::string& kind : context.body_kinds()) {
    p.call(concat({"std::optional<", name, kind, "> decode_", context.model.snake, "_",
                   names::snake_case(kind)}),
           {"const nlohmann::json& body", "std::vector<svcgen::FieldError>& errors"}, ";");
  }
}

void repository_members(Printer& p, const ModelContext& context) {
  const std::string& name = context.model.name;
  std::string key = context.key_parameter();
  std::vector<std::string> version;
  if (context.model.optimistic_locking) {
    version.emplace_back("std::int64_t version");
  }
  auto with_version = [&](std::vector<std::string> parameters) {
    parameters.insert(parameters.end(), version.begin(), version.end());
    return parameters;
  };
  std::string result = "svcgen::Task<svcgen::WriteResult<" + name + ">> ";
  if (context.read) {
    p.call("svcgen::Task<std::optional<" + name + ">> find", {key}, ";");
  }
  if (context.create) {
    p.call(result + "create", {"const " + name + "Create& input"}, ";");
  }
  if (context.update) {
    p.call(result + "replace", with_version({key, "const " + name + "Replace& input"}), ";");
    p.call(result + "patch", with_version({key, "const " + name + "Patch& input"}), ";");
  }
  if (context.remove) {
    p.call("svcgen::Task<svcgen::WriteStatus> remove", with_version({key}), ";");
  }
}

void repository_private_members(Printer& p, const ModelContext& context) {
  if (context.update) {
    std::vector<std::string> parameters = {context.key_parameter(), "svcgen::Params params"};
    if (context.model.optimistic_locking) {
      parameters.emplace_back("std::int64_t version");
    }
    p.call("svcgen::Task<svcgen::WriteResult<" + context.model.name + ">> update", parameters, ";");
  }
}

void repository_class(Printer& p, const ModelContext& context) {
  p.blank_line();
  p.comment("Typed access to the " + context.model.table.text +
            " table: one prepared statement per operation.");
  p.emit(R"code(
           class $name$Repository {
            public:
             explicit $name$Repository(svcgen::Db& db) : db_(db) {}
             static void prepare(svcgen::Db& db);

             $members$

            private:
             $private_members$
             svcgen::Db& db_;
           };
         )code",
         {{"name", context.model.name},
          {"members", [&] { repository_members(p, context); }},
          {"private_members", [&] { repository_private_members(p, context); }}});
}

void hook(Printer& p, const std::string& signature, const std::string& body) {
  std::string line = signature + (body.empty() ? " {}" : " { " + body + " }");
  if (p.indentation() + line.size() <= 100) {
    p.emit("$line$\n", {{"line", line}});
  } else {
    p.emit("$signature$ {\n  $body$\n}\n", {{"signature", signature}, {"body", body}});
  }
}

void hook_members(Printer& p, const ModelContext& context) {
  const std::string& name = context.model.name;
  for (const std::string& kind : context.body_kinds()) {
    hook(p,
         concat(
             {"virtual void validate(const ", name, kind, "&, std::vector<svcgen::FieldError>&)"}),
         "");
  }
  std::string task = "virtual svcgen::Task<void> ";
  if (context.create) {
    hook(p, task + "before_create(" + name + "Create&, svcgen::Request&)", "co_return;");
    hook(p, task + "after_create(const " + name + "&, svcgen::Request&)", "co_return;");
  }
  if (context.update) {
    hook(p, task + "before_replace(" + name + "Replace&, svcgen::Request&)", "co_return;");
    hook(p, task + "before_patch(" + name + "Patch&, svcgen::Request&)", "co_return;");
    hook(p, task + "after_update(const " + name + "&, svcgen::Request&)", "co_return;");
  }
  if (context.remove) {
    hook(p, task + "before_delete(svcgen::Request&)", "co_return;");
    hook(p, task + "after_delete(svcgen::Request&)", "co_return;");
  }
}

void hooks_class(Printer& p, const ModelContext& context) {
  p.emit(R"code(

           // Extension points of $name$: derive, override what you need, and set the instance in
           // extend() (see extensions.hpp). Every hook may throw svcgen::ProblemError to answer the request;
           // errors added by validate() answer 422 together with the model's own.
           class $name$Hooks {
            public:
             virtual ~$name$Hooks() = default;
             $members$
           };

           // Registers the statements and the routes of $name$.
         )code",
         {{"name", context.model.name}, {"members", [&] { hook_members(p, context); }}});
  p.call("void install_" + context.model.snake,
         {"svcgen::Service& service", context.model.name + "Hooks& hooks"}, ";");
}

}  // namespace

std::string model_declarations(const ModelContext& context) {
  Printer p;
  for (const ir::Field& field : context.model.fields) {
    if (field.type == ir::Type::kEnum) {
      p.comment(field.description);
      enum_members(p, context.column_of(field).cpp_type, field);
      enum_conversions(p, context, field);
    }
  }
  model_struct(p, context);
  input_structs(p, context);
  function_declarations(p, context);
  if (context.has_repository()) {
    repository_class(p, context);
  }
  hooks_class(p, context);
  return p.take();
}

}  // namespace svcgen::cpp
