#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "ir/sql_type.hpp"
#include "svcgen/value_kind.hpp"

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
  kTime,
  kJson,
  kBytes,
  kEnum,
  kRef,
};

enum class OnDelete { kRestrict, kCascade, kSetNull };

enum class Operation { kCreate, kRead, kUpdate, kDelete, kList };
inline constexpr std::size_t kOperationCount = 5;

// Who may call an operation. A public operation needs no token; any other needs a valid one,
// holding at least one of `roles` when there are any, and with `owner` it reaches only the rows
// whose owner field is the caller's subject (unless the caller holds a bypass role).
struct AccessRule {
  bool is_public = false;
  std::vector<std::string> roles;
  bool owner = false;
};

// At most `requests` requests in every window of `per_ms` milliseconds.
struct RateLimit {
  std::int64_t requests = 0;
  std::int64_t per_ms = 0;
};

// How bearer tokens are verified and where their claims are read (dotted paths).
struct JwtSettings {
  std::string issuer;
  std::vector<std::string> audience;
  std::vector<std::string> algorithms;
  std::string roles_claim = "roles";
  std::string subject_claim = "sub";
  std::optional<std::string> tenant_claim;
};

struct Auth {
  JwtSettings jwt;
  AccessRule default_rule;  // of every operation a model's "access" does not list
};

// The field the service fills with the creator's subject, and the roles that see every row.
struct Owner {
  std::string field;
  std::vector<std::string> bypass_roles;
};

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

// A "renamedFrom" key: the previous name, and where the model says so (for the warning when
// the rename cannot apply).
struct Rename {
  std::string from;
  SourceLocation location;
};

struct Field {
  SourceLocation location;
  Name name;
  std::string pascal;  // "AuthorId"
  Type type = Type::kString;
  SqlType sql_type;  // varchar(200), numeric(10,2), the target key's type for refs
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
  std::optional<Rename> renamed_from;
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
  SqlType sql_type;
  std::string constraint;  // "<table>_pkey"
};

struct Index {
  SourceLocation location;
  std::vector<std::string> fields;  // field names as written
  bool unique = false;
  Name name;
};

// What a column is for. Owner and tenant columns stay kField, since they are fields in every
// output (select, return, filter, migrations, C++ members); Column::owner and Column::tenant mark
// them. Search columns join here as roles of their own.
enum class ColumnRole { kPrimaryKey, kField, kCreatedAt, kUpdatedAt, kDeletedAt, kVersion };

// One column of a model's table, system columns included, with everything outputs need to
// bind, read, print and describe it. Validation resolves these once; emitters and the migration
// schema read them and never derive a column, a name or a type again.
// Anything else about the type is in its row: ir::field_type(column.stored).
struct Column {
  ColumnRole role = ColumnRole::kField;
  Name name;                    // JSON name (text), quoted SQL column (sql), C++ member (cpp)
  int field_index = -1;         // the field it stores, in Model::fields; -1 for system columns
  Type type = Type::kString;    // the field's type (kRef and kEnum stay); a system column's own
  Type stored = Type::kString;  // the type carried at runtime: a reference's key type
  SqlType sql_type;
  std::string cast;      // SQL type of a bound value ("numeric", "varchar" lose modifiers)
  std::string select;    // its expression in a select list
  std::string cpp_type;  // C++ value type ("svcgen::Date", the enum's type, the key's type)
  ValueKind value_kind = ValueKind::kString;  // how list filters parse it
  std::string body_reader;                    // svcgen::BodyReader member reading it from a request
  bool nullable = false;
  bool identity = false;                   // GENERATED ALWAYS AS IDENTITY
  std::optional<std::string> default_sql;  // the column's DEFAULT expression
  // Capabilities.
  bool in_create = false;            // the create body may carry it
  bool in_replace = false;           // a PUT body may carry it
  bool in_patch = false;             // a PATCH body may carry it
  bool required_in_create = false;   // a create body must carry it
  bool required_in_replace = false;  // a PUT body must carry it (write-only values may stay)
  bool returned = false;             // responses carry it
  bool selected = false;             // SELECTs read it back
  bool sortable = false;
  bool filterable = false;
  bool ordered = false;        // with range filters and keyset cursors
  bool cpp_scalar = false;     // its C++ type is a scalar, value-initialised with {}
  bool runtime_types = false;  // its C++ type comes from svcgen/types.hpp
  // Set by the service from the caller's token, never by a request body.
  bool owner = false;   // the model's owner field: the creator's subject
  bool tenant = false;  // the model's tenant field: the caller's tenant claim
};

