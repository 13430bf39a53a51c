#include "migrate/type_change.hpp"

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
