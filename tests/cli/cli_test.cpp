// Drives the real svcgen binary: exit codes, what goes to stdout and stderr, and that nothing is
// written when a command fails.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>

#include "cli_support.hpp"
#include "test_folder.hpp"

namespace {

namespace fs = std::filesystem;
using svcgen::testing::quote;
using svcgen::testing::Result;
using svcgen::testing::svcgen;
using svcgen::testing::TestFolder;

void copy_bookstore(const TestFolder& folder) {
  fs::copy(fs::path(SVCGEN_SOURCE_DIR) / "examples/bookstore/service.json",
           folder.path() / "service.json");
  fs::copy(fs::path(SVCGEN_SOURCE_DIR) / "examples/bookstore/models", folder.path() / "models");
  fs::copy(fs::path(SVCGEN_SOURCE_DIR) / "examples/bookstore/migrations",
           folder.path() / "migrations");
}

std::vector<std::string> listing(const fs::path& root) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    files.push_back(fs::relative(entry.path(), root).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Cli, VersionAndHelp) {
  TestFolder folder("cli-version");
  Result version = svcgen(folder, "--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("svcgen ", 0), 0u);
  Result help = svcgen(folder, "--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"validate", "generate", "check", "init"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
  }
  EXPECT_EQ(svcgen(folder, "generate --help").exit_code, 0);
}

TEST(Cli, UsageErrorsExitTwo) {
  TestFolder folder("cli-usage");
  copy_bookstore(folder);
  EXPECT_EQ(svcgen(folder, "").exit_code, 2);
  EXPECT_EQ(svcgen(folder, "frobnicate").exit_code, 2);
  EXPECT_EQ(svcgen(folder, "generate service.json").exit_code, 2);  // no -o
  EXPECT_EQ(svcgen(folder, "generate service.json -o out --runtime static").exit_code, 2);
  EXPECT_EQ(svcgen(folder, "check service.json -o out --format xml").exit_code, 2);
  EXPECT_EQ(svcgen(folder, "validate service.json --bogus").exit_code, 2);
  Result missing = svcgen(folder, "validate nothere.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "nothere.json: cannot read file: no such file\n");
  EXPECT_EQ(svcgen(folder, "generate nothere.json -o out").exit_code, 2);
  EXPECT_EQ(svcgen(folder, "generate service.json -o out --templates absent").exit_code, 2);
  EXPECT_FALSE(folder.exists("out"));
}

TEST(Cli, ValidateReportsEveryErrorSortedAndExitsOne) {
  TestFolder folder("cli-validate");
  copy_bookstore(folder);
  Result ok = svcgen(folder, "validate service.json");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "service.json: ok (service bookstore, 4 models)\n");
  EXPECT_EQ(ok.err, "");

  folder.write("models/book.json", R"({"name": "Book", "fields": [
  {"name": "title", "type": "strng"}]})");
  folder.write("models/author.json", R"({"name": "Author", "fields": [], "colour": 1})");
  Result bad = svcgen(folder, "validate service.json");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err,
            "models/author.json:1:34: /colour: unknown key \"colour\" in a model\n"
            "models/book.json:2:29: /fields/0/type: unknown type \"strng\" (did you mean "
            "\"string\"?)\n");
}

TEST(Cli, PathsInMessagesAreRelativeToTheWorkingDirectory) {
  TestFolder folder("cli-relative");
  fs::create_directories(folder.path() / "svc");
  folder.write("svc/service.json", R"({"service": "x", "models": ["m/a.json"]})");
  folder.write("svc/m/a.json", R"({"name": "A", "fields": [{"name": "b", "type": "nope"}]})");
  Result result = svcgen(folder, "validate svc/service.json");
  EXPECT_EQ(result.err.rfind("svc/m/a.json:1:48: /fields/0/type: unknown type \"nope\"", 0), 0u)
      << result.err;
  Result absolute =
      svcgen(folder, "validate " + quote((folder.path() / "svc/service.json").string()));
  EXPECT_EQ(absolute.err, result.err);
}

