// casts() and assigns() against PostgreSQL itself, for every pair of column types svcgen writes.
// A type change they wrongly allowed would leave a sync trigger, or the new version's writes,
// failing on every row; one they wrongly refused would block a change that works.
#include <gtest/gtest.h>

#include "case_database.hpp"
#include "migrate/type_change.hpp"

namespace svcgen::testing {
namespace {

using ir::SqlBase;
using ir::SqlType;

std::vector<SqlType> column_types() {
  return {
      {SqlBase::kText},  SqlType::varchar(20),        {SqlBase::kInteger},     {SqlBase::kBigint},
      {SqlBase::kReal},  {SqlBase::kDoublePrecision}, SqlType::numeric(10, 2), {SqlBase::kBoolean},
      {SqlBase::kUuid},  {SqlBase::kTimestamptz},     {SqlBase::kDate},        {SqlBase::kTime},
      {SqlBase::kJsonb}, {SqlBase::kBytea},
  };
}

// Whether the server takes `statement`; any refusal must be one about the types.
bool accepted(CaseDatabase& database, const std::string& statement) {
  try {
    database.run(statement);
    return true;
  } catch (const std::runtime_error& error) {
    std::string message = error.what();
    EXPECT_TRUE(message.find("cannot cast type") != std::string::npos ||
                message.find("but expression is of type") != std::string::npos)
        << message;
    return false;
  }
}

TEST(TypeCast, CastsAndAssignsSayWhatPostgresDoes) {
  CaseDatabase database("type_cast");
  const std::vector<SqlType> kTypes = column_types();
  int refused_casts = 0;
  int refused_assignments = 0;
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    database.run("CREATE TABLE column_" + std::to_string(i) + " (c " + kTypes[i].render() + ")");
  }
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    for (std::size_t j = 0; j < kTypes.size(); ++j) {
      const SqlType& from = kTypes[i];
      const SqlType& to = kTypes[j];
      bool casts =
          accepted(database, "SELECT CAST(NULL::" + from.render() + " AS " + to.render() + ")");
      bool assigns = accepted(database, "INSERT INTO column_" + std::to_string(j) +
                                            " (c) VALUES (NULL::" + from.render() + ")");
      EXPECT_EQ(migrate::casts(from, to), casts) << from.render() << " -> " << to.render();
      EXPECT_EQ(migrate::assigns(from, to), assigns) << from.render() << " into " << to.render();
      refused_casts += casts ? 0 : 1;
      refused_assignments += assigns ? 0 : 1;
    }
  }
  EXPECT_GT(refused_casts, 0) << "some pairs have no cast (boolean and date, for one)";
  EXPECT_GT(refused_assignments, refused_casts) << "text goes into an integer only when told to";
}

}  // namespace
}  // namespace svcgen::testing
