#include "load/input_loader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "svcgen/text.hpp"

namespace svcgen {
namespace fs = std::filesystem;

std::optional<std::string> read_input_file(const std::string& path, std::string& error) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    error = "cannot read file: no such file";
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    error = "cannot read file: it is a directory";
    return std::nullopt;
  }
  std::uintmax_t size = fs::is_regular_file(status) ? fs::file_size(path, ec) : 0;
  if (!ec && size > kMaxInputFileBytes) {
    std::ostringstream message;
    message.precision(1);
    message << std::fixed << "file is too large (" << static_cast<double>(size) / kMebibyte
            << " MiB; input files may be at most " << kMaxInputFileBytes / kMebibyte << " MiB)";
    error = message.str();
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot read file: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxInputFileBytes) {
      error = "file is too large (input files may be at most 4 MiB)";
      return std::nullopt;
    }
  }
  return text;
}

namespace {

std::string display_path(const fs::path& path) {
  std::string text = path.lexically_normal().generic_string();
  return text.empty() ? "." : text;
}

}  // namespace

LoadResult load_input(const std::string& service_path, Diagnostics& diagnostics) {
  std::string error;
  std::optional<std::string> text = read_input_file(service_path, error);
  if (!text) {
    bool unreadable = error.rfind("cannot read", 0) == 0;
    diagnostics.error({service_path, 0, 0, ""}, error);
    return {unreadable ? LoadStatus::kServiceUnreadable : LoadStatus::kInputErrors, std::nullopt};
  }
  std::optional<JsonDocument> service = parse_json_document(service_path, *text, diagnostics);
  if (!service) {
    return {LoadStatus::kInputErrors, std::nullopt};
  }
  LoadedInput input{std::move(*service), {}, {service_path}};

  const Json& models = input.service.root().is_object() && input.service.root().contains("models")
                           ? input.service.root()["models"]
                           : Json();
  fs::path base = fs::path(service_path).parent_path();
  std::map<std::string, std::string> first_listing;
  bool failed = false;
  if (models.is_array()) {
    for (std::size_t i = 0; i < models.size(); ++i) {
      if (!models[i].is_string()) {
        continue;  // reported by validation, which knows the expected shape
      }
      std::string pointer = pointer_append("/models", i);
      std::string listed = models[i].get<std::string>();
      std::string path = display_path(base / listed);
      auto [previous, inserted] = first_listing.emplace(path, pointer);
      if (!inserted) {
        diagnostics.error(
            input.service.at(pointer),
            "model file \"" + listed + "\" is listed twice (first at " + previous->second + ")");
        failed = true;
        continue;
      }
      std::optional<std::string> model_text = read_input_file(path, error);
      if (!model_text) {
        std::string shown = path == listed ? "" : concat({" (", path, ")"});
        diagnostics.error(input.service.at(pointer),
                          concat({"model file \"", listed, "\"", shown, ": ", error}));
        failed = true;
        continue;
      }
      input.files.push_back(path);
      std::optional<JsonDocument> document = parse_json_document(path, *model_text, diagnostics);
      if (!document) {
        failed = true;
        continue;
      }
      input.models.push_back({pointer, display_path(listed), std::move(*document)});
    }
  }
  return {failed ? LoadStatus::kInputErrors : LoadStatus::kOk, std::move(input)};
}

}  // namespace svcgen
