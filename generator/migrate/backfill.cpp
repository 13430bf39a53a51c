#include "migrate/backfill.hpp"

#include <regex>
#include <utility>
#include <vector>

#include "migrate/schema.hpp"

namespace svcgen::migrate {

bool is_constant_default(const std::string& default_sql) {
  static const std::regex literal(
      R"((-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|NULL|'([^']|'')*'(::[a-z ]+(\([0-9, ]+\))?)?))",
      std::regex::icase);
  return std::regex_match(default_sql, literal);
}

// The statement with @T (table), @K (key), @C (column), @N (batch size) and @R (the rows
// after the first of a batch) filled in.
std::string batched_backfill(const std::string& table, const std::string& primary_key,
                             const std::string& column) {
  static const std::string kTemplate =
      R"(-- Sets @table.@column to its default where it is NULL, @N rows per transaction in primary
-- key order: each batch commits at once, so its row locks are held briefly and no long
-- transaction holds back vacuum. COMMIT inside DO is why this file runs outside a
-- transaction. A rerun after a failure only touches the rows that are still NULL.
DO $svcgen$
DECLARE
  svcgen_from @T.@K%TYPE;
  svcgen_to @T.@K%TYPE;
BEGIN
  SELECT @K INTO svcgen_from FROM @T ORDER BY @K LIMIT 1;
  WHILE svcgen_from IS NOT NULL LOOP
    SELECT @K INTO svcgen_to FROM @T WHERE @K >= svcgen_from ORDER BY @K OFFSET @R LIMIT 1;
    IF svcgen_to IS NULL THEN
      UPDATE @T SET @C = DEFAULT WHERE @C IS NULL AND @K >= svcgen_from;
    ELSE
      UPDATE @T SET @C = DEFAULT WHERE @C IS NULL AND @K >= svcgen_from AND @K <= svcgen_to;
    END IF;
    COMMIT;
    SELECT @K INTO svcgen_from FROM @T WHERE @K > svcgen_to ORDER BY @K LIMIT 1;
  END LOOP;
END
$svcgen$)";
  const std::vector<std::pair<std::string, std::string>> values = {
      {"@table", table},
      {"@column", column},
      {"@T", quote_ident(table)},
      {"@K", quote_ident(primary_key)},
      {"@C", quote_ident(column)},
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

std::string not_null_check_name(const std::string& table, const std::string& column) {
  static constexpr std::size_t kMaxIdentifier = 63;  // PostgreSQL's NAMEDATALEN - 1
  static const std::string suffix = "_not_null";
  return (table + "_" + column).substr(0, kMaxIdentifier - suffix.size()) + suffix;
}

}  // namespace svcgen::migrate
