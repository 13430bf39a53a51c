// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/db.hpp"
#include "svcgen/value_kind.hpp"

// List requests: filters, sort and keyset pagination parsed from the query string into SQL whose
// identifiers come only from the model's spec and whose values are always bound parameters.
namespace svcgen {

struct ListField {
  std::string_view name;    // as in the API
  std::string_view column;  // SQL identifier, quoted when needed
  std::string_view cast;    // SQL type for bound values: "text", "bigint", "numeric"...
  ValueKind kind;
  bool nullable = false;
  bool sortable = false;
  bool filterable = false;
  int select_index = 0;          // position in the select list, for cursors
  std::string_view values{};     // enum members, one per line
  std::int64_t min_integer = 0;  // integer bounds of the type
  std::int64_t max_integer = 0;
};

struct ListSpec {
  std::string_view model;
  std::string_view select;            // "SELECT ... FROM table"
  std::string_view live_condition{};  // e.g. "deleted_at IS NULL", or empty
  const ListField* primary_key;       // the tie-breaker; also in `fields`
  std::span<const ListField> fields;
};

struct ListQuery {
  std::string_view model;  // carried in cursors: one collection's cursor is no other's
  std::string sql;
  Params params;
  int limit = 50;
  std::string sort;                                      // canonical sort, carried in cursors
  std::vector<std::pair<const ListField*, bool>> order;  // field, descending
};

inline constexpr int kDefaultListLimit = 50;
inline constexpr int kMaxListLimit = 500;

// Parses the query string; throws ProblemError 400 naming the offending parameter. Filters are
// `field[op]=value` with the operators of svcgen/filter_operators.hpp (`field=value` is
// `field[eq]`). The SQL fetches limit + 1 rows: the extra one only tells whether there is a next
// page.
ListQuery build_list_query(const ListSpec& spec, std::string_view query_string,
                           std::string_view cursor_key);

// The opaque cursor for the page after `rows` (which holds up to limit + 1 rows), or nothing on
// the last page.
std::optional<std::string> next_cursor(const ListQuery& query, const Rows& rows,
                                       std::string_view cursor_key);

// A cursor carrying `payload` (the JSON of a sort order and the last row's key values), signed
// under `cursor_key`: base64url of the payload, a dot, and 32 hex digits of its HMAC-SHA256.
std::string sign_cursor(std::string_view payload, std::string_view cursor_key);

// Splits an `in` list on commas, with "\," for a literal comma and "\\" for a backslash.
std::vector<std::string> split_list_values(std::string_view text);

}  // namespace svcgen
