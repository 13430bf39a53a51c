// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "svcgen/access.hpp"
#include "svcgen/migrate.hpp"
#include "svcgen/service.hpp"

namespace svcgen {

// The service file's `auth` block: how tokens are verified (keys come from the environment).
struct AuthDefinition {
  std::string issuer;
  std::vector<std::string> audience;
  std::vector<std::string> algorithms;  // JWS names: "RS256", "EdDSA"
  std::string roles_claim = "roles";
  std::string subject_claim = "sub";
  std::optional<std::string> tenant_claim;
  AccessRule default_rule;  // of every route that declares none
};

// What a generated service is made of; its main() hands this to run_main.
struct ServiceDefinition {
  ServiceInfo info;
  std::string default_path_prefix;
  std::vector<Migration> migrations;
  // migrations/schema.snapshot.json as of the last migration ("" without migrations), which
  // `migrate check` compares the database with.
  std::string schema_snapshot;
  // Without it every operation is public and no token is looked at.
  std::optional<AuthDefinition> auth;
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