TEST(Cli, GenerateWritesOnlyChangesAndNothingOnError) {
  TestFolder folder("cli-generate");
  copy_bookstore(folder);
  Result first = svcgen(folder, "generate service.json -o out");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(folder.exists("out/src/models/book.hpp"));
  EXPECT_TRUE(folder.exists("out/runtime/CMakeLists.txt"));
  auto stamp = fs::last_write_time(folder.path() / "out/src/models/book.hpp");
  Result again = svcgen(folder, "generate service.json -o out");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find(": 0 written"), std::string::npos) << again.out;
  EXPECT_EQ(fs::last_write_time(folder.path() / "out/src/models/book.hpp"), stamp);

  std::vector<std::string> before = listing(folder.path() / "out");
  folder.write("models/review.json", R"({"name": "Review", "fields": [{"name": "x"}]})");
  Result bad = svcgen(folder, "generate service.json -o out");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(listing(folder.path() / "out"), before);
  EXPECT_EQ(fs::last_write_time(folder.path() / "out/src/models/book.hpp"), stamp);
  Result fresh = svcgen(folder, "generate service.json -o other");
  EXPECT_EQ(fresh.exit_code, 1);
  EXPECT_FALSE(folder.exists("other"));
}

TEST(Cli, GenerateRefusesToOverwriteUserFiles) {
  TestFolder folder("cli-conflict");
  copy_bookstore(folder);
  folder.write("out/src/models/book.hpp", "my own code\n");
  Result result = svcgen(folder, "generate service.json -o out");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "out/src/models/book.hpp: exists and was not generated by svcgen; move it away or "
            "choose another output folder\n");
  EXPECT_EQ(folder.read("out/src/models/book.hpp"), "my own code\n");
  EXPECT_FALSE(folder.exists("out/src/models/author.hpp"));
}

TEST(Cli, GenerateRemovesFilesOfDroppedModels) {
  TestFolder folder("cli-drop");
  copy_bookstore(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  folder.write("out/src/models/notes.txt", "mine");
  // Without migrations (a folder that does not exist yet): dropping models needs no migration.
  folder.write("service.json", R"({"service": "bookstore", "models": ["models/author.json"],
    "migrations": "not_yet"})");
  Result result = svcgen(folder, "generate service.json -o out");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("9 removed"), std::string::npos) << result.out;
  EXPECT_FALSE(folder.exists("out/src/models/book.hpp"));
  EXPECT_TRUE(folder.exists("out/src/models/author.hpp"));
  EXPECT_EQ(folder.read("out/src/models/notes.txt"), "mine");
}

