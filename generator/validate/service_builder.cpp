#include "validate/service_builder.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include "ir/field_types.hpp"
#include "ir/names.hpp"
#include "svcgen/text.hpp"
#include "validate/accepted_keys.hpp"
#include "validate/access_rules.hpp"
#include "validate/literals.hpp"
#include "validate/model_builder.hpp"
#include "validate/model_resolver.hpp"
#include "validate/object_reader.hpp"

namespace svcgen {
namespace {

constexpr KeySpec kServiceKeys[] = {
    {"$schema", JsonKind::kString},    {"service", JsonKind::kString, true},
    {"version", JsonKind::kString},    {"description", JsonKind::kString},
    {"basePath", JsonKind::kString},   {"models", JsonKind::kArray, true},
    {"migrations", JsonKind::kString}, {"auth", JsonKind::kObject},
    {"rateLimit", JsonKind::kObject},
};

// Compiled on first use: at static initialisation a throw could not be caught.
struct ServicePatterns {
  std::regex service_name{"^[a-z][a-z0-9_]*$"};
  std::regex version{
      "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?"
      "$"};
  std::regex base_path{"^(/[A-Za-z0-9._~-]+)*/?$"};
};
const ServicePatterns& patterns() {
  static const ServicePatterns compiled;
  return compiled;
}

class ServiceBuilder {
 public:
  ServiceBuilder(const LoadedInput& input, Diagnostics& diagnostics)
      : input_(input), diagnostics_(diagnostics) {}

  std::optional<ir::Service> build() {
    int errors_before = diagnostics_.error_count();
    ir::Service service;
    read_service_file(service);
    for (const ModelSource& source : input_.models) {
      if (std::optional<ir::Model> model =
              build_model(source.document, diagnostics_, service_access_)) {
        model->source = source.listed_path;
        service.models.push_back(std::move(*model));
      }
    }
    std::sort(service.models.begin(), service.models.end(),
              [](const ir::Model& a, const ir::Model& b) { return a.file < b.file; });
    check_unique_names(service);
    check_relation_names(service);
    check_renames(service);
    resolve_refs(service);
    std::sort(service.models.begin(), service.models.end(),
              [](const ir::Model& a, const ir::Model& b) { return a.name < b.name; });
    if (diagnostics_.error_count() > errors_before) {
      return std::nullopt;
    }
    resolve_tables(service);
    return service;
  }

 private:
  void error(const SourceLocation& at, std::string message) {
    diagnostics_.error(at, std::move(message));
  }

  void read_service_file(ir::Service& service) {
    const JsonDocument& document = input_.service;
    service.file = document.file();
    service.location = document.at("");
    ObjectReader reader(document, "", diagnostics_, kServiceKeys, "the service file");
    if (!reader.is_object()) {
      return;
    }
    service.name = reader.string("service").value_or("");
    if (reader.has("service") && !std::regex_match(service.name, patterns().service_name)) {
      error(reader.at("service"),
            "service name \"" + service.name + "\" must match [a-z][a-z0-9_]*");
    }
    service.cpp_namespace = names::cpp_identifier(service.name);
    service.version = reader.string("version").value_or("0.1.0");
    if (!std::regex_match(service.version, patterns().version)) {
      error(reader.at("version"),
            "version \"" + service.version + "\" must be a semantic version such as \"1.2.0\"");
    }
    service.description = reader.string("description").value_or("");
    service.base_path = reader.string("basePath").value_or("/api");
    if (!std::regex_match(service.base_path, patterns().base_path) || service.base_path.empty()) {
      error(reader.at("basePath"),
            "basePath \"" + service.base_path +
                "\" must be an absolute URL path such as \"/api\" or \"/\", made of "
                "[A-Za-z0-9._~-] segments");
    } else if (service.base_path.size() > 1 && service.base_path.back() == '/') {
      service.base_path.pop_back();
    }
    service.migrations_dir = reader.string("migrations").value_or("migrations");
    std::string_view dir = service.migrations_dir;
    if (dir.empty() || dir.front() == '/' || dir == ".." || dir.rfind("../", 0) == 0 ||
        dir.find("/../") != std::string_view::npos) {
      error(reader.at("migrations"),
            "migrations must be a folder inside the service's folder, "
            "given relative to the service file");
    }
    read_access(reader, service);
    if (const Json* models = reader.get("models")) {
      if (models->empty()) {
        error(reader.at("models"), "a service needs at least one model file");
      }
      for (std::size_t i = 0; i < models->size(); ++i) {
        if (!(*models)[i].is_string()) {
          error(document.at(pointer_append("/models", i)),
                "model entry must be a path string, got " +
                    std::string(json_kind_name((*models)[i])));
        }
      }
    }
  }

  void read_access(const ObjectReader& reader, ir::Service& service) {
    if (reader.has("auth")) {
      service.auth = read_auth(input_.service, reader.pointer("auth"), diagnostics_);
    }
    if (reader.has("rateLimit")) {
      service.rate_limit =
          read_rate_limit(input_.service, reader.pointer("rateLimit"), diagnostics_);
    }
    service_access_ = {service.auth, reader.written("auth"), service.rate_limit};
  }

