#pragma once

#include <optional>
#include <string>
#include <string_view>

// A PostgreSQL column type in structured form, so the planner compares lengths and precisions
// instead of re-parsing text. `render()` is the spelling migrations and snapshots use.
namespace svcgen::ir {

enum class SqlBase {
  kText,
  kVarchar,  // with `length`
  kInteger,
  kBigint,
  kReal,
  kDoublePrecision,
  kNumeric,  // with `precision` and `scale`
  kBoolean,
  kUuid,
  kTimestamptz,
  kDate,
  kTime,
  kJsonb,
  kBytea,
};

struct SqlType {
  SqlBase base = SqlBase::kText;
  int length = 0;     // kVarchar only
  int precision = 0;  // kNumeric only
  int scale = 0;      // kNumeric only

  static SqlType varchar(int length) { return {SqlBase::kVarchar, length, 0, 0}; }
  static SqlType numeric(int precision, int scale) {
    return {SqlBase::kNumeric, 0, precision, scale};
  }

  std::string render() const;
  // The base type without modifiers ("numeric", "varchar"), as used in casts of bound values.
  std::string_view base_name() const;
  bool is_numeric() const;  // integer, bigint, real, double precision, numeric
  bool operator==(const SqlType&) const = default;
};

// Reads the spelling `render()` writes (the snapshot's text); nothing for anything else.
std::optional<SqlType> parse_sql_type(std::string_view text);

}  // namespace svcgen::ir
