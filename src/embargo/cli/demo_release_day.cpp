// embargo demo: release day on a fast clock. The release's steps run through
// the job runner and steps embargod uses (scheduler/job_runner.hpp,
// scheduler/release_step.hpp), on a clock set to each step's due time in
// turn; after each time the outbox is flushed with `embargo mail flush`.

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include <embargo/cli/demo.hpp>
#include <embargo/config/data_dir.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/scheduler/plan_follower.hpp>
#include <embargo/scheduler/release_step.hpp>

namespace embargo::cli {

namespace {

// The earliest due time of a pending job up to `until`; a failed job is an error.
Result<std::optional<util::Timestamp>> next_due(core::Store& store, util::Timestamp until) {
  std::vector<core::Job> jobs;
  TRY(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(jobs, tx.list_jobs(""));
    return {};
  }));
  std::optional<util::Timestamp> next;
  for (const core::Job& job : jobs) {
    if (job.state == core::JobState::failed) {
      return make_error(ErrorCode::conflict, fmt::format("the {} step of {} failed: {}", job.kind, job.case_id,
                                                         job.last_error));
    }
    if (job.state == core::JobState::pending && job.due_at <= until && (!next || job.due_at < *next)) {
      next = job.due_at;
    }
  }
  return next;
}

}  // namespace

Result<int> run_release_until(const DemoRun& run, util::Timestamp until) {
  TRY_ASSIGN(config::DataDir dir, config::open_data_dir(run.data));
  util::FixedClock clock(until);
  core::CaseService cases(dir.config.project, clock);
  scheduler::ReleaseSteps steps({cases, dir.config, dir.path, clock, {}, "embargo demo"});
  // A step that replans follows this directory's plan follower (as embargod's), not a finished command's.
  scheduler::ReleasePlanFollower follower(dir.config, dir.path, clock);
  const core::planner::PlanFollower* before = core::planner::set_plan_follower(&follower);
  struct Restore {
    const core::planner::PlanFollower* previous;
    ~Restore() { core::planner::set_plan_follower(previous); }
  } restore{before};
  scheduler::RunnerOptions options;
  options.owner = scheduler::default_owner();
  options.retry_delay = std::chrono::seconds(1);
  options.max_attempts = 1;  // a step that fails stops the demo
  scheduler::JobRunner runner(
      *dir.store, cases, clock, [&](core::StoreTx& tx, const core::Job& job) { return steps.record(tx, job); },
      options, [&](core::StoreTx& view, const core::Job& job) { return steps.act(view, job); });
  int ran = 0;
  for (int round = 0; round < 100; ++round) {
    TRY_ASSIGN(std::optional<util::Timestamp> due, next_due(*dir.store, until));
    if (!due) {
      break;
    }
    clock.set(*due);
    TRY_ASSIGN(int n, runner.run_due());
    if (n == 0) {  // waiting for a step before it: nothing more to do at this time
      clock.set(*due + std::chrono::seconds(1));
      TRY_ASSIGN(n, runner.run_due());
      if (n == 0) {
        return make_error(ErrorCode::conflict, fmt::format("no release step could run at {}",
                                                           util::format_timestamp_human(*due)));
      }
    }
    ran += n;
    fmt::print("  {}  {} release step{} run\n", util::format_timestamp_human(clock.now()), n, n == 1 ? "" : "s");
    TRY(demo_cli(run, clock.now(), {"mail", "flush"}));
  }
  return ran;
}

}  // namespace embargo::cli