TEST(Cli, RuntimeExternalLeavesTheRuntimeOut) {
  TestFolder folder("cli-external");
  copy_bookstore(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out --runtime external").exit_code, 0);
  EXPECT_FALSE(folder.exists("out/runtime"));
  EXPECT_TRUE(folder.exists("out/src/models/book.hpp"));
}

TEST(Cli, TemplatesOverrideByName) {
  TestFolder folder("cli-templates");
  copy_bookstore(folder);
  folder.write("tpl/cpp/model.hpp.mustache", "{{header}}// custom for {{struct_name}}\n");
  Result result = svcgen(folder, "generate service.json -o out --templates tpl");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(folder.read("out/src/models/book.hpp").find("// custom for Book\n"), std::string::npos);
  folder.write("tpl/cpp/model.hpp.mustache", "{{header}}{{no_such_value}}\n");
  Result broken = svcgen(folder, "generate service.json -o out2 --templates tpl");
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_EQ(broken.err,
            "tpl/cpp/model.hpp.mustache: the view model has no value for "
            "\"no_such_value\"\n");
  EXPECT_FALSE(folder.exists("out2"));
}

TEST(Cli, CheckFindsEditedMissingAndExtraFiles) {
  TestFolder folder("cli-check");
  copy_bookstore(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  Result fresh = svcgen(folder, "check service.json -o out");
  EXPECT_EQ(fresh.exit_code, 0) << fresh.out << fresh.err;
  EXPECT_EQ(fresh.out, "out: up to date\n");

  std::string book = folder.read("out/src/models/book.hpp");
  folder.write("out/src/models/book.hpp", book + "// hand edit\n");
  fs::remove(folder.path() / "out/src/models/author.hpp");
  Result stale = svcgen(folder, "check service.json -o out");
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.out.find("--- a/out/src/models/book.hpp\n+++ b/out/src/models/book.hpp\n"),
            std::string::npos)
      << stale.out;
  EXPECT_NE(stale.out.find("-// hand edit\n"), std::string::npos);
  EXPECT_NE(stale.out.find("--- /dev/null\n+++ b/out/src/models/author.hpp\n"), std::string::npos);
  EXPECT_NE(stale.err.find("out/src/models/author.hpp: missing\n"), std::string::npos);
  EXPECT_NE(stale.err.find("out/src/models/book.hpp: differs from what svcgen generates"),
            std::string::npos);
  EXPECT_NE(stale.err.find("2 files are out of date; run: svcgen generate service.json -o out\n"),
            std::string::npos)
      << stale.err;
  // check never writes.
  EXPECT_FALSE(folder.exists("out/src/models/author.hpp"));

  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  folder.write("service.json",
               R"({"service": "bookstore", "models": ["models/author.json", "models/book.json"]})");
  Result extra = svcgen(folder, "check service.json -o out");
  EXPECT_EQ(extra.exit_code, 1);
  EXPECT_NE(extra.err.find("out/src/models/order.hpp: generated earlier but no longer produced"),
            std::string::npos)
      << extra.err;
  EXPECT_NE(extra.out.find("--- a/out/src/models/order.hpp\n+++ /dev/null\n"), std::string::npos);
}

TEST(Cli, CheckWithGithubFormatAnnotates) {
  TestFolder folder("cli-github");
  copy_bookstore(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  std::string book = folder.read("out/src/models/book.hpp");
  folder.write("out/src/models/book.hpp", "// edited\n" + book.substr(book.find('\n') + 1));
  Result result = svcgen(folder, "check service.json -o out --format github");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out.rfind("::error file=out/src/models/book.hpp,line=1,title=svcgen check::"
                             "out/src/models/book.hpp: differs from what svcgen generates",
                             0),
            0u)
      << result.out;
}

// GitHub resolves annotation paths against the repository root: an absolute service path that
// leads into the working directory, through `..` or a symbolic link (a shell in a linked
// folder), must still give file= relative to it, as the messages are.
TEST(Cli, CheckWithGithubFormatNamesFilesUnderTheWorkingDirectoryRelatively) {
  TestFolder folder("cli-github-absolute");
  copy_bookstore(folder);
  ASSERT_EQ(svcgen(folder, "generate service.json -o out").exit_code, 0);
  std::string book = folder.read("out/src/models/book.hpp");
  folder.write("out/src/models/book.hpp", "// edited\n" + book.substr(book.find('\n') + 1));
  fs::path link = folder.path().string() + "-link";
  fs::remove(link);
  fs::create_directory_symlink(folder.path(), link);
  std::string dotted = (folder.path() / ".." / folder.path().filename() / "service.json").string();
  for (const std::string& service : {(link / "service.json").string(), dotted}) {
    Result result = svcgen(folder, "check " + quote(service) + " -o out --format github");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out.rfind("::error file=out/src/models/book.hpp,line=1,title=svcgen check::"
                               "out/src/models/book.hpp: differs from what svcgen generates "
                               "(edited, or generated from older models); run svcgen generate "
                               "service.json -o out\n",
                               0),
              0u)
        << service << ":\n"
        << result.out;
  }
  fs::remove(link);
}

TEST(Cli, CheckWithInvalidModelsExitsOneAndUnreadableServiceTwo) {
  TestFolder folder("cli-check-errors");
  copy_bookstore(folder);
  folder.write("models/book.json", "{");
  EXPECT_EQ(svcgen(folder, "check service.json -o out").exit_code, 1);
  EXPECT_EQ(svcgen(folder, "check missing.json -o out").exit_code, 2);
}

TEST(Cli, InitScaffoldsAValidServiceAndNeverOverwrites) {
  TestFolder folder("cli-init");
  Result result = svcgen(folder, "init My-Shop");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Created service \"my_shop\" in My-Shop"), std::string::npos)
      << result.out;
  for (const char* file : {"service.json", "models/item.json", "CMakeLists.txt", ".gitignore",
                           "schemas/service.schema.json", "schemas/model.schema.json"}) {
    EXPECT_TRUE(folder.exists(std::string("My-Shop/") + file)) << file;
  }
  Result valid = svcgen(folder, "validate My-Shop/service.json");
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
  EXPECT_EQ(svcgen(folder, "migrate diff My-Shop/service.json").exit_code, 0);
  folder.write("My-Shop/models/item.json", "{\"edited\": true}");
  Result again = svcgen(folder, "init My-Shop --service other");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists; nothing was written"), std::string::npos);
  EXPECT_EQ(folder.read("My-Shop/models/item.json"), "{\"edited\": true}");
  EXPECT_EQ(svcgen(folder, "init x --service Bad-Name").exit_code, 2);
  EXPECT_FALSE(folder.exists("x"));
  EXPECT_EQ(svcgen(folder, "init 123").exit_code, 2);
}

}  // namespace
