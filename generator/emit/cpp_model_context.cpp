#include "emit/cpp_model_context.hpp"

#include <algorithm>
#include <stdexcept>

#include "migrate/schema.hpp"
#include "svcgen/text.hpp"

namespace svcgen::cpp {
namespace {

using ir::Type;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const std::string& part : parts) {
    text += (text.empty() ? "" : std::string(separator)) + part;
  }
  return text;
}

std::string parameter(int& next, const std::string& cast) {
  return concat({"$", std::to_string(next++), "::", cast});
}

std::string select_list(const ModelContext& context) {
  std::vector<std::string> expressions;
  for (const Column* column : context.selected()) {
    expressions.push_back(column->select);
  }
  return join(expressions, ", ");
}

std::string live(const ir::Model& model) {
  return model.soft_delete ? " AND deleted_at IS NULL" : "";
}

std::string key_condition(const ModelContext& context) {
  return context.key().name.sql + " = $1::" + context.key().cast + live(context.model);
}

const ir::Model* soft_deleting_target(const ModelContext& context, const ir::Field& field) {
  if (field.type != Type::kRef) {
    return nullptr;
  }
  const ir::Model* target = context.service.find_model(field.ref_model);
  return target && target->soft_delete ? target : nullptr;
}

std::string reference_exists(const ir::Model& target, const std::string& value) {
  return "EXISTS (SELECT 1 FROM " + target.table.sql + " WHERE " + target.primary_key.name.sql +
         " = " + value + " AND deleted_at IS NULL)";
}

std::string default_sql(const ir::Field& field) {
  return migrate::column_default_sql(field).value_or("NULL");
}

// The If-Match condition of a write: the version given, or any for svcgen::kAnyVersion (-1).
std::string version_condition(int parameter) {
  std::string version = "$" + std::to_string(parameter) + "::bigint";
  return " AND (" + version + " = -1 OR version = " + version + ")";
}

std::string insert_sql(const ModelContext& context) {
  std::vector<std::string> columns;
  std::vector<std::string> values;
  std::vector<std::string> checks;
  int next = 1;
  for (const ir::Field* field : context.writable()) {
    std::string value = parameter(next, context.column_of(*field).cast);
    if (field->default_value.present()) {
      std::string flag = parameter(next, "boolean");
      value = concat({"CASE WHEN ", flag, " THEN ", value, " ELSE ", default_sql(*field), " END"});
    }
    if (const ir::Model* target = soft_deleting_target(context, *field)) {
      checks.push_back(concat({"(", value, " IS NULL OR ", reference_exists(*target, value), ")"}));
    }
    columns.push_back(field->name.sql);
    values.push_back(value);
  }
  std::string sql = "INSERT INTO " + context.model.table.sql;
  if (columns.empty()) {
    sql += " DEFAULT VALUES";
  } else if (checks.empty()) {
    sql += " (" + join(columns, ", ") + ") VALUES (" + join(values, ", ") + ")";
  } else {
    sql += " (" + join(columns, ", ") + ") SELECT " + join(values, ", ") + " WHERE " +
           join(checks, " AND ");
  }
  return sql + " RETURNING " + select_list(context);
}

std::string update_sql(const ModelContext& context) {
  const ir::Model& model = context.model;
  std::vector<std::string> sets;
  std::vector<std::string> checks;
  int next = 1;
  for (const ir::Field* field : context.writable()) {
    std::string mode = parameter(next, "integer");
    std::string value = parameter(next, context.column_of(*field).cast);
    const std::string& column = field->name.sql;
    sets.push_back(concat({column, " = CASE ", mode, " WHEN 0 THEN ", column, " WHEN 1 THEN ",
                           value, " ELSE ", default_sql(*field), " END"}));
    if (const ir::Model* target = soft_deleting_target(context, *field)) {
      checks.push_back(concat(
          {"(", mode, " <> 1 OR ", value, " IS NULL OR ", reference_exists(*target, value), ")"}));
    }
  }
  if (model.timestamps) {
    sets.emplace_back("updated_at = clock_timestamp()");
  }
  if (model.optimistic_locking) {
    sets.emplace_back("version = version + 1");
  }
  const std::string& key = context.key().name.sql;
  if (sets.empty()) {
    sets.push_back(key + " = " + key);
  }
  std::string sql = "UPDATE " + model.table.sql + " SET " + join(sets, ", ") + " WHERE " + key +
                    " = " + parameter(next, context.key().cast) + live(model);
  if (model.optimistic_locking) {
    sql += version_condition(next++);
  }
  for (const std::string& check : checks) {
    sql += " AND " + check;
  }
  return sql + " RETURNING " + select_list(context);
}

