#pragma once

#include <map>
#include <string>

namespace svcgen {

// Everything one generation produces, keyed by path relative to the output folder. Emitters only
// add to it; the writer alone touches the disk, and tests inspect it directly.
class OutputSet {
 public:
  // Throws std::logic_error for a path that is absolute, escapes the folder or was already added:
  // either is a defect in an emitter, never something a model can cause.
  void add(const std::string& path, std::string content);
  // Adds every file of `other`, with the same checks as add().
  void merge(OutputSet&& other);

  const std::map<std::string, std::string>& files() const { return files_; }
  const std::string* find(const std::string& path) const;

 private:
  std::map<std::string, std::string> files_;
};

// A relative path that stays inside its folder: no root, no "..", no empty or "." segments.
bool is_contained_relative_path(const std::string& path);

}  // namespace svcgen
