#include "migrate/type_change.hpp"

#include <string>

namespace svcgen::migrate {

using ir::SqlBase;

bool is_widening(const ir::SqlType& from, const ir::SqlType& to) {
  if (from == to) {
    return true;
  }
  switch (from.base) {
    case SqlBase::kInteger:
      return to.base == SqlBase::kBigint;
    case SqlBase::kReal:
      return to.base == SqlBase::kDoublePrecision;
    case SqlBase::kVarchar:
      return to.base == SqlBase::kText ||
             (to.base == SqlBase::kVarchar && to.length >= from.length);
    case SqlBase::kNumeric:
      // Neither fewer digits after the point nor fewer before it.
      return to.base == SqlBase::kNumeric && to.scale >= from.scale &&
             to.precision - to.scale >= from.precision - from.scale;
    default:
      return false;
  }
}

bool changes_in_place(const ir::SqlType& from, const ir::SqlType& to) {
  if (from == to) {
    return true;
  }
  if (from.base == SqlBase::kVarchar) {
    return to.base == SqlBase::kText || (to.base == SqlBase::kVarchar && to.length >= from.length);
  }
  return from.base == SqlBase::kNumeric && to.base == SqlBase::kNumeric && to.scale == from.scale &&
         to.precision >= from.precision;
}

namespace {

bool is_number(SqlBase base) {
  return base == SqlBase::kInteger || base == SqlBase::kBigint || base == SqlBase::kReal ||
         base == SqlBase::kDoublePrecision || base == SqlBase::kNumeric;
}

bool is_string(SqlBase base) { return base == SqlBase::kText || base == SqlBase::kVarchar; }

}  // namespace

// pg_cast, plus the I/O conversions every type has to and from the string types.
bool casts(const ir::SqlType& from, const ir::SqlType& to) {
  if (from.base == to.base || is_string(from.base) || is_string(to.base) ||
      (is_number(from.base) && is_number(to.base))) {
    return true;
  }
  switch (from.base) {
    case SqlBase::kInteger:
      return to.base == SqlBase::kBoolean;
    case SqlBase::kBoolean:
      return to.base == SqlBase::kInteger;
    case SqlBase::kDate:
      return to.base == SqlBase::kTimestamptz;
    case SqlBase::kTimestamptz:
      return to.base == SqlBase::kDate || to.base == SqlBase::kTime;
    case SqlBase::kJsonb:
      return to.base == SqlBase::kBoolean || is_number(to.base);
    default:
      return false;
  }
}

// The implicit and assignment casts of pg_cast; the I/O conversions count only towards the
// string types.
bool assigns(const ir::SqlType& from, const ir::SqlType& to) {
  if (from.base == to.base || is_string(to.base) || (is_number(from.base) && is_number(to.base))) {
    return true;
  }
  switch (from.base) {
    case SqlBase::kDate:
      return to.base == SqlBase::kTimestamptz;
    case SqlBase::kTimestamptz:
      return to.base == SqlBase::kDate || to.base == SqlBase::kTime;
    default:
      return false;
  }
}

// A value of the column's type that every check on it accepts.
std::string placeholder_for(const Column& column, const std::vector<Check>& checks) {
  for (const Check& check : checks) {
    if (!check.values.empty()) {
      return sql_literal(check.values.front());
    }
    if (check.min_length && *check.min_length > 0) {
      return sql_literal(std::string(static_cast<std::size_t>(*check.min_length), '-'));
    }
    if (check.minimum && std::stold(*check.minimum) > 0) {
      return *check.minimum;
    }
    if (check.maximum && std::stold(*check.maximum) < 0) {
      return *check.maximum;
    }
  }
  return placeholder_value(column.type);
}

std::string placeholder_value(const ir::SqlType& type) {
  switch (type.base) {
    case SqlBase::kInteger:
    case SqlBase::kBigint:
    case SqlBase::kReal:
    case SqlBase::kDoublePrecision:
    case SqlBase::kNumeric:
      return "0";
    case SqlBase::kBoolean:
      return "false";
    case SqlBase::kJsonb:
      return "'null'::jsonb";
    case SqlBase::kBytea:
      return "''::bytea";
    case SqlBase::kDate:
    case SqlBase::kTimestamptz:
      return "'epoch'";
    case SqlBase::kTime:
      return "'00:00'";
    case SqlBase::kUuid:
      return "'00000000-0000-0000-0000-000000000000'";
    case SqlBase::kText:
    case SqlBase::kVarchar:
      return "''";
  }
  return "''";
}

}  // namespace svcgen::migrate
