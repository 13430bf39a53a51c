#include <algorithm>

#include "emit/cpp_model_parts.hpp"
#include "emit/cpp_text.hpp"
#include "emit/printer.hpp"
#include "ir/field_types.hpp"
#include "svcgen/text.hpp"

namespace svcgen::cpp {
namespace {

using ir::Type;

void aliases(Printer& p, const ModelContext& context) {
  const std::string& name = context.model.name;
  p.emit("using Model = $name$;\n", {{"name", name}});
  if (context.create) {
    p.emit("using Create = $name$Create;\n", {{"name", name}});
  }
  if (context.update) {
    p.emit("using Replace = $name$Replace;\nusing Patch = $name$Patch;\n", {{"name", name}});
  }
  if (context.has_repository()) {
    p.emit("using Repository = $name$Repository;\n", {{"name", name}});
  }
  p.emit("using Hooks = $name$Hooks;\n", {{"name", name}});
  if (context.has_item()) {
    p.emit("using Key = $key$;\n",
           {{"key", context.integer_key() ? "std::int64_t" : "std::string"}});
  }
}

// The texts of the problems the handlers answer, each only where a handler can answer it.
void messages(Printer& p, const ModelContext& context) {
  std::string display = context.display_name();
  const std::string& key = context.key().name.text;
  p.blank_line();
  auto text = [&](const char* name, const std::string& value) {
    p.assign(std::string("const std::string ") + name, string_literal(value));
  };
  auto view = [&](const char* name, const std::string& value) {
    p.assign(std::string("constexpr std::string_view ") + name, string_literal(value));
  };
  if (context.has_item() || context.writes()) {
    text("kNotFound", "no " + display + " with " + key + " ");
  }
  if (context.decodes()) {
    text("kInvalid", "the " + display + " is not valid");
  }
  if (context.writes()) {
    text("kStale", "the " + display + " changed since the ETag in If-Match");
  }
  if (context.list) {
    view("kModelName", context.model.name);
  }
  if (context.has_item()) {
    view("kKeyName", key);
  }
  view("kPath", "/" + context.model.path);
  if (context.has_item()) {
    view("kItemSuffix", "/{" + key + "}");
  }
  p.blank_line();
}

// `{"constraint", "detail"},` four columns in, broken where clang-format breaks it.
void reference_entry(Printer& p, const std::string& constraint, const std::string& detail) {
  std::string name = string_literal(constraint);
  std::string line = "{" + name + ", " + string_literal(detail) + "},";
  if (4 + line.size() <= 100) {
    p.emit("$line$\n", {{"line", line}});
    return;
  }
  p.emit("{$name$,\n $detail$},\n", {{"name", name}, {"detail", wrapped_literal(detail, 5, 2)}});
}

// The problem detail of a delete that a foreign key blocks, by the key's name: every key that
// can block it names its model and field, so that no constraint name reaches a client.
void references(Printer& p, const ModelContext& context) {
  std::vector<std::string> seen;
  p.emit(R"code(
    // What a foreign key that blocks a delete answers, by the key's name: the referring model and
    // field, never the constraint.
    struct Reference {
      std::string_view constraint;
      std::string_view detail;
    };
    constexpr Reference kReferences[] = {
  )code");
  p.indented(4, [&] {
    for (std::size_t i = 0; i < context.delete_steps.size(); ++i) {
      const ir::DeleteStep& step = context.delete_steps[i];
      if (!step.blocks || std::find(seen.begin(), seen.end(), step.key->name) != seen.end()) {
        continue;
      }
      seen.push_back(step.key->name);
      std::string detail =
          ir::referenced_detail(context.model, context.delete_steps, static_cast<int>(i));
      reference_entry(p, step.key->name, detail);
    }
  });
  p.emit(R"code(
             };

             // A foreign key that no model declares, added by a hand-written migration, still answers
             // 409, only less precisely.
             std::string referenced(std::string_view constraint) {
               for (const Reference& reference : kReferences) {
                 if (reference.constraint == constraint) {
                   return std::string(reference.detail);
                 }
               }
               return $fallback$;
             }
           )code",
         {{"fallback", string_literal("the " + context.display_name() +
                                      " is still referenced; delete those first")}});
}

// The enum members a list filter accepts, one per line.
void enum_values(Printer& p, const ir::Field& field) {
  std::string text;
  for (const ir::EnumMember& member : field.values) {
    text += (text.empty() ? "" : "\n") + member.value;
  }
  std::string tag;
  while (text.find(")" + tag + "\"") != std::string::npos) {
    tag += "x";
  }
  p.assign("constexpr std::string_view k" + field.pascal + "Values",
           "R\"" + tag + "(" + text + ")" + tag + "\"");
}

std::vector<std::string> list_field_initializers(const ModelContext& context, const Column& column,
                                                 std::size_t index) {
  std::vector<std::string> parts = {
      ".name = " + string_literal(column.name.text), ".column = " + string_literal(column.name.sql),
      ".cast = " + string_literal(column.cast),
      ".kind = svcgen::ValueKind::" + std::string(ir::value_kind_enumerator(column.value_kind))};
  if (column.nullable) {
    parts.emplace_back(".nullable = true");
  }
  if (column.sortable) {
    parts.emplace_back(".sortable = true");
  }
  if (column.filterable) {
    parts.emplace_back(".filterable = true");
  }
  parts.push_back(".select_index = " + std::to_string(index));
  if (const ir::Field* field = context.field_of(column); field && field->type == Type::kEnum) {
    parts.push_back(".values = k" + field->pascal + "Values");
  }
  std::vector<std::string> bounds = integer_bounds(column.stored);
  if (!bounds.empty()) {
    parts.push_back(".min_integer = " + bounds[0]);
    parts.push_back(".max_integer = " + bounds[1]);
  }
  return parts;
}

// The columns a list request may sort and filter by, and the query they go into.
void list_spec(Printer& p, const ModelContext& context) {
  std::vector<const Column*> columns = context.selected();
  std::vector<std::vector<std::string>> fields;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& column = *columns[i];
    if (!column.sortable && !column.filterable) {
      continue;
    }
    if (const ir::Field* field = context.field_of(column); field && field->type == Type::kEnum) {
      enum_values(p, *field);
    }
    fields.push_back(list_field_initializers(context, column, i));
  }
  p.emit("constexpr svcgen::ListField kListFields[] = {\n");
  p.indented(4, [&] {
    for (const std::vector<std::string>& parts : fields) {
      p.designated("", parts, ",");
    }
  });
  p.emit("};\n");
  p.emit("constexpr std::string_view kListSelect = $select$;\n",
         {{"select", sql_literal(list_select(context))}});
  std::vector<std::string> spec = {".model = kModelName", ".select = kListSelect"};
  if (context.model.soft_delete) {
    spec.emplace_back(".live_condition = \"deleted_at IS NULL\"");
  }
  spec.insert(spec.end(), {".primary_key = &kListFields[0]", ".fields = kListFields"});
  p.designated("constexpr svcgen::ListSpec kList", spec, ";");
}

