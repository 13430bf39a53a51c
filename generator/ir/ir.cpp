#include "ir/ir.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace svcgen::ir {
namespace {

constexpr std::array<std::pair<Type, std::string_view>, 15> kTypeNames = {{
    {Type::kString, "string"},
    {Type::kText, "text"},
    {Type::kInt32, "int32"},
    {Type::kInt64, "int64"},
    {Type::kFloat32, "float32"},
    {Type::kFloat64, "float64"},
    {Type::kDecimal, "decimal"},
    {Type::kBool, "bool"},
    {Type::kUuid, "uuid"},
    {Type::kTimestamp, "timestamp"},
    {Type::kDate, "date"},
    {Type::kJson, "json"},
    {Type::kBytes, "bytes"},
    {Type::kEnum, "enum"},
    {Type::kRef, "ref"},
}};

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

const Field* Model::find_field(const std::string& field_name) const {
  for (const Field& field : fields) {
    if (field.name.text == field_name) {
      return &field;
    }
  }
  return nullptr;
}

const Model* Service::find_model(const std::string& model_name) const {
  for (const Model& model : models) {
    if (model.name == model_name) {
      return &model;
    }
  }
  return nullptr;
}

std::string_view type_name(Type type) { return name_of(kTypeNames, type); }
std::optional<Type> parse_type(std::string_view name) { return value_of(kTypeNames, name); }
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
