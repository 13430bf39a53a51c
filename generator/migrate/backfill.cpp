#include "migrate/backfill.hpp"

#include <regex>
#include <utility>
#include <vector>

#include "migrate/schema.hpp"
#include "migrate/sql_text.hpp"
#include "migrate/type_change.hpp"
#include "svcgen/text.hpp"

namespace svcgen::migrate {

bool is_constant_default(const std::string& default_sql) {
  static const std::regex literal(
      R"((-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|NULL|'([^']|'')*'(::[a-z ]+(\([0-9, ]+\))?)?))",
      std::regex::icase);
  return std::regex_match(default_sql, literal);
}

std::string batched_update(const std::string& table, const std::string& primary_key,
                           const std::string& what, const std::string& assignments,
                           const std::string& pending) {
  // @T (table), @K (key), @S (assignments), @P (which rows), @N (batch size) and @R (the rows
  // after the first of a batch).
  static const std::string kTemplate =
      R"(-- @what.
-- @N rows per transaction in primary key order: each batch commits at once, so its row locks
-- are held briefly and no long transaction holds back vacuum. COMMIT inside DO is why this file
-- runs outside a transaction. A rerun after a failure only touches the rows still to fill.
DO $svcgen$
#variable_conflict use_column
DECLARE
  svcgen_from @T.@K%TYPE;
  svcgen_to @T.@K%TYPE;
BEGIN
  SELECT @K INTO svcgen_from FROM @T ORDER BY @K LIMIT 1;
  WHILE svcgen_from IS NOT NULL LOOP
    SELECT @K INTO svcgen_to FROM @T WHERE @K >= svcgen_from ORDER BY @K OFFSET @R LIMIT 1;
    IF svcgen_to IS NULL THEN
      UPDATE @T SET @S WHERE (@P) AND @K >= svcgen_from;
    ELSE
      UPDATE @T SET @S WHERE (@P) AND @K >= svcgen_from AND @K <= svcgen_to;
    END IF;
    COMMIT;
    SELECT @K INTO svcgen_from FROM @T WHERE @K > svcgen_to ORDER BY @K LIMIT 1;
  END LOOP;
END
$svcgen$)";
  const std::vector<std::pair<std::string, std::string>> values = {
      {"@what", what},
      {"@T", quote_ident(table)},
      {"@K", quote_ident(primary_key)},
      {"@S", assignments},
      {"@P", pending},
      {"@N", std::to_string(kBackfillBatch)},
      {"@R", std::to_string(kBackfillBatch - 1)}};
  std::string text = kTemplate;
  for (const auto& [token, value] : values) {
    for (std::size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + value.size())) {
      text.replace(at, token.size(), value);
    }
  }
  return text;
}

std::string batched_backfill(const std::string& table, const std::string& primary_key,
                             const std::string& column) {
  std::string quoted = quote_ident(column);
  return batched_update(table, primary_key,
                        concat({"Sets ", table, ".", column, " to its default where it is NULL"}),
                        quoted + " = DEFAULT", quoted + " IS NULL");
}

NotNullThroughCheck not_null_through_check(const std::string& table, const std::string& column) {
  std::string alter = sql::alter(table);
  std::string check = quote_ident(fitted_identifier(table + "_" + column, "_not_null"));
  std::string alter_column = alter + "ALTER COLUMN " + quote_ident(column);
  return {alter + "DROP CONSTRAINT IF EXISTS " + check,
          concat({alter, "ADD CONSTRAINT ", check, " CHECK (", quote_ident(column),
                  " IS NOT NULL) NOT VALID"}),
          alter + "VALIDATE CONSTRAINT " + check,
          alter_column + " SET NOT NULL",
          alter + "DROP CONSTRAINT " + check,
          alter_column + " DROP NOT NULL"};
}

std::vector<std::string> required_again(const std::string& table, const Column& column,
                                        const std::vector<Check>& checks, bool keyed) {
  std::string name = quote_ident(column.name);
  std::string set_not_null = sql::alter(table) + "ALTER COLUMN " + name + " SET NOT NULL";
  // A default expression that is not a constant gives each row its own value (a new UUID),
  // which even a unique column takes.
  bool fresh_default = column.default_sql && !is_constant_default(*column.default_sql);
  if (keyed && !fresh_default) {
    return {concat({"-- Fails while rows a newer version wrote have no ", column.name,
                    ": this version requires one, and no placeholder would keep it unique or "
                    "pointing at a row. Give those rows values first.\n",
                    set_not_null})};
  }
  std::string value = column.default_sql ? *column.default_sql : placeholder_for(column, checks);
  return {concat({"-- This version requires ", column.name,
                  ": rows a newer version wrote without one get ", value, ".\nUPDATE ",
                  quote_ident(table), " SET ", name, " = ", value, " WHERE ", name, " IS NULL"}),
          set_not_null};
}

}  // namespace svcgen::migrate
