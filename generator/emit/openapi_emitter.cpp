#include "emit/openapi_emitter.hpp"

#include <algorithm>

#include "emit/cpp_text.hpp"
#include "emit/endpoints.hpp"
#include "emit/file_header.hpp"
#include "emit/filter_parameters.hpp"
#include "ir/delete_effects.hpp"
#include "ir/field_types.hpp"
#include "ir/names.hpp"

namespace svcgen {
namespace {

using ir::Type;
using Document = nlohmann::ordered_json;

// A type's schema as its row in the type table gives it, before any field's constraints.
Document type_schema(Type type) { return Document::parse(ir::field_type(type).json_schema); }

Document key_schema(Type type) { return type_schema(type); }

std::string decimal_pattern(const ir::Field& field) {
  int whole = field.precision - field.scale;
  std::string pattern = "^-?(0|[1-9][0-9]{0," + std::to_string(std::max(0, whole - 1)) + "})";
  if (field.scale > 0) {
    pattern += "(\\.[0-9]{1," + std::to_string(field.scale) + "})?";
  }
  return pattern + "$";
}

// The JSON Schema of one field's value, with every constraint the service enforces.
Document value_schema(const ir::Field& field) {
  Document schema = type_schema(ir::stored_type(field).type);
  if (ir::field_type(field.type).literal == ir::LiteralForm::kText) {
    if (field.min_length) {
      schema["minLength"] = *field.min_length;
    }
    if (field.max_length) {
      schema["maxLength"] = *field.max_length;
    }
    if (field.pattern) {
      schema["pattern"] = *field.pattern;
    }
  }
  if (field.type == Type::kDecimal) {
    schema["pattern"] = decimal_pattern(field);
    schema["description"] =
        "An exact decimal with at most " + std::to_string(field.precision - field.scale) +
        " digits before the point and " + std::to_string(field.scale) + " after it.";
  }
  if (!field.values.empty()) {
    Document values = Document::array();
    for (const ir::EnumMember& member : field.values) {
      values.push_back(member.value);
    }
    schema["enum"] = std::move(values);
  }
  if (field.type != Type::kDecimal) {
    if (field.minimum) {
      schema["minimum"] = *field.minimum;
    }
    if (field.maximum) {
      schema["maximum"] = *field.maximum;
    }
  }
  return schema;
}

Document nullable(Document schema) {
  if (schema.contains("type")) {
    schema["type"] = Document::array({schema["type"], "null"});
    if (schema.contains("enum")) {
      schema["enum"].push_back(nullptr);
    }
  }
  return schema;
}

Document field_schema(const ir::Field& field, bool allow_null) {
  Document schema = value_schema(field);
  if (allow_null) {
    schema = nullable(std::move(schema));
  }
  std::string description = field.description;
  if (field.type == Type::kDecimal) {
    description += (description.empty() ? "" : " ") + schema["description"].get<std::string>();
    schema.erase("description");
  }
  if (!description.empty()) {
    schema["description"] = description;
  }
  if (field.deprecated) {
    schema["deprecated"] = true;
  }
  if (field.read_only) {
    schema["readOnly"] = true;
  }
  if (field.write_only) {
    schema["writeOnly"] = true;
  }
  if (field.example) {
    schema["examples"] = Document::array({field.example->value});
  }
  if (field.default_value.literal) {
    schema["default"] = field.default_value.literal->value;
  }
  return schema;
}

Document schema_ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

Document response_ref(int status) {
  return {{"$ref", "#/components/responses/" + std::to_string(status)}};
}

std::string problem_description(int status) {
  switch (status) {
    case 400:
      return "Malformed JSON or an invalid query parameter.";
    case 401:
      return "The bearer token is missing where one is needed, or is not valid: malformed, "
             "expired, not yet valid, from another issuer or audience, or badly signed. A public "
             "operation answers 401 too when a token is sent that is not valid.";
    case 403:
      return "The token is valid, but holds none of the roles the operation needs, or no "
             "tenant.";
    case 404:
      return "No such resource.";
    case 409:
      return "A conflict: a unique value already in use, a reference to a missing resource, "
             "a resource still referenced, or a concurrent change.";
    case 412:
      return "If-Match does not match the current ETag.";
    case 413:
      return "The body is larger than the service accepts.";
    case 415:
      return "The Content-Type is not accepted.";
    case 422:
      return "The body is not a valid resource; errors lists each problem with its JSON pointer.";
    case 428:
      return "If-Match is required.";
    case 429:
      return "Too many requests: the operation's rate limit is used up; retry after Retry-After "
             "seconds.";
    case 503:
      return "The database is unavailable; retry after Retry-After seconds.";
    case 504:
      return "The database did not answer in time.";
    default:
      return "An error.";
  }
}

class Builder {
 public:
  explicit Builder(const ir::Service& service) : service_(service) {}

