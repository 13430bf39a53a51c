#include <gtest/gtest.h>

#include "svcgen/app.hpp"
#include "svcgen/router.hpp"
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
  EXPECT_EQ(status_for(service, DbErrorClass::kSchemaMismatch), 503);
  EXPECT_EQ(status_for(service, DbErrorClass::kOther), 500);
  EXPECT_FALSE(service.problem_for(std::make_exception_ptr(std::runtime_error("x"))));
}

// Only an unreachable database is called unavailable: a pool timeout and a statement that does
// not fit the schema say what they are.
TEST(ErrorMapping, EachKindOf503SaysWhatItIs) {
  Config config;
  config.log_level = LogLevel::kError;
  Service service({"t", "1", "{}"}, config);
  auto detail = [&service](DbErrorClass error_class, const std::string& message) {
    auto problem = service.problem_for(std::make_exception_ptr(DbError(error_class, message)));
    return problem ? problem->detail : std::string("no problem");
  };
  EXPECT_EQ(detail(DbErrorClass::kUnavailable, "database connection lost: reset"),
            "the database is unavailable; retry later");
  EXPECT_EQ(detail(DbErrorClass::kPoolTimeout,
                   "no write database connection became free within 500ms "
                   "(DB_POOL_WAIT_TIMEOUT)"),
            "no write database connection became free within 500ms (DB_POOL_WAIT_TIMEOUT); "
            "retry later");
  std::string mismatch =
      "column orders.total does not exist; this instance expects schema version 4, the "
      "database is at 6";
  EXPECT_EQ(detail(DbErrorClass::kSchemaMismatch, mismatch), mismatch);
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

// A write whose statement was sent before the connection broke may have been committed: its
// problem asks for the connection to be closed unanswered, which HttpApp passes to the server.
// One never sent, or a pool timeout, is a plain 503 to retry.
TEST(ErrorMapping, AWriteOfUnknownOutcomeIsNotAnswered) {
  Config config;
  config.log_level = LogLevel::kError;
  Service service({"t", "1", "{}"}, config);
  DbError in_flight(DbErrorClass::kUnavailable, "database connection lost");
  in_flight.set_outcome_unknown();
  auto unknown = service.problem_for(std::make_exception_ptr(in_flight));
  ASSERT_TRUE(unknown);
  EXPECT_TRUE(unknown->close_without_answer);
  for (DbErrorClass error_class : {DbErrorClass::kUnavailable, DbErrorClass::kPoolTimeout}) {
    auto never_sent = service.problem_for(std::make_exception_ptr(DbError(error_class, "x")));
    ASSERT_TRUE(never_sent);
    EXPECT_EQ(never_sent->status, 503);
    EXPECT_FALSE(never_sent->close_without_answer);
  }

  Router router;
  router.add("POST", "/unknown", [&](Request&) -> Task<Response> {
    throw in_flight;
    co_return Response{};
  });
  router.add("POST", "/unsent", [](Request&) -> Task<Response> {
    throw DbError(DbErrorClass::kUnavailable, "the database is unavailable");
    co_return Response{};
  });
  Metrics metrics;
  Logger logger{"test", LogLevel::kError, LogFormat::kJson, false, [](std::string_view) {}};
  HttpApp app(router, metrics, logger);
  app.set_error_mapper([&](const std::exception_ptr& error) { return service.problem_for(error); });
  auto handle = [&app](const std::string& path) {
    Request request;
    request.method = "POST";
    request.path = path;
    std::optional<Response> response;
    spawn(app.handle(std::move(request)), [&response](const std::exception_ptr&, Response answer) {
      response = std::move(answer);
    });
    return response;
  };
  std::optional<Response> unanswered = handle("/unknown");
  ASSERT_TRUE(unanswered);
  EXPECT_TRUE(unanswered->close_without_answer);
  std::optional<Response> retry = handle("/unsent");
  ASSERT_TRUE(retry);
  EXPECT_FALSE(retry->close_without_answer);
  EXPECT_EQ(retry->status, 503);
  EXPECT_EQ(retry->headers.get("Retry-After").value_or(""), "1");
}

}  // namespace
}  // namespace svcgen
