// Which column type changes keep every value, and the placeholder each type takes while a
// dropped required column comes back.
#include <gtest/gtest.h>

#include "migrate/type_change.hpp"

namespace svcgen::migrate {
namespace {

using ir::SqlBase;
using ir::SqlType;

struct TypeChange {
  SqlType from;
  SqlType to;
  bool widening;
};

TEST(TypeChange, WideningKeepsEveryValue) {
  const TypeChange cases[] = {
      {{SqlBase::kInteger}, {SqlBase::kInteger}, true},
      {{SqlBase::kInteger}, {SqlBase::kBigint}, true},
      {{SqlBase::kBigint}, {SqlBase::kInteger}, false},
      {{SqlBase::kReal}, {SqlBase::kDoublePrecision}, true},
      {{SqlBase::kDoublePrecision}, {SqlBase::kReal}, false},
      {{SqlBase::kInteger}, {SqlBase::kDoublePrecision}, false},
      {SqlType::varchar(20), SqlType::varchar(50), true},
      {SqlType::varchar(50), SqlType::varchar(50), true},
      {SqlType::varchar(50), SqlType::varchar(20), false},
      {SqlType::varchar(50), {SqlBase::kText}, true},
      {{SqlBase::kText}, SqlType::varchar(50), false},
      {SqlType::numeric(10, 2), SqlType::numeric(12, 2), true},
      {SqlType::numeric(10, 2), SqlType::numeric(11, 3), true},
      {SqlType::numeric(10, 2), SqlType::numeric(10, 3), false},  // one digit less before the point
      {SqlType::numeric(10, 2), SqlType::numeric(9, 1), false},
      {SqlType::numeric(10, 2), {SqlBase::kDoublePrecision}, false},
      {{SqlBase::kDate}, {SqlBase::kTimestamptz}, false},
      {{SqlBase::kTime}, {SqlBase::kText}, false},
      {{SqlBase::kBigint}, {SqlBase::kUuid}, false},
  };
  for (const TypeChange& change : cases) {
    EXPECT_EQ(is_widening(change.from, change.to), change.widening)
        << change.from.render() << " -> " << change.to.render();
  }
}

TEST(TypeChange, EveryTypeHasAPlaceholderOfItsOwnKind) {
  EXPECT_EQ(placeholder_value({SqlBase::kInteger}), "0");
  EXPECT_EQ(placeholder_value(SqlType::numeric(10, 2)), "0");
  EXPECT_EQ(placeholder_value({SqlBase::kDoublePrecision}), "0");
  EXPECT_EQ(placeholder_value({SqlBase::kBoolean}), "false");
  EXPECT_EQ(placeholder_value({SqlBase::kJsonb}), "'null'::jsonb");
  EXPECT_EQ(placeholder_value({SqlBase::kBytea}), "''::bytea");
  EXPECT_EQ(placeholder_value({SqlBase::kDate}), "'epoch'");
  EXPECT_EQ(placeholder_value({SqlBase::kTimestamptz}), "'epoch'");
  EXPECT_EQ(placeholder_value({SqlBase::kTime}), "'00:00'");
  EXPECT_EQ(placeholder_value({SqlBase::kUuid}), "'00000000-0000-0000-0000-000000000000'");
  EXPECT_EQ(placeholder_value(SqlType::varchar(5)), "''");
  EXPECT_EQ(placeholder_value({SqlBase::kText}), "''");
}

}  // namespace
}  // namespace svcgen::migrate
