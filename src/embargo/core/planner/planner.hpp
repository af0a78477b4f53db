#pragma once

// The disclosure planner (seed process steps 5 to 8): proposes the earliest
// release timeline that the project's policy allows, or checks a given one.
//
// propose walks the candidate release days in the release zone, from the day
// the fix is ready, each at the policy's release time. For each it places the
// other steps as the policy prefers them:
//   fix-to-packagers  packager_preferred before release, but not before the
//                     fix is ready (nor before now)
//   advance-notice    distros_preferred before release, but not before now
//                     (and not after fix-to-packagers)
//   heads-up          heads_up_lead before release, moved back a day at a
//                     time off weekends while still after fix-to-packagers;
//                     failing that, the first weekday morning after it
// and applies every rule. The first candidate with neither failures nor
// warnings wins. When none exists within policy.search_days, the best one
// wins: fewest failures, then fewest warnings, then earliest. So a timeline
// with warnings only is preferred to any that fails; when every candidate
// fails, the least bad one is returned with its failing checks and
// Plan::ok() is false.

#include <optional>

#include <embargo/core/case.hpp>
#include <embargo/core/planner/plan.hpp>
#include <embargo/core/planner/policy.hpp>
#include <embargo/core/planner/rules.hpp>
#include <embargo/core/planner/zone.hpp>

namespace embargo::core::planner {

struct ProposeRequest {
  util::Timestamp now{};
  util::Timestamp fix_ready{};  // when the fix can go to packagers
  Exploitation exploitation = Exploitation::none;
  std::optional<util::Date> reporter_deadline;
  // A release fixed by the team: the other steps are planned around it.
  std::optional<util::Timestamp> release;
};

struct CheckRequest {
  Timeline timeline;
  Exploitation exploitation = Exploitation::none;
  std::optional<util::Date> reporter_deadline;
};

class Planner {
 public:
  // Validates the policy and finds its release zone; InvalidArgument names
  // the policy key at fault.
  static Result<Planner> create(Policy policy);

  const Policy& policy() const { return m_policy; }
  const Zone& release_zone() const { return m_zone; }

  // Never fails: a timeline nothing can save comes back with failing checks.
  Plan propose(const ProposeRequest& request) const;
  // InvalidArgument when the release is before the advance notice (not a
  // timeline at all); otherwise the checks, failing ones included.
  Result<Plan> check(const CheckRequest& request) const;

 private:
  Planner(Policy policy, Zone zone) : m_policy(std::move(policy)), m_zone(zone) {}

  struct Candidate;
  enum class HeadsUpPlace { lead, earlier_weekday, with_fix, next_weekday_morning, nowhere };
  Candidate build_candidate(util::Timestamp release, util::Timestamp earliest_fix, const ProposeRequest& r) const;
  std::optional<util::Timestamp> place_heads_up(util::Timestamp fix, util::Timestamp release,
                                                HeadsUpPlace& place) const;
  Plan to_plan(Candidate&& c, const ProposeRequest& r, std::string why_release) const;

  Policy m_policy;
  Zone m_zone;
};

}  // namespace embargo::core::planner
