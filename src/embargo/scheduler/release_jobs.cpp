#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/scheduler/release_jobs.hpp>

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

Result<std::string> open_downloads(core::StoreTx& tx, const Job& job) {
  TRY_ASSIGN(auto window, tx.get_download_window(job.case_id));
  if (window) {
    return fmt::format("download window already set (opens {})", util::format_timestamp(window->opens_at));
  }
  TRY_ASSIGN(planner::Plan plan, current_plan(tx, job.case_id));
  auto release = plan.at(planner::Step::release);
  core::DownloadWindow w;
  w.case_id = job.case_id;
  w.opens_at = job.due_at;
  w.releases_at = release.value_or(job.due_at);
  TRY(tx.put_download_window(w));
  return fmt::format("download area opened to packagers until {}", util::format_timestamp(w.releases_at));
}

Result<std::string> make_public(const core::CaseService& service, core::StoreTx& tx, const Job& job,
                                std::string_view actor) {
  TRY_ASSIGN(core::Case c, tx.get_case(job.case_id));
  if (c.state == core::CaseState::public_ || c.state == core::CaseState::closed) {
    return std::string("case already public");
  }
  TRY(service.move(tx, job.case_id, core::CaseState::public_, "release: the scheduled release time has come", actor));
  return std::string("case moved to public");
}

}  // namespace

std::vector<Job> jobs_for_plan(std::string_view case_id, const planner::Plan& plan) {
  std::vector<Job> jobs;
  auto add = [&](std::string_view kind, util::Timestamp at) {
    Job j;
    j.case_id = std::string(case_id);
    j.kind = std::string(kind);
    j.due_at = at;
    jobs.push_back(std::move(j));
  };
  if (auto at = plan.at(planner::Step::fix_to_packagers)) {
    add(kind::k_open_downloads, *at);
  }
  if (auto at = plan.at(planner::Step::release)) {
    add(kind::k_make_public, *at);
  }
  return jobs;
}

Result<std::vector<Job>> schedule_release(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                                          std::string_view actor) {
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  TRY_ASSIGN(std::vector<Job> existing, tx.list_jobs(case_id));
  for (const Job& j : existing) {
    if (j.state != JobState::cancelled) {
      return make_error(ErrorCode::conflict,
                        fmt::format("{} is already scheduled (job {} is {}); see `embargo release status`", case_id,
                                    j.id, core::to_string(j.state)));
    }
  }
  TRY_ASSIGN(planner::Plan plan, current_plan(tx, case_id));
  std::vector<Job> jobs = jobs_for_plan(case_id, plan);
  nlohmann::json data = nlohmann::json::array();
  std::int64_t previous = 0;
  for (Job& j : jobs) {  // each step waits for the one before it
    if (previous != 0) {
      j.depends_on.push_back(previous);
    }
    TRY_ASSIGN(j.id, tx.insert_job(j));
    previous = j.id;
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
  if (cancelled == 0) {
    return make_error(ErrorCode::conflict, fmt::format("{} has no pending step to cancel", case_id));
  }
  nlohmann::json data = {{"why", why}, {"cancelled", cancelled}};
  TRY(service.record(tx, c, entry::k_abort, fmt::format("release aborted ({}): {} steps cancelled", why, cancelled),
                     actor, data.dump()));
  return cancelled;
}

Result<std::string> run_release_step(const core::CaseService& service, core::StoreTx& tx, const Job& job,
                                     std::string_view actor) {
  if (job.kind == kind::k_open_downloads) {
    return open_downloads(tx, job);
  }
  if (job.kind == kind::k_make_public) {
    return make_public(service, tx, job, actor);
  }
  return make_error(ErrorCode::invalid_argument, fmt::format("job {}: unknown kind '{}'", job.id, job.kind));
}

}  // namespace embargo::scheduler
