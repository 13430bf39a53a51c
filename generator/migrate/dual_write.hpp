#pragma once

#include <string>
#include <vector>

#include "migrate/schema.hpp"

// The SQL that lets two versions of a service use one column under two shapes at once: a second
// column (the new name, or a shadow of the new type), kept equal to the first by a trigger and
// backfilled in batches, until the contract step drops the first.
namespace svcgen::migrate {

struct DualColumn {
  Column old;           // as the running version has it
  Column now;           // as the models ask for it
  std::string temp;     // where `now` lives until the contract: its name, or a shadow column
  std::string suffix;   // "_svcgen_<version>": what the names of shadow objects end with
  std::string comment;  // the findings on the change, above the statement that adds `temp`
  // The objects the models ask for on `now`, and those the running version has on `old`.
  std::vector<Check> checks;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Index> indexes;
  std::vector<Check> old_checks;
  std::vector<ForeignKey> old_foreign_keys;
  std::vector<Index> old_indexes;
  // The old column's checks that the new version's values may not pass: dropped by the expand
  // step, since the trigger copies those values into the old column too.
  std::vector<Check> relaxed_checks;

  bool renamed() const { return old.name != now.name; }
  // The name an object of `now` has while it sits on `temp`: within 63 bytes, and apart from
  // every name a model can give (field names may not hold "svcgen" as a word).
  std::string temp_name(const std::string& final_name) const;
};

struct DualTable {
  std::string table;
  std::string primary_key;
  std::string sync;  // the trigger's and its function's name
  std::vector<DualColumn> columns;
};

struct Statements {
  std::vector<std::string> up;
  std::vector<std::string> down;  // in the order they run
};

// In a transaction: the second columns, their constraints NOT VALID, the trigger.
Statements dual_write_start(const DualTable& table);
// Outside a transaction, statement by statement: the batched backfill, then what scans rows
// (VALIDATE, NOT NULL through a validated CHECK, CREATE INDEX CONCURRENTLY).
Statements dual_write_fill(const DualTable& table);
// The contract step: the trigger and the first columns go, the shadows take their names.
Statements dual_write_finish(const DualTable& table);

}  // namespace svcgen::migrate