void location(Printer& p, const ModelContext& context) {
  std::string member = "model." + context.key().name.cpp;
  p.blank_line();
  p.emit("std::string location(const svcgen::Service& service, const Model& model) {\n");
  p.indented(2, [&] {
    p.assign("std::string key",
             context.integer_key() ? "std::to_string(" + member + ")" : member + ".str()");
  });
  p.emit(R"code(
      return service.config().path_prefix + std::string(kPath) + "/" + key;
    }
  )code");
}

void resource_response(Printer& p, const ModelContext& context) {
  p.emit(R"code(

           svcgen::Response resource_response(int status, const Model& model) {
             svcgen::JsonWriter out;
             write_json(out, model);
             svcgen::Response response = svcgen::json_text_response(status, out.take());
             $etag$
             return response;
           }
         )code",
         {{"etag", context.model.optimistic_locking
                       ? "response.headers.set(\"ETag\", svcgen::etag(model.version));"
                       : ""}});
}

void key_of(Printer& p, const ModelContext& context) {
  p.emit(R"code(

           Key key_of(const svcgen::Request& request) {
             std::string_view text = *request.param(kKeyName);
             auto key = $parse$(text);
             if (!key) {
               throw svcgen::ProblemError(404, kNotFound + std::string(text));
             }
             return *key;
           }
         )code",
         {{"parse", context.integer_key() ? "svcgen::parse_int64_key" : "svcgen::parse_uuid_key"}});
}

void failures(Printer& p, const ModelContext& context) {
  if (context.decodes()) {
    p.emit(R"code(

      void reject(std::vector<svcgen::FieldError> errors) {
        if (!errors.empty()) {
          throw svcgen::ProblemError(422, kInvalid, std::move(errors));
        }
      }
    )code");
  }
  if (context.writes()) {
    p.emit(R"code(

      [[noreturn]] void fail_write(svcgen::WriteStatus status, std::string_view key) {
        switch (status) {
          case svcgen::WriteStatus::kStale:
            throw svcgen::ProblemError(412, kStale);
          case svcgen::WriteStatus::kMissingReference:
            throw svcgen::ProblemError(409, "a referenced resource does not exist");
          default:
            throw svcgen::ProblemError(404, kNotFound + std::string(key));
        }
      }
    )code");
  }
}

