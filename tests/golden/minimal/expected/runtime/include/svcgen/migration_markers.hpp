// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <string>
#include <string_view>

// The comment lines that `svcgen migrate diff` writes at the top of a migration's up file and
// that the runner reads back: the generator and every service agree on them through this header.
namespace svcgen {

// The file runs statement by statement, outside a transaction (CREATE INDEX CONCURRENTLY).
inline constexpr std::string_view kNoTransactionMarker = "-- svcgen:no-transaction";
// goose's spelling of the same, accepted for hand-written files.
inline constexpr std::string_view kGooseNoTransactionMarker = "-- +goose NO TRANSACTION";
// "-- svcgen:step expand" or "-- svcgen:step contract". A file without it is an expand step.
inline constexpr std::string_view kStepMarker = "-- svcgen:step ";
// On a contract step: the versions of the expand steps it finishes, comma-separated.
inline constexpr std::string_view kContractsMarker = "-- svcgen:contracts ";

// On the first file of an expand step that leaves objects for a contract step, whose entry the
// snapshot's "contracts" holds.
inline constexpr std::string_view kAwaitsContractMarker = "-- svcgen:awaits-contract";

// The slugs of the files that follow a migration's first file `<slug>`, numbered one after the
// other in this order; only the ones it needs exist.
inline constexpr std::string_view kBackfillSuffix = "_backfill";
inline constexpr std::string_view kValidateSuffix = "_validate";
inline constexpr std::string_view kConcurrentlySuffix = "_concurrently";

enum class MigrationStep { kExpand, kContract };

namespace detail {
// Whether `line` occurs in `text` as a whole line.
inline bool has_line(std::string_view text, std::string_view line) {
  for (std::size_t at = text.find(line); at != std::string_view::npos;
       at = text.find(line, at + 1)) {
    bool starts_line = at == 0 || text[at - 1] == '\n';
    std::size_t end = at + line.size();
    bool ends_line = end == text.size() || text[end] == '\n' || text[end] == '\r';
    if (starts_line && ends_line) {
      return true;
    }
  }
  return false;
}
}  // namespace detail

inline bool runs_outside_transaction(std::string_view up_or_down_text) {
  return detail::has_line(up_or_down_text, kNoTransactionMarker) ||
         detail::has_line(up_or_down_text, kGooseNoTransactionMarker);
}

// Whether the file with slug `name` is a later part of the migration whose first file has slug
// `first`.
inline bool is_part_of(std::string_view first, std::string_view name) {
  for (std::string_view suffix : {kBackfillSuffix, kValidateSuffix, kConcurrentlySuffix}) {
    if (name.size() == first.size() + suffix.size() && name.starts_with(first) &&
        name.ends_with(suffix)) {
      return true;
    }
  }
  return false;
}

inline MigrationStep migration_step(std::string_view up_text) {
  std::string contract(kStepMarker);
  contract += "contract";
  return detail::has_line(up_text, contract) ? MigrationStep::kContract : MigrationStep::kExpand;
}

}  // namespace svcgen
