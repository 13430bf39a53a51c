// A service with no routes whose migrations come from a folder: `migrate_tool DIR <command...>`.
// Tests drive the runtime's migration runner, readiness and drift check through it; the
// folder's schema.snapshot.json stands for the snapshot a generated service embeds.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "svcgen/main.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: migrate_tool DIR [command...]\n";
    return 2;
  }
  namespace fs = std::filesystem;
  std::map<long, svcgen::Migration> migrations;
  const std::regex name(R"((\d+)_([a-z0-9_]+)\.(up|down)\.sql)");
  for (const auto& entry : fs::directory_iterator(argv[1])) {
    std::smatch match;
    std::string file = entry.path().filename().string();
    if (!std::regex_match(file, match, name)) {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    svcgen::Migration& migration = migrations[std::stol(match[1])];
    migration.version = std::stol(match[1]);
    migration.name = match[2];
    (match[3] == "up" ? migration.up : migration.down) = text.str();
  }
  svcgen::ServiceDefinition definition;
  definition.info = {"migrate_tool", "1.0.0", "{}"};
  definition.default_path_prefix = "/api";
  std::ifstream snapshot(fs::path(argv[1]) / "schema.snapshot.json");
  definition.schema_snapshot.assign(std::istreambuf_iterator<char>(snapshot), {});
  for (auto& [version, migration] : migrations) {
    definition.migrations.push_back(migration);
  }
  return svcgen::run_main(argc - 1, argv + 1, definition);
}
