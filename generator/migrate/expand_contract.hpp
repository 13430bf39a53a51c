#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "migrate/migration_files.hpp"
#include "migrate/plan.hpp"
#include "migrate/render.hpp"
#include "migrate/schema.hpp"

// Expand and contract: a change that the running version of a service would not survive (a
// renamed or dropped column, a type change that rewrites the table, a renamed table) becomes an
// expand step that keeps both versions working, and a contract step that `svcgen migrate diff
// --contract` writes after the rollout. The snapshot's "contracts" key carries the contract
// step from the one to the other.
namespace svcgen::migrate {

// An object a pending contract step will remove or reshape, for the drift check.
struct Leftover {
  std::string kind;  // column, trigger, function, view, index, constraint
  std::string table;
  std::string name;
};

// What a table or column must not be changed again before its contract step runs.
struct Touched {
  std::string table;
  std::string column;  // "" for the table itself
};

struct PendingContract {
  long expand = 0;               // the version of the expand migration
  std::optional<long> contract;  // the version of the contract migration, once written
  std::vector<Leftover> leftovers;
  std::vector<Touched> touched;
  std::vector<std::string> up;    // the contract step's statements
  std::vector<std::string> down;  // statements that revert it
  std::vector<Finding> findings;  // the rules the contract step breaks (DROP_COLUMN)
};

struct ExpandContract {
  Plan expand;  // the changes that stay as they are; its findings are the expand step's
  std::vector<RenderedMigration> parts;  // the expand migration files
  std::optional<PendingContract> contract;
};

// The plan between `before` and `after` as an expand step numbered `version` and, when something
// must wait for the rollout, its contract step. `allow_destructive` words the comments of the
// findings, as render() does.
ExpandContract split_expand_contract(const Plan& plan, const Schema& before, const Schema& after,
                                     long version, bool allow_destructive);

// The "contracts" key of a snapshot; an empty array when it has none.
nlohmann::ordered_json contracts_to_json(const std::vector<PendingContract>& contracts);
// Nothing, with `error` set, when the key is malformed.
std::optional<std::vector<PendingContract>> contracts_from_json(const nlohmann::ordered_json& json,
                                                                std::string& error);

// Where the migration files and the snapshot's "contracts" disagree, as sorted messages naming
// the file: an entry whose expand or contract step has no such file, a contract step whose
// `-- svcgen:contracts` line and the entries do not name each other, an expand step that leaves
// objects for a contract step (`-- svcgen:awaits-contract`, a sync trigger) without an entry.
std::vector<std::string> contracts_disagreement(const MigrationFolder& folder,
                                                const std::vector<PendingContract>& contracts);

// The first change of `plan` that touches what a contract step not yet written still waits on,
// with the version of its expand step; nothing when there is none.
std::optional<std::pair<std::size_t, long>> change_blocked_by_contract(
    const Plan& plan, const std::vector<PendingContract>& contracts);

}  // namespace svcgen::migrate
