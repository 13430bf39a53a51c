#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "load/json_document.hpp"

namespace svcgen {

struct ModelSource {
  std::string listed_at;    // pointer of the entry in the service file's "models"
  std::string listed_path;  // the entry, normalised; relative to the service file
  JsonDocument document;
};

struct LoadedInput {
  JsonDocument service;
  std::vector<ModelSource> models;
  std::vector<std::string> files;  // every file read, service first, as the user names them
};

enum class LoadStatus { kOk, kInputErrors, kServiceUnreadable };

struct LoadResult {
  LoadStatus status = LoadStatus::kOk;
  std::optional<LoadedInput> input;
};

// Input files larger than this are refused before they are read: no real model is this big,
// and reading an accidental multi-gigabyte file would only exhaust memory.
inline constexpr std::uintmax_t kMebibyte = std::uintmax_t{1} << 20;
inline constexpr std::uintmax_t kMaxInputFileBytes = 4 * kMebibyte;

// Reads and parses the service file and every model file it lists. Model paths are resolved
// against the service file's folder and shown relative to the working directory.
LoadResult load_input(const std::string& service_path, Diagnostics& diagnostics);

// Reads a whole file, refusing ones over kMaxInputFileBytes; the error text is user-facing.
std::optional<std::string> read_input_file(const std::string& path, std::string& error);

}  // namespace svcgen
