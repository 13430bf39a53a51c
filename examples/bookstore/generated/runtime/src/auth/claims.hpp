// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal to the runtime: what a signed token's payload must say to be accepted.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/principal.hpp"

namespace svcgen::auth {

struct ClaimRules {
  std::string issuer;
  std::vector<std::string> audience;
  std::string roles_claim;
  std::string subject_claim;
  std::optional<std::string> tenant_claim;
  std::chrono::milliseconds skew{0};
};

using UnixMillis = std::int64_t;

struct ClaimCheck {
  std::shared_ptr<const Principal> principal;  // nothing when refused
  UnixMillis expires_at = 0;                   // the token's exp
  std::string reason;
};

// The claims of a token whose signature has been checked.
ClaimCheck check_claims(nlohmann::json claims, const ClaimRules& rules, UnixMillis now);

// The value at a dotted path ("realm_access.roles"); a member named like the whole path wins,
// so claim names that are URLs with dots still work. Nothing when absent.
const nlohmann::json* claim_at(const nlohmann::json& claims, std::string_view path);

UnixMillis unix_millis_now();

}  // namespace svcgen::auth
