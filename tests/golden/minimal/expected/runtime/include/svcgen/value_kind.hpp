// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// The kinds of value a list filter parses, and what the values of each kind allow. Filter
// operators ask only for these traits, never for kinds, so a new kind needs one row in
// kind_traits() and no change to any operator.
namespace svcgen {

enum class ValueKind {
  kString,
  kInteger,
  kFloat,
  kDecimal,
  kBool,
  kUuid,
  kTimestamp,
  kDate,
  kTime,
  kEnum,
  kBytes
};

struct KindTraits {
  bool ordered = false;  // <, <=, > and >= compare values as the API reads them
  bool textual = false;  // LIKE patterns match the value's characters
};

// A switch rather than an array, so that a kind without its row does not compile (-Wswitch).
constexpr KindTraits kind_traits(ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
      return {.ordered = true, .textual = true};
    case ValueKind::kInteger:
    case ValueKind::kFloat:
    case ValueKind::kDecimal:
    case ValueKind::kTimestamp:
    case ValueKind::kDate:
    case ValueKind::kTime:
      return {.ordered = true};
    // Enumerations compare as text in PostgreSQL, not in the order the model lists them;
    // UUIDs and bytes have no order a client could mean.
    case ValueKind::kBool:
    case ValueKind::kUuid:
    case ValueKind::kEnum:
    case ValueKind::kBytes:
      return {};
  }
  return {};
}

}  // namespace svcgen