  // Names that become routes, tables and C++ types must be unique across the service.
  void check_unique_names(const ir::Service& service) {
    struct Seen {
      std::map<std::string, const ir::Model*> owners;
      std::string_view what;
      std::string_view key;
    };
    Seen names{{}, "model name", "name"};
    Seen tables{{}, "table", "table"};
    Seen paths{{}, "path", "path"};
    for (const ir::Model& model : service.models) {
      if (!names.owners.emplace(model.name, &model).second) {
        const JsonDocument& document = document_of(model);
        error(document.at("/name"), "model name \"" + model.name + "\" is already used by " +
                                        names.owners[model.name]->file);
        continue;  // its derived table and path would only repeat the same conflict
      }
      for (auto [seen, value] :
           {std::pair{&tables, model.table.text}, std::pair{&paths, model.path}}) {
        auto [previous, inserted] = seen->owners.emplace(value, &model);
        if (!inserted) {
          const JsonDocument& document = document_of(model);
          std::string key(seen->key);
          SourceLocation at =
              document.root().contains(key) ? document.at("/" + key) : document.at("/name");
          error(at, std::string(seen->what) + " \"" + value + "\" is already used by " +
                        previous->second->file);
        }
      }
    }
  }

  // Tables and indexes share one namespace in PostgreSQL: two models deriving the same name
  // (table t_a with field b, table t with field a_b: both t_a_b_idx) would fail the first
  // migration.
  void check_relation_names(const ir::Service& service) {
    struct Owner {
      const ir::Model* model;
      std::string what;
    };
    std::map<std::string, Owner> owners;
    for (const ir::Model& model : service.models) {
      if (auto same = owners.find(model.table.text);
          same != owners.end() && same->second.what == "table") {
        continue;  // check_unique_names() reports the table, and its names would only repeat it
      }
      std::vector<std::tuple<std::string, std::string, SourceLocation>> names = {
          {model.table.text, "table", model.location},
          {model.primary_key.constraint, "primary key index", model.location}};
      for (const ir::Field& field : model.fields) {
        for (const std::string* name : {&field.unique_constraint, &field.index_name}) {
          if (!name->empty()) {
            names.emplace_back(*name, "index of field " + field.name.text, field.location);
          }
        }
      }
      for (const ir::Index& index : model.indexes) {
        names.emplace_back(index.name.text, "index", index.location);
      }
      for (const auto& [name, what, at] : names) {
        auto [previous, inserted] = owners.emplace(name, Owner{&model, what});
        if (!inserted && previous->second.model != &model) {
          static const std::string kOneNamespace =
              "; PostgreSQL gives tables and indexes one namespace, so rename one of them (a "
              "field, or the model's \"table\")";
          error(at,
                concat({"the ", what, " is named \"", name, "\", like the ", previous->second.what,
                        " of ", previous->second.model->file, kOneNamespace}));
        }
      }
    }
  }

  // A model-level rename moves the old model's table: the old model must be gone, and only one
  // model may take its table. Otherwise the migration would empty a table still in use.
  void check_renames(const ir::Service& service) {
    std::map<std::string, const ir::Model*> claims;
    for (const ir::Model& model : service.models) {
      if (!model.renamed_from) {
        continue;
      }
      const SourceLocation& at = model.renamed_from->location;
      const std::string& old_name = model.renamed_from->from;
      if (const ir::Model* still = service.find_model(old_name)) {
        error(at, "renamedFrom \"" + old_name + "\" names a model the service still has (" +
                      still->file + "); remove it, or drop renamedFrom to keep both tables");
      } else if (auto [claim, inserted] = claims.emplace(old_name, &model); !inserted) {
        error(at, "renamedFrom \"" + old_name + "\" is claimed by " + claim->second->file +
                      " as well; only one model can take its table");
      }
    }
  }

  // Model names as written in every model file, including those with errors.
  std::set<std::string> declared_names() const {
    std::set<std::string> names;
    for (const ModelSource& source : input_.models) {
      const Json& root = source.document.root();
      if (root.is_object() && root.contains("name") && root["name"].is_string()) {
        names.insert(root["name"].get<std::string>());
      }
    }
    return names;
  }

  const JsonDocument& document_of(const ir::Model& model) const {
    for (const ModelSource& source : input_.models) {
      if (source.document.file() == model.file) {
        return source.document;
      }
    }
    return input_.service;
  }

  void resolve_refs(ir::Service& service) {
    std::vector<std::string_view> model_names;
    for (const ir::Model& model : service.models) {
      model_names.push_back(model.name);
    }
    for (ir::Model& model : service.models) {
      for (ir::Field& field : model.fields) {
        if (field.type != ir::Type::kRef) {
          continue;
        }
        const ir::Model* target = service.find_model(field.ref_model);
        const JsonDocument& document = document_of(model);
        std::string pointer = field.location.pointer;
        if (target == nullptr && declared_names().count(field.ref_model) != 0) {
          continue;  // the target exists but has errors of its own, reported in its file
        }
        if (target == nullptr) {
          error(document.at(pointer + "/model"), "ref to unknown model \"" + field.ref_model +
                                                     "\"" +
                                                     did_you_mean(field.ref_model, model_names));
          continue;
        }
        field.ref_key_type = target->primary_key.type;
        field.sql_type = ir::sql_type_of(field);
        if (field.default_value.literal) {
          if (auto problem = check_literal(field, field.default_value.literal->value)) {
            error(document.at(pointer + "/default"), "default " + *problem);
          }
        }
        if (field.example) {
          if (auto problem = check_literal(field, field.example->value)) {
            error(document.at(pointer + "/example"), "example " + *problem);
          }
        }
      }
    }
  }

  const LoadedInput& input_;
  Diagnostics& diagnostics_;
  ServiceAccess service_access_;
};

}  // namespace

std::optional<ir::Service> build_service(const LoadedInput& input, Diagnostics& diagnostics) {
  return ServiceBuilder(input, diagnostics).build();
}

std::vector<AcceptedKeys> service_file_keys() {
  std::vector<AcceptedKeys> tables = {{"service", kServiceKeys}};
  for (const AcceptedKeys& table : service_access_keys()) {
    tables.push_back(table);
  }
  return tables;
}

}  // namespace svcgen
