// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/config.hpp"
#include "svcgen/log.hpp"
#include "svcgen/migration_markers.hpp"
#include "svcgen/service.hpp"

// Applies the SQL migrations a service carries, the way goose does, with the safety rails:
// an advisory lock so concurrent instances apply each migration once, one transaction per
// migration with its tracking row, checksums of applied files, and every pending file parsed
// before the first one runs.
namespace svcgen {

struct Migration {
  long version = 0;
  std::string name;
  std::string up;
  std::string down;
};

// Text embedded in generated code as raw string literals, the first starting with a line break
// (so its first line stays short), several when the text is longer than a compiler must accept
// in one literal: the text without that first line break.
inline std::string embedded(std::initializer_list<std::string_view> pieces) {
  std::string text;
  for (std::string_view piece : pieces) {
    text += piece;
  }
  return text.erase(0, !text.empty() && text.front() == '\n' ? 1 : 0);
}

// One statement of a migration file, with the line it starts on.
struct SqlStatement {
  std::string sql;
  int line = 1;
};

// Splits SQL text into statements at top-level semicolons, respecting quotes, dollar quotes and
// comments. Returns false with `error` set for unterminated quotes or comments.
bool split_sql(const std::string& text, std::vector<SqlStatement>& statements, std::string& error);

class Migrator {
 public:
  Migrator(const Config& config, std::vector<Migration> migrations, const Logger& logger);

  // Each returns "" on success, or the reason it stopped; progress goes to `out`.
  std::string up(std::ostream& out);
  std::string down(int count, std::ostream& out);
  std::string status(std::ostream& out);

 private:
  const Config& config_;
  std::vector<Migration> migrations_;
  const Logger& logger_;
};

// /ready answers 503 until every migration the binary carries is applied with its checksum.
Service::ReadinessCheck migrations_applied(Db& db, const std::vector<Migration>& migrations);

}  // namespace svcgen