  Document build() {
    Document document;
    document["openapi"] = "3.1.0";
    Document info = {{"title", service_.name}, {"version", service_.version}};
    if (!service_.description.empty()) {
      info["description"] = service_.description;
    }
    document["info"] = std::move(info);
    document["servers"] = Document::array({{{"url", service_.base_path}}});
    // Without "auth" the generated service does not authenticate; with it, every operation
    // states its own requirement.
    if (!service_.auth) {
      document["security"] = Document::array();
    }
    Document tags = Document::array();
    Members paths;
    Members schemas;
    for (const ir::Model& model : service_.models) {
      Document tag = {{"name", model.name}};
      if (!model.description.empty()) {
        tag["description"] = model.description;
      }
      tags.push_back(std::move(tag));
      Document model_schemas = Document::object();
      add_schemas(model, model_schemas);
      append_members(schemas, std::move(model_schemas));
      Document model_paths = Document::object();
      add_paths(model, model_paths);
      append_members(paths, std::move(model_paths));
    }
    schemas.emplace_back("Problem", problem_schema());
    // Moved, never copied: paths and schemas hold the whole API.
    document["tags"] = std::move(tags);
    document["paths"] = to_object(std::move(paths));
    Document components = Document::object();
    components["schemas"] = to_object(std::move(schemas));
    components["responses"] = shared_responses();
    if (any_rate_limit()) {
      components["headers"] = rate_limit_headers();
    }
    if (service_.auth) {
      components["securitySchemes"] = {{"bearerAuth", bearer_scheme(service_.auth->jwt)}};
    }
    document["components"] = std::move(components);
    return document;
  }

 private:
  static Document retry_after() {
    return {{"description", "Seconds to wait before retrying."},
            {"schema", {{"type", "integer"}, {"minimum", 0}}}};
  }

  // The error responses operations refer to; 401 and 403 only with "auth", 429 only where a
  // rate limit applies.
  Document shared_responses() const {
    Document responses = Document::object();
    for (int status : {400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429, 503, 504}) {
      bool authenticates = status == 401 || status == 403;
      if ((authenticates && !service_.auth) || (status == 429 && !any_rate_limit())) {
        continue;
      }
      Document response = {
          {"description", problem_description(status)},
          {"content", {{"application/problem+json", {{"schema", schema_ref("Problem")}}}}}};
      if (status == 503) {
        response["headers"] = {{"Retry-After", retry_after()}};
      }
      if (status == 401) {
        response["headers"] = {
            {"WWW-Authenticate",
             {{"description",
               "The Bearer challenge (RFC 6750), with error=\"invalid_token\" and an "
               "error_description when a token was sent but is not valid."},
              {"schema", {{"type", "string"}}}}}};
      }
      if (status == 429) {
        Document headers = {{"Retry-After", retry_after()}};
        merge(headers, rate_limit_header_refs());
        response["headers"] = std::move(headers);
      }
      responses[std::to_string(status)] = std::move(response);
    }
    return responses;
  }

  bool any_rate_limit() const {
    return std::any_of(service_.models.begin(), service_.models.end(), [](const ir::Model& model) {
      return std::any_of(
          model.operations.begin(), model.operations.end(),
          [&](ir::Operation operation) { return model.rate_limit(operation).has_value(); });
    });
  }

