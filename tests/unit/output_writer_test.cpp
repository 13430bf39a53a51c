#include "write/output_writer.hpp"

#include <gtest/gtest.h>

#include "test_folder.hpp"

namespace svcgen {
namespace {

using svcgen::testing::TestFolder;
namespace fs = std::filesystem;

OutputSet outputs(std::initializer_list<std::pair<std::string, std::string>> files) {
  OutputSet set;
  for (const auto& [path, content] : files) {
    set.add(path, content);
  }
  return set;
}

TEST(OutputSet, RefusesPathsOutsideTheFolderAndDuplicates) {
  OutputSet set;
  for (const char* bad : {"../x", "/etc/passwd", "a//b", "a/./b", "a/../../b", "", "a\\b"}) {
    EXPECT_THROW(set.add(bad, "x"), std::logic_error) << bad;
  }
  set.add("a/b.txt", "x");
  EXPECT_THROW(set.add("a/b.txt", "y"), std::logic_error);
}

TEST(OutputWriter, WritesOnlyChangedFiles) {
  TestFolder folder("writer-changed");
  WriteReport first = write_output(folder.str(), outputs({{"a.txt", "A"}, {"d/b.txt", "B"}}));
  EXPECT_EQ(first.written.size(), 3u);  // two files and the manifest
  auto stamp = fs::last_write_time(folder.path() / "a.txt");

  WriteReport second = write_output(folder.str(), outputs({{"a.txt", "A"}, {"d/b.txt", "B2"}}));
  EXPECT_EQ(second.written, std::vector<std::string>{"d/b.txt"});
  EXPECT_EQ(second.unchanged.size(), 2u);
  EXPECT_EQ(fs::last_write_time(folder.path() / "a.txt"), stamp);
  EXPECT_EQ(folder.read("d/b.txt"), "B2");
}

TEST(OutputWriter, RemovesFilesNoLongerProducedButNeverUserFiles) {
  TestFolder folder("writer-remove");
  write_output(folder.str(), outputs({{"keep.txt", "K"}, {"old/gone.txt", "G"}}));
  folder.write("old/mine.txt", "user");
  folder.write("notes.txt", "user");
  WriteReport report = write_output(folder.str(), outputs({{"keep.txt", "K"}}));
  EXPECT_EQ(report.removed, std::vector<std::string>{"old/gone.txt"});
  EXPECT_FALSE(folder.exists("old/gone.txt"));
  EXPECT_EQ(folder.read("old/mine.txt"), "user");
  EXPECT_EQ(folder.read("notes.txt"), "user");
  EXPECT_EQ(folder.read(kManifestName).find("old/gone.txt"), std::string::npos);
}

TEST(OutputWriter, RemovesFoldersLeftEmpty) {
  TestFolder folder("writer-empty");
  write_output(folder.str(), outputs({{"a/b/c.txt", "C"}, {"x.txt", "X"}}));
  write_output(folder.str(), outputs({{"x.txt", "X"}}));
  EXPECT_FALSE(folder.exists("a"));
}

TEST(OutputWriter, RefusesToOverwriteAUserFileAndWritesNothing) {
  TestFolder folder("writer-conflict");
  folder.write("b.txt", "precious");
  EXPECT_THROW(write_output(folder.str(), outputs({{"a.txt", "A"}, {"b.txt", "B"}})), WriteError);
  EXPECT_FALSE(folder.exists("a.txt"));
  EXPECT_FALSE(folder.exists(kManifestName));
  EXPECT_EQ(folder.read("b.txt"), "precious");
}

TEST(OutputWriter, ReplacesAFileThatCarriesTheGeneratedMarker) {
  TestFolder folder("writer-marker");
  folder.write("b.txt", "// DO NOT EDIT\nold");
  write_output(folder.str(), outputs({{"b.txt", "new"}}));
  EXPECT_EQ(folder.read("b.txt"), "new");
}

TEST(OutputWriter, RefusesAManifestThatPointsOutside) {
  TestFolder folder("writer-manifest");
  folder.write(kManifestName, "../../etc/passwd\n");
  EXPECT_THROW(write_output(folder.str(), outputs({{"a.txt", "A"}})), WriteError);
  EXPECT_FALSE(folder.exists("a.txt"));
}

TEST(OutputWriter, RefusesToWriteThroughALinkLeavingTheFolder) {
  TestFolder folder("writer-link");
  TestFolder elsewhere("writer-link-target");
  fs::create_directory_symlink(elsewhere.path(), folder.path() / "src");
  EXPECT_THROW(write_output(folder.str(), outputs({{"src/a.txt", "A"}})), WriteError);
  EXPECT_FALSE(elsewhere.exists("a.txt"));
}

TEST(OutputWriter, RefusesToWriteThroughAFileLinkLeavingTheFolder) {
  TestFolder folder("writer-file-link");
  TestFolder elsewhere("writer-file-link-target");
  elsewhere.write("target.txt", "// DO NOT EDIT\nprecious");
  fs::create_directories(folder.path() / "src");
  fs::create_symlink(elsewhere.path() / "target.txt", folder.path() / "src" / "b.txt");
  // The folder src/ is inside; only the link itself leaves it, and the first file must not be
  // written either.
  EXPECT_THROW(write_output(folder.str(), outputs({{"src/a.txt", "A"}, {"src/b.txt", "B"}})),
               WriteError);
  EXPECT_FALSE(folder.exists("src/a.txt"));
  EXPECT_EQ(elsewhere.read("target.txt"), "// DO NOT EDIT\nprecious");
}

TEST(OutputWriter, RefusesAFolderWhereAFileGoes) {
  TestFolder folder("writer-folder-in-way");
  fs::create_directories(folder.path() / "b.txt");
  EXPECT_THROW(write_output(folder.str(), outputs({{"a.txt", "A"}, {"b.txt", "B"}})), WriteError);
  EXPECT_FALSE(folder.exists("a.txt"));
}

TEST(OutputWriter, FindStaleReportsMissingChangedAndExtra) {
  TestFolder folder("writer-stale");
  write_output(folder.str(), outputs({{"a.txt", "A\n"}, {"b.txt", "B\n"}, {"c.txt", "C\n"}}));
  EXPECT_TRUE(
      find_stale(folder.str(), outputs({{"a.txt", "A\n"}, {"b.txt", "B\n"}, {"c.txt", "C\n"}}))
          .empty());
  folder.write("a.txt", "edited\n");
  fs::remove(folder.path() / "b.txt");
  std::vector<StaleFile> stale =
      find_stale(folder.str(), outputs({{"a.txt", "A\n"}, {"b.txt", "B\n"}}));
  ASSERT_EQ(stale.size(), 4u);
  EXPECT_EQ(stale[0].path, kManifestName);
  EXPECT_EQ(stale[0].kind, Staleness::kChanged);
  EXPECT_EQ(stale[1].path, "a.txt");
  EXPECT_EQ(stale[1].kind, Staleness::kChanged);
  EXPECT_EQ(stale[1].actual, "edited\n");
  EXPECT_EQ(stale[2].path, "b.txt");
  EXPECT_EQ(stale[2].kind, Staleness::kMissing);
  EXPECT_EQ(stale[3].path, "c.txt");
  EXPECT_EQ(stale[3].kind, Staleness::kExtra);
}

TEST(OutputWriter, CreateNewFilesNeverOverwrites) {
  TestFolder folder("writer-create");
  folder.write("b.txt", "mine");
  EXPECT_THROW(create_new_files(folder.str(), outputs({{"a.txt", "A"}, {"b.txt", "B"}})),
               WriteError);
  EXPECT_FALSE(folder.exists("a.txt"));
  create_new_files(folder.str(), outputs({{"a.txt", "A"}}));
  EXPECT_EQ(folder.read("a.txt"), "A");
}

}  // namespace
}  // namespace svcgen
