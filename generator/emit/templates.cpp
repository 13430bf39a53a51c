#include "emit/templates.hpp"

#include <kainjow/mustache.hpp>

#include <filesystem>
#include <set>
#include <span>
#include <string_view>
#include <utility>

#include "emit/embedded_files.hpp"
#include "load/input_loader.hpp"

namespace svcgen {

namespace {

namespace mustache = kainjow::mustache;

// Builds the mustache view by moving each converted member into place: kainjow's set() and
// push_back() take const references and deep-copy, which copied every subtree once per level
// above it.
mustache::data to_mustache(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, member] : value.items()) {
        object[key] = to_mustache(member);
      }
      return object;
    }
    case Json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      // The list is owned by `list` and not const; kainjow only lacks a mutable accessor.
      auto& items = const_cast<mustache::list&>(list.list_value());
      items.reserve(value.size());
      for (const Json& item : value) {
        items.push_back(to_mustache(item));
      }
      return list;
    }
    case Json::value_t::boolean:
      return value.get<bool>() ? mustache::data{mustache::data::type::bool_true}
                               : mustache::data{mustache::data::type::bool_false};
    case Json::value_t::string:
      return mustache::data{value.get_ref<const std::string&>()};
    default:
      throw TemplateError("view model value " + value.dump() +
                          " is not a string, boolean, object or list");
  }
}

// Records every name a template asks for that the view model does not have.
class StrictContext : public mustache::context<std::string> {
 public:
  explicit StrictContext(const mustache::data* data) : mustache::context<std::string>(data) {}

  const mustache::data* get(const std::string& name) const override {
    const mustache::data* found = mustache::context<std::string>::get(name);
    if (found == nullptr) {
      missing_.insert(name);
    }
    return found;
  }

  const std::set<std::string>& missing() const { return missing_; }

 private:
  mutable std::set<std::string> missing_;
};

}  // namespace

TemplateSet TemplateSet::embedded() {
  TemplateSet set;
  constexpr std::string_view kPrefix = "templates/";
  for (const auto& [path, text] : embedded_files()) {
    if (path.substr(0, kPrefix.size()) == kPrefix) {
      set.sources_[std::string(path.substr(kPrefix.size()))] = {std::string(text),
                                                                std::string(path)};
    }
  }
  return set;
}

void TemplateSet::override_from(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw TemplateError(folder + ": template folder does not exist");
  }
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) {
      continue;
    }
    std::string name = fs::relative(it->path(), folder).generic_string();
    if (sources_.count(name) == 0) {
      throw TemplateError(it->path().generic_string() +
                          ": no built-in template has this name, so it would never be used");
    }
    std::string error;
    std::optional<std::string> text = read_input_file(it->path().string(), error);
    if (!text) {
      throw TemplateError(it->path().generic_string() + ": " + error);
    }
    sources_[name] = {std::move(*text), it->path().lexically_normal().generic_string()};
    compiled_.erase(name);
  }
  if (ec) {
    throw TemplateError(folder + ": " + ec.message());
  }
}

std::optional<std::string> TemplateSet::origin(const std::string& name) const {
  auto found = sources_.find(name);
  return found == sources_.end() ? std::nullopt : std::optional<std::string>(found->second.origin);
}

struct TemplateSet::Compiled {
  explicit Compiled(const std::string& text) : value(text) {}
  mustache::mustache value;
};

std::string TemplateSet::render(const std::string& name, const Json& view) const {
  auto found = sources_.find(name);
  if (found == sources_.end()) {
    throw TemplateError("templates/" + name + ": no such template");
  }
  const Source& source = found->second;
  std::shared_ptr<Compiled>& cached = compiled_[name];
  if (!cached) {
    cached = std::make_shared<Compiled>(source.text);
    if (!cached->value.is_valid()) {
      std::string error = cached->value.error_message();
      compiled_.erase(name);
      throw TemplateError(source.origin + ": " + error);
    }
    // Generated code contains '<', '&' and quotes: values are inserted exactly as computed.
    cached->value.set_custom_escape([](const std::string& text) { return text; });
  }
  mustache::mustache& compiled = cached->value;
  mustache::data data = to_mustache(view);
  StrictContext context(&data);
  std::string text = compiled.render(context);
  if (!compiled.is_valid()) {
    throw TemplateError(source.origin + ": " + compiled.error_message());
  }
  if (!context.missing().empty()) {
    std::string names;
    for (const std::string& missing : context.missing()) {
      names += (names.empty() ? "" : ", ") + ("\"" + missing + "\"");
    }
    throw TemplateError(source.origin + ": the view model has no value for " + names);
  }
  return text;
}

}  // namespace svcgen
