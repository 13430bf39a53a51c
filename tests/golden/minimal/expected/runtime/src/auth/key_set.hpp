// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal to the runtime: the keys that verify tokens, pooled from every configured source.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "svcgen/jws.hpp"

namespace svcgen::auth {

using Keys = std::vector<VerificationKey>;

class KeySet {
 public:
  explicit KeySet(Keys fixed);
  // The keys of the JWKS URL, replacing those it gave before; the fixed keys stay.
  void replace_fetched(Keys fetched);
  // A snapshot: a refresh that replaces the keys does not disturb a verification under way.
  std::shared_ptr<const Keys> snapshot() const;

 private:
  Keys fixed_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Keys> all_;
};

struct KeyChoice {
  std::vector<const VerificationKey*> candidates;
  bool any_fits = false;   // some key is of the algorithm's type, whatever its kid
  bool kid_known = false;  // some key of that type carries exactly the token's kid
};

// The keys to try for a token: of the algorithm's type and, when the token names a kid, with
// that kid or with none of their own (a PEM file, JWT_SECRET).
KeyChoice choose_keys(const Keys& keys, JwsAlgorithm algorithm,
                      const std::optional<std::string>& kid);

}  // namespace svcgen::auth
