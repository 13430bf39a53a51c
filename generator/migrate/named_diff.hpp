#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

// Pairs the objects of one kind (columns, checks, foreign keys, indexes) of a table before and
// after a change, so the planner handles every kind the same way: added, removed, or matched
// (and then renamed and/or altered).
namespace svcgen::migrate {

template <typename T>
struct Pairing {
  const T* before = nullptr;  // nothing: added
  const T* after = nullptr;   // nothing: removed
};

template <typename T>
struct Matching {
  // What makes an object the same one, in the new table's terms (a check is the check of a
  // column, whatever its constraint is called; a column is its name).
  std::function<std::string(const T&)> before_key;
  std::function<std::string(const T&)> after_key;
  // The key the object had before, when the model says so ("renamedFrom").
  std::function<std::optional<std::string>(const T&)> previous_key;
};

// The pairings in the order of `after` (matched or added), then the removed ones in the order
// of `before`. Each old object pairs at most once; a rename only takes an old object whose key
// no new object has.
template <typename T>
std::vector<Pairing<T>> pair_objects(const std::vector<T>& before, const std::vector<T>& after,
                                     const Matching<T>& matching) {
  std::vector<const T*> partner(after.size(), nullptr);
  std::set<const T*> taken;
  auto find_untaken = [&](const std::string& key) -> const T* {
    for (const T& candidate : before) {
      if (taken.count(&candidate) == 0 && matching.before_key(candidate) == key) {
        return &candidate;
      }
    }
    return nullptr;
  };
  std::set<std::string> after_keys;
  for (std::size_t i = 0; i < after.size(); ++i) {
    after_keys.insert(matching.after_key(after[i]));
    if ((partner[i] = find_untaken(matching.after_key(after[i])))) {
      taken.insert(partner[i]);
    }
  }
  for (std::size_t i = 0; i < after.size() && matching.previous_key; ++i) {
    std::optional<std::string> previous = matching.previous_key(after[i]);
    if (!partner[i] && previous && after_keys.count(*previous) == 0 &&
        (partner[i] = find_untaken(*previous))) {
      taken.insert(partner[i]);
    }
  }
  std::vector<Pairing<T>> pairings;
  for (std::size_t i = 0; i < after.size(); ++i) {
    pairings.push_back({partner[i], &after[i]});
  }
  for (const T& object : before) {
    if (taken.count(&object) == 0) {
      pairings.push_back({&object, nullptr});
    }
  }
  return pairings;
}

}  // namespace svcgen::migrate