// The rows of step `index` as a condition on its foreign key column: those that refer to the
// deleted row, to rows purged by an earlier part of the statement, or to rows the database
// cascades to.
std::string referring(const ModelContext& context, int index, const std::string& top) {
  const ir::DeleteStep& step = context.delete_steps[static_cast<std::size_t>(index)];
  std::string column =
      step.model->fields[static_cast<std::size_t>(step.key->field_index)].name.sql + " ";
  if (step.parent < 0) {
    return column + top;
  }
  const ir::DeleteStep& parent = context.delete_steps[static_cast<std::size_t>(step.parent)];
  const std::string& key = parent.model->primary_key.name.sql;
  if (parent.purges) {
    return column + "IN (SELECT " + key + " FROM purged_" + std::to_string(step.parent) + ")";
  }
  return column + "IN (SELECT " + key + " FROM " + parent.model->table.sql + " WHERE " +
         referring(context, step.parent, top) + ")";
}

// Deleted rows of softDelete models that refer to the row with onDelete restrict are invisible
// to the API, so they are purged in the same statement rather than blocking it: PostgreSQL
// checks the foreign keys at the end of the statement, after the purge. Live rows still block.
std::string purges(const ModelContext& context, const std::string& version) {
  const ir::Model& model = context.model;
  // Optimistic locking: nothing is purged when the version does not match.
  std::string top = model.optimistic_locking
                        ? "IN (SELECT " + context.key().name.sql + " FROM " + model.table.sql +
                              " WHERE " + key_condition(context) + version + ")"
                        : "= $1::" + context.key().cast;
  const std::vector<ir::DeleteStep>& steps = context.delete_steps;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!steps[i].purges) {
      continue;
    }
    int index = static_cast<int>(i);
    // Steps below read the keys of the purged rows back.
    bool read_back = std::any_of(steps.begin(), steps.end(),
                                 [&](const ir::DeleteStep& step) { return step.parent == index; });
    parts.push_back(
        concat({"purged_", std::to_string(i), " AS (DELETE FROM ", steps[i].model->table.sql,
                " WHERE ", referring(context, index, top), " AND deleted_at IS NOT NULL",
                read_back ? " RETURNING " + steps[i].model->primary_key.name.sql : "", ")"}));
  }
  return parts.empty() ? "" : "WITH " + join(parts, ", ") + " ";
}

std::string delete_sql(const ModelContext& context) {
  const ir::Model& model = context.model;
  std::string version = model.optimistic_locking ? version_condition(2) : "";
  if (model.soft_delete) {
    return "UPDATE " + model.table.sql + " SET deleted_at = clock_timestamp()" +
           (model.timestamps ? ", updated_at = clock_timestamp()" : "") + " WHERE " +
           key_condition(context) + version;
  }
  return purges(context, version) + "DELETE FROM " + model.table.sql + " WHERE " +
         key_condition(context) + version;
}

}  // namespace

ModelContext::ModelContext(const ir::Service& service, const ir::Model& model)
    : service(service),
      model(model),
      create(model.has(ir::Operation::kCreate)),
      read(model.has(ir::Operation::kRead)),
      update(model.has(ir::Operation::kUpdate)),
      remove(model.has(ir::Operation::kDelete)),
      list(model.has(ir::Operation::kList)) {
  if (remove) {
    delete_steps = ir::delete_steps(service, model);
  }
  // Deleted rows are never answered, so the model's C++ never reads deleted_at back.
  for (const Column& column : model.columns) {
    if (column.role != ir::ColumnRole::kDeletedAt) {
      columns.push_back(column);
    }
  }
}

const Column& ModelContext::column_of(const ir::Field& field) const {
  for (const Column& column : columns) {
    if (field_of(column) == &field) {
      return column;
    }
  }
  throw std::logic_error("field " + field.name.text + " has no resolved column");
}

std::vector<const Column*> ModelContext::selected() const {
  std::vector<const Column*> result;
  for (const Column& column : columns) {
    if (column.selected) {
      result.push_back(&column);
    }
  }
  return result;
}

std::vector<const ir::Field*> ModelContext::writable() const {
  std::vector<const ir::Field*> fields;
  for (const ir::Field& field : model.fields) {
    if (!field.read_only) {
      fields.push_back(&field);
    }
  }
  return fields;
}

std::vector<StatementText> model_statements(const ModelContext& context) {
  const ir::Model& model = context.model;
  std::string from = " FROM " + model.table.sql + " WHERE " + key_condition(context);
  std::vector<StatementText> statements;
  if (context.read) {
    statements.push_back({"kFind", model.snake + "_find", "SELECT " + select_list(context) + from});
  }
  if (context.create) {
    statements.push_back({"kCreate", model.snake + "_create", insert_sql(context)});
  }
  if (context.update) {
    statements.push_back({"kUpdate", model.snake + "_update", update_sql(context)});
  }
  if (context.remove) {
    statements.push_back({"kDelete", model.snake + "_delete", delete_sql(context)});
  }
  if (context.update || context.remove) {
    std::string column = model.optimistic_locking ? "version" : context.key().name.sql;
    statements.push_back({"kVersion", model.snake + "_version", "SELECT " + column + from});
  }
  return statements;
}

std::string list_select(const ModelContext& context) {
  return "SELECT " + select_list(context) + " FROM " + context.model.table.sql;
}

}  // namespace svcgen::cpp
