// embargo case plan CASE: proposes a disclosure timeline from the case's own
// data (exploitation status, reporter's deadline, now from the clock or
// EMBARGO_NOW) starting from what already happened (steps done keep their
// times), stores it as the case's current plan (and says so on stderr),
// sets the case's release time, moves a scheduled release's pending steps
// and the download window with it (printed: "moved: ..."), queues
// date-change notices to lists already told, records all of it on the
// timeline, and exports it as iCalendar.
// A plan with objections (a failing rule, a step not done in the past, a
// done step moved) is printed and NOT stored, exit 4, unless --override
// --why TEXT (recorded). `embargo plan show` looks without storing.

#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <embargo/cli/case_plan.hpp>
#include <embargo/cli/plan_output.hpp>
#include <embargo/cli/recipient_command.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/scheduler/fault_point.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cli {

namespace {

using namespace core::planner;

struct CasePlanArgs {
  std::string case_id;
  std::string release;
  std::string fix_ready;
  std::string ics_file;
  bool override_rules = false;
  std::string why;
  std::string reason;
  PlanOptions common;
};

// What the write transaction decided (assigned, never appended: it may run twice).
struct PlanOutcome {
  Plan plan;
  std::vector<std::string> objections;
  std::optional<SavedPlan> saved;
};

Result<PlanOutcome> plan_and_store(Context& ctx, const PlanSetup& s, const CasePlanArgs& a,
                                   std::optional<util::Timestamp> release, util::Timestamp fix_ready) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  SaveOptions options{a.override_rules, a.why, a.reason};
  PlanOutcome out;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    out.saved.reset();
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(DoneSteps done, plan_history(tx, c));
    out.plan = propose_from_history(*s.planner, request_for_case(c, s.now, fix_ready, release), done);
    out.objections = plan_objections(out.plan, done, s.now);
    if (!out.objections.empty() && !a.override_rules) {
      return {};  // printed, not stored
    }
    TRY_ASSIGN(out.saved, save_case_plan(service, tx, c.id, out.plan, ctx.actor(), s.now, options));
    return {};
  }));
  if (out.saved) {
    scheduler::fault_point(fmt::format("re-plan of {}: committed", a.case_id));
  }
  return out;
}

void print_follow_up(Context& ctx, const SavedPlan& saved, bool text) {
  std::ostream& to = text ? ctx.out() : ctx.err();
  for (const StepMove& m : saved.follow_up.moves) {
    to << "moved: " << m.describe() << '\n';
  }
  for (const std::string& note : saved.follow_up.notes) {
    to << note << '\n';
  }
}

Result<int> run_case_plan(Context& ctx, const CasePlanArgs& a) {
  TRY(ctx.data());
  if (a.override_rules && util::trim(a.why).empty()) {
    return make_error(ErrorCode::invalid_argument, "--why: an override must say why (it goes on the timeline)");
  }
  TRY_ASSIGN(PlanSetup s, load_plan_setup(ctx, a.common, a.case_id));
  std::optional<util::Timestamp> release;
  if (!a.release.empty()) {
    TRY_ASSIGN(release, parse_time_option(s, a.release, "--release"));
  }
  util::Timestamp fix_ready = s.now;
  if (!a.fix_ready.empty()) {
    TRY_ASSIGN(fix_ready, parse_time_option(s, a.fix_ready, "--fix-ready"));
  }
  TRY_ASSIGN(PlanOutcome out, plan_and_store(ctx, s, a, release, fix_ready));
  std::string title = fmt::format("{} security release {}", s.config.project_name, a.case_id);
  if (!out.saved) {
    print_plan(ctx.out(), s, out.plan, a.common.format, title + ": proposed, NOT stored", a.case_id);
    ctx.err() << fmt::format("embargo: plan for {} not stored: {}; give --override --why TEXT to store it anyway\n",
                             a.case_id, fmt::join(out.objections, "; "));
    return k_exit_rule_fails;
  }
  const StoredPlan& stored = out.saved->stored;
  if (!a.ics_file.empty()) {
    TRY(util::write_file_atomic(a.ics_file, calendar::plan_to_ics(stored.plan, {stored.case_id, title, s.now})));
  }
  print_plan(ctx.out(), s, stored.plan, a.common.format, title + fmt::format(": plan {}", stored.seq), stored.case_id);
  print_follow_up(ctx, *out.saved, a.common.format == "text");
  if (a.common.format == "text") {
    TRY(print_release_kind_line(ctx, stored.case_id));
  }
  ctx.err() << fmt::format("embargo: stored plan {} of {}{}\n", stored.seq, stored.case_id,
                           a.override_rules ? fmt::format(" with an override ({})", a.why) : "");
  TRY(warn_unready_recipients(ctx, stored.case_id, s.now));
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
  sub->add_flag("--override", a->override_rules,
                "Store the plan although a rule fails or a step would be in the past (needs --why)");
  sub->add_option("--why", a->why, "Why the override (recorded on the timeline)");
  sub->add_option("--reason", a->reason, "Why the release moved, for the lists' date-change notices");
  add_plan_options(sub, a->common, false);
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_case_plan(ctx, *a); }); });
}

}  // namespace embargo::cli
