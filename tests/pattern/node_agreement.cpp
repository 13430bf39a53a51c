// Runs RE2 (through the translation) on every accepted pattern of the table and every sample
// string of the whole table, then has Node answer the same questions with `new RegExp(pattern,
// "u")`; node_agreement.js compares. Exit status: 0 when both engines agree everywhere, 1 on
// any disagreement, 77 (SKIPPED) when node is not installed.
//   svcgen_pattern_node_agreement NODE CASES_JSON SCRIPT
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "svcgen/pattern.hpp"
#include "validate/pattern_translation.hpp"

namespace {

constexpr int kSkipped = 77;

std::vector<std::string> all_samples(const nlohmann::json& table) {
  std::vector<std::string> samples;
  for (const nlohmann::json& entry : table["accepted"]) {
    for (const char* list : {"match", "no_match"}) {
      for (const std::string sample : entry[list]) {
        samples.push_back(sample);
      }
    }
  }
  return samples;
}

// {"accepted": [{"pattern", "samples", "re2"}], "refused": [{"pattern", "node"}]}
nlohmann::json questions(const nlohmann::json& table) {
  std::vector<std::string> samples = all_samples(table);
  nlohmann::json out = {{"accepted", nlohmann::json::array()},
                        {"refused", nlohmann::json::array()}};
  for (const nlohmann::json& entry : table["accepted"]) {
    std::string pattern = entry["pattern"];
    svcgen::PatternTranslation translation = svcgen::translate_pattern(pattern);
    if (!translation.ok()) {
      throw std::runtime_error(translation.error);
    }
    svcgen::Pattern compiled(pattern, translation.re2);
    nlohmann::json answers = nlohmann::json::array();
    for (const std::string& sample : samples) {
      answers.push_back(compiled.search(sample));
    }
    out["accepted"].push_back({{"pattern", pattern}, {"samples", samples}, {"re2", answers}});
  }
  for (const nlohmann::json& entry : table["refused"]) {
    if (entry.contains("node")) {
      out["refused"].push_back({{"pattern", entry["pattern"]}, {"node", entry["node"]}});
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: svcgen_pattern_node_agreement NODE CASES_JSON SCRIPT\n";
    return 2;
  }
  std::string node = argv[1];
  if (node.empty() || node.find("NOTFOUND") != std::string::npos ||
      ::access(node.c_str(), X_OK) != 0) {
    std::cout << "SKIPPED: node is not installed, so ECMAScript's answers cannot be compared\n";
    return kSkipped;
  }
  std::ifstream in(argv[2]);
  nlohmann::json table = nlohmann::json::parse(in);
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("svcgen-pattern-questions-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << questions(table).dump();
  std::string command = "'" + node + "' '" + argv[3] + "' '" + file.string() + "'";
  int status = std::system(command.c_str());
  std::filesystem::remove(file);
  if (status == -1 || !WIFEXITED(status)) {
    std::cerr << "could not run " << command << "\n";
    return 1;
  }
  return WEXITSTATUS(status) == 0 ? 0 : 1;
}
