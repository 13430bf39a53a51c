// Generation time against model count: writes a synthetic service of N models with 20 fields
// each, then times `svcgen generate` in process (load, validate, emit, write) and prints the
// figures. Cost per model should stay flat as N grows.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "cli/commands.hpp"

namespace fs = std::filesystem;

namespace {

void write_service(const fs::path& folder, int models) {
  fs::create_directories(folder / "models");
  std::ostringstream service;
  service << R"({"service": "bench", "models": [)";
  for (int m = 0; m < models; ++m) {
    service << (m ? ", " : "") << "\"models/m" << m << ".json\"";
    std::ofstream model(folder / "models" / ("m" + std::to_string(m) + ".json"));
    model << "{\"name\": \"Model" << m << "\", \"fields\": [\n";
    const char* types[] = {"string", "text", "int32", "int64", "decimal",
                           "bool",   "uuid", "date",  "timestamp", "json"};
    for (int f = 0; f < 20; ++f) {
      model << (f ? ",\n" : "") << "  {\"name\": \"field_" << f << "\", \"type\": \""
            << types[f % 10] << "\"" << (f % 3 == 0 ? ", \"optional\": true" : "")
            << (f == 0 ? ", \"maxLength\": 100, \"unique\": true" : "") << "}";
    }
    if (m > 0) {
      model << ",\n  {\"name\": \"parent_id\", \"type\": \"ref\", \"model\": \"Model" << m - 1
            << "\"}";
    }
    model << "\n]}\n";
  }
  service << "]}\n";
  std::ofstream(folder / "service.json") << service.str();
}

double seconds_for(const svcgen::GenerateOptions& options) {
  std::ostringstream out;
  std::ostringstream err;
  auto start = std::chrono::steady_clock::now();
  int code = svcgen::run_generate(options, out, err);
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (code != 0) {
    std::fprintf(stderr, "generation failed: %s\n", err.str().c_str());
    std::exit(1);
  }
  return elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> counts = {50, 500, 2000};
  if (argc > 1) {
    counts.clear();
    for (int i = 1; i < argc; ++i) {
      counts.push_back(std::atoi(argv[i]));
    }
  }
  fs::path root = fs::temp_directory_path() / ("svcgen-bench-" + std::to_string(::getpid()));
  std::printf("%8s %12s %14s %14s\n", "models", "first (s)", "again (s)", "ms per model");
  for (int count : counts) {
    fs::path folder = root / std::to_string(count);
    write_service(folder, count);
    svcgen::GenerateOptions options;
    options.service_file = (folder / "service.json").string();
    options.output_dir = (folder / "out").string();
    double first = seconds_for(options);  // writes every file
    double again = seconds_for(options);  // everything unchanged: reads and compares
    std::printf("%8d %12.3f %14.3f %14.3f\n", count, first, again, first * 1000 / count);
  }
  fs::remove_all(root);
}
