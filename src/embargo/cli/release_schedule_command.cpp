// embargo release schedule CASE     jobs from the case's plan; every step, its time, its state
// embargo release status CASE       the steps and their states
// embargo release run-now CASE --why TEXT   bring the release forward to now (recorded)
// embargo release abort CASE --why TEXT     cancel the pending steps, close the download window (recorded)
// A step that will do nothing shows "skipped (why)" instead of "pending".
// schedule refuses, naming each missing piece (scheduler/schedule_checks.hpp),
// and warns (on stderr, scheduling anyway) about what it may go without, such
// as a release that no passing test follows.
// embargod carries the steps out (scheduler/job_runner.hpp).

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/case_show.hpp>
#include <embargo/cli/commands.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/schedule_checks.hpp>
#include <embargo/scheduler/schedule_view.hpp>
#include <embargo/scheduler/step_command.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cli {

namespace {

struct Args {
  std::string case_id;
  std::string why;
  std::string format = "text";
};

using scheduler::ScheduleRow;

nlohmann::ordered_json job_json(const ScheduleRow& row) {
  const core::Job& j = row.job;
  nlohmann::ordered_json out = {{"id", j.id},
                                {"kind", j.kind},
                                {"due_at", util::format_timestamp(j.due_at)},
                                {"depends_on", j.depends_on},
                                {"state", core::to_string(j.state)},
                                {"attempts", j.attempts},
                                {"result", j.result},
                                {"last_error", j.last_error},
                                {"skipped", row.skipped_why ? nlohmann::ordered_json(*row.skipped_why) : nullptr}};
  if (j.state == core::JobState::running) {
    out["lease_owner"] = j.lease_owner;
    out["lease_until"] = j.lease_until ? util::format_timestamp(*j.lease_until) : "";
  }
  return out;
}

void print_jobs(Context& ctx, std::string_view case_id, const std::vector<ScheduleRow>& jobs,
                const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json out = {{"case_id", case_id}, {"jobs", nlohmann::ordered_json::array()}};
    for (const auto& j : jobs) {
      out["jobs"].push_back(job_json(j));
    }
    ctx.out() << out.dump(2) << '\n';
    return;
  }
  if (jobs.empty()) {
    ctx.out() << fmt::format("{}: no release scheduled (embargo release schedule {})\n", case_id, case_id);
    return;
  }
  for (const auto& row : jobs) {
    const core::Job& j = row.job;
    std::string detail = j.state == core::JobState::done ? j.result : j.last_error;
    std::string more;  // a configured step's output (step_command.hpp): its lines, indented
    if (auto nl = detail.find('\n'); nl != std::string::npos) {
      for (std::string_view line : util::split(std::string_view(detail).substr(nl + 1), '\n')) {
        more += fmt::format("{:>6}| {}\n", "", line);
      }
      detail.resize(nl);
    }
    ctx.out() << fmt::format("{:>4}  {:<16} {:<24} {:<9} {}\n", j.id, j.kind, util::format_timestamp_human(j.due_at),
                             row.state_text(), detail)
              << more;
  }
}

Result<int> run_schedule(Context& ctx, const Args& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  std::vector<ScheduleRow> jobs;
  std::vector<std::string> problems;
  std::vector<std::string> warnings;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(problems, scheduler::schedule_problems(tx, *settings, a.case_id));
    TRY_ASSIGN(warnings, scheduler::schedule_warnings(tx, a.case_id));
    if (!problems.empty()) {
      return {};
    }
    TRY(scheduler::schedule_release(service, tx, a.case_id, ctx.actor()));
    // [[publish.steps]] (scheduler/step_command.hpp)
    TRY(scheduler::schedule_configured_steps(*settings, service, tx, a.case_id, ctx.actor()));
    TRY_ASSIGN(jobs, scheduler::schedule_view(tx, *settings, a.case_id));
    return {};
  }));
  for (const std::string& w : warnings) {
    ctx.err() << fmt::format("embargo: warning: {}: {}\n", a.case_id, w);
  }
  if (!problems.empty()) {
    for (const std::string& p : problems) {
      ctx.err() << fmt::format("embargo: {}: {}\n", a.case_id, p);
    }
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("release of {} not scheduled: {} missing piece{} (above); `embargo release dry-run "
                                  "{}` runs the same checks",
                                  a.case_id, problems.size(), problems.size() == 1 ? "" : "s", a.case_id));
  }
  print_jobs(ctx, a.case_id, jobs, a.format);
  return k_exit_ok;
}

// The steps, then the lists' disclosure duties (notice/disclosure_duties.hpp).
Result<int> run_status(Context& ctx, const Args& a) {
  TRY(ctx.data());
  std::vector<ScheduleRow> jobs;
  std::vector<notice::Duty> duties;
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(jobs, scheduler::schedule_view(tx, *settings, a.case_id));
    TRY_ASSIGN(duties, notice::disclosure_duties(tx, c, *settings, clock->now()));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::ordered_json out = {{"case_id", a.case_id}, {"jobs", nlohmann::ordered_json::array()}};
    for (const auto& j : jobs) {
      out["jobs"].push_back(job_json(j));
    }
    out["duties"] = nlohmann::ordered_json::parse(notice::duties_json(duties).dump());
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  print_jobs(ctx, a.case_id, jobs, a.format);
  print_duties(ctx.out(), notice::duties_json(duties));
  return k_exit_ok;
}

Result<int> run_change(Context& ctx, const Args& a, bool abort) {
  if (util::trim(a.why).empty()) {
    return make_error(ErrorCode::invalid_argument, "--why: must say why (it goes on the timeline)");
  }
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  int changed = 0;
  std::vector<ScheduleRow> jobs;
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    if (abort) {
      TRY_ASSIGN(changed, scheduler::abort_release(service, tx, a.case_id, a.why, ctx.actor()));
    } else {
      TRY_ASSIGN(changed, scheduler::run_release_now(service, tx, a.case_id, a.why, ctx.actor(), clock->now()));
    }
    TRY_ASSIGN(jobs, scheduler::schedule_view(tx, *settings, a.case_id));
    return {};
  }));
  if (a.format == "text") {
    ctx.out() << fmt::format("{}: {} steps {}\n", a.case_id, changed, abort ? "cancelled" : "due now");
  }
  print_jobs(ctx, a.case_id, jobs, a.format);
  return k_exit_ok;
}

void add_one(CLI::App& release, Context& ctx, const char* name, const char* help, bool with_why,
             std::function<Result<int>(Context&, const Args&)> body) {
  auto args = std::make_shared<Args>();
  auto* sub = release.add_subcommand(name, help);
  sub->add_option("case", args->case_id, "Case id")->required();
  if (with_why) {
    sub->add_option("--why", args->why, "Why (recorded on the timeline)")->required();
  }
  add_format_option(sub, args->format, {"text", "json"});
  sub->callback([&ctx, args, body] { run_command(ctx, [&] { return body(ctx, *args); }); });
}

}  // namespace

void add_release_schedule_commands(CLI::App& release, Context& ctx) {
  add_one(release, ctx, "schedule", "Make the release's steps from the case's plan (embargod runs them)", false,
          run_schedule);
  add_one(release, ctx, "status", "Show the release's steps, their times and states", false, run_status);
  add_one(release, ctx, "run-now", "Bring the release forward to now", true,
          [](Context& c, const Args& a) { return run_change(c, a, false); });
  add_one(release, ctx, "abort", "Cancel the release's pending steps", true,
          [](Context& c, const Args& a) { return run_change(c, a, true); });
}

}  // namespace embargo::cli
