#include "emit/templates.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace svcgen {
namespace {

namespace fs = std::filesystem;

fs::path temporary_folder(const std::string& name) {
  fs::path folder =
      fs::temp_directory_path() / ("svcgen-templates-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(Templates, EmbeddedTemplatesAreAvailable) {
  TemplateSet templates = TemplateSet::embedded();
  EXPECT_EQ(templates.origin("cpp/model.hpp.mustache"), "templates/cpp/model.hpp.mustache");
  EXPECT_FALSE(templates.origin("nope.mustache"));
}

TEST(Templates, MissingVariableIsAnErrorNamingTheTemplate) {
  fs::path folder = temporary_folder("missing");
  write(folder / "init/gitignore.mustache", "{{present}} {{absent}} {{#list}}{{inner}}{{/list}}\n");
  TemplateSet templates = TemplateSet::embedded();
  templates.override_from(folder.string());
  Json view = {{"present", "x"}, {"list", Json::array({Json{{"other", "y"}}})}};
  try {
    templates.render("init/gitignore.mustache", view);
    FAIL() << "expected a TemplateError";
  } catch (const TemplateError& error) {
    EXPECT_EQ(std::string(error.what()),
              (folder / "init/gitignore.mustache").lexically_normal().generic_string() +
                  ": the view model has no value for \"absent\", \"inner\"");
  }
}

TEST(Templates, MissingSectionIsAnError) {
  TemplateSet templates = TemplateSet::embedded();
  EXPECT_THROW(templates.render("cpp/model.hpp.mustache", Json::object()), TemplateError);
}

TEST(Templates, OverrideReplacesByNameAndValuesAreNotEscaped) {
  fs::path folder = temporary_folder("override");
  write(folder / "init/gitignore.mustache", "a<{{value}}>&\n");
  TemplateSet templates = TemplateSet::embedded();
  templates.override_from(folder.string());
  EXPECT_EQ(templates.render("init/gitignore.mustache", {{"value", "std::vector<int>&"}}),
            "a<std::vector<int>&>&\n");
}

TEST(Templates, OverrideWithUnknownNameIsRefused) {
  fs::path folder = temporary_folder("unknown");
  write(folder / "cpp/modle.hpp.mustache", "x");
  TemplateSet templates = TemplateSet::embedded();
  EXPECT_THROW(templates.override_from(folder.string()), TemplateError);
  EXPECT_THROW(templates.override_from((folder / "absent").string()), TemplateError);
}

TEST(Templates, SyntaxErrorNamesTheTemplate) {
  fs::path folder = temporary_folder("syntax");
  write(folder / "init/gitignore.mustache", "{{#open}}never closed\n");
  TemplateSet templates = TemplateSet::embedded();
  templates.override_from(folder.string());
  try {
    templates.render("init/gitignore.mustache", {{"open", true}});
    FAIL() << "expected a TemplateError";
  } catch (const TemplateError& error) {
    EXPECT_NE(std::string(error.what()).find("init/gitignore.mustache: "), std::string::npos);
  }
}

}  // namespace
}  // namespace svcgen