  static Document rate_limit_headers() {
    auto integer_header = [](const char* description) {
      return Document{{"description", description},
                      {"schema", {{"type", "integer"}, {"minimum", 0}}}};
    };
    return {{"RateLimit-Limit", integer_header("Requests allowed in each window.")},
            {"RateLimit-Remaining", integer_header("Requests left in the current window.")},
            {"RateLimit-Reset", integer_header("Seconds until the current window ends.")}};
  }

  static Document rate_limit_header_refs() {
    Document refs = Document::object();
    for (const char* name : {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"}) {
      refs[name] = {{"$ref", std::string("#/components/headers/") + name}};
    }
    return refs;
  }

  static Document bearer_scheme(const ir::JwtSettings& jwt) {
    return {
        {"type", "http"},
        {"scheme", "bearer"},
        {"bearerFormat", "JWT"},
        {"description", "A JWT issued by " + jwt.issuer + " for " + join_names(jwt.audience, "or") +
                            ", signed with " + join_names(jwt.algorithms, "or") + "."}};
  }

  // One requirement per accepted role, as alternatives; any valid token when the rule names no
  // role; none for a public operation.
  static Document security_requirements(const ir::AccessRule& rule) {
    Document requirements = Document::array();
    if (rule.is_public) {
      return requirements;
    }
    if (rule.roles.empty()) {
      requirements.push_back({{"bearerAuth", Document::array()}});
    }
    for (const std::string& role : rule.roles) {
      requirements.push_back({{"bearerAuth", Document::array({role})}});
    }
    return requirements;
  }

  // What the operation's rule, the model's owner and tenant and the rate limit mean for a
  // caller, for the operation's description.
  static std::string access_note(const ir::Model& model, ir::Operation operation,
                                 bool authenticates) {
    std::string note;
    const ir::AccessRule& rule = model.access_rule(operation);
    if (authenticates) {
      note = rule.is_public ? "Public: needs no token (a token sent must be valid)."
             : rule.roles.empty()
                 ? "Needs a valid bearer token."
                 : "Needs a bearer token with the role " + join_names(rule.roles, "or") + ".";
    }
    if (authenticates && rule.owner && model.owner) {
      note += " Reaches only the rows whose " + model.owner->field + " is the caller's subject" +
              (model.owner->bypass_roles.empty()
                   ? std::string(".")
                   : ", unless the caller has the role " +
                         join_names(model.owner->bypass_roles, "or") + ".");
    }
    if (authenticates && operation == ir::Operation::kCreate && model.owner) {
      note += " Sets " + model.owner->field + " to the caller's subject.";
    }
    if (authenticates && model.tenant) {
      note += " Reaches only the rows of the caller's tenant (" + *model.tenant +
              ", from the token)" +
              (operation == ir::Operation::kCreate ? ", and sets it on the new row." : ".");
    }
    if (const std::optional<ir::RateLimit>& limit = model.rate_limit(operation)) {
      note += (note.empty() ? "" : " ") + std::string("Rate limited to ") +
              std::to_string(limit->requests) + (limit->requests == 1 ? " request" : " requests") +
              " per " + window_text(limit->per_ms) + ".";
    }
    return note;
  }

  static std::string window_text(std::int64_t ms) {
    struct Unit {
      std::int64_t ms;
      const char* one;
      const char* many;
    };
    for (Unit unit : {Unit{3600000, "hour", "hours"}, Unit{60000, "minute", "minutes"},
                      Unit{1000, "second", "seconds"}}) {
      if (ms % unit.ms == 0) {
        std::int64_t count = ms / unit.ms;
        return count == 1 ? unit.one : std::to_string(count) + " " + unit.many;
      }
    }
    return std::to_string(ms) + " milliseconds";
  }

  // The keys an operation object is written with, in this order.
  static Document in_operation_order(Document&& operation) {
    Document ordered = sized_object(operation.size());
    for (const char* key : {"operationId", "tags", "summary", "description", "parameters",
                            "requestBody", "security", "responses"}) {
      if (operation.contains(key)) {
        ordered[key] = std::move(operation[key]);
      }
    }
    return ordered;
  }

  static Document sorted_responses(Document&& responses) {
    std::vector<std::string> statuses;
    for (const auto& [status, response] : responses.items()) {
      statuses.push_back(status);
    }
    std::sort(statuses.begin(), statuses.end());
    Document sorted = sized_object(statuses.size());
    for (const std::string& status : statuses) {
      sorted[status] = std::move(responses[status]);
    }
    return sorted;
  }

  // Adds what "auth" and rate limits mean for one operation: its security requirement, its
  // 401, 403 and 429 responses and the rate limit headers of its success response. Without
  // either the operation stays as it is.
  Document with_access(const ir::Model& model, ir::Operation operation, Document document,
                       const std::string& success) const {
    bool authenticates = service_.auth.has_value();
    const std::optional<ir::RateLimit>& limit = model.rate_limit(operation);
    if (!authenticates && !limit) {
      return document;
    }
    // Taken out while keys are added: a reference into an ordered_json object does not survive
    // an insertion.
    Document responses = std::move(document["responses"]);
    if (authenticates) {
      const ir::AccessRule& rule = model.access_rule(operation);
      document["security"] = security_requirements(rule);
      responses["401"] = response_ref(401);
      if (!rule.is_public && (!rule.roles.empty() || model.tenant)) {
        responses["403"] = response_ref(403);
      }
    }
    if (limit) {
      responses["429"] = response_ref(429);
      Document& response = responses[success];
      Document headers = response.value("headers", Document::object());
      merge(headers, rate_limit_header_refs());
      // The headers before the content, as in every other response.
      Document content = response.contains("content") ? std::move(response["content"]) : Document();
      response.erase("headers");
      response.erase("content");
      response["headers"] = std::move(headers);
      if (!content.is_null()) {
        response["content"] = std::move(content);
      }
    }
    document["responses"] = sorted_responses(std::move(responses));
    std::string note = access_note(model, operation, authenticates);
    std::string description = document.value("description", "");
    document["description"] = description.empty() ? note : description + " " + note;
    return in_operation_order(std::move(document));
  }

  static Document problem_schema() {
    return {{"type", "object"},
            {"description", "An error, as RFC 9457 problem details."},
            {"required", {"type", "title", "status", "detail", "instance", "request_id", "errors"}},
            {"properties",
             {{"type", {{"type", "string"}, {"format", "uri-reference"}}},
              {"title", {{"type", "string"}}},
              {"status", {{"type", "integer"}, {"minimum", 400}, {"maximum", 599}}},
              {"detail", {{"type", "string"}}},
              {"instance", {{"type", "string"}}},
              {"request_id", {{"type", "string"}}},
              {"errors",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"required", {"pointer", "message"}},
                  {"properties",
                   {{"pointer", {{"type", "string"}}}, {"message", {{"type", "string"}}}}},
                  {"additionalProperties", false}}}}}}},
            {"additionalProperties", false}};
  }

  // Members collected for one large object. An ordered_json object is a vector of
  // pair<const string, json>, which cannot be moved when the vector grows, so every growth
  // deep-copied all schemas or paths gathered so far; this list moves, and the object is sized
  // once. operator[] is avoided too: in an ordered_json object it is a linear scan, and it made
  // 2,000 models quadratic. The keys are unique already (model names and paths are validated).
  using Members = std::vector<std::pair<std::string, Document>>;

  static void append_members(Members& into, Document&& from) {
    for (auto& [key, value] : from.get_ref<Document::object_t&>()) {
      into.emplace_back(key, std::move(value));
    }
  }

  static Document to_object(Members&& members) {
    Document object = Document::object();
    auto& storage = object.get_ref<Document::object_t&>();
    storage.reserve(members.size());
    for (auto& [key, value] : members) {
      storage.std::vector<Document::object_t::value_type>::emplace_back(std::move(key),
                                                                        std::move(value));
    }
    return object;
  }

  void add_schemas(const ir::Model& model, Document& schemas) {
    Document properties = Document::object();
    Document required = Document::array();
    for (const ir::Column& column : model.columns) {
      if (!column.returned) {
        continue;
      }
      const ir::Field* field = model.field_of(column);
      Document property = field ? field_schema(*field, field->optional) : type_schema(column.type);
      if (!field) {
        property["readOnly"] = true;  // svcgen maintains its own columns
      }
      properties[column.name.text] = std::move(property);
      required.push_back(column.name.text);
    }
    Document resource = {{"type", "object"}};
    if (!model.description.empty()) {
      resource["description"] = model.description;
    }
    resource["required"] = std::move(required);
    resource["properties"] = std::move(properties);
    resource["additionalProperties"] = false;
    schemas[model.name] = std::move(resource);

    for (const std::string& kind : model.request_bodies()) {
      Document input_properties = Document::object();
      Document input_required = Document::array();
      for (const ir::Column& column : model.columns) {
        const ir::Field* field = model.field_of(column);
        if (!column.in_create || field == nullptr) {
          continue;
        }
        Document property = field_schema(*field, field->optional);
        if (kind == "Patch") {
          // A merge patch leaves an omitted field as it is, never resets it to its default; a
          // default here would tell clients (openapi-typescript makes such fields required)
          // otherwise.
          property.erase("default");
        }
        input_properties[column.name.text] = std::move(property);
        if (ir::required_in(column, kind)) {
          input_required.push_back(column.name.text);
        }
      }
      Document input = {{"type", "object"}};
      input["description"] = kind == "Create" ? "The body that creates a " + model.name + "."
                             : kind == "Replace"
                                 ? "A full replacement of a " + model.name +
                                       "; left-out write-only fields keep their "
                                       "value."
                                 : "A JSON merge patch (RFC 7396) of a " + model.name + ".";
      if (!input_required.empty()) {
        input["required"] = std::move(input_required);
      }
      input["properties"] = std::move(input_properties);
      input["additionalProperties"] = false;
      schemas[model.name + kind] = std::move(input);
    }
    if (!model.has(ir::Operation::kList)) {
      return;
    }
    schemas[model.name + "List"] = {
        {"type", "object"},
        {"description", "One page of " + model.plural + "."},
        {"required", {"items", "next_cursor"}},
        {"properties",
         {{"items", {{"type", "array"}, {"items", schema_ref(model.name)}}},
          {"next_cursor",
           {{"type", {"string", "null"}},
            {"description", "Pass as cursor for the next page; null on the last page."}}}}},
        {"additionalProperties", false}};
  }

  Document error_responses(const ir::Model& model, std::initializer_list<int> statuses) {
    Document responses = Document::object();
    for (int status : statuses) {
      if ((status == 412 || status == 428) && !model.optimistic_locking) {
        continue;
      }
      responses[std::to_string(status)] = response_ref(status);
    }
    return responses;
  }

  Document resource_response(const ir::Model& model, const std::string& description,
                             bool location) {
    Document headers = Document::object();
    if (location) {
      headers["Location"] = {{"description", "The URL of the new " + model.name + "."},
                             {"schema", {{"type", "string"}}}};
    }
    if (model.optimistic_locking) {
      headers["ETag"] = {{"description", "The version, for If-Match."},
                         {"schema", {{"type", "string"}}}};
    }
    Document response = {{"description", description}};
    if (!headers.empty()) {
      response["headers"] = std::move(headers);
    }
    response["content"] = {{"application/json", {{"schema", schema_ref(model.name)}}}};
    return response;
  }

  static void merge(Document& into, Document&& more) {
    for (auto& [key, value] : more.items()) {
      into[key] = std::move(value);
    }
  }

  // What a reader of the API reference needs beyond the summary: the rules the service applies.
  // A delete is described here only for softDelete models; one that removes the row is
  // described from what it does to the rows that refer to it.
  static std::string describe(const ir::Model& model, ir::Operation operation) {
    const std::string& name = model.name;
    std::string locking = locking_note(model);
    switch (operation) {
      case ir::Operation::kCreate:
        return "Validates the body and stores a new " + name +
               ". A taken unique value or a reference to a missing row answers 409.";
      case ir::Operation::kList:
        return "Pages through " + model.plural +
               " in a stable order: pass next_cursor as cursor for the next page. Filters combine "
               "with AND." +
               (model.soft_delete ? " Deleted " + model.plural + " are not listed." : "");
      case ir::Operation::kRead:
        return model.soft_delete ? "A deleted " + name + " answers 404." : "";
      case ir::Operation::kUpdate:
        return "Applies a JSON merge patch (RFC 7396): a field in the body changes, null clears "
               "an optional field, a field left out stays as it is." +
               locking;
      case ir::Operation::kDelete:
        return "Marks the " + name + " deleted: from then on it answers 404 and is not listed." +
               locking;
    }
    return "";
  }

  static std::string locking_note(const ir::Model& model) {
    return model.optimistic_locking
               ? " Send the ETag of the version you read as If-Match: a "
                 "changed " +
                     model.name + " answers 412, a request without If-Match 428."
               : "";
  }

  static std::string replace_description(const ir::Model& model) {
    bool write_only = std::any_of(model.fields.begin(), model.fields.end(),
                                  [](const ir::Field& field) { return field.write_only; });
    return "Replaces the whole " + model.name +
           ": a field left out is set as on create, to its default or null" +
           (write_only ? ", except write-only fields, which keep their value." : ".") +
           locking_note(model);
  }

  Document if_match() {
    return {{"name", "If-Match"},
            {"in", "header"},
            {"required", true},
            {"description", "The ETag of the version being changed."},
            {"schema", {{"type", "string"}}}};
  }

  Document body(const std::string& schema, bool patch) {
    Document content = {{"application/json", {{"schema", schema_ref(schema)}}}};
    if (patch) {
      content = {{"application/merge-patch+json", {{"schema", schema_ref(schema)}}},
                 {"application/json", {{"schema", schema_ref(schema)}}}};
    }
    return {{"required", true}, {"content", content}};
  }

  Document create_operation(const ir::Model& model) {
    const std::string& name = model.name;
    Document responses = {{"201", resource_response(model, "The created " + name + ".", true)}};
    merge(responses, error_responses(model, {400, 409, 413, 415, 422, 503, 504}));
    return {{"operationId", "create" + name},
            {"tags", {name}},
            {"summary", endpoint_summary(model, Endpoint::kCreate)},
            {"description", describe(model, ir::Operation::kCreate)},
            {"requestBody", body(name + "Create", false)},
            {"responses", std::move(responses)}};
  }

  Document list_operation(const ir::Model& model) {
    Document responses = {
        {"200",
         {{"description", "A page of " + model.plural + "."},
          {"content", {{"application/json", {{"schema", schema_ref(model.name + "List")}}}}}}}};
    merge(responses, error_responses(model, {400, 503, 504}));
    return {{"operationId", "list" + model.plural},
            {"tags", {model.name}},
            {"summary", endpoint_summary(model, Endpoint::kList)},
            {"description", describe(model, ir::Operation::kList)},
            {"parameters", list_parameters(model)},
            {"responses", std::move(responses)}};
  }

  Document read_operation(const ir::Model& model) {
    const std::string& name = model.name;
    Document responses = {{"200", resource_response(model, "The " + name + ".", false)}};
    merge(responses, error_responses(model, {404, 503, 504}));
    Document operation = {{"operationId", "get" + name},
                          {"tags", {name}},
                          {"summary", endpoint_summary(model, Endpoint::kGet)}};
    if (model.soft_delete) {
      operation["description"] = describe(model, ir::Operation::kRead);
    }
    operation["responses"] = std::move(responses);
    return operation;
  }

  Document update_operation(const ir::Model& model, bool patch) {
    const std::string& name = model.name;
    Document responses = {{"200", resource_response(model, "The updated " + name + ".", false)}};
    merge(responses, error_responses(model, {400, 404, 409, 412, 413, 415, 422, 428, 503, 504}));
    Document operation = {
        {"operationId", (patch ? "patch" : "replace") + name},
        {"tags", {name}},
        {"summary", endpoint_summary(model, patch ? Endpoint::kPatch : Endpoint::kReplace)},
        {"description",
         patch ? describe(model, ir::Operation::kUpdate) : replace_description(model)}};
    if (model.optimistic_locking) {
      operation["parameters"] = Document::array({if_match()});
    }
    operation["requestBody"] = body(name + (patch ? "Patch" : "Replace"), patch);
    operation["responses"] = std::move(responses);
    return operation;
  }

  // A delete that removes the row (the model has no softDelete): what happens to the rows that
  // refer to it.
  static std::string describe_hard_delete(const ir::Model& model,
                                          const std::vector<ir::DeleteStep>& steps) {
    std::vector<std::string> cascaded;
    std::vector<std::string> purged;
    std::vector<std::string> blocking;
    for (const ir::DeleteStep& step : steps) {
      if (step.cascades) {
        add_once(cascaded, step.model->name);
      }
      if (step.purges) {
        add_once(purged, step.model->name);
      }
      if (step.blocks) {
        add_once(blocking, ir::referrer(step));
      }
    }
    std::string text = "Deletes the " + model.name + ".";
    if (!cascaded.empty()) {
      text += " " + join_names(cascaded) + " rows that refer to it go with it.";
    }
    if (!purged.empty()) {
      text += " Deleted (softDelete) " + join_names(purged) +
              " rows that refer to it are erased with it.";
    }
    if (!blocking.empty()) {
      text += " While live rows refer to it (" + join_names(blocking) +
              "), answers 409 naming their model and field.";
    }
    return text + locking_note(model);
  }

  static void add_once(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }

  static std::string join_names(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) {
      text += (text.empty() ? "" : ", ") + name;
    }
    return text;
  }

  // "a", "a or b", "a, b or c".
  static std::string join_names(const std::vector<std::string>& names, const std::string& last) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
      text += (i == 0 ? "" : i + 1 == names.size() ? " " + last + " " : ", ") + names[i];
    }
    return text;
  }

  // The 409 of a delete that referring rows can block, with an example of its detail.
  static Document referenced_response(const ir::Model& model,
                                      const std::vector<ir::DeleteStep>& steps) {
    int first = 0;
    while (!steps[static_cast<std::size_t>(first)].blocks) {
      ++first;
    }
    std::string description = "Live rows still refer to the " + model.name +
                              ": the detail names their model and field, as in \"" +
                              ir::referenced_detail(model, steps, first) +
                              "\". Also a concurrent change (a deadlock or a lock timeout).";
    return {{"description", description},
            {"content", {{"application/problem+json", {{"schema", schema_ref("Problem")}}}}}};
  }

  Document delete_operation(const ir::Model& model) {
    std::vector<ir::DeleteStep> steps = ir::delete_steps(service_, model);
    Document responses = {{"204", {{"description", "Deleted."}}}};
    merge(responses, error_responses(model, {404, 409, 412, 428, 503, 504}));
    if (ir::delete_can_be_blocked(steps)) {
      responses["409"] = referenced_response(model, steps);
    }
    Document operation = {
        {"operationId", "delete" + model.name},
        {"tags", {model.name}},
        {"summary", endpoint_summary(model, Endpoint::kDelete)},
        {"description", model.soft_delete ? describe(model, ir::Operation::kDelete)
                                          : describe_hard_delete(model, steps)}};
    if (model.optimistic_locking) {
      operation["parameters"] = Document::array({if_match()});
    }
    operation["responses"] = std::move(responses);
    return operation;
  }

  void add_paths(const ir::Model& model, Document& paths) {
    // Operations are gathered in objects sized up front: growing an ordered_json object copies
    // every operation already in it.
    Document collection_operations = sized_object(2);
    Document item_operations = sized_object(5);
    using ir::Operation;
    if (model.has(Operation::kCreate)) {
      collection_operations["post"] =
          with_access(model, Operation::kCreate, create_operation(model), "201");
    }
    if (model.has(Operation::kList)) {
      collection_operations["get"] =
          with_access(model, Operation::kList, list_operation(model), "200");
    }
    if (model.has(Operation::kRead)) {
      item_operations["get"] = with_access(model, Operation::kRead, read_operation(model), "200");
    }
    if (model.has(Operation::kUpdate)) {
      item_operations["put"] =
          with_access(model, Operation::kUpdate, update_operation(model, false), "200");
      item_operations["patch"] =
          with_access(model, Operation::kUpdate, update_operation(model, true), "200");
    }
    if (model.has(Operation::kDelete)) {
      item_operations["delete"] =
          with_access(model, Operation::kDelete, delete_operation(model), "204");
    }
    std::string collection = "/" + model.path;
    if (!collection_operations.empty()) {
      paths[collection] = std::move(collection_operations);
    }
    if (!item_operations.empty()) {
      item_operations["parameters"] =
          Document::array({{{"name", model.primary_key.name.text},
                            {"in", "path"},
                            {"required", true},
                            {"schema", key_schema(model.primary_key.type)}}});
      paths[collection + "/{" + model.primary_key.name.text + "}"] = std::move(item_operations);
    }
  }

  static Document sized_object(std::size_t members) {
    Document object = Document::object();
    object.get_ref<Document::object_t&>().reserve(members);
    return object;
  }

  // The schema of one filter value: the column's type without length, pattern or range rules,
  // which bound stored values, not the values a filter compares them with.
  static Document filter_schema(const ir::Model& model, const ir::Column& column) {
    const ir::Field* field = model.field_of(column);
    if (!field) {
      return type_schema(column.stored);
    }
    Document schema = value_schema(*field);
    for (const char* constraint : {"minLength", "maxLength", "pattern", "minimum", "maximum"}) {
      schema.erase(constraint);
    }
    // A type's own pattern (time's) is the form of every value, filters' included.
    Document own = type_schema(column.stored);
    if (own.contains("pattern")) {
      schema["pattern"] = own["pattern"];
    }
    return schema;
  }

  // One parameter per filterable field and operator, in the exact syntax the service accepts.
  Document list_parameters(const ir::Model& model) {
    Document parameters = Document::array();
    parameters.push_back(
        {{"name", "limit"},
         {"in", "query"},
         {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}}}});
    parameters.push_back({{"name", "cursor"},
                          {"in", "query"},
                          {"description", "The next_cursor of the previous page."},
                          {"schema", {{"type", "string"}}}});
    std::vector<FilterField> fields;
    Document sort_values = Document::array();
    for (const ir::Column& column : model.columns) {
      if (column.filterable) {
        fields.push_back({column.name.text, filter_schema(model, column), column.value_kind});
      }
      if (column.sortable) {
        sort_values.push_back(column.name.text);
        sort_values.push_back("-" + column.name.text);
      }
    }
    parameters.push_back(
        {{"name", "sort"},
         {"in", "query"},
         {"description",
          "Fields to sort by, comma separated; a leading - sorts descending. The "
          "primary key breaks ties."},
         {"style", "form"},
         {"explode", false},
         {"schema",
          {{"type", "array"}, {"uniqueItems", true}, {"items", {{"enum", sort_values}}}}}});
    for (const FilterField& field : fields) {
      add_filter_parameters(field, parameters);
    }
    return parameters;
  }

  const ir::Service& service_;
};

}  // namespace

nlohmann::ordered_json openapi_document(const ir::Service& service) {
  return Builder(service).build();
}

void OpenApiEmitter::emit(const ir::Service& service, const EmitContext& context,
                          OutputSet& output) const {
  std::string text = openapi_document(service).dump(2) + "\n";
  output.add("openapi.json", text);
  std::vector<std::string> sources;
  for (const ir::Model& model : service.models) {
    sources.push_back(model.source);
  }
  Json view = {{"header", generated_header("//", sources)},
               {"namespace", service.cpp_namespace},
               {"document", cpp::embedded_text(text, "json")}};
  output.add("src/openapi.cpp", context.templates.render("cpp/openapi.cpp.mustache", view));
}

}  // namespace svcgen