// Everything before the repository's members, in the file's anonymous namespace.
void helpers(Printer& p, const ModelContext& context) {
  p.emit("namespace {\n\n");
  aliases(p, context);
  messages(p, context);
  repository_statements(p, context);
  if (context.list) {
    if (context.has_repository()) {
      p.blank_line();
    }
    list_spec(p, context);
  }
  repository_helpers(p, context);
  if (context.delete_can_be_blocked()) {
    p.blank_line();
    references(p, context);
  }
  if (context.create) {
    location(p, context);
  }
  if (context.create || context.read || context.update) {
    resource_response(p, context);
  }
  if (context.has_item()) {
    key_of(p, context);
  }
  failures(p, context);
  p.blank_line();
  p.emit("}  // namespace\n");
}

// Only models with optimistic locking read If-Match.
void write_version(Printer& p, const ModelContext& context) {
  p.emit(R"code(
           // The version a conditional write goes against: the If-Match tag when it names one, else (for
           // "*" and lists) the current version when If-Match accepts it, and 0 when it accepts none.
           svcgen::Task<std::int64_t> write_version(svcgen::Db& db, const svcgen::Request& request, Key key) {
             svcgen::IfMatch condition = svcgen::required_if_match(request);
             if (std::optional<std::int64_t> single = condition.single()) {
               co_return *single;
             }
             $current$
             if (current.empty()) {
               co_return 0;
             }
             co_return condition.version_to_write(svcgen::from_pg<std::int64_t>(current.text(0, 0)));
           }

         )code",
         {{"current", [&] {
             p.assign("svcgen::Rows current", "co_await db.execute(kVersion, svcgen::params(" +
                                                  context.key_text() +
                                                  "), svcgen::Target::kWrite)");
           }}});
}

void constraints(Printer& p, const ModelContext& context) {
  std::string display = context.display_name();
  auto map = [&](const std::string& constraint, const ir::Field& field, const std::string& text) {
    p.call("service.map_constraint",
           {string_literal(constraint),
            "{409, " + string_literal("/" + field.name.text) + ", " + string_literal(text) + "}"},
           ";");
  };
  const ir::TableObjects& objects = context.model.objects;
  for (std::size_t i = 0; i < context.model.fields.size(); ++i) {
    const ir::Field& field = context.model.fields[i];
    int index = static_cast<int>(i);
    for (const ir::TableIndex& unique : objects.indexes) {
      if (unique.unique && unique.field_index == index) {
        map(unique.name, field, "another " + display + " has this " + field.name.text);
      }
    }
    for (const ir::ForeignKey& key : objects.foreign_keys) {
      if (key.field_index == index) {
        map(key.name, field, field.name.text + " does not refer to an existing " + field.ref_model);
      }
    }
  }
}

struct Route {
  bool present;
  const char* method;
  const char* path;  // the variable holding it in install_<model>()
  const char* handler;
  ir::Operation operation;
  const char* body;     // the media types it consumes: "" for none
  const char* options;  // its options' constant when the routes share them by body
};

constexpr std::string_view kJsonMedia = "{\"application/json\"}";
constexpr std::string_view kPatchMedia = "{\"application/merge-patch+json\", \"application/json\"}";

std::vector<Route> route_table(const ModelContext& context) {
  return {
      {context.create, "POST", "collection", "create", ir::Operation::kCreate, "json", "kJsonBody"},
      {context.read, "GET", "item", "read", ir::Operation::kRead, "", ""},
      {context.update, "PUT", "item", "replace", ir::Operation::kUpdate, "json", "kJsonBody"},
      {context.update, "PATCH", "item", "patch", ir::Operation::kUpdate, "patch", "kPatchBody"},
      {context.remove, "DELETE", "item", "remove", ir::Operation::kDelete, "", ""},
      {context.list, "GET", "collection", "list", ir::Operation::kList, "", ""},
  };
}

// Whether routes carry their own options: an access rule (with `auth`) or a rate limit.
bool guarded(const ModelContext& context) {
  const ir::Model& model = context.model;
  return context.service.auth.has_value() ||
         std::any_of(model.rate_limits.begin(), model.rate_limits.end(),
                     [](const std::optional<ir::RateLimit>& limit) { return limit.has_value(); });
}

std::string route_constant(const Route& route) {
  std::string name = route.handler;
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return "k" + name + "Route";
}

