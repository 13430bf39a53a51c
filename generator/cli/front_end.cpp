#include "cli/front_end.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>

#include "cli/exit_codes.hpp"
#include "load/input_loader.hpp"
#include "migrate/migration_files.hpp"
#include "svcgen/sha256.hpp"
#include "svcgen/text.hpp"
#include "validate/service_builder.hpp"

namespace svcgen {
namespace fs = std::filesystem;

namespace {

// An absolute path relative to the working directory, or nothing when it lies outside. The path
// is compared as given and with its symbolic links resolved: a shell in a linked folder passes
// paths through the link, while the process sees its working directory resolved.
std::optional<fs::path> inside_working_directory(const fs::path& path) {
  std::error_code ec;
  fs::path working = fs::current_path(ec);
  if (ec) {
    return std::nullopt;
  }
  fs::path resolved = fs::weakly_canonical(path, ec);
  for (const fs::path& candidate : {path, ec ? path : resolved}) {
    fs::path relative = candidate.lexically_relative(working);
    if (!relative.empty() && *relative.begin() != "..") {
      return relative;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string display_path(const std::string& path) {
  fs::path given = fs::path(path).lexically_normal();
  if (given.is_absolute()) {
    given = inside_working_directory(given).value_or(given);
  }
  std::string text = given.lexically_normal().generic_string();
  return text.empty() ? "." : text;
}

namespace {

std::string inputs_digest(const LoadedInput& input, const ir::Service& service) {
  std::string text = input.service.root().dump() + '\n';
  std::vector<std::pair<std::string, std::string>> models;
  for (const ModelSource& model : input.models) {
    models.emplace_back(model.listed_path, model.document.root().dump());
  }
  std::sort(models.begin(), models.end());
  for (const auto& [path, json] : models) {
    text += concat({path, "\n", json, "\n"});
  }
  for (const ir::Migration& migration : service.migrations) {
    text += concat({std::to_string(migration.version), " ", migration.name, "\n",
                    sha256_hex(migration.up), "\n"});
  }
  return sha256_hex(text);
}

}  // namespace

FrontEndResult run_front_end(const std::string& service_path, std::ostream& err) {
  Diagnostics diagnostics;
  FrontEndResult result;
  LoadResult loaded = load_input(display_path(service_path), diagnostics);
  if (loaded.input) {
    result.input_files = loaded.input->files;
    result.service = build_service(*loaded.input, diagnostics);
  }
  if (result.service) {
    // The service embeds its migrations; their consistency is `svcgen check`'s to report.
    fs::path folder =
        fs::path(display_path(service_path)).parent_path() / result.service->migrations_dir;
    migrate::MigrationFolder migrations = migrate::read_migration_folder(folder.string());
    for (const migrate::MigrationFile& file : migrations.migrations) {
      result.service->migrations.push_back({file.version, file.name, file.up, file.down});
    }
    result.service->schema_snapshot = migrations.snapshot.value_or("");
    result.service->inputs_digest = inputs_digest(*loaded.input, *result.service);
  }
  err << format_sorted(diagnostics);
  if (loaded.status == LoadStatus::kServiceUnreadable) {
    result.exit_code = kExitUsage;
  } else if (loaded.status != LoadStatus::kOk || diagnostics.has_errors()) {
    result.exit_code = kExitInputError;
  }
  if (result.exit_code != kExitOk) {
    result.service.reset();
  }
  return result;
}

}  // namespace svcgen
