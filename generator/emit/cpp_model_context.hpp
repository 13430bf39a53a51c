#pragma once

#include <string>
#include <vector>

#include "emit/cpp_model_types.hpp"
#include "ir/delete_effects.hpp"
#include "ir/ir.hpp"

// What every part of one model's C++ needs: its columns and which operations it serves.
namespace svcgen::cpp {

struct ModelContext {
  ModelContext(const ir::Service& service, const ir::Model& model);

  const ir::Service& service;
  const ir::Model& model;
  std::vector<Column> columns;  // the model's resolved columns but deleted_at, the key first
  bool create = false;
  bool read = false;
  bool update = false;
  bool remove = false;
  bool list = false;
  // What a delete reaches through foreign keys; empty without delete.
  std::vector<ir::DeleteStep> delete_steps;

  const Column& key() const { return columns.front(); }
  bool integer_key() const { return key().stored == ir::Type::kInt64; }
  const ir::Field* field_of(const Column& column) const { return model.field_of(column); }
  const Column& column_of(const ir::Field& field) const;
  // An operation on /path/{key}; those need the key parsed from the path.
  bool has_item() const { return read || update || remove; }
  // A model with no operations is a table only: it installs nothing.
  bool serves() const { return create || list || has_item(); }
  // A repository holds the prepared statements; list queries are built per request instead.
  bool has_repository() const { return create || has_item(); }
  bool decodes() const { return create || update; }
  // from_row() turns a row into the model for every operation but delete.
  bool reads_rows() const { return create || read || update || list; }
  // A delete that a referring row can make fail with a foreign key violation.
  bool delete_can_be_blocked() const { return ir::delete_can_be_blocked(delete_steps); }
  // Writes that can fail with a status (stale, missing reference, not found).
  bool writes() const { return create || update || remove; }

  std::vector<const Column*> selected() const;
  std::vector<const ir::Field*> writable() const;
  std::vector<std::string> body_kinds() const { return model.request_bodies(); }
  // The key as the text of a statement parameter, inside a function taking `Key key`.
  std::string key_text() const { return integer_key() ? "std::to_string(key)" : "key"; }
  // The key parameter of a repository member's declaration.
  std::string key_parameter() const {
    return integer_key() ? "std::int64_t key" : "std::string key";
  }
  // The model's name for messages: "book review".
  std::string display_name() const { return model.display_name(); }
};

using ir::required_in;

// A prepared statement of the model: the C++ constant, the statement's name and its SQL.
struct StatementText {
  std::string constant;
  std::string name;
  std::string sql;
};

// The statements of the operations the model has, in a fixed order.
std::vector<StatementText> model_statements(const ModelContext& context);
// `SELECT <columns> FROM <table>` for the list query builder.
std::string list_select(const ModelContext& context);

}  // namespace svcgen::cpp
