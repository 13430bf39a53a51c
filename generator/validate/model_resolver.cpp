#include "validate/model_resolver.hpp"

#include <algorithm>

#include "ir/field_types.hpp"
#include "ir/names.hpp"
#include "ir/system_columns.hpp"
#include "migrate/schema.hpp"

namespace svcgen {
namespace {

using ir::Column;
using ir::ColumnRole;
using ir::Type;

// The type-derived part of a column, the same for system columns and fields.
Column typed_column(ColumnRole role, const ir::Name& name, Type type, const ir::SqlType& sql) {
  const ir::FieldTypeInfo& row = ir::field_type(type);
  Column column;
  column.role = role;
  column.name = name;
  column.type = type;
  column.stored = type;
  column.sql_type = sql;
  column.cast = std::string(row.cast);
  column.select = ir::select_expression(row, name.sql);
  column.cpp_type = std::string(row.cpp_type);
  column.value_kind = row.value_kind;
  column.body_reader = std::string(row.body_reader);
  column.ordered = row.ordered();
  column.cpp_scalar = row.cpp_scalar;
  column.runtime_types = row.runtime_types;
  return column;
}

ir::Name system_name(const std::string& text) {
  return {text, names::sql_identifier(text), names::cpp_identifier(text)};
}

// A column svcgen maintains itself: never in a request body.
Column system_column(const ir::SystemColumn& row) {
  ColumnRole role = row.role;
  Column column = typed_column(role, system_name(std::string(row.name)), row.type,
                               {ir::field_type(row.type).sql_base});
  column.nullable = row.nullable;
  if (!row.default_sql.empty()) {
    column.default_sql = std::string(row.default_sql);
  }
  column.selected = role != ColumnRole::kDeletedAt;  // deleted rows are never answered
  // The version travels in the ETag, not in the body.
  column.returned = column.selected && role != ColumnRole::kVersion;
  bool timestamp = role == ColumnRole::kCreatedAt || role == ColumnRole::kUpdatedAt;
  column.sortable = timestamp;
  column.filterable = timestamp;
  return column;
}

Column key_column(const ir::PrimaryKey& key) {
  Column column = typed_column(ColumnRole::kPrimaryKey, key.name, key.type, key.sql_type);
  column.identity = key.type == Type::kInt64;
  if (key.type == Type::kUuid) {
    column.default_sql = "gen_random_uuid()";
  }
  column.selected = true;
  column.returned = true;
  column.sortable = true;
  column.filterable = true;
  // The key breaks ties in every sort and pages every cursor, whatever its type.
  column.ordered = true;
  return column;
}

Column field_column(const ir::Model& model, const ir::Field& field, int index) {
  const ir::FieldTypeInfo& stored = ir::stored_type(field);
  Column column = typed_column(ColumnRole::kField, field.name, stored.type, field.sql_type);
  column.type = field.type;
  column.field_index = index;
  if (field.type == Type::kEnum) {
    column.cpp_type = model.name + field.pascal;
  }
  column.nullable = field.optional;
  column.default_sql = migrate::column_default_sql(field);
  column.in_create = !field.read_only;
  column.in_replace = !field.read_only;
  column.in_patch = !field.read_only;
  column.required_in_create = !field.optional && !field.default_value.present();
  column.required_in_replace = column.required_in_create && !field.write_only;
  column.selected = !field.write_only;
  column.returned = !field.write_only;
  column.sortable = field.sortable;
  column.filterable = field.filterable;
  // The service sets the owner and the tenant from the token; lists can always be narrowed to
  // one owner or tenant.
  column.owner = model.owner && model.owner->field == field.name.text;
  column.tenant = model.tenant && *model.tenant == field.name.text;
  if (column.owner || column.tenant) {
    column.required_in_create = false;
    column.required_in_replace = false;
    column.filterable = true;
  }
  return column;
}

std::vector<Column> resolve_columns(const ir::Model& model) {
  std::vector<Column> columns = {key_column(model.primary_key)};
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    columns.push_back(field_column(model, model.fields[i], static_cast<int>(i)));
  }
  for (const ir::SystemColumn& row : ir::system_columns()) {
    if (row.wanted(model)) {
      columns.push_back(system_column(row));
    }
  }
  return columns;
}

bool has_check(const ir::Field& field) {
  return !field.values.empty() || field.minimum || field.maximum ||
         (field.min_length && *field.min_length > 0);
}

// Field indexes first, then the model's own; a model index named like a field's is the same one.
std::vector<ir::TableIndex> resolve_indexes(const ir::Model& model) {
  // Soft-deleted rows keep their values, so uniqueness holds among live rows only.
  std::optional<std::string> live_rows;
  if (model.soft_delete) {
    live_rows = "deleted_at IS NULL";
  }
  std::vector<ir::TableIndex> indexes;
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    const ir::Field& field = model.fields[i];
    int index = static_cast<int>(i);
    if (field.unique) {
      indexes.push_back({field.unique_constraint, {field.name.text}, true, live_rows, index});
    } else if (!field.index_name.empty()) {
      indexes.push_back({field.index_name, {field.name.text}, false, std::nullopt, index});
    }
  }
  for (const ir::Index& index : model.indexes) {
    auto same_name = [&](const ir::TableIndex& existing) {
      return existing.name == index.name.text;
    };
    if (std::none_of(indexes.begin(), indexes.end(), same_name)) {
      indexes.push_back({index.name.text, index.fields, index.unique,
                         index.unique ? live_rows : std::nullopt, -1});
    }
  }
  return indexes;
}

template <typename Object>
void sort_by_name(std::vector<Object>& objects) {
  std::sort(objects.begin(), objects.end(),
            [](const Object& a, const Object& b) { return a.name < b.name; });
}

ir::TableObjects resolve_objects(const ir::Service& service, const ir::Model& model) {
  ir::TableObjects objects;
  objects.primary_key = model.primary_key.constraint;
  objects.indexes = resolve_indexes(model);
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    const ir::Field& field = model.fields[i];
    int index = static_cast<int>(i);
    if (has_check(field)) {
      objects.checks.push_back({field.check_constraint, field.name.text, index});
    }
    const ir::Model* target =
        field.type == Type::kRef ? service.find_model(field.ref_model) : nullptr;
    if (target != nullptr) {
      objects.foreign_keys.push_back({field.foreign_key_constraint, field.name.text,
                                      target->table.text, target->primary_key.name.text,
                                      field.on_delete, index});
    }
  }
  sort_by_name(objects.indexes);
  sort_by_name(objects.checks);
  sort_by_name(objects.foreign_keys);
  return objects;
}

}  // namespace

void resolve_tables(ir::Service& service) {
  for (ir::Model& model : service.models) {
    model.columns = resolve_columns(model);
    model.objects = resolve_objects(service, model);
  }
}

}  // namespace svcgen
