// embargo case plan CASE: proposes a disclosure timeline from the case's own
// data (exploitation status, reporter's deadline, now from the clock or
// EMBARGO_NOW), stores it as the case's current plan, sets the case's
// release time, records it on the timeline and exports it as iCalendar.
// Exit 0 when every rule passes, 4 when the stored plan has failing rules.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/case_plan.hpp>
#include <embargo/cli/plan_output.hpp>
#include <embargo/cli/recipient_command.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace {

using namespace core::planner;

struct CasePlanArgs {
  std::string case_id;
  std::string release;
  std::string fix_ready;
  std::string ics_file;
  PlanOptions common;
};

Result<int> run_case_plan(Context& ctx, const CasePlanArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(PlanSetup s, load_plan_setup(ctx, a.common, a.case_id));
  std::optional<util::Timestamp> release;
  if (!a.release.empty()) {
    TRY_ASSIGN(release, parse_time_option(s, a.release, "--release"));
  }
  util::Timestamp fix_ready = s.now;
  if (!a.fix_ready.empty()) {
    TRY_ASSIGN(fix_ready, parse_time_option(s, a.fix_ready, "--fix-ready"));
  }
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  StoredPlan stored;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    Plan plan = s.planner->propose(request_for_case(c, s.now, fix_ready, release));
    TRY_ASSIGN(stored, save_case_plan(service, tx, c.id, plan, ctx.actor(), s.now));
    return {};
  }));
  std::string title = fmt::format("{} security release {}", s.config.project_name, stored.case_id);
  if (!a.ics_file.empty()) {
    TRY(util::write_file_atomic(a.ics_file, calendar::plan_to_ics(stored.plan, {stored.case_id, title, s.now})));
  }
  print_plan(ctx.out(), s, stored.plan, a.common.format, title + fmt::format(": plan {}", stored.seq), stored.case_id);
  TRY(warn_unready_recipients(ctx, stored.case_id, s.now));
  if (!stored.plan.ok()) {
    ctx.err() << fmt::format("embargo: plan {} of {} stored with failing rules: {}\n", stored.seq, stored.case_id,
                             stored.plan.failing_rules());
    return k_exit_rule_fails;
  }
  return k_exit_ok;
}

}  // namespace

void add_case_plan_command(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<CasePlanArgs>();
  auto* sub = parent->add_subcommand("plan", "Plan the case's disclosure, store it and set its release time");
  sub->add_option("case", a->case_id, "Case id")->required();
  sub->add_option("--release", a->release, "A release time fixed already: plan the other steps around it");
  sub->add_option("--fix-ready", a->fix_ready, "When the fix can go to packagers (default: now)");
  sub->add_option("--ics", a->ics_file, "Also write the plan as an iCalendar file here");
  add_plan_options(sub, a->common, false);
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_case_plan(ctx, *a); }); });
}

}  // namespace embargo::cli
