// embargo plan propose | check: the disclosure planner on its own, from
// dates given on the command line (no case needed; the policy comes from the
// data directory's embargo.toml when there is one, else the defaults).
// embargo plan show CASE: the case's stored plan; reads only.
// Exit 0 when no rule fails, 4 when one does, 1 on bad input, 2 on usage.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/plan_output.hpp>
#include <embargo/core/planner/case_plan.hpp>

namespace embargo::cli {

namespace {

using namespace core::planner;

struct ProposeArgs {
  PlanOptions common;
  std::string fix_ready;
  std::string release;
};

struct PlanShowArgs {
  PlanOptions common;
  std::string case_id;
};

struct CheckArgs {
  PlanOptions common;
  std::string release;
  std::string fix_to_packagers;
  std::string advance_notice;
  std::string heads_up;
};

std::string uid_base_for(const Plan& plan) {
  auto release = plan.at(Step::release);
  return release ? "plan-" + date::format("%Y%m%dT%H%MZ", std::chrono::floor<std::chrono::minutes>(*release)) : "plan";
}

Result<int> run_propose(Context& ctx, const ProposeArgs& a) {
  TRY_ASSIGN(PlanSetup s, load_plan_setup(ctx, a.common));
  ProposeRequest r;
  r.now = s.now;
  TRY_ASSIGN(r.fix_ready, parse_time_option(s, a.fix_ready, "--fix-ready"));
  TRY_ASSIGN(r.exploitation, core::parse_exploitation(a.common.exploitation));
  TRY_ASSIGN(r.reporter_deadline, parse_deadline_option(a.common.deadline));
  if (!a.release.empty()) {
    TRY_ASSIGN(r.release, parse_time_option(s, a.release, "--release"));
  }
  Plan plan = s.planner->propose(r);
  std::string title = fmt::format("{} security release: proposed timeline (exploitation {})", s.config.project_name,
                                  core::to_string(r.exploitation));
  print_plan(ctx.out(), s, plan, a.common.format, title, uid_base_for(plan));
  return plan.ok() ? k_exit_ok : k_exit_rule_fails;
}

Result<int> run_check(Context& ctx, const CheckArgs& a) {
  TRY_ASSIGN(PlanSetup s, load_plan_setup(ctx, a.common));
  CheckRequest r;
  TRY_ASSIGN(r.timeline.release, parse_time_option(s, a.release, "--release"));
  TRY_ASSIGN(r.timeline.fix_to_packagers, parse_time_option(s, a.fix_to_packagers, "--fix-to-packagers"));
  TRY_ASSIGN(r.timeline.advance_notice, parse_time_option(s, a.advance_notice, "--advance-notice"));
  if (!a.heads_up.empty()) {
    TRY_ASSIGN(r.timeline.heads_up, parse_time_option(s, a.heads_up, "--heads-up"));
  }
  TRY_ASSIGN(r.exploitation, core::parse_exploitation(a.common.exploitation));
  TRY_ASSIGN(r.reporter_deadline, parse_deadline_option(a.common.deadline));
  TRY_ASSIGN(Plan plan, s.planner->check(r));
  std::string title = fmt::format("{} security release: timeline checked (exploitation {})", s.config.project_name,
                                  core::to_string(r.exploitation));
  print_plan(ctx.out(), s, plan, a.common.format, title, uid_base_for(plan));
  return plan.ok() ? k_exit_ok : k_exit_rule_fails;
}

// Looking never changes anything: the stored plan, read in a read transaction.
Result<int> run_show(Context& ctx, const PlanShowArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(PlanSetup s, load_plan_setup(ctx, a.common, a.case_id));
  std::optional<StoredPlan> stored;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(stored, tx.latest_plan(a.case_id));
    return {};
  }));
  if (!stored) {
    return make_error(ErrorCode::not_found,
                      fmt::format("{} has no plan yet: make one with `embargo case plan {}`", a.case_id, a.case_id));
  }
  std::string title =
      fmt::format("{} security release {}: plan {} (stored {} by {})", s.config.project_name, stored->case_id,
                  stored->seq, util::format_timestamp_human(stored->created_at), stored->actor);
  print_plan(ctx.out(), s, stored->plan, a.common.format, title, stored->case_id);
  if (a.common.format == "text") {
    TRY(print_release_kind_line(ctx, a.case_id));
  }
  return k_exit_ok;
}

void add_show(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<PlanShowArgs>();
  auto* sub = parent->add_subcommand("show", "Show a case's stored plan (changes nothing)");
  sub->add_option("case", a->case_id, "Case id")->required();
  add_plan_options(sub, a->common, true);
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_show(ctx, *a); }); });
}

void add_common(CLI::App* sub, PlanOptions& o) {
  sub->add_option("--exploitation", o.exploitation, "none, poc-public or active")->required();
  sub->add_option("--reporter-deadline", o.deadline, "The reporter's disclosure date (YYYY-MM-DD)");
  sub->add_option("--project", o.project, "Plan under this [[projects]] entry's policy (default: the server's own)");
  add_plan_options(sub, o, true);
}

void add_propose(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<ProposeArgs>();
  auto* sub = parent->add_subcommand("propose", "Propose the earliest timeline the policy allows (exit 4: none)");
  sub->add_option("--fix-ready", a->fix_ready, "When the fix can go to packagers (RFC 3339, or local with --tz)")
      ->required();
  sub->add_option("--release", a->release, "A release time fixed already: plan the other steps around it");
  add_common(sub, a->common);
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_propose(ctx, *a); }); });
}

void add_check(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<CheckArgs>();
  auto* sub = parent->add_subcommand("check", "Check a timeline against the policy (exit 4: a rule fails)");
  sub->add_option("--release", a->release, "Public release (RFC 3339, or local with --tz)")->required();
  sub->add_option("--fix-to-packagers", a->fix_to_packagers, "Fix sent to packagers (RFC 3339, or local with --tz)")
      ->required();
  sub->add_option("--advance-notice", a->advance_notice,
                  "Advance notice to the distros list (RFC 3339, or local with --tz)")
      ->required();
  sub->add_option("--heads-up", a->heads_up, "Public heads-up (RFC 3339, or local with --tz)");
  add_common(sub, a->common);
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_check(ctx, *a); }); });
}

}  // namespace

void add_plan_commands(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("plan", "Propose or check a disclosure timeline under the project's policy");
  sub->require_subcommand(1);
  add_propose(sub, ctx);
  add_check(sub, ctx);
  add_show(sub, ctx);
}

}  // namespace embargo::cli
