#pragma once

namespace svcgen {

// The exit codes of the command line contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInputError = 1;  // errors in the input files, stale check, refused diff
inline constexpr int kExitUsage = 2;       // bad flags or arguments, unreadable service file
inline constexpr int kExitInternal = 3;    // a defect in svcgen, or the machine ran out of memory

}  // namespace svcgen
