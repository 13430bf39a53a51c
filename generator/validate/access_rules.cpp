#include "validate/access_rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "validate/object_reader.hpp"

namespace svcgen {
namespace {

using ir::Operation;

constexpr KeySpec kAuthKeys[] = {
    {"jwt", JsonKind::kObject, true},
    {"default", JsonKind::kAny},
};

constexpr KeySpec kJwtKeys[] = {
    {"issuer", JsonKind::kString, true}, {"audience", JsonKind::kAny, true},
    {"algorithms", JsonKind::kArray},    {"rolesClaim", JsonKind::kString},
    {"subjectClaim", JsonKind::kString}, {"tenantClaim", JsonKind::kString},
};

constexpr KeySpec kRateLimitKeys[] = {
    {"requests", JsonKind::kInteger, true},
    {"per", JsonKind::kString, true},
};

constexpr KeySpec kOwnerKeys[] = {
    {"field", JsonKind::kString, true},
    {"bypassRoles", JsonKind::kArray},
};

// The operations a model's "access" and "rateLimits" may name, in the order of ir::Operation.
constexpr KeySpec kAccessKeys[] = {
    {"create", JsonKind::kAny}, {"read", JsonKind::kAny}, {"update", JsonKind::kAny},
    {"delete", JsonKind::kAny}, {"list", JsonKind::kAny},
};

constexpr KeySpec kRateLimitsKeys[] = {
    {"create", JsonKind::kObject}, {"read", JsonKind::kObject}, {"update", JsonKind::kObject},
    {"delete", JsonKind::kObject}, {"list", JsonKind::kObject},
};

constexpr KeySpec kAccessRuleKeys[] = {
    {"roles", JsonKind::kArray, true},
    {"owner", JsonKind::kBoolean},
};

// HS256 is accepted, but only when listed: a shared secret is weaker than a key pair.
constexpr std::string_view kDefaultAlgorithms[] = {"RS256", "ES256", "EdDSA"};
constexpr std::string_view kAlgorithms[] = {"RS256", "RS384", "RS512", "PS256",
                                            "ES256", "ES384", "EdDSA", "HS256"};
constexpr std::string_view kRuleWords[] = {"public", "authenticated", "owner"};

constexpr const char* kRuleForms =
    "\"public\", \"authenticated\", \"owner\" or {\"roles\": [...]} (with \"owner\": true for "
    "both)";

// "a role", "an audience".
std::string with_article(std::string_view noun) {
  bool vowel =
      !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string joined(std::span<const std::string_view> words) {
  std::string text;
  for (std::string_view word : words) {
    text += (text.empty() ? "" : ", ") + std::string(word);
  }
  return text;
}

// Where a model's entry for `operation` sits under `key` ("/access/update").
std::string operation_pointer(const ObjectReader& reader, std::string_view key,
                              Operation operation) {
  return pointer_append(reader.pointer(key), std::string(ir::operation_name(operation)));
}

// A non-empty list of distinct non-empty strings (roles, audiences), each problem at its entry.
std::optional<std::vector<std::string>> read_names(const JsonDocument& document,
                                                   const std::string& pointer,
                                                   Diagnostics& diagnostics, std::string_view noun,
                                                   bool may_be_empty) {
  const Json& list = document.root().at(Json::json_pointer(pointer));
  if (!list.is_array()) {
    return std::nullopt;
  }
  if (list.empty() && !may_be_empty) {
    diagnostics.error(document.at(pointer), "list at least one " + std::string(noun));
    return std::nullopt;
  }
  std::vector<std::string> names;
  bool valid = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    SourceLocation at = document.at(pointer_append(pointer, i));
    if (!list[i].is_string() || list[i].get<std::string>().empty()) {
      diagnostics.error(at, with_article(noun) + " must be a non-empty string, got " +
                                (list[i].is_string() ? std::string("\"\"")
                                                     : std::string(json_kind_name(list[i]))));
      valid = false;
      continue;
    }
    std::string name = list[i].get<std::string>();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      diagnostics.error(at, std::string(noun) + " " + in_quotes(name) + " is listed twice");
      valid = false;
      continue;
    }
    names.push_back(std::move(name));
  }
  return valid ? std::optional(std::move(names)) : std::nullopt;
}

// A claim's name, or a dotted path into nested claims ("realm_access.roles").
bool is_claim_path(std::string_view path) {
  if (path.empty()) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    std::size_t end = dot == std::string_view::npos ? path.size() : dot;
    if (end == start) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

std::optional<std::string> read_claim(const ObjectReader& reader, std::string_view key,
                                      Diagnostics& diagnostics) {
  std::optional<std::string> path = reader.string(key);
  if (path && !is_claim_path(*path)) {
    diagnostics.error(reader.at(key), in_quotes(key) +
                                          " must be a claim name or a dotted path of them, such "
                                          "as \"realm_access.roles\", got " +
                                          in_quotes(*path));
    return std::nullopt;
  }
  return path;
}

std::vector<std::string> read_algorithms(const ObjectReader& reader, Diagnostics& diagnostics) {
  const Json* list = reader.get("algorithms");
  if (list == nullptr) {
    return std::vector<std::string>(std::begin(kDefaultAlgorithms), std::end(kDefaultAlgorithms));
  }
  const JsonDocument& document = reader.document();
  if (list->empty()) {
    diagnostics.error(reader.at("algorithms"),
                      "algorithms must list at least one algorithm; leave the key out for the "
                      "default, RS256, ES256 and EdDSA");
    return {};
  }
  std::vector<std::string> algorithms;
  for (std::size_t i = 0; i < list->size(); ++i) {
    SourceLocation at = document.at(pointer_append(reader.pointer("algorithms"), i));
    const Json& entry = (*list)[i];
    if (!entry.is_string()) {
      diagnostics.error(at,
                        "an algorithm must be a string, got " + std::string(json_kind_name(entry)));
      continue;
    }
    std::string name = entry.get<std::string>();
    if (std::find(std::begin(kAlgorithms), std::end(kAlgorithms), name) == std::end(kAlgorithms)) {
      diagnostics.error(at, "unknown algorithm " + in_quotes(name) + "; expected one of " +
                                joined(kAlgorithms) + did_you_mean(name, kAlgorithms));
    } else if (std::find(algorithms.begin(), algorithms.end(), name) != algorithms.end()) {
      diagnostics.error(at, "algorithm " + in_quotes(name) + " is listed twice");
    } else {
      algorithms.push_back(std::move(name));
    }
  }
  return algorithms;
}

std::optional<ir::JwtSettings> read_jwt(const JsonDocument& document, const std::string& pointer,
                                        Diagnostics& diagnostics) {
  int errors_before = diagnostics.error_count();
  ObjectReader reader(document, pointer, diagnostics, kJwtKeys, "auth.jwt");
  if (!reader.is_object()) {
    return std::nullopt;
  }
  ir::JwtSettings jwt;
  jwt.issuer = reader.string("issuer").value_or("");
  if (reader.has("issuer") && jwt.issuer.empty()) {
    diagnostics.error(reader.at("issuer"),
                      "issuer must not be empty: tokens are accepted only from the issuer named "
                      "here");
  }
  if (const Json* audience = reader.get("audience")) {
    if (audience->is_string()) {
      jwt.audience = {audience->get<std::string>()};
      if (jwt.audience.front().empty()) {
        diagnostics.error(reader.at("audience"), "audience must not be empty");
      }
    } else if (audience->is_array()) {
      jwt.audience =
          read_names(document, reader.pointer("audience"), diagnostics, "audience", false)
              .value_or(std::vector<std::string>{});
    } else {
      diagnostics.error(reader.at("audience"),
                        "audience must be a string or a list of strings, got " +
                            std::string(json_kind_name(*audience)));
    }
  }
  jwt.algorithms = read_algorithms(reader, diagnostics);
  jwt.roles_claim = read_claim(reader, "rolesClaim", diagnostics).value_or("roles");
  jwt.subject_claim = read_claim(reader, "subjectClaim", diagnostics).value_or("sub");
  jwt.tenant_claim = read_claim(reader, "tenantClaim", diagnostics);
  if (diagnostics.error_count() > errors_before) {
    return std::nullopt;
  }
  return jwt;
}

enum class RuleScope { kModel, kServiceDefault };

std::optional<ir::AccessRule> read_rule_word(const JsonDocument& document,
                                             const std::string& pointer, const std::string& word,
                                             RuleScope scope, Diagnostics& diagnostics) {
  ir::AccessRule rule;
  if (word == "public") {
    rule.is_public = true;
  } else if (word == "owner") {
    if (scope == RuleScope::kServiceDefault) {
      diagnostics.error(document.at(pointer),
                        "the service's default rule cannot be \"owner\": only a model has an "
                        "owner field, so give \"owner\" in the \"access\" of such a model");
      return std::nullopt;
    }
    rule.owner = true;
  } else if (word != "authenticated") {
    diagnostics.error(document.at(pointer), "unknown access rule " + in_quotes(word) +
                                                "; expected " + kRuleForms +
                                                did_you_mean(word, kRuleWords));
    return std::nullopt;
  }
  return rule;
}

std::optional<ir::AccessRule> read_rule(const JsonDocument& document, const std::string& pointer,
                                        RuleScope scope, Diagnostics& diagnostics) {
  const Json& value = document.root().at(Json::json_pointer(pointer));
  if (value.is_string()) {
    return read_rule_word(document, pointer, value.get<std::string>(), scope, diagnostics);
  }
  if (!value.is_object()) {
    diagnostics.error(document.at(pointer), std::string("an access rule must be ") + kRuleForms +
                                                ", got " + std::string(json_kind_name(value)));
    return std::nullopt;
  }
  ObjectReader reader(document, pointer, diagnostics, kAccessRuleKeys, "an access rule");
  if (!reader.has("roles")) {
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> roles =
      read_names(document, reader.pointer("roles"), diagnostics, "role", false);
  ir::AccessRule rule;
  rule.owner = reader.boolean("owner").value_or(false);
  if (rule.owner && scope == RuleScope::kServiceDefault) {
    diagnostics.error(reader.at("owner"),
                      "the service's default rule cannot have \"owner\": only a model has an "
                      "owner field, so give \"owner\" in the \"access\" of such a model");
    return std::nullopt;
  }
  if (!roles) {
    return std::nullopt;
  }
  rule.roles = std::move(*roles);
  return rule;
}

bool is_one_of(ir::Type type, std::initializer_list<ir::Type> types) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

// Checks and resolves one model's access keys; a member per key keeps each step small.
class ModelAccessReader {
 public:
  ModelAccessReader(const ObjectReader& reader, const ServiceAccess& service, ir::Model& model,
                    Diagnostics& diagnostics)
      : reader_(reader), service_(service), model_(model), diagnostics_(diagnostics) {}

  void read() {
    require_auth();
    read_owner();
    read_tenant();
    std::array<std::optional<ir::AccessRule>, ir::kOperationCount> explicit_rules = read_access();
    resolve_access(explicit_rules);
    read_rate_limits();
  }

 private:
  void error(const SourceLocation& at, std::string message) {
    diagnostics_.error(at, std::move(message));
  }

  void require_auth() {
    if (service_.auth_written) {
      return;
    }
    for (std::string_view key : {"owner", "tenant", "access"}) {
      if (reader_.written(key)) {
        error(reader_.at(key), in_quotes(key) + " needs \"auth\" in the service file");
      }
    }
  }

  // The fields as written, with errors or not, so a field that failed its own checks is not
  // also reported unknown here.
  std::vector<std::string> declared_fields() const {
    std::vector<std::string> names;
    const Json& root = reader_.document().root();
    if (!root.contains("fields") || !root["fields"].is_array()) {
      return names;
    }
    for (const Json& field : root["fields"]) {
      if (field.is_object() && field.contains("name") && field["name"].is_string()) {
        names.push_back(field["name"].get<std::string>());
      }
    }
    return names;
  }

  // The checks the owner and the tenant field share. `what` is "owner" or "tenant".
  const ir::Field* service_set_field(const SourceLocation& at, const std::string& name,
                                     std::string_view what) {
    if (name == model_.primary_key.name.text) {
      error(at, "the primary key cannot be the " + std::string(what) +
                    " field: the database chooses it");
      return nullptr;
    }
    const ir::Field* field = model_.find_field(name);
    if (field == nullptr) {
      std::vector<std::string> declared = declared_fields();
      if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
        std::vector<std::string_view> candidates(declared.begin(), declared.end());
        error(at, "the " + std::string(what) + " field " + in_quotes(name) +
                      " is not a field of the model" + did_you_mean(name, candidates));
      }
      return nullptr;
    }
    if (!field->read_only) {
      error(at, "the " + std::string(what) + " field " + in_quotes(name) +
                    " must be readOnly: the service sets it from the caller's token");
    }
    if (field->optional) {
      error(at, "the " + std::string(what) + " field " + in_quotes(name) +
                    " cannot be optional: the service sets it on every row");
    }
    return field;
  }

  void read_owner() {
    if (!reader_.has("owner")) {
      return;
    }
    ObjectReader owner(reader_.document(), reader_.pointer("owner"), diagnostics_, kOwnerKeys,
                       "owner");
    std::optional<std::string> name = owner.string("field");
    if (!name) {
      return;
    }
    int errors_before = diagnostics_.error_count();
    const ir::Field* field = service_set_field(owner.at("field"), *name, "owner");
    if (field != nullptr && !is_one_of(field->type, {ir::Type::kString, ir::Type::kUuid})) {
      error(owner.at("field"), "the owner field " + in_quotes(*name) + " is " +
                                   std::string(ir::type_name(field->type)) +
                                   "; it must be string or uuid to hold the caller's subject");
    }
    std::vector<std::string> bypass;
    if (owner.has("bypassRoles")) {
      bypass = read_names(reader_.document(), owner.pointer("bypassRoles"), diagnostics_,
                          "bypass role", true)
                   .value_or(std::vector<std::string>{});
    }
    if (diagnostics_.error_count() == errors_before) {
      model_.owner = ir::Owner{*name, std::move(bypass)};
    }
  }

  void read_tenant() {
    std::optional<std::string> name = reader_.string("tenant");
    if (!name) {
      return;
    }
    SourceLocation at = reader_.at("tenant");
    int errors_before = diagnostics_.error_count();
    const ir::Field* field = service_set_field(at, *name, "tenant");
    if (field != nullptr &&
        !is_one_of(field->type, {ir::Type::kString, ir::Type::kUuid, ir::Type::kInt64})) {
      error(at, "the tenant field " + in_quotes(*name) + " is " +
                    std::string(ir::type_name(field->type)) +
                    "; it must be string, uuid or int64 to hold the caller's tenant");
    }
    if (owner_field() == *name) {
      error(at, "the tenant field " + in_quotes(*name) +
                    " is the owner field as well; a row's tenant and its owner need a field "
                    "each");
    }
    if (service_.auth && !service_.auth->jwt.tenant_claim) {
      error(at,
            "\"tenant\" needs \"tenantClaim\" in the service file's auth.jwt: the claim "
            "that names the caller's tenant");
    }
    if (diagnostics_.error_count() == errors_before) {
      model_.tenant = *name;
    }
  }

  // The owner field as written, whether or not it passed its checks.
  std::string owner_field() const {
    const Json& root = reader_.document().root();
    if (root.contains("owner") && root["owner"].is_object() && root["owner"].contains("field") &&
        root["owner"]["field"].is_string()) {
      return root["owner"]["field"].get<std::string>();
    }
    return "";
  }

  std::array<std::optional<ir::AccessRule>, ir::kOperationCount> read_access() {
    std::array<std::optional<ir::AccessRule>, ir::kOperationCount> rules{};
    if (!reader_.has("access")) {
      return rules;
    }
    ObjectReader access(reader_.document(), reader_.pointer("access"), diagnostics_, kAccessKeys,
                        "access");
    for (std::size_t i = 0; i < ir::kOperationCount; ++i) {
      auto operation = static_cast<Operation>(i);
      std::string_view name = ir::operation_name(operation);
      if (!access.has(name)) {
        continue;
      }
      std::string pointer = operation_pointer(reader_, "access", operation);
      if (!model_.has(operation)) {
        error(access.at(name), "an access rule for " + in_quotes(name) +
                                   ", which the model does not offer (see \"operations\")");
        continue;
      }
      std::optional<ir::AccessRule> rule =
          read_rule(reader_.document(), pointer, RuleScope::kModel, diagnostics_);
      if (rule && rule->owner && !reader_.written("owner")) {
        error(access.at(name), "\"owner\" needs an \"owner\" key in the model");
        continue;
      }
      rules.at(i) = std::move(rule);
    }
    return rules;
  }

  // Each operation's final rule, and the rules an owner or a tenant makes impossible.
  void resolve_access(
      const std::array<std::optional<ir::AccessRule>, ir::kOperationCount>& explicit_rules) {
    ir::AccessRule everyone;
    everyone.is_public = true;
    const ir::AccessRule& fallback = service_.auth ? service_.auth->default_rule : everyone;
    for (std::size_t i = 0; i < ir::kOperationCount; ++i) {
      auto operation = static_cast<Operation>(i);
      const ir::AccessRule& rule = explicit_rules.at(i) ? *explicit_rules.at(i) : fallback;
      model_.access.at(i) = rule;
      if (!service_.auth || !model_.has(operation) || !rule.is_public) {
        continue;
      }
      bool listed = explicit_rules.at(i).has_value();
      std::string name(ir::operation_name(operation));
      if (operation == Operation::kCreate && reader_.written("owner")) {
        error(listed ? reader_.document().at(operation_pointer(reader_, "access", operation))
                     : reader_.at("owner"),
              listed ? "create cannot be \"public\" on a model with an owner: the service sets "
                       "the owner field to the caller's subject"
                     : "create is \"public\" by the service's auth default, but a model with an "
                       "owner needs a token on create; give create a rule in \"access\"");
      }
      if (reader_.written("tenant")) {
        error(listed ? reader_.document().at(operation_pointer(reader_, "access", operation))
                     : reader_.at("tenant"),
              listed ? "\"public\" is not allowed on a model with \"tenant\": every operation "
                       "needs the caller's tenant from a token"
                     : in_quotes(name) +
                           " is \"public\" by the service's auth default, but a model with "
                           "\"tenant\" needs a token on every operation; give " +
                           in_quotes(name) + " a rule in \"access\"");
      }
    }
  }

  void read_rate_limits() {
    std::array<std::optional<ir::RateLimit>, ir::kOperationCount> limits{};
    if (reader_.has("rateLimits")) {
      ObjectReader entries(reader_.document(), reader_.pointer("rateLimits"), diagnostics_,
                           kRateLimitsKeys, "rateLimits");
      for (std::size_t i = 0; i < ir::kOperationCount; ++i) {
        auto operation = static_cast<Operation>(i);
        std::string_view name = ir::operation_name(operation);
        if (!entries.has(name)) {
          continue;
        }
        if (!model_.has(operation)) {
          error(entries.at(name), "a rate limit for " + in_quotes(name) +
                                      ", which the model does not offer (see \"operations\")");
          continue;
        }
        limits.at(i) = read_rate_limit(
            reader_.document(), operation_pointer(reader_, "rateLimits", operation), diagnostics_);
      }
    }
    for (std::size_t i = 0; i < ir::kOperationCount; ++i) {
      model_.rate_limits.at(i) = limits.at(i) ? limits.at(i) : service_.rate_limit;
    }
  }

  const ObjectReader& reader_;
  const ServiceAccess& service_;
  ir::Model& model_;
  Diagnostics& diagnostics_;
};

// Nanoseconds per unit of Go's duration syntax.
std::optional<long double> unit_ns(std::string_view unit) {
  if (unit == "ns") {
    return 1.0L;
  }
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {  // us, µs (micro), μs (mu)
    return 1e3L;
  }
  if (unit == "ms") {
    return 1e6L;
  }
  if (unit == "s") {
    return 1e9L;
  }
  if (unit == "m") {
    return 60e9L;
  }
  if (unit == "h") {
    return 3600e9L;
  }
  return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<long double> parse_duration_ns(std::string_view text) {
  if (text == "0") {
    return 0.0L;
  }
  if (text.empty()) {
    return std::nullopt;
  }
  long double total = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t number_start = at;
    while (at < text.size() && (is_digit(text[at]) || text[at] == '.')) {
      ++at;
    }
    std::string_view number = text.substr(number_start, at - number_start);
    if (number.empty() || number == "." || std::count(number.begin(), number.end(), '.') > 1) {
      return std::nullopt;
    }
    std::size_t unit_start = at;
    while (at < text.size() && !is_digit(text[at]) && text[at] != '.') {
      ++at;
    }
    std::optional<long double> unit = unit_ns(text.substr(unit_start, at - unit_start));
    if (!unit) {
      return std::nullopt;
    }
    total += std::stold(std::string(number)) * *unit;
  }
  return total;
}

std::optional<ir::RateLimit> read_rate_limit(const JsonDocument& document,
                                             const std::string& pointer, Diagnostics& diagnostics) {
  ObjectReader reader(document, pointer, diagnostics, kRateLimitKeys, "a rate limit");
  std::optional<std::int64_t> requests = reader.integer("requests");
  std::optional<std::string> per = reader.string("per");
  bool valid = requests && per;
  if (requests && *requests < 1) {
    diagnostics.error(reader.at("requests"),
                      "requests must be 1 or more, got " + std::to_string(*requests));
    valid = false;
  }
  // Go's own limit, about 292 years, keeps every window within int64 nanoseconds.
  constexpr long double kMaxNs = 9.2e18L;
  std::optional<long double> ns = per ? parse_duration_ns(*per) : std::nullopt;
  if (per && !ns) {
    diagnostics.error(reader.at("per"),
                      "per must be a duration such as \"1m\", \"30s\", \"1h\" or \"500ms\" "
                      "(units ms, s, m, h), got " +
                          in_quotes(*per));
    valid = false;
  } else if (ns && *ns <= 0) {
    diagnostics.error(reader.at("per"), "per must be longer than 0, got " + in_quotes(*per));
    valid = false;
  } else if (ns && *ns > kMaxNs) {
    diagnostics.error(reader.at("per"), "per " + in_quotes(*per) + " is longer than 2562047h");
    valid = false;
  } else if (ns && std::fmod(std::round(*ns), 1e6L) != 0) {
    diagnostics.error(reader.at("per"),
                      "per must be a whole number of milliseconds, got " + in_quotes(*per));
    valid = false;
  }
  if (!valid || !requests || !ns) {
    return std::nullopt;
  }
  return ir::RateLimit{*requests, static_cast<std::int64_t>(std::round(*ns / 1e6L))};
}

std::optional<ir::Auth> read_auth(const JsonDocument& document, const std::string& pointer,
                                  Diagnostics& diagnostics) {
  ObjectReader reader(document, pointer, diagnostics, kAuthKeys, "auth");
  if (!reader.is_object()) {
    return std::nullopt;
  }
  std::optional<ir::JwtSettings> jwt;
  if (reader.has("jwt")) {
    jwt = read_jwt(document, reader.pointer("jwt"), diagnostics);
  }
  std::optional<ir::AccessRule> default_rule = ir::AccessRule{};
  if (reader.has("default")) {
    default_rule =
        read_rule(document, reader.pointer("default"), RuleScope::kServiceDefault, diagnostics);
  }
  if (!jwt || !default_rule) {
    return std::nullopt;
  }
  return ir::Auth{std::move(*jwt), std::move(*default_rule)};
}

std::vector<std::string> service_set_fields(const Json& model_root) {
  std::vector<std::string> names;
  if (!model_root.is_object()) {
    return names;
  }
  if (model_root.contains("owner") && model_root["owner"].is_object() &&
      model_root["owner"].contains("field") && model_root["owner"]["field"].is_string()) {
    names.push_back(model_root["owner"]["field"].get<std::string>());
  }
  if (model_root.contains("tenant") && model_root["tenant"].is_string()) {
    names.push_back(model_root["tenant"].get<std::string>());
  }
  return names;
}

void read_model_access(const ObjectReader& model_reader, const ServiceAccess& service,
                       ir::Model& model, Diagnostics& diagnostics) {
  ModelAccessReader(model_reader, service, model, diagnostics).read();
}

std::vector<AcceptedKeys> service_access_keys() {
  return {{"auth", kAuthKeys}, {"jwt", kJwtKeys}, {"rateLimit", kRateLimitKeys}};
}

std::vector<AcceptedKeys> model_access_keys() {
  return {{"owner", kOwnerKeys},
          {"access", kAccessKeys},
          {"accessRule", kAccessRuleKeys},
          {"rateLimits", kRateLimitsKeys}};
}

}  // namespace svcgen
