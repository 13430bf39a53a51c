// Copied by svcgen from its runtime library. DO NOT EDIT.
#include <libpq-fe.h>

#include "svcgen/db.hpp"

#include "schema_fit.hpp"

namespace svcgen {

std::string_view db_error_class_name(DbErrorClass error_class) {
  switch (error_class) {
    case DbErrorClass::kUniqueViolation:
      return "unique_violation";
    case DbErrorClass::kForeignKeyViolation:
      return "foreign_key_violation";
    case DbErrorClass::kNotNullViolation:
      return "not_null_violation";
    case DbErrorClass::kCheckViolation:
      return "check_violation";
    case DbErrorClass::kInvalidInput:
      return "invalid_input";
    case DbErrorClass::kSerializationFailure:
      return "serialization_failure";
    case DbErrorClass::kDeadlock:
      return "deadlock";
    case DbErrorClass::kStatementTimeout:
      return "statement_timeout";
    case DbErrorClass::kLockTimeout:
      return "lock_timeout";
    case DbErrorClass::kUnavailable:
      return "unavailable";
    case DbErrorClass::kPoolTimeout:
      return "pool_timeout";
    case DbErrorClass::kSchemaMismatch:
      return "schema_mismatch";
    case DbErrorClass::kOther:
      return "other";
  }
  return "other";
}

DbErrorClass classify_sqlstate(std::string_view sqlstate) {
  if (sqlstate == "23505") {
    return DbErrorClass::kUniqueViolation;
  }
  if (sqlstate == "23503") {
    return DbErrorClass::kForeignKeyViolation;
  }
  if (sqlstate == "23502") {
    return DbErrorClass::kNotNullViolation;
  }
  if (sqlstate == "23514") {
    return DbErrorClass::kCheckViolation;
  }
  if (sqlstate == "40001") {
    return DbErrorClass::kSerializationFailure;
  }
  if (sqlstate == "40P01") {
    return DbErrorClass::kDeadlock;
  }
  if (sqlstate == "57014") {
    return DbErrorClass::kStatementTimeout;
  }
  if (sqlstate == "55P03") {
    return DbErrorClass::kLockTimeout;
  }
  // Class 08 (connection exception), 57P01-57P03 (admin shutdown, crash, cannot connect now),
  // 53 (insufficient resources): the database is not there for us right now.
  if (sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03" || sqlstate.substr(0, 2) == "53") {
    return DbErrorClass::kUnavailable;
  }
  if (is_schema_mismatch(sqlstate)) {
    return DbErrorClass::kSchemaMismatch;
  }
  if (sqlstate.substr(0, 2) == "22") {
    return DbErrorClass::kInvalidInput;
  }
  return DbErrorClass::kOther;
}

Rows::Rows(std::shared_ptr<const void> result) : result_(std::move(result)) {
  const PGresult* pg = static_cast<const PGresult*>(result_.get());
  rows_ = PQntuples(pg);
  columns_ = PQnfields(pg);
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(pg));
  affected_ = tuples && *tuples ? std::stoll(tuples) : 0;
}

bool Rows::is_null(int row, int column) const {
  return PQgetisnull(static_cast<const PGresult*>(result_.get()), row, column) != 0;
}

std::string_view Rows::text(int row, int column) const {
  const PGresult* pg = static_cast<const PGresult*>(result_.get());
  return {PQgetvalue(pg, row, column), static_cast<std::size_t>(PQgetlength(pg, row, column))};
}

std::string_view Rows::column_name(int column) const {
  return PQfname(static_cast<const PGresult*>(result_.get()), column);
}

}  // namespace svcgen
