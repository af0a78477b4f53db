#pragma once

// A plan made for a case and kept in the store. Each `embargo case plan`
// adds one (seq 1, 2, ...); the latest is the case's current plan and its
// release is Case::release_at.

#include <cstdint>
#include <string>
#include <string_view>

#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/plan.hpp>
#include <embargo/core/planner/planner.hpp>

namespace embargo::core::planner {

struct StoredPlan {
  std::string case_id;
  std::int64_t seq = 0;  // assigned by the store
  util::Timestamp created_at{};
  std::string actor;
  Plan plan;
};

// The planner's input taken from the case: its exploitation status and the
// reporter's deadline. `fix_ready` and `release` come from the caller.
ProposeRequest request_for_case(const Case& c, util::Timestamp now, util::Timestamp fix_ready,
                                std::optional<util::Timestamp> release);

// save_case_plan of case_replan.hpp with no override: also moves a release's
// steps and download window, and refuses a plan with objections (a failing
// rule, a step not done in the past, a done step moved); errors as there.
// Returns the stored plan.
Result<StoredPlan> save_case_plan(const CaseService& service, StoreTx& tx, std::string_view case_id, const Plan& plan,
                                  std::string_view actor, util::Timestamp now);

}  // namespace embargo::core::planner
