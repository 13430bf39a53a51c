#include "emit/output_set.hpp"

#include <stdexcept>

namespace svcgen {

bool is_contained_relative_path(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos ||
      path.find('\0') != std::string::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    std::string segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

void OutputSet::add(const std::string& path, std::string content) {
  if (!is_contained_relative_path(path)) {
    throw std::logic_error("generated path \"" + path + "\" is not inside the output folder");
  }
  if (!files_.emplace(path, std::move(content)).second) {
    throw std::logic_error("generated path \"" + path + "\" is produced twice");
  }
}

void OutputSet::merge(OutputSet&& other) {
  for (auto& [path, content] : other.files_) {
    add(path, std::move(content));
  }
  other.files_.clear();
}

const std::string* OutputSet::find(const std::string& path) const {
  auto found = files_.find(path);
  return found == files_.end() ? nullptr : &found->second;
}

}  // namespace svcgen
