#pragma once

#include <string>
#include <vector>

namespace svcgen {

// Who may call an operation: a model's `access` entry, the service's `default`, or what a
// custom route declares.
struct AccessRule {
  bool is_public = false;          // no token needed; one that is sent is still verified
  std::vector<std::string> roles;  // a valid token holding any of them; empty: any valid token
  bool owner = false;              // only the caller's own rows, unless a bypass role is held
  bool tenant = false;             // only the caller's tenant's rows: the token needs the claim

  static AccessRule public_access() {
    AccessRule rule;
    rule.is_public = true;
    return rule;
  }
  static AccessRule authenticated() { return {}; }
  static AccessRule any_of(std::vector<std::string> roles) {
    AccessRule rule;
    rule.roles = std::move(roles);
    return rule;
  }
};

}  // namespace svcgen