// A unique or plain index of a table, including those that fields ask for.
// Whether a request body of `kind` (one of Model::request_bodies()) must carry the column.
bool required_in(const Column& column, const std::string& kind);

struct TableIndex {
  std::string name;
  std::vector<std::string> columns;  // unquoted column names
  bool unique = false;
  std::optional<std::string> where;  // a partial index's predicate
  int field_index = -1;              // the field that asked for it; -1 for composite indexes
};

struct ForeignKey {
  std::string name;
  std::string column;      // unquoted
  std::string references;  // the target table, unquoted
  std::string ref_column;  // the target key column, unquoted
  OnDelete on_delete = OnDelete::kRestrict;
  int field_index = -1;
};

// A CHECK constraint's name and the field whose rules (enum values, bounds, minLength) it holds.
struct CheckConstraint {
  std::string name;
  std::string column;  // unquoted
  int field_index = -1;
};

// Every named object of a model's table, each list sorted by name.
struct TableObjects {
  std::string primary_key;  // "<table>_pkey"
  std::vector<TableIndex> indexes;
  std::vector<ForeignKey> foreign_keys;
  std::vector<CheckConstraint> checks;
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
  std::optional<Rename> renamed_from;
  // The resolved table: every column in table order (key, fields, created_at, updated_at,
  // deleted_at, version) and every constraint and index name.
  std::vector<Column> columns;
  TableObjects objects;
  // Access, resolved per operation (indexed by Operation): the model's "access" entry, else the
  // service's auth default; every rule is public when the service has no "auth".
  std::array<AccessRule, kOperationCount> access{};
  std::optional<Owner> owner;
  std::optional<std::string> tenant;  // the tenant field's name
  // The model's "rateLimits" entry, else the service's "rateLimit", else none.
  std::array<std::optional<RateLimit>, kOperationCount> rate_limits{};

  bool has(Operation operation) const;
  // The request bodies its operations read, by the name their types take ("Create" for
  // BookCreate): Create with create, Replace (PUT) and Patch (PATCH) with update.
  std::vector<std::string> request_bodies() const;
  const Field* find_field(const std::string& name) const;
  const Field* field_of(const Column& column) const;
  const Column* find_column(ColumnRole role) const;
  const Column& key_column() const;
  const AccessRule& access_rule(Operation operation) const;
  const std::optional<RateLimit>& rate_limit(Operation operation) const;
  bool needs_token(Operation operation) const { return !access_rule(operation).is_public; }
  // The name in messages: "book review".
  std::string display_name() const;
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
  // sha256 of the service file, the models (as parsed: formatting does not count) and the
  // migrations: names what the generated service was made from.
  std::string inputs_digest;
  std::string schema_snapshot;          // the migrations folder's snapshot, "" without one
  std::optional<Auth> auth;             // without it every operation is public
  std::optional<RateLimit> rate_limit;  // every model operation's, unless the model has its own

  const Model* find_model(const std::string& name) const;
};

std::string_view type_name(Type type);
std::optional<Type> parse_type(std::string_view name);
std::string_view operation_name(Operation operation);
std::optional<Operation> parse_operation(std::string_view name);
std::string_view on_delete_name(OnDelete action);

}  // namespace svcgen::ir
