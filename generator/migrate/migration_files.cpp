#include "migrate/migration_files.hpp"

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "load/input_loader.hpp"
#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"

namespace svcgen::migrate {
namespace fs = std::filesystem;

std::string migration_file_name(long version, const std::string& name, bool up) {
  return concat({zero_padded(version, 6), "_", name, up ? ".up.sql" : ".down.sql"});
}

MigrationFolder read_migration_folder(const std::string& path) {
  MigrationFolder folder;
  folder.path = path;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    return folder;
  }
  folder.exists = true;
  static const std::regex kMigrationName(R"(^(\d{1,9})_([a-z0-9][a-z0-9_]*)\.(up|down)\.sql$)");
  std::map<std::pair<long, std::string>, MigrationFile> pairs;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.is_regular_file()) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    std::string error;
    std::string full = (fs::path(path) / name).string();
    if (name == kSnapshotFile || name == kSumFile) {
      std::optional<std::string> text = read_input_file(full, error);
      (name == kSnapshotFile ? folder.snapshot : folder.sum) = text;
      if (name == kSnapshotFile && text) {
        folder.files[name] = *text;
      }
      continue;
    }
    if (name.size() < 4 || name.substr(name.size() - 4) != ".sql") {
      continue;
    }
    std::smatch match;
    if (!std::regex_match(name, match, kMigrationName)) {
      folder.problems.push_back(
          concat({path, "/", name, ": not a migration name (NNNNNN_slug.up.sql or .down.sql)"}));
      continue;
    }
    std::optional<std::string> text = read_input_file(full, error);
    if (!text) {
      folder.problems.push_back(concat({path, "/", name, ": ", error}));
      continue;
    }
    folder.files[name] = *text;
    MigrationFile& file = pairs[{std::stol(match[1]), match[2]}];
    file.version = std::stol(match[1]);
    file.name = match[2];
    if (match[3] == "up") {
      file.up = *text;
      file.up_file = name;
      file.no_transaction = runs_outside_transaction(*text);
    } else {
      file.down = *text;
      file.down_file = name;
    }
  }
  for (auto& [key, file] : pairs) {
    if (file.up_file.empty() || file.down_file.empty()) {
      folder.problems.push_back(
          path + "/" + (file.up_file.empty() ? file.down_file : file.up_file) +
          ": has no matching " + (file.up_file.empty() ? ".up.sql" : ".down.sql") + " file");
      continue;
    }
    folder.migrations.push_back(std::move(file));
  }
  return folder;
}

std::string sum_text(const std::map<std::string, std::string>& files) {
  std::string lines;
  for (const auto& [name, contents] : files) {
    lines += name + " sha256:" + sha256_hex(contents) + "\n";
  }
  return "sha256:" + sha256_hex(lines) + "\n" + lines;
}

std::vector<std::string> verify_folder(const MigrationFolder& folder) {
  std::vector<std::string> problems = folder.problems;
  std::map<long, std::vector<std::string>> by_version;
  for (const MigrationFile& file : folder.migrations) {
    by_version[file.version].push_back(file.name);
  }
  for (const auto& [version, names] : by_version) {
    if (names.size() > 1) {
      std::string list;
      for (const std::string& name : names) {
        list += (list.empty() ? "" : ", ") + name;
      }
      problems.push_back(folder.path + ": " + std::to_string(names.size()) +
                         " migrations share version " + std::to_string(version) + " (" + list +
                         "), probably from a merge; run `svcgen migrate renumber`");
    }
  }
  if (folder.files.empty()) {
    return problems;
  }
  if (!folder.sum) {
    problems.push_back(folder.path + "/" + kSumFile +
                       ": missing; run `svcgen migrate hash` to seal the migrations");
    return problems;
  }
  std::map<std::string, std::string> recorded;
  std::istringstream lines(*folder.sum);
  std::string line;
  std::getline(lines, line);  // the total
  while (std::getline(lines, line)) {
    std::size_t space = line.find(' ');
    if (space != std::string::npos) {
      recorded[line.substr(0, space)] = line.substr(space + 1);
    }
  }
  for (const auto& [name, contents] : folder.files) {
    auto found = recorded.find(name);
    if (found == recorded.end() && name == kSnapshotFile) {
      problems.push_back(folder.path + "/" + name + ": not sealed by " + kSumFile +
                         " (written by an older svcgen, or added by hand); check that it matches "
                         "the last migration, then run `svcgen migrate hash`");
    } else if (found == recorded.end()) {
      problems.push_back(folder.path + "/" + name + ": not in " + kSumFile +
                         "; migrations are written by `svcgen migrate diff` (after a deliberate "
                         "addition, run `svcgen migrate hash`)");
    } else if (found->second != "sha256:" + sha256_hex(contents)) {
      problems.push_back(folder.path + "/" + name +
                         ": edited after it was generated (checksum "
                         "differs from " +
                         kSumFile + "); if the edit is deliberate, run `svcgen migrate hash`");
    }
  }
  for (const auto& [name, hash] : recorded) {
    if (folder.files.count(name) == 0) {
      problems.push_back(folder.path + "/" + name + ": listed in " + kSumFile +
                         " but missing from the folder");
    }
  }
  if (problems.empty() && *folder.sum != sum_text(folder.files)) {
    problems.push_back(folder.path + "/" + kSumFile +
                       ": the total checksum does not match; run `svcgen migrate hash`");
  }
  return problems;
}

}  // namespace svcgen::migrate
