#pragma once

#include <string>

#include "migrate/plan.hpp"

namespace svcgen::migrate {

// One line in the user's terms saying what a change does, for messages that list the changes
// the models ask for ("column orders.amount is added").
std::string describe_change(const Change& change);

}  // namespace svcgen::migrate
