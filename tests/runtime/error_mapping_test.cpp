#include <gtest/gtest.h>

#include "svcgen/service.hpp"

namespace svcgen {
namespace {

int status_for(Service& service, DbErrorClass error_class, std::string constraint = "") {
  auto problem = service.problem_for(
      std::make_exception_ptr(DbError(error_class, "message", "", std::move(constraint), "")));
  return problem ? problem->status : 500;
}

TEST(ErrorMapping, EachDatabaseErrorClassHasItsStatus) {
  Config config;
  config.log_level = LogLevel::kError;
  Service service({"t", "1", "{}"}, config);
  EXPECT_EQ(status_for(service, DbErrorClass::kUniqueViolation), 409);
  EXPECT_EQ(status_for(service, DbErrorClass::kForeignKeyViolation), 409);
  EXPECT_EQ(status_for(service, DbErrorClass::kNotNullViolation), 422);
  EXPECT_EQ(status_for(service, DbErrorClass::kCheckViolation), 422);
  EXPECT_EQ(status_for(service, DbErrorClass::kInvalidInput), 422);
  EXPECT_EQ(status_for(service, DbErrorClass::kSerializationFailure), 409);
  EXPECT_EQ(status_for(service, DbErrorClass::kDeadlock), 409);
  EXPECT_EQ(status_for(service, DbErrorClass::kLockTimeout), 409);
  EXPECT_EQ(status_for(service, DbErrorClass::kStatementTimeout), 504);
  EXPECT_EQ(status_for(service, DbErrorClass::kUnavailable), 503);
  EXPECT_EQ(status_for(service, DbErrorClass::kPoolTimeout), 503);
  EXPECT_EQ(status_for(service, DbErrorClass::kOther), 500);
  EXPECT_FALSE(service.problem_for(std::make_exception_ptr(std::runtime_error("x"))));
}

TEST(ErrorMapping, ConstraintsNameTheirField) {
  Config config;
  Service service({"t", "1", "{}"}, config);
  service.map_constraint("books_isbn_key", {409, "/isbn", "a book with this isbn exists"});
  auto problem = service.problem_for(std::make_exception_ptr(
      DbError(DbErrorClass::kUniqueViolation, "duplicate", "23505", "books_isbn_key")));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->status, 409);
  EXPECT_EQ(problem->detail, "a book with this isbn exists");
  ASSERT_EQ(problem->errors.size(), 1u);
  EXPECT_EQ(problem->errors[0].pointer, "/isbn");
}

}  // namespace
}  // namespace svcgen
