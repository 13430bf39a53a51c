// converts_both_ways() against PostgreSQL itself: for every pair of column types svcgen writes,
// it says yes exactly when the server accepts a cast each way. A type change it wrongly allowed
// would install a sync trigger that makes every INSERT fail; one it wrongly refused would block
// a change that works.
#include <gtest/gtest.h>

#include "case_database.hpp"
#include "migrate/type_change.hpp"

namespace svcgen::testing {
namespace {

using ir::SqlBase;
using ir::SqlType;

const SqlType kTypes[] = {
    {SqlBase::kText},  SqlType::varchar(20),        {SqlBase::kInteger},     {SqlBase::kBigint},
    {SqlBase::kReal},  {SqlBase::kDoublePrecision}, SqlType::numeric(10, 2), {SqlBase::kBoolean},
    {SqlBase::kUuid},  {SqlBase::kTimestamptz},     {SqlBase::kDate},        {SqlBase::kTime},
    {SqlBase::kJsonb}, {SqlBase::kBytea},
};

bool server_casts(CaseDatabase& database, const SqlType& from, const SqlType& to) {
  try {
    database.run("SELECT CAST(NULL::" + from.render() + " AS " + to.render() + ")");
    return true;
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("cannot cast type"), std::string::npos)
        << error.what();
    return false;
  }
}

TEST(TypeCast, ConvertsBothWaysExactlyWhenPostgresCastsBothWays) {
  CaseDatabase database("type_cast");
  int refused = 0;
  for (const SqlType& from : kTypes) {
    for (const SqlType& to : kTypes) {
      bool expected = server_casts(database, from, to) && server_casts(database, to, from);
      EXPECT_EQ(migrate::converts_both_ways(from, to), expected)
          << from.render() << " <-> " << to.render();
      refused += expected ? 0 : 1;
    }
  }
  EXPECT_GT(refused, 0) << "some pairs have no cast (boolean and date, for one)";
}

}  // namespace
}  // namespace svcgen::testing
