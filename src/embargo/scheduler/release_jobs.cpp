#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/download_rule.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/scheduler/step_command.hpp>

namespace embargo::scheduler {

namespace {

using core::Job;
using core::JobState;
namespace planner = core::planner;

Result<planner::Plan> current_plan(core::StoreTx& tx, std::string_view case_id) {
  TRY_ASSIGN(auto stored, tx.latest_plan(case_id));
  if (!stored) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{} has no plan: make one with `embargo case plan` first", case_id));
  }
  return stored->plan;
}

// The ids of the stored `jobs` that `job`'s kind waits for (StepSpec::after).
std::vector<std::int64_t> waits_for(const Job& job, const std::vector<Job>& jobs) {
  std::vector<std::int64_t> ids;
  for (const StepSpec& spec : step_specs()) {
    if (spec.kind != job.kind) {
      continue;
    }
    for (std::string_view kind : spec.after) {
      for (const Job& earlier : jobs) {
        if (earlier.kind == kind && earlier.id != 0) {
          ids.push_back(earlier.id);
        }
      }
    }
  }
  return ids;
}

// True when the case's latest schedule was aborted: its last
// `release-abort` entry comes after its last `release-scheduled` one.
Result<bool> last_schedule_aborted(core::StoreTx& tx, std::string_view case_id) {
  TRY_ASSIGN(auto entries, core::load_timeline(tx, case_id));
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->kind == entry::k_abort) {
      return true;
    }
    if (it->kind == entry::k_scheduled) {
      return false;
    }
  }
  return false;
}

// Adds `spec`'s job, due at its plan step, when `plan` has that step.
void add_if_planned(std::vector<Job>& jobs, std::string_view case_id, const StepSpec& spec, const planner::Plan& plan) {
  if (auto at = plan.at(spec.due)) {
    Job j;
    j.case_id = std::string(case_id);
    j.kind = std::string(spec.kind);
    j.due_at = *at;
    jobs.push_back(std::move(j));
  }
}

}  // namespace

std::vector<Job> jobs_for_plan(std::string_view case_id, const planner::Plan& plan) {
  std::vector<Job> jobs;
  for (const StepSpec& spec : step_specs()) {
    if (!spec.configured) {
      add_if_planned(jobs, case_id, spec, plan);
    }
  }
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.due_at < b.due_at; });
  return jobs;
}

std::vector<Job> configured_jobs_for_plan(const config::ConfigFile& settings, std::string_view case_id,
                                          const planner::Plan& plan) {
  std::vector<Job> jobs;
  for (const StepSpec& spec : step_specs()) {
    // The one configured built-in step: notice-advance, when lists are named.
    bool wanted = spec.kind == kind::k_notice_advance && !settings.publish.advance_lists.empty();
    if (spec.configured && wanted) {
      add_if_planned(jobs, case_id, spec, plan);
    }
  }
  for (Job& j : command_jobs_for_plan(settings.publish.steps, case_id, plan)) {
    jobs.push_back(std::move(j));
  }
  return jobs;
}

Result<std::vector<Job>> schedule_release(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                                          std::string_view actor) {
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  TRY_ASSIGN(std::vector<Job> existing, tx.list_jobs(case_id));
  TRY_ASSIGN(bool aborted, last_schedule_aborted(tx, case_id));
  for (const Job& j : existing) {
    bool ended = j.state == JobState::done || j.state == JobState::failed;
    bool over = j.state == JobState::cancelled || (ended && aborted);
    if (!over) {
      return make_error(ErrorCode::conflict,
                        fmt::format("{} is already scheduled (job {} is {}); see `embargo release status`", case_id,
                                    j.id, core::to_string(j.state)));
    }
  }
  TRY_ASSIGN(planner::Plan plan, current_plan(tx, case_id));
  std::vector<Job> jobs = jobs_for_plan(case_id, plan);
  nlohmann::json data = nlohmann::json::array();
  for (Job& j : jobs) {  // in due order, so what a job waits for is stored before it
    j.depends_on = waits_for(j, jobs);
    TRY_ASSIGN(j.id, tx.insert_job(j));
    data.push_back({{"id", j.id}, {"kind", j.kind}, {"due_at", util::format_timestamp(j.due_at)}});
  }
  TRY(service.record(tx, c, entry::k_scheduled, fmt::format("release scheduled: {} steps", jobs.size()), actor,
                     data.dump()));
  return jobs;
}

Result<int> run_release_now(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                            std::string_view why, std::string_view actor, util::Timestamp now) {
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  TRY_ASSIGN(std::vector<Job> jobs, tx.list_jobs(case_id));
  int moved = 0;
  for (Job& j : jobs) {
    if (j.state == JobState::pending && j.due_at > now) {
      j.due_at = now;
      TRY(tx.update_job(j));
      ++moved;
    }
  }
  if (moved == 0) {
    return make_error(ErrorCode::conflict, fmt::format("{} has no pending step to bring forward", case_id));
  }
  c.release_at = now;
  TRY_ASSIGN(auto window, tx.get_download_window(case_id));
  if (window && !core::is_closed_window(*window) && window->releases_at > now) {
    window->releases_at = now;
    window->opens_at = std::min(window->opens_at, now);
    TRY(tx.put_download_window(*window));
  }
  nlohmann::json data = {{"release_at", util::format_timestamp(now)}, {"why", why}, {"jobs", moved}};
  TRY(service.record(tx, c, entry::k_run_now,
                     fmt::format("release moved to now ({}): {} steps brought forward", why, moved), actor,
                     data.dump()));
  return moved;
}

Result<int> abort_release(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                          std::string_view why, std::string_view actor) {
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  TRY_ASSIGN(std::vector<Job> jobs, tx.list_jobs(case_id));
  int cancelled = 0;
  for (Job& j : jobs) {
    if (j.state == JobState::pending) {
      j.state = JobState::cancelled;
      j.last_error = fmt::format("aborted: {}", why);
      TRY(tx.update_job(j));
      ++cancelled;
    }
  }
  // The download window closes (issue 21): the area answers 403 again, and
  // a later schedule's open-downloads sets it anew from the current plan.
  TRY_ASSIGN(auto window, tx.get_download_window(case_id));
  bool closed = window && !core::is_closed_window(*window);
  if (closed) {
    TRY(tx.put_download_window(core::closed_window(case_id)));
  }
  if (cancelled == 0 && !closed) {
    return make_error(ErrorCode::conflict, fmt::format("{} has no pending step to cancel", case_id));
  }
  nlohmann::json data = {{"why", why}, {"cancelled", cancelled}, {"window_closed", closed}};
  TRY(service.record(tx, c, entry::k_abort,
                     fmt::format("release aborted ({}): {} steps cancelled{}", why, cancelled,
                                 closed ? "; download window closed" : ""),
                     actor, data.dump()));
  return cancelled;
}

}  // namespace embargo::scheduler
