// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "svcgen/migrate.hpp"
#include "svcgen/service.hpp"

namespace svcgen {

// What a generated service is made of; its main() hands this to run_main.
struct ServiceDefinition {
  ServiceInfo info;
  std::string default_path_prefix;
  std::vector<Migration> migrations;
  // migrations/schema.snapshot.json as of the last migration ("" without migrations), which
  // `migrate check` compares the database with.
  std::string schema_snapshot;
  // Prepares statements and registers routes; user hooks and routes are installed here too.
  std::function<void(Service&)> install;
};

// The service's command line:
//   serve (default)            run the HTTP service (AUTO_MIGRATE=true migrates first)
//   migrate up [--expand-only] | down [N] | status
//   migrate check [--format github]   compare the database with the snapshot and migrations
//   openapi                    print the OpenAPI document
//   healthcheck                GET /health on this host's PORT; exit 0 when it answers 200
//   version
// A bad configuration exits 2 with a message naming the variable.
int run_main(int argc, char** argv, const ServiceDefinition& definition);

}  // namespace svcgen
