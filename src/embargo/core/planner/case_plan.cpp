#include <fmt/format.h>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/core/store.hpp>

namespace embargo::core::planner {

ProposeRequest request_for_case(const Case& c, util::Timestamp now, util::Timestamp fix_ready,
                                std::optional<util::Timestamp> release) {
  ProposeRequest r;
  r.now = now;
  r.fix_ready = fix_ready;
  r.exploitation = c.exploitation;
  r.reporter_deadline = c.reporter.deadline;
  r.release = release;
  return r;
}

// The plan form, POST /api/v1/cases/{id}/plan and older callers: the same
// path as `embargo case plan` (case_replan.hpp), without an override.
Result<StoredPlan> save_case_plan(const CaseService& service, StoreTx& tx, std::string_view case_id, const Plan& plan,
                                  std::string_view actor, util::Timestamp now) {
  TRY_ASSIGN(SavedPlan saved, save_case_plan(service, tx, case_id, plan, actor, now, SaveOptions{}));
  return saved.stored;
}

}  // namespace embargo::core::planner
