// Runs every case under tests/golden/: a case folder holds a service.json with its models and
// either the expected output tree (expected/) or the expected failure (stderr.txt and
// exit_code.txt). UPDATE_GOLDEN=1 rewrites the expectations from what svcgen produces now.
// A case.json may name the only outputs a case keeps ("outputs": ["openapi.json"]): such a case
// is about those files, and its expected/ folder is not built as a service.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/front_end.hpp"
#include "emit/emitter.hpp"
#include "write/output_writer.hpp"
#include "write/unified_diff.hpp"

namespace svcgen {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

bool updating() {
  const char* value = std::getenv("UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(SVCGEN_GOLDEN_DIR)) {
    if (entry.is_directory()) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Runs from inside the case folder, so messages name files as a user there would see them.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const fs::path& path) : previous_(fs::current_path()) {
    fs::current_path(path);
  }
  ~WorkingDirectory() { fs::current_path(previous_); }

 private:
  fs::path previous_;
};

struct CaseRun {
  int exit_code = 0;
  std::string stderr_text;
  std::map<std::string, std::string> files;
};

CaseRun run_case(const fs::path& folder) {
  WorkingDirectory inside(folder);
  EmitOptions options;
  options.runtime = RuntimeMode::kExternal;
  std::optional<std::set<std::string>> kept;
  if (fs::exists("case.json")) {
    nlohmann::json settings = nlohmann::json::parse(read_text("case.json"));
    options.runtime = settings.value("runtime", "external") == "vendored" ? RuntimeMode::kVendored
                                                                          : RuntimeMode::kExternal;
    if (settings.contains("outputs")) {
      kept = settings["outputs"].get<std::set<std::string>>();
    }
  }
  std::ostringstream err;
  FrontEndResult front = run_front_end("service.json", err);
  if (front.service && refuse_unmigrated("service.json", *front.service, err)) {
    return {kExitInputError, err.str(), {}};
  }
  CaseRun run{front.exit_code, err.str(), {}};
  if (front.service) {
    TemplateSet templates = TemplateSet::embedded();
    run.files = with_manifest(generate_outputs(*front.service, {templates, options}));
  }
  if (kept) {
    std::erase_if(run.files, [&](const auto& file) { return kept->count(file.first) == 0; });
  }
  return run;
}

std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  if (!fs::exists(root)) {
    return files;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).generic_string()] = read_text(entry.path());
    }
  }
  return files;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectations) {
  const fs::path folder = fs::path(SVCGEN_GOLDEN_DIR) / GetParam();
  const fs::path expected_dir = folder / "expected";
  CaseRun run = run_case(folder);

  if (updating()) {
    fs::remove_all(expected_dir);
    fs::remove(folder / "stderr.txt");
    fs::remove(folder / "exit_code.txt");
    if (run.exit_code == 0) {
      for (const auto& [path, content] : run.files) {
        write_text(expected_dir / path, content);
      }
    } else {
      write_text(folder / "stderr.txt", run.stderr_text);
      write_text(folder / "exit_code.txt", std::to_string(run.exit_code) + "\n");
    }
    return;
  }

  if (fs::exists(folder / "stderr.txt")) {
    EXPECT_EQ(std::to_string(run.exit_code) + "\n", read_text(folder / "exit_code.txt"));
    std::string expected = read_text(folder / "stderr.txt");
    EXPECT_EQ(run.stderr_text, expected)
        << unified_diff(expected, run.stderr_text, "expected stderr.txt", "actual stderr");
    EXPECT_TRUE(run.files.empty());
    return;
  }
  ASSERT_TRUE(fs::exists(expected_dir))
      << folder << " has neither expected/ nor stderr.txt; run with UPDATE_GOLDEN=1";
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.stderr_text, "");
  std::map<std::string, std::string> expected = read_tree(expected_dir);
  for (const auto& [path, content] : run.files) {
    auto found = expected.find(path);
    if (found == expected.end()) {
      ADD_FAILURE() << "generated but not expected: " << path;
    } else if (found->second != content) {
      ADD_FAILURE() << unified_diff(found->second, content, "expected/" + path,
                                    "generated/" + path);
    }
  }
  for (const auto& [path, content] : expected) {
    if (run.files.count(path) == 0) {
      ADD_FAILURE() << "expected but not generated: " << path;
    }
  }
}

TEST_P(Golden, IsDeterministic) {
  const fs::path folder = fs::path(SVCGEN_GOLDEN_DIR) / GetParam();
  CaseRun first = run_case(folder);
  CaseRun second = run_case(folder);
  EXPECT_EQ(first.files, second.files);
  EXPECT_EQ(first.stderr_text, second.stderr_text);
  for (const auto& [path, content] : first.files) {
    EXPECT_EQ(content.find(SVCGEN_GOLDEN_DIR), std::string::npos)
        << path << " contains an absolute path";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace svcgen
