#include "ir/ir.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "ir/field_types.hpp"

namespace svcgen::ir {
namespace {

constexpr std::array<std::pair<Operation, std::string_view>, 5> kOperationNames = {{
    {Operation::kCreate, "create"},
    {Operation::kRead, "read"},
    {Operation::kUpdate, "update"},
    {Operation::kDelete, "delete"},
    {Operation::kList, "list"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) {
      return name;
    }
  }
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view name) {
  for (const auto& [value, candidate] : table) {
    if (candidate == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace

bool Model::has(Operation operation) const {
  return std::find(operations.begin(), operations.end(), operation) != operations.end();
}

const AccessRule& Model::access_rule(Operation operation) const {
  return access.at(static_cast<std::size_t>(operation));
}

const std::optional<RateLimit>& Model::rate_limit(Operation operation) const {
  return rate_limits.at(static_cast<std::size_t>(operation));
}

std::vector<std::string> Model::request_bodies() const {
  std::vector<std::string> kinds;
  if (has(Operation::kCreate)) {
    kinds.emplace_back("Create");
  }
  if (has(Operation::kUpdate)) {
    kinds.insert(kinds.end(), {"Replace", "Patch"});
  }
  return kinds;
}

bool required_in(const Column& column, const std::string& kind) {
  return kind == "Create" ? column.required_in_create
                          : kind == "Replace" && column.required_in_replace;
}

const Field* Model::find_field(const std::string& field_name) const {
  for (const Field& field : fields) {
    if (field.name.text == field_name) {
      return &field;
    }
  }
  return nullptr;
}

const Field* Model::field_of(const Column& column) const {
  return column.field_index < 0 ? nullptr
                                : &fields.at(static_cast<std::size_t>(column.field_index));
}

const Column* Model::find_column(ColumnRole role) const {
  for (const Column& column : columns) {
    if (column.role == role) {
      return &column;
    }
  }
  return nullptr;
}

std::string Model::display_name() const {
  std::string display = snake;
  std::replace(display.begin(), display.end(), '_', ' ');
  return display;
}

const Column& Model::key_column() const {
  const Column* key = find_column(ColumnRole::kPrimaryKey);
  if (key == nullptr) {
    throw std::logic_error("model " + name + " has no resolved columns");
  }
  return *key;
}

const Model* Service::find_model(const std::string& model_name) const {
  for (const Model& model : models) {
    if (model.name == model_name) {
      return &model;
    }
  }
  return nullptr;
}

std::string_view type_name(Type type) { return field_type(type).name; }
std::optional<Type> parse_type(std::string_view name) {
  const FieldTypeInfo* row = find_field_type(name);
  return row ? std::optional<Type>(row->type) : std::nullopt;
}
std::string_view operation_name(Operation operation) { return name_of(kOperationNames, operation); }
std::optional<Operation> parse_operation(std::string_view name) {
  return value_of(kOperationNames, name);
}

std::string_view on_delete_name(OnDelete action) {
  switch (action) {
    case OnDelete::kRestrict:
      return "restrict";
    case OnDelete::kCascade:
      return "cascade";
    case OnDelete::kSetNull:
      return "setNull";
  }
  return {};
}

}  // namespace svcgen::ir
