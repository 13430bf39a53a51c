#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "load/json_document.hpp"

namespace svcgen {

// A template could not be rendered: a variable or section the view model lacks, a syntax error,
// or an unknown template. The message names the template file (embedded or the override) so a
// broken override is easy to find.
class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The templates of every text output: those compiled into the binary, each replaceable by a file
// of the same relative name under an override folder (`--templates DIR`).
class TemplateSet {
 public:
  TemplateSet() = default;
  // A copy has the same sources but compiles its own templates: a compiled template keeps state
  // while it renders, so each thread that renders needs a copy of its own.
  TemplateSet(const TemplateSet& other) : sources_(other.sources_) {}
  TemplateSet& operator=(const TemplateSet& other) {
    if (this != &other) {
      sources_ = other.sources_;
      compiled_.clear();
    }
    return *this;
  }
  TemplateSet(TemplateSet&&) = default;
  TemplateSet& operator=(TemplateSet&&) = default;
  ~TemplateSet() = default;

  static TemplateSet embedded();
  // Reads every file under `folder`; throws TemplateError when it cannot be read.
  void override_from(const std::string& folder);

  // Renders template `name` (e.g. "cpp/model.hpp.mustache") with a view model whose leaves are
  // strings, booleans and lists of objects. Any tag the view model lacks is an error: a template
  // never silently renders an empty string where a value was meant.
  std::string render(const std::string& name, const Json& view) const;

  std::optional<std::string> origin(const std::string& name) const;

 private:
  struct Source {
    std::string text;
    std::string origin;  // "templates/<name>" or the override file's path
  };
  std::map<std::string, Source> sources_;
  // Parsed once on first use: a service of 500 models renders each model template 500 times.
  // Never shared between copies (see the copy constructor).
  struct Compiled;
  mutable std::map<std::string, std::shared_ptr<Compiled>> compiled_;
};

}  // namespace svcgen
