#include "emit/cpp_service_emitter.hpp"

#include "emit/cpp_text.hpp"
#include "emit/file_header.hpp"
#include "ir/names.hpp"
#include "svcgen/text.hpp"

namespace svcgen {
namespace {

std::vector<std::string> model_sources(const ir::Service& service) {
  std::vector<std::string> sources;
  for (const ir::Model& model : service.models) {
    sources.push_back(model.source);
  }
  return sources;
}

// The hooks every model starts with, before extend() may replace them.
std::string extensions_value(const ir::Service& service) {
  std::vector<std::string> members;
  for (const ir::Model& model : service.models) {
    std::string member = names::cpp_identifier(model.snake);
    members.push_back(concat({".", member, " = &", member, "_defaults"}));
  }
  return cpp::wrap_designated("  ", "Extensions extensions", members, ";");
}

std::string string_list(const std::vector<std::string>& items) {
  std::string list;
  for (const std::string& item : items) {
    list += list.empty() ? "" : ", ";
    list += cpp::string_literal(item);
  }
  return "{" + list + "}";
}

// The statements that fill definition.auth, each a line of its own; "" without `auth`.
std::string auth_lines(const ir::Service& service) {
  std::string lines;
  if (!service.auth) {
    return lines;
  }
  const ir::JwtSettings& jwt = service.auth->jwt;
  auto set = [&lines](const std::string& member, const std::string& value) {
    lines += concat({"  definition.auth->", member, " = ", value, ";\n"});
  };
  lines += "  definition.auth.emplace();\n";
  set("issuer", cpp::string_literal(jwt.issuer));
  set("audience", string_list(jwt.audience));
  set("algorithms", string_list(jwt.algorithms));
  set("roles_claim", cpp::string_literal(jwt.roles_claim));
  set("subject_claim", cpp::string_literal(jwt.subject_claim));
  if (jwt.tenant_claim) {
    set("tenant_claim", cpp::string_literal(*jwt.tenant_claim));
  }
  set("default_rule", cpp::access_rule(service.auth->default_rule, false));
  return lines;
}

}  // namespace

void CppServiceEmitter::emit(const ir::Service& service, const EmitContext& context,
                             OutputSet& output) const {
  std::vector<std::string> sources = model_sources(service);
  Json models = Json::array();
  for (const ir::Model& model : service.models) {
    models.push_back({{"name", model.name},
                      {"snake", model.snake},
                      {"member", names::cpp_identifier(model.snake)}});
  }
  Json base = {{"namespace", service.cpp_namespace}, {"models", models}};
  auto render = [&](const std::string& path, const std::string& name, Json view,
                    std::string_view comment) {
    for (auto& [key, value] : base.items()) {
      if (!view.contains(key)) {
        view[key] = value;
      }
    }
    view["header"] = generated_header(
        comment, sources.empty() ? std::vector<std::string>{service.file} : sources);
    output.add(path, context.templates.render(name, view));
  };

  std::string info = "{" + cpp::string_literal(service.name) + ", " +
                     cpp::string_literal(service.version) + ", openapi_document()}";
  std::string path_prefix = cpp::string_literal(service.base_path == "/" ? "" : service.base_path);
  render("src/service.cpp", "cpp/service.cpp.mustache",
         {{"info", info},
          {"path_prefix", path_prefix},
          {"extensions", extensions_value(service)},
          {"auth", auth_lines(service)}},
         "//");
  render("src/service.hpp", "cpp/service.hpp.mustache", Json::object(), "//");
  render("src/extensions.hpp", "cpp/extensions.hpp.mustache", Json::object(), "//");
  render("src/main.cpp", "cpp/main.cpp.mustache", Json::object(), "//");

  Json migrations = Json::array();
  for (const ir::Migration& migration : service.migrations) {
    migrations.push_back({{"version", std::to_string(migration.version)},
                          {"name", cpp::string_literal(migration.name)},
                          {"up", cpp::embedded_text(migration.up, "sql")},
                          {"down", cpp::embedded_text(migration.down, "sql")}});
  }
  render("src/migrations.cpp", "cpp/migrations.cpp.mustache",
         {{"migrations", migrations},
          {"snapshot", cpp::embedded_text(service.schema_snapshot, "json")}},
         "//");

  Json files = Json::array();
  for (const char* file :
       {"src/main.cpp", "src/migrations.cpp", "src/openapi.cpp", "src/service.cpp"}) {
    files.push_back({{"path", file}});
  }
  for (const ir::Model& model : service.models) {
    files.push_back({{"path", "src/models/" + model.snake + ".cpp"}});
    files.push_back({{"path", "src/models/" + model.snake + "_routes.cpp"}});
  }
  std::string prefix;
  for (char c : service.name) {
    prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  render("CMakeLists.txt", "cmake/CMakeLists.txt.mustache",
         {{"service", service.name},
          {"version", service.version.substr(0, service.version.find_first_of("-+"))},
          {"option_prefix", prefix},
          {"extensions_glob", "${" + prefix + "_EXTENSIONS_DIR}/*.cpp"},
          {"werror_variable", "${" + prefix + "_WERROR}"},
          {"vendored", context.options.runtime == RuntimeMode::kVendored},
          {"sources", files}},
         "#");
}

}  // namespace svcgen
