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
// migration with its tracking row, checksums of applied files, every pending file parsed
// before the first one runs, short lock waits retried, and expand and contract steps.
namespace svcgen {

struct Migration {
  long version = 0;
  std::string name;
  std::string up;
  std::string down;
  // A contract step ("-- svcgen:step contract" in its up file) finishes earlier expand steps
  // once no running binary needs what they kept. Generated code leaves it to with_steps().
  bool contract = false;
};

// The migrations in version order, each with `contract` derived from its up text.
std::vector<Migration> with_steps(std::vector<Migration> migrations);

// "000005_add_email.up.sql" / ".down.sql".
std::string migration_file_name(const Migration& migration, bool up = true);

// A row of svcgen_schema_migrations.
struct AppliedMigration {
  long version = 0;
  std::string name;
  std::string checksum;
  std::string applied_at;
  // The lowest contract step that `migrate up --expand-only` left pending when it applied this
  // one; 0 when none was. A contract step below applied versions is only in order through it.
  long waiting_contract = 0;
};

// How the migrations a database has applied compare with the ones a binary carries.
struct MigrationComparison {
  std::vector<const Migration*> pending;  // not applied, in version order, contract steps too
  // Pending below the highest applied version, other than a contract step that waits while
  // the expand steps `migrate up --expand-only` applied after it are applied.
  std::vector<const Migration*> out_of_order;
  std::vector<const Migration*> changed;         // applied with another checksum
  std::vector<const AppliedMigration*> unknown;  // applied, but not carried by this binary
  long binary_version = 0;                       // the highest this binary carries
  long database_version = 0;                     // the highest applied

  // Applied versions newer than every one this binary carries: the normal state while a newer
  // binary rolls out. Unknown versions below the binary's highest are a refusal instead.
  bool ahead() const;
  bool pending_expand() const;
  // Why the binary must not migrate this database ("" when it may): changed files, unknown
  // versions below its highest.
  std::string refusal() const;
};

// `migrations` in version order and with steps derived; the result points into both arguments.
MigrationComparison compare_migrations(const std::vector<Migration>& migrations,
                                       const std::vector<AppliedMigration>& applied);

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

// One log line saying how the database compares with the binary (in step, pending, ahead).
void log_comparison(const Logger& logger, const MigrationComparison& comparison);

// Splits SQL text into statements at top-level semicolons, respecting quotes, dollar quotes and
// comments. Returns false with `error` set for unterminated quotes or comments.
bool split_sql(const std::string& text, std::vector<SqlStatement>& statements, std::string& error);

struct UpOptions {
  // Apply expand steps only, skipping contract steps: the Job that runs before a rollout.
  bool expand_only = false;
};

class Migrator {
 public:
  Migrator(const Config& config, std::vector<Migration> migrations, const Logger& logger);

  // Each returns "" on success, or the reason it stopped; progress goes to `out`.
  std::string up(std::ostream& out, UpOptions options = {});
  std::string down(int count, std::ostream& out);
  std::string status(std::ostream& out);
  // Reads what is applied, without the lock and without creating anything, and logs once how
  // it compares with this binary (in step, pending, ahead), setting `database_version` to the
  // highest applied version. Returns why it could not read.
  std::string log_comparison(long& database_version);

 private:
  const Config& config_;
  std::vector<Migration> migrations_;
  const Logger& logger_;
};

// /ready answers 503 while an expand step the binary carries is pending (naming the command that
// applies it, `<command> migrate up --expand-only`) or an applied one has another checksum.
// Pending contract steps never count, and a database version newer than the binary's is logged
// once at info level (not again when it is `logged_version`, which the log at start named).
Service::ReadinessCheck migrations_applied(Db& db, const std::vector<Migration>& migrations,
                                           const Logger& logger, std::string command,
                                           long logged_version = 0);

}  // namespace svcgen
