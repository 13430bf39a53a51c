// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "key_set.hpp"

#include <utility>

namespace svcgen::auth {

KeySet::KeySet(Keys fixed) : fixed_(std::move(fixed)), all_(std::make_shared<const Keys>(fixed_)) {}

void KeySet::replace_fetched(Keys fetched) {
  Keys all = fixed_;
  all.insert(all.end(), fetched.begin(), fetched.end());
  auto shared = std::make_shared<const Keys>(std::move(all));
  std::lock_guard lock(mutex_);
  all_ = std::move(shared);
}

std::shared_ptr<const Keys> KeySet::snapshot() const {
  std::lock_guard lock(mutex_);
  return all_;
}

KeyChoice choose_keys(const Keys& keys, JwsAlgorithm algorithm,
                      const std::optional<std::string>& kid) {
  KeyChoice choice;
  for (const VerificationKey& key : keys) {
    if (!key.fits(algorithm)) {
      continue;
    }
    choice.any_fits = true;
    if (!kid || key.kid().empty() || key.kid() == *kid) {
      choice.candidates.push_back(&key);
    }
    if (kid && key.kid() == *kid) {
      choice.kid_known = true;
    }
  }
  return choice;
}

}  // namespace svcgen::auth