// One route's options: its media types, its operation's name, access rule and rate limit.
void route_options(Printer& p, const ModelContext& context, const Route& route) {
  const ir::Model& model = context.model;
  std::vector<std::string> parts;
  if (std::string_view(route.body) == "json") {
    parts.push_back(concat({".consumes = ", kJsonMedia}));
  } else if (std::string_view(route.body) == "patch") {
    parts.push_back(concat({".consumes = ", kPatchMedia}));
  } else {
    parts.emplace_back(".consumes = {}");  // named, so that no member goes uninitialised
  }
  parts.push_back(
      ".operation = " +
      string_literal(model.snake + "." + std::string(ir::operation_name(route.operation))));
  if (context.service.auth) {
    parts.push_back(".access = " +
                    access_rule(model.access_rule(route.operation), model.tenant.has_value()));
  }
  if (const std::optional<ir::RateLimit>& limit = model.rate_limit(route.operation)) {
    parts.push_back(concat({".rate_limit = svcgen::RateLimit{", std::to_string(limit->requests),
                            ", std::chrono::milliseconds(", std::to_string(limit->per_ms), ")}"}));
  }
  p.emit(wrap_designated("", "const svcgen::RouteOptions " + route_constant(route), parts, ";") +
         "\n");
}

void dispatch(Printer& p, const ModelContext& context) {
  p.emit(R"code(

    using Method = svcgen::Task<svcgen::Response> (Handlers::*)(svcgen::Request&);

    svcgen::Handler route_to(const std::shared_ptr<Handlers>& handlers, Method method) {
      return [handlers, method](svcgen::Request& request) { return ((*handlers).*method)(request); };
    }
  )code");
  if (guarded(context)) {
    p.blank_line();
    for (const Route& route : route_table(context)) {
      if (route.present) {
        route_options(p, context, route);
      }
    }
    return;
  }
  if (context.decodes()) {
    p.blank_line();
    p.emit("const svcgen::RouteOptions kJsonBody{.consumes = {\"application/json\"}};\n");
  }
  if (context.update) {
    p.emit(R"code(
      const svcgen::RouteOptions kPatchBody{
          .consumes = {"application/merge-patch+json", "application/json"}};
    )code");
  }
}

void routes(Printer& p, const ModelContext& context) {
  bool own_options = guarded(context);
  for (const Route& route : route_table(context)) {
    if (!route.present) {
      continue;
    }
    std::string options = own_options              ? ", " + route_constant(route)
                          : *route.options != '\0' ? std::string(", ") + route.options
                                                   : std::string();
    p.emit("router.add(\"$method$\", $path$, route_to(handlers, &Handlers::$handler$)$options$);\n",
           {{"method", route.method},
            {"path", route.path},
            {"handler", route.handler},
            {"options", options}});
  }
}

void install(Printer& p, const ModelContext& context) {
  bool repository = context.has_repository();
  std::string head = wrap_call("", "void install_" + context.model.snake,
                               {"svcgen::Service& service", "Hooks& hooks"}, " {");
  p.emit(R"code(

           $head$
             $prepare$
             $constraints$
             $repository$
             auto handlers = std::make_shared<Handlers>(Handlers{$members$});
             std::string collection = service.config().path_prefix + std::string(kPath);
             $item$
             svcgen::Router& router = service.router();
             $routes$
           }
         )code",
         {{"head", head},
          {"prepare", repository ? "Repository::prepare(service.db());" : ""},
          {"constraints", [&] { constraints(p, context); }},
          {"repository",
           repository ? "auto repository = std::make_shared<Repository>(service.db());" : ""},
          {"members", repository ? "repository, &hooks, &service" : "&hooks, &service"},
          {"item",
           context.has_item() ? "std::string item = collection + std::string(kItemSuffix);" : ""},
          {"routes", [&] { routes(p, context); }}});
}

}  // namespace

std::string model_routes(const ModelContext& context) {
  Printer p;
  if (!context.serves()) {
    p.blank_line();
    p.emit("void install_$snake$(svcgen::Service&, $name$Hooks&) {}\n",
           {{"snake", context.model.snake}, {"name", context.model.name}});
    return p.take();
  }
  helpers(p, context);
  if (context.has_repository()) {
    p.blank_line();
    repository_definitions(p, context);
  }
  p.blank_line();
  p.emit("namespace {\n\n");
  if (context.model.optimistic_locking && (context.update || context.remove)) {
    write_version(p, context);
  }
  handlers(p, context);
  dispatch(p, context);
  p.blank_line();
  p.emit("}  // namespace\n");
  install(p, context);
  return p.take();
}

}  // namespace svcgen::cpp
