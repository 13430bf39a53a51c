// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svcgen {

// Who sent a request, as a verified token says: what hooks and routes see of the caller.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's moves are noexcept
struct Principal {
  std::string subject;
  std::vector<std::string> roles;
  std::optional<std::string> tenant;  // an integer tenant claim as its decimal text
  nlohmann::json claims;              // the token's whole payload

  bool has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  bool has_any_role(const std::vector<std::string>& wanted) const {
    return std::any_of(wanted.begin(), wanted.end(),
                       [this](const std::string& role) { return has_role(role); });
  }
};

}  // namespace svcgen
