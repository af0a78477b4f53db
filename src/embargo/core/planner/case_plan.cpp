#include <fmt/format.h>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/core/store.hpp>

namespace embargo::core::planner {

namespace {

constexpr std::string_view k_entry_kind = "plan";

}  // namespace

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

Result<StoredPlan> save_case_plan(const CaseService& service, StoreTx& tx, std::string_view case_id, const Plan& plan,
                                  std::string_view actor, util::Timestamp now) {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  if (c.state == CaseState::public_ || c.state == CaseState::closed || c.state == CaseState::rejected) {
    return make_error(ErrorCode::conflict,
                      fmt::format("case {} is {}: a disclosure plan no longer applies", c.id, to_string(c.state)));
  }
  std::optional<util::Timestamp> release = plan.at(Step::release);
  if (!release) {
    return make_error(ErrorCode::invalid_argument, "plan: has no release step");
  }
  StoredPlan stored{c.id, 0, now, std::string(actor), plan};
  TRY_ASSIGN(stored.seq, tx.insert_plan(stored));
  c.release_at = *release;
  std::string verdict = plan.ok() ? "every rule passes" : "failing rules: " + plan.failing_rules();
  std::string text =
      fmt::format("disclosure plan {}: release {} ({})", stored.seq, util::format_timestamp_human(*release), verdict);
  nlohmann::ordered_json data = to_json(plan, {});
  data["plan_seq"] = stored.seq;
  TRY(service.record(tx, c, k_entry_kind, text, actor, data.dump()));
  return stored;
}

}  // namespace embargo::core::planner
