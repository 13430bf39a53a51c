// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal: which database errors mean that a statement does not fit the schema, and how to say
// what does not fit in words an operator can act on.
#include <string>
#include <string_view>

namespace svcgen {

// 42703 undefined column, 42P01 undefined table, 42883 undefined function, 42804 datatype
// mismatch: the statement refers to something the schema no longer has in that shape.
bool is_schema_mismatch(std::string_view sqlstate);
// 0A000 "cached plan must not change result type": a column under a prepared statement changed
// type; preparing the statement again fixes it.
bool is_stale_plan(std::string_view sqlstate, std::string_view message);

// The table a statement works on: the first name after INSERT INTO, UPDATE or FROM; "" if none.
std::string table_of(std::string_view sql);

// PostgreSQL's message rewritten to name the table: `column "total" does not exist` and
// `column "total" of relation "orders" does not exist` both become
// `column orders.total does not exist`; `relation "orders" does not exist` becomes
// `table orders does not exist`. Other messages are kept as they are.
std::string describe_mismatch(std::string_view message, std::string_view sql);

}  // namespace svcgen
