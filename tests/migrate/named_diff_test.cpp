// The generic pairing of a table's objects before and after a change.
#include <gtest/gtest.h>

#include "migrate/named_diff.hpp"

namespace svcgen::migrate {
namespace {

struct Thing {
  std::string name;
  std::string group;  // what a thing is keyed by in the "by group" matching
  std::optional<std::string> renamed_from;
};

// before name -> after name, "+name" for added, "-name" for removed; in the pairing order.
std::vector<std::string> describe(const std::vector<Pairing<Thing>>& pairings) {
  std::vector<std::string> lines;
  for (const Pairing<Thing>& pair : pairings) {
    lines.push_back(!pair.before  ? "+" + pair.after->name
                    : !pair.after ? "-" + pair.before->name
                                  : pair.before->name + "->" + pair.after->name);
  }
  return lines;
}

const Matching<Thing> kByName{[](const Thing& t) { return t.name; },
                              [](const Thing& t) { return t.name; },
                              [](const Thing& t) { return t.renamed_from; }};
const Matching<Thing> kByGroup{[](const Thing& t) { return t.group; },
                               [](const Thing& t) { return t.group; }, nullptr};

TEST(NamedDiff, MatchesByKeyAddsInNewOrderAndRemovesInOldOrder) {
  std::vector<Thing> before = {{"a", "", {}}, {"gone1", "", {}}, {"b", "", {}}, {"gone2", "", {}}};
  std::vector<Thing> after = {{"new", "", {}}, {"b", "", {}}, {"a", "", {}}};
  EXPECT_EQ(describe(pair_objects(before, after, kByName)),
            (std::vector<std::string>{"+new", "b->b", "a->a", "-gone1", "-gone2"}));
}

TEST(NamedDiff, ARenameTakesTheOldObjectOnlyWhenNoNewObjectHasItsKey) {
  std::vector<Thing> before = {{"a", "", {}}, {"b", "", {}}};
  std::vector<Thing> after = {{"c", "", "a"}, {"d", "", "b"}, {"b", "", {}}};
  // "d" was "b", but a new "b" exists: "b" stays itself and "d" is new.
  EXPECT_EQ(describe(pair_objects(before, after, kByName)),
            (std::vector<std::string>{"a->c", "+d", "b->b"}));
}

TEST(NamedDiff, AnOldObjectPairsOnceEvenWhenTwoNewOnesClaimIt) {
  std::vector<Thing> before = {{"a", "", {}}};
  std::vector<Thing> after = {{"x", "", "a"}, {"y", "", "a"}};
  EXPECT_EQ(describe(pair_objects(before, after, kByName)),
            (std::vector<std::string>{"a->x", "+y"}));
}

TEST(NamedDiff, KeysOtherThanTheNamePairObjectsWhoseNamesChanged) {
  std::vector<Thing> before = {{"t_a_check", "a", {}}, {"t_b_check", "b", {}}};
  std::vector<Thing> after = {{"u_b_check", "b", {}}, {"u_c_check", "c", {}}};
  EXPECT_EQ(describe(pair_objects(before, after, kByGroup)),
            (std::vector<std::string>{"t_b_check->u_b_check", "+u_c_check", "-t_a_check"}));
}

TEST(NamedDiff, EqualKeysPairInOrder) {
  std::vector<Thing> before = {{"i1", "k", {}}, {"i2", "k", {}}};
  std::vector<Thing> after = {{"j1", "k", {}}, {"j2", "k", {}}, {"j3", "k", {}}};
  EXPECT_EQ(describe(pair_objects(before, after, kByGroup)),
            (std::vector<std::string>{"i1->j1", "i2->j2", "+j3"}));
}

}  // namespace
}  // namespace svcgen::migrate
