#include "validate/object_reader.hpp"

#include <algorithm>

#include "ir/names.hpp"

namespace svcgen {

std::string_view json_kind_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer";
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "value";
  }
}

bool json_is_kind(const Json& value, JsonKind kind) {
  switch (kind) {
    case JsonKind::kString:
      return value.is_string();
    case JsonKind::kBoolean:
      return value.is_boolean();
    case JsonKind::kInteger:
      return value.is_number_integer();
    case JsonKind::kNumber:
      return value.is_number();
    case JsonKind::kArray:
      return value.is_array();
    case JsonKind::kObject:
      return value.is_object();
    case JsonKind::kAny:
      return true;
  }
  return false;
}

namespace {

std::string_view expected_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::kString:
      return "a string";
    case JsonKind::kBoolean:
      return "true or false";
    case JsonKind::kInteger:
      return "an integer";
    case JsonKind::kNumber:
      return "a number";
    case JsonKind::kArray:
      return "an array";
    case JsonKind::kObject:
      return "an object";
    case JsonKind::kAny:
      return "a value";
  }
  return "a value";
}

}  // namespace

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  std::string_view best;
  int best_distance = 0;
  for (std::string_view candidate : candidates) {
    int distance = names::edit_distance(word, candidate);
    if (best.empty() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  int allowed = std::max<int>(1, static_cast<int>(std::min(word.size(), best.size())) / 3);
  if (best.empty() || best_distance > allowed) {
    return "";
  }
  return " (did you mean \"" + std::string(best) + "\"?)";
}

ObjectReader::ObjectReader(const JsonDocument& document, std::string pointer,
                           Diagnostics& diagnostics, std::span<const KeySpec> keys,
                           std::string_view what)
    : document_(document), pointer_(std::move(pointer)) {
  const Json& value = document.root().at(Json::json_pointer(pointer_));
  if (!value.is_object()) {
    diagnostics.error(document.at(pointer_), "expected " + std::string(what) +
                                                 " as a JSON object, got " +
                                                 std::string(json_kind_name(value)));
    return;
  }
  object_ = &value;
  std::vector<std::string_view> names;
  for (const KeySpec& key : keys) {
    names.push_back(key.name);
  }
  for (const auto& [key, member] : value.items()) {
    const std::string& name = key;  // clang 14 cannot capture a structured binding
    auto spec = std::find_if(keys.begin(), keys.end(),
                             [&](const KeySpec& candidate) { return candidate.name == name; });
    std::string member_pointer = pointer_append(pointer_, key);
    if (spec == keys.end()) {
      diagnostics.error(
          document.key_at(member_pointer),
          "unknown key \"" + key + "\" in " + std::string(what) + did_you_mean(key, names));
      continue;
    }
    if (!json_is_kind(member, spec->kind)) {
      diagnostics.error(document.at(member_pointer),
                        "\"" + key + "\" must be " + std::string(expected_name(spec->kind)) +
                            ", got " + std::string(json_kind_name(member)));
      continue;
    }
    if (spec->kind == JsonKind::kInteger && member.is_number_unsigned()) {
      diagnostics.error(document.at(member_pointer),
                        "\"" + key + "\" is out of range (at most 9223372036854775807)");
      continue;
    }
    valid_keys_.push_back(key);
  }
  for (const KeySpec& key : keys) {
    if (key.required && !value.contains(key.name)) {
      diagnostics.error(document.at(pointer_), "missing required key \"" + std::string(key.name) +
                                                   "\" in " + std::string(what));
    }
  }
}

const Json* ObjectReader::get(std::string_view key) const {
  if (object_ == nullptr ||
      std::find(valid_keys_.begin(), valid_keys_.end(), key) == valid_keys_.end()) {
    return nullptr;
  }
  return &(*object_)[std::string(key)];
}

std::optional<std::string> ObjectReader::string(std::string_view key) const {
  const Json* value = get(key);
  return value ? std::optional<std::string>(value->get<std::string>()) : std::nullopt;
}

std::optional<bool> ObjectReader::boolean(std::string_view key) const {
  const Json* value = get(key);
  return value ? std::optional<bool>(value->get<bool>()) : std::nullopt;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key) const {
  const Json* value = get(key);
  return value ? std::optional<std::int64_t>(value->get<std::int64_t>()) : std::nullopt;
}

}  // namespace svcgen
