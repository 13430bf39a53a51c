#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "svcgen/migration_markers.hpp"

// The migrations folder: numbered up/down SQL pairs (the names golang-migrate reads too), the
// schema snapshot of the last migration and svcgen.sum, the checksums that seal them.
namespace svcgen::migrate {

inline constexpr const char* kSnapshotFile = "schema.snapshot.json";
inline constexpr const char* kSumFile = "svcgen.sum";

struct MigrationFile {
  long version = 0;
  std::string name;  // the slug
  std::string up;    // file contents
  std::string down;
  std::string up_file;  // file names, relative to the folder
  std::string down_file;
  bool no_transaction = false;
};

struct MigrationFolder {
  std::string path;  // as shown to users
  bool exists = false;
  std::vector<MigrationFile> migrations;  // sorted by version, then name
  // Every file svcgen.sum seals, name -> contents: the .sql files and the snapshot, which the
  // next diff starts from, so that a hand edit of it cannot slip past `check`.
  std::map<std::string, std::string> files;
  std::optional<std::string> snapshot;
  std::optional<std::string> sum;
  std::vector<std::string> problems;  // unpaired files, bad names (messages)
};

MigrationFolder read_migration_folder(const std::string& path);

// svcgen.sum for the given files: one sha256 per file and one over the whole set.
std::string sum_text(const std::map<std::string, std::string>& files);

// What is wrong with a folder's seal and numbering, as messages; empty when all is well.
std::vector<std::string> verify_folder(const MigrationFolder& folder);

std::string migration_file_name(long version, const std::string& name, bool up);

}  // namespace svcgen::migrate
