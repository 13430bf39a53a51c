#include "diag/diagnostics.hpp"

#include <gtest/gtest.h>

namespace svcgen {
namespace {

TEST(Diagnostics, SortsByFileThenPositionAndDropsRepeats) {
  Diagnostics diagnostics;
  diagnostics.error({"models/b.json", 3, 1, "/x"}, "third");
  diagnostics.error({"models/a.json", 10, 2, "/y"}, "second");
  diagnostics.error({"models/a.json", 2, 9, "/z"}, "first");
  diagnostics.error({"models/a.json", 2, 9, "/z"}, "first");
  diagnostics.warning({"service.json", 1, 1, ""}, "a warning");
  std::vector<Diagnostic> sorted = diagnostics.sorted();
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(format_diagnostic(sorted[0]), "models/a.json:2:9: /z: first");
  EXPECT_EQ(format_diagnostic(sorted[1]), "models/a.json:10:2: /y: second");
  EXPECT_EQ(format_diagnostic(sorted[2]), "models/b.json:3:1: /x: third");
  EXPECT_EQ(format_diagnostic(sorted[3]), "service.json:1:1: warning: a warning");
  EXPECT_EQ(diagnostics.error_count(), 4);
}

TEST(Diagnostics, FileLevelMessagesHaveNoPosition) {
  EXPECT_EQ(format_diagnostic({Severity::kError, {"x.json", 0, 0, ""}, "cannot read file"}),
            "x.json: cannot read file");
}

}  // namespace
}  // namespace svcgen
