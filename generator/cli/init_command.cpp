#include <filesystem>
#include <ostream>
#include <regex>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/front_end.hpp"
#include "emit/embedded_files.hpp"
#include "emit/templates.hpp"
#include "write/output_writer.hpp"

namespace svcgen {
namespace {

// "My Shop-API" -> "my_shop_api": a folder name made into a valid service name, if possible.
std::string service_name_from_folder(const std::string& folder) {
  std::string base = std::filesystem::path(folder).lexically_normal().filename().string();
  if (base.empty() || base == "." || base == "..") {
    base = std::filesystem::path(folder).lexically_normal().parent_path().filename().string();
  }
  std::string name;
  for (char c : base) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') {
      name += static_cast<char>(c - 'A' + 'a');
    } else if (alnum) {
      name += c;
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && (name.front() < 'a' || name.front() > 'z')) {
    name.erase(0, 1);
  }
  while (!name.empty() && name.back() == '_') {
    name.pop_back();
  }
  return name;
}

}  // namespace

int run_init(const std::string& folder, const std::string& requested_name, std::ostream& out,
             std::ostream& err) {
  std::string name = requested_name.empty() ? service_name_from_folder(folder) : requested_name;
  if (!std::regex_match(name, std::regex("[a-z][a-z0-9_]*"))) {
    err << "svcgen init: "
        << (requested_name.empty()
                ? "cannot derive a service name from \"" + folder + "\"; pass --service NAME"
                : "--service \"" + requested_name + "\" must match [a-z][a-z0-9_]*")
        << "\n";
    return kExitUsage;
  }
  TemplateSet templates = TemplateSet::embedded();
  Json view = {{"service", name}};
  OutputSet files;
  for (const auto& [target, source] : {std::pair{"service.json", "init/service.json.mustache"},
                                       std::pair{"models/item.json", "init/item.json.mustache"},
                                       std::pair{"CMakeLists.txt", "init/CMakeLists.txt.mustache"},
                                       std::pair{".gitignore", "init/gitignore.mustache"}}) {
    files.add(target, templates.render(source, view));
  }
  for (const auto& [name_in_tree, text] : embedded_files()) {
    if (name_in_tree.rfind("schemas/", 0) == 0) {
      files.add(std::string(name_in_tree), std::string(text));
    }
  }
  try {
    create_new_files(folder, files);
  } catch (const WriteError& error) {
    err << "svcgen init: " << error.what() << "\n";
    return kExitUsage;
  }
  std::string shown = display_path(folder);
  out << "Created service \"" << name << "\" in " << shown << ":\n";
  for (const auto& [path, content] : files.files()) {
    out << "  " << shown << "/" << path << "\n";
  }
  out << "Next: svcgen validate " << shown << "/service.json\n";
  return kExitOk;
}

}  // namespace svcgen
