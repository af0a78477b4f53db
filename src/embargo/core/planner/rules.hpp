#pragma once

// The policy's rules applied to one timeline: one Check per rule, in the
// order of policy.hpp. Used by Planner::propose (on each candidate) and
// Planner::check. Pure functions of their arguments.

#include <optional>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/planner/plan.hpp>
#include <embargo/core/planner/policy.hpp>
#include <embargo/core/planner/zone.hpp>

namespace embargo::core::planner {

struct Timeline {
  util::Timestamp advance_notice{};
  util::Timestamp fix_to_packagers{};
  std::optional<util::Timestamp> heads_up;
  util::Timestamp release{};
};

struct RuleInput {
  Timeline timeline;
  Exploitation exploitation = Exploitation::none;
  std::optional<util::Date> reporter_deadline;
  // When set (propose), every step must be at or after it (the order rule).
  std::optional<util::Timestamp> not_before;
};

// Holidays must be sorted (Planner::create sorts them). Without `details`
// every Check::detail is empty (the statuses are the same): propose scores
// its candidates that way and explains only the one it keeps.
std::vector<Check> evaluate_rules(const Policy& policy, const Zone& zone, const RuleInput& input, bool details = true);

// The reporter's deadline as an instant: the end (last microsecond) of that
// day in the release zone, so that a release on the deadline day, at any
// local hour, meets it.
util::Timestamp deadline_end(const Zone& zone, const util::Date& deadline);

// True when `local` falls on Saturday or Sunday.
bool is_weekend(LocalSeconds local);

}  // namespace embargo::core::planner
