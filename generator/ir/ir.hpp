#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"

// The typed intermediate representation every emitter reads. It is built once from validated
// input and carries each name in every spelling an output needs, so emitters never derive names
// or see the input documents.
namespace svcgen::ir {

enum class Type {
  kString,
  kText,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kDecimal,
  kBool,
  kUuid,
  kTimestamp,
  kDate,
  kJson,
  kBytes,
  kEnum,
  kRef,
};

enum class OnDelete { kRestrict, kCascade, kSetNull };

enum class Operation { kCreate, kRead, kUpdate, kDelete, kList };

// A name as written, as an SQL identifier (quoted when needed) and as a C++ identifier.
struct Name {
  std::string text;
  std::string sql;
  std::string cpp;
};

// A literal value in the model (a default or an example); `value` holds a value already checked
// against the field's type, never a piece of the input document's structure.
struct Literal {
  nlohmann::ordered_json value;
};

struct DefaultValue {
  std::optional<Literal> literal;
  std::optional<std::string> sql_expression;
  bool present() const { return literal.has_value() || sql_expression.has_value(); }
};

struct EnumMember {
  std::string value;
  std::string cpp;  // enumerator name, e.g. kDraft
};

struct Field {
  SourceLocation location;
  Name name;
  std::string pascal;  // "AuthorId"
  Type type = Type::kString;
  std::string sql_type;  // "varchar(200)", "numeric(10,2)", the target PK's type for refs
  bool optional = false;
  bool unique = false;
  bool index = false;
  bool read_only = false;
  bool write_only = false;
  bool sortable = false;
  bool filterable = false;
  bool deprecated = false;
  DefaultValue default_value;
  std::optional<std::int64_t> min_length;
  std::optional<std::int64_t> max_length;
  std::optional<std::string> pattern;      // the model's ECMAScript text (messages, OpenAPI)
  std::optional<std::string> pattern_re2;  // what services and literal checks run
  std::optional<nlohmann::ordered_json> minimum;
  std::optional<nlohmann::ordered_json> maximum;
  std::vector<EnumMember> values;
  int precision = 18;
  int scale = 2;
  std::string ref_model;             // target model name for refs
  Type ref_key_type = Type::kInt64;  // the target's primary key type
  OnDelete on_delete = OnDelete::kRestrict;
  std::string description;
  std::optional<Literal> example;
  std::optional<std::string> renamed_from;
  // Derived SQL object names, checked against PostgreSQL's 63-byte limit.
  std::string unique_constraint;
  std::string index_name;
  std::string foreign_key_constraint;
  std::string check_constraint;
};

struct PrimaryKey {
  SourceLocation location;
  Name name;
  Type type = Type::kInt64;  // kInt64 (identity) or kUuid (gen_random_uuid())
  std::string sql_type;
  std::string constraint;  // "<table>_pkey"
};

struct Index {
  SourceLocation location;
  std::vector<std::string> fields;  // field names as written
  bool unique = false;
  Name name;
};

struct Model {
  SourceLocation location;
  std::string file;    // the model file as the user names it, for messages
  std::string source;  // the model file relative to the service file, for generated headers
  std::string name;    // "BookReview"
  std::string snake;   // "book_review"
  std::string plural;  // "BookReviews", for operation names
  Name table;
  std::string path;
  std::string description;
  PrimaryKey primary_key;
  bool timestamps = true;
  bool soft_delete = false;
  bool optimistic_locking = false;
  std::vector<Operation> operations;  // in the fixed order create, read, update, delete, list
  std::vector<Field> fields;          // in declaration order: it is the column order
  std::vector<Index> indexes;
  std::optional<std::string> renamed_from;

  bool has(Operation operation) const;
  const Field* find_field(const std::string& name) const;
};

// A migration the service embeds and applies (written by `svcgen migrate diff`).
struct Migration {
  long version = 0;
  std::string name;
  std::string up;
  std::string down;
};

struct Service {
  SourceLocation location;
  std::string file;  // the service file as the user names it
  std::string name;
  std::string cpp_namespace;
  std::string version;
  std::string description;
  std::string base_path;
  std::string migrations_dir;         // as written, relative to the service file
  std::vector<Model> models;          // sorted by name: output never depends on listing order
  std::vector<Migration> migrations;  // in version order

  const Model* find_model(const std::string& name) const;
};

std::string_view type_name(Type type);
std::optional<Type> parse_type(std::string_view name);
std::string_view operation_name(Operation operation);
std::optional<Operation> parse_operation(std::string_view name);
std::string_view on_delete_name(OnDelete action);

}  // namespace svcgen::ir
