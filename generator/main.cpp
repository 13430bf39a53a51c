#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

#ifndef SVCGEN_VERSION
#error "SVCGEN_VERSION must be defined by the build"
#endif

namespace {

// Longer than the generator's other functions on purpose: the whole command line is declared in
// one place, in the order `svcgen --help` lists it.
int run(int argc, char** argv) {
  using namespace svcgen;
  CLI::App app{
      "svcgen: typed C++ services, PostgreSQL migrations, OpenAPI and deployment files "
      "from JSON models"};
  app.name("svcgen");
  app.set_version_flag("--version", std::string("svcgen ") + SVCGEN_VERSION);
  app.require_subcommand(1);

  std::string service_file;
  GenerateOptions options;
  std::string runtime = "vendored";
  std::string format = "text";
  std::string init_folder;
  std::string init_service;

  CLI::App* validate = app.add_subcommand("validate", "Check a service file and its models");
  validate->add_option("service", service_file, "The service file")->required();

  auto add_generation_options = [&](CLI::App* command) {
    command->add_option("service", options.service_file, "The service file")->required();
    command->add_option("-o,--output", options.output_dir, "The output folder")->required();
    command->add_option("--templates", options.templates_dir,
                        "A folder whose files replace built-in templates of the same name");
    command
        ->add_option("--runtime", runtime,
                     "vendored: copy the runtime into the output; external: use an installed "
                     "svcgen::runtime")
        ->check(CLI::IsMember({"vendored", "external"}));
  };
  CLI::App* generate = app.add_subcommand("generate", "Generate the service into an output folder");
  add_generation_options(generate);
  CLI::App* check = app.add_subcommand(
      "check", "Exit 1 with a diff when the output folder is not what generate would write");
  add_generation_options(check);
  check->add_option("--format", format, "text, or github for GitHub Actions annotations")
      ->check(CLI::IsMember({"text", "github"}));

  CLI::App* migrate = app.add_subcommand("migrate", "Write, seal and renumber SQL migrations");
  migrate->require_subcommand(1);
  std::string migration_name;
  bool allow_destructive = false;
  bool contract = false;
  CLI::App* diff = migrate->add_subcommand(
      "diff", "Write the next migration from the changes since the last one");
  diff->add_option("service", service_file, "The service file")->required();
  diff->add_option("--name", migration_name, "The migration's slug (the first is always init)");
  diff->add_flag("--contract", contract,
                 "Write the contract steps of the expand steps the rollout has finished with");
  diff->add_flag("--allow-destructive", allow_destructive,
                 "Accept changes that drop data or can fail on existing rows");
  CLI::App* hash =
      migrate->add_subcommand("hash", "Re-seal svcgen.sum after a deliberate edit of a migration");
  hash->add_option("service", service_file, "The service file")->required();
  CLI::App* renumber = migrate->add_subcommand(
      "renumber", "Give migrations that share a version (after a merge) the next free ones");
  renumber->add_option("service", service_file, "The service file")->required();

  std::string db_url;
  CLI::App* drift = migrate->add_subcommand(
      "check", "Compare a live database with the snapshot and the migration files (read-only)");
  drift->add_option("service", service_file, "The service file")->required();
  drift->add_option("--db", db_url, "The database's PostgreSQL URL (schema: DB_SCHEMA, or public)")
      ->required();
  drift->add_option("--format", format, "text, or github for GitHub Actions annotations")
      ->check(CLI::IsMember({"text", "github"}));

  CLI::App* init = app.add_subcommand("init", "Scaffold a new service in a folder");
  init->add_option("dir", init_folder, "The folder to create the service in")->required();
  init->add_option("--service", init_service, "The service name (default: from the folder)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  options.runtime = runtime == "external" ? RuntimeMode::kExternal : RuntimeMode::kVendored;

  if (*validate) {
    return run_validate(service_file, std::cout, std::cerr);
  }
  if (*generate) {
    return run_generate(options, std::cout, std::cerr);
  }
  if (*check) {
    return run_check(options, format == "github" ? CheckFormat::kGithub : CheckFormat::kText,
                     std::cout, std::cerr);
  }
  if (*diff) {
    return run_migrate_diff(service_file, migration_name, contract, allow_destructive, std::cout,
                            std::cerr);
  }
  if (*hash) {
    return run_migrate_hash(service_file, std::cout, std::cerr);
  }
  if (*drift) {
    return run_migrate_check(service_file, db_url,
                             format == "github" ? CheckFormat::kGithub : CheckFormat::kText,
                             std::cout, std::cerr);
  }
  if (*renumber) {
    return run_migrate_renumber(service_file, std::cout, std::cerr);
  }
  return run_init(init_folder, init_service, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  // Commands report every expected failure themselves; what reaches here is a defect or the
  // machine running out of something, and still deserves a message rather than an abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "svcgen: internal error: " << error.what() << "\n";
  } catch (...) {
    std::cerr << "svcgen: internal error\n";
  }
  return svcgen::kExitInternal;
}
