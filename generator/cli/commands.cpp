#include "cli/commands.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <regex>

#include "cli/exit_codes.hpp"
#include "cli/front_end.hpp"
#include "emit/templates.hpp"
#include "svcgen/schema_check.hpp"
#include "write/output_writer.hpp"
#include "write/unified_diff.hpp"

namespace svcgen {
namespace fs = std::filesystem;
namespace {

// The output of one generation, or the exit code that explains why there is none.
struct Produced {
  int exit_code = kExitOk;
  std::optional<OutputSet> output;
  std::optional<ir::Service> service;
};

Produced produce(const GenerateOptions& options, std::ostream& err) {
  FrontEndResult front = run_front_end(options.service_file, err);
  if (!front.service) {
    return {front.exit_code, std::nullopt, std::nullopt};
  }
  TemplateSet templates = TemplateSet::embedded();
  try {
    if (!options.templates_dir.empty()) {
      templates.override_from(options.templates_dir);
    }
    EmitContext context{templates, {options.runtime}};
    return {kExitOk, generate_outputs(*front.service, context), std::move(front.service)};
  } catch (const TemplateError& error) {
    err << error.what() << "\n";
    return {options.templates_dir.empty() ? kExitInputError : kExitUsage, std::nullopt,
            std::nullopt};
  }
}

std::string shell_quote(const std::string& text) {
  if (std::regex_match(text, std::regex("[A-Za-z0-9_./=-]+"))) {
    return text;
  }
  std::string quoted = "'";
  for (char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::string regenerate_command(const GenerateOptions& options) {
  std::string command = "svcgen generate " + shell_quote(display_path(options.service_file)) +
                        " -o " + shell_quote(display_path(options.output_dir));
  if (!options.templates_dir.empty()) {
    command += " --templates " + shell_quote(display_path(options.templates_dir));
  }
  if (options.runtime == RuntimeMode::kExternal) {
    command += " --runtime external";
  }
  return command;
}

}  // namespace

int run_validate(const std::string& service_file, std::ostream& out, std::ostream& err) {
  FrontEndResult front = run_front_end(service_file, err);
  if (!front.service) {
    return front.exit_code;
  }
  out << display_path(service_file) << ": ok (service " << front.service->name << ", "
      << front.service->models.size() << (front.service->models.size() == 1 ? " model" : " models")
      << ")\n";
  return kExitOk;
}

bool refuse_unmigrated(const std::string& service_file, const ir::Service& service,
                       std::ostream& err) {
  std::vector<std::string> unmigrated = unmigrated_changes(service_file, service);
  for (const std::string& problem : unmigrated) {
    err << problem << "\n";
  }
  if (!unmigrated.empty()) {
    err << "generate refused: nothing was written\n";
  }
  return !unmigrated.empty();
}

int run_generate(const GenerateOptions& options, std::ostream& out, std::ostream& err) {
  Produced produced = produce(options, err);
  if (!produced.output) {
    return produced.exit_code;
  }
  if (refuse_unmigrated(options.service_file, *produced.service, err)) {
    return kExitInputError;
  }
  try {
    WriteReport report = write_output(options.output_dir, *produced.output);
    out << display_path(options.output_dir) << ": " << report.written.size() << " written, "
        << report.unchanged.size() << " unchanged, " << report.removed.size() << " removed\n";
    return kExitOk;
  } catch (const WriteError& error) {
    err << error.what() << "\n";
    return kExitInputError;
  } catch (const fs::filesystem_error& error) {
    err << display_path(options.output_dir) << ": " << error.code().message() << "\n";
    return kExitInputError;
  }
}

int run_check(const GenerateOptions& options, CheckFormat format, std::ostream& out,
              std::ostream& err) {
  Produced produced = produce(options, err);
  if (!produced.output) {
    return produced.exit_code;
  }
  std::vector<StaleFile> stale;
  try {
    stale = find_stale(options.output_dir, *produced.output);
  } catch (const WriteError& error) {
    err << error.what() << "\n";
    return kExitInputError;
  }
  std::vector<std::string> migration_problems =
      migration_staleness(options.service_file, *produced.service);
  for (const std::string& problem : migration_problems) {
    if (format == CheckFormat::kGithub) {
      std::string file = problem.substr(0, problem.find(':'));
      out << "::error file=" << file << ",title=svcgen check::" << github_message_escape(problem)
          << "\n";
    }
    err << problem << "\n";
  }
  if (stale.empty() && migration_problems.empty()) {
    out << display_path(options.output_dir) << ": up to date\n";
    return kExitOk;
  }
  if (stale.empty()) {
    return kExitInputError;
  }
  std::string folder = display_path(options.output_dir);
  for (const StaleFile& file : stale) {
    std::string path = folder + "/" + file.path;
    std::string problem = file.kind == Staleness::kMissing ? "missing"
                          : file.kind == Staleness::kExtra
                              ? "generated earlier but no longer produced"
                              : "differs from what svcgen generates (edited, or generated "
                                "from older models)";
    if (format == CheckFormat::kGithub) {
      int line =
          file.kind == Staleness::kChanged ? first_changed_line(file.actual, file.expected) : 1;
      out << "::error file=" << path << ",line=" << line
          << ",title=svcgen check::" << github_message_escape(path) << ": " << problem << "; run "
          << github_message_escape(regenerate_command(options)) << "\n";
    }
    err << path << ": " << problem << "\n";
    out << unified_diff(file.actual, file.expected,
                        file.kind == Staleness::kMissing ? "/dev/null" : "a/" + path,
                        file.kind == Staleness::kExtra ? "/dev/null" : "b/" + path);
  }
  err << stale.size() << (stale.size() == 1 ? " file is" : " files are")
      << " out of date; run: " << regenerate_command(options) << "\n";
  return kExitInputError;
}

}  // namespace svcgen
