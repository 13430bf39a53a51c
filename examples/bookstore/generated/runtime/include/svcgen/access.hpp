// Copied by svcgen from its runtime library. DO NOT EDIT.
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
  // A rule of a model's operation: any valid token, or one with any of `roles`; and whether
  // the rows are the caller's own or the caller's tenant's only.
  static AccessRule scoped(std::vector<std::string> roles, bool owner, bool tenant) {
    AccessRule rule = any_of(std::move(roles));
    rule.owner = owner;
    rule.tenant = tenant;
    return rule;
  }
};

}  // namespace svcgen
