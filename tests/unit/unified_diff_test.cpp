#include "write/unified_diff.hpp"

#include <gtest/gtest.h>

namespace svcgen {
namespace {

TEST(UnifiedDiff, EqualTextsGiveNothing) { EXPECT_EQ(unified_diff("a\n", "a\n", "x", "y"), ""); }

TEST(UnifiedDiff, ShowsOneHunkWithContext) {
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n";
  std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n";
  EXPECT_EQ(unified_diff(before, after, "a/f", "b/f"),
            "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, SeparatesDistantChanges) {
  std::string before;
  std::string after;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  std::string diff = unified_diff(before, after, "a", "b");
  EXPECT_NE(diff.find("@@ -1,5 +1,5 @@"), std::string::npos) << diff;
  EXPECT_NE(diff.find("@@ -15,6 +15,6 @@"), std::string::npos) << diff;
}

TEST(UnifiedDiff, NewAndRemovedFiles) {
  EXPECT_EQ(unified_diff("", "a\nb\n", "/dev/null", "b/f"),
            "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(unified_diff("a\n", "", "a/f", "/dev/null"),
            "--- a/f\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n");
}

TEST(UnifiedDiff, MarksMissingFinalNewline) {
  EXPECT_EQ(unified_diff("a\n", "a", "x", "y"),
            "--- x\n+++ y\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n");
}

TEST(UnifiedDiff, FirstChangedLine) {
  EXPECT_EQ(first_changed_line("a\nb\nc\n", "a\nB\nc\n"), 2);
  EXPECT_EQ(first_changed_line("", "a\n"), 1);
}

}  // namespace
}  // namespace svcgen
