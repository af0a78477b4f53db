#pragma once

// The release schedule following its plan (issue 21): core::planner's
// PlanFollower over the scheduler's jobs. A new plan moves every pending job
// to the time of its plan step (jobs_for_plan), cancels the jobs of a step
// the plan no longer has, and refuses while a job whose time would change is
// running (it acts now; plan again when it is done). The caller
// (core::planner::save_case_plan) does it in the transaction that stores the
// plan, so the moves commit with the plan or not at all.
//
// Why a step never runs at its old time once the new plan has committed:
// a job runs only after a claim, and a claim is a write of the job's row
// (SQLite: BEGIN IMMEDIATE excludes every other writer; PostgreSQL: the
// claim takes the row with FOR UPDATE SKIP LOCKED, so it skips a row the
// re-plan is updating, and the re-plan, at SERIALIZABLE, fails and is re-run
// when a claim changed a row it read). Either the claim commits first (the
// re-plan then sees the job running and refuses to move it) or the re-plan
// does (the claim then sees the new due time). A job claimed at the old time
// whose lease a re-plan saw running finishes; its record half checks the
// lease, so a job the re-plan moved back to pending is never recorded twice.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include <embargo/config/config_file.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/util/time.hpp>

namespace embargo::mail {
class NoticeMailer;
}

namespace embargo::scheduler {

// The plan step `kind` is due at (step_specs), or nullopt for an unknown kind.
std::optional<core::planner::Step> due_step_of(std::string_view kind);

class ReleasePlanFollower final : public core::planner::PlanFollower {
 public:
  // All must outlive the follower. `data_dir` holds the templates and keys
  // of the date-change notices.
  ReleasePlanFollower(const config::ConfigFile& config, std::filesystem::path data_dir, const util::Clock& clock);
  ~ReleasePlanFollower() override;

  Result<core::planner::DoneSteps> done_steps(core::StoreTx& tx, const core::Case& c) const override;
  Result<core::planner::PlanFollowUp> follow(core::StoreTx& tx, const core::Case& c,
                                             const core::planner::Plan& old_plan, const core::planner::Plan& plan,
                                             const core::planner::SaveOptions& options,
                                             util::Timestamp now) const override;

 private:
  Result<void> move_jobs(core::StoreTx& tx, const core::Case& c, const core::planner::Plan& plan,
                         core::planner::PlanFollowUp& out) const;
  Result<void> tell_lists(core::StoreTx& tx, const core::Case& c, const core::planner::Plan& old_plan,
                          const core::planner::Plan& plan, const core::planner::SaveOptions& options,
                          core::planner::PlanFollowUp& out) const;
  Result<mail::NoticeMailer*> open_mailer(const config::ConfigFile& settings) const;

  const config::ConfigFile& m_config;
  std::filesystem::path m_data_dir;
  const util::Clock& m_clock;
  mutable std::mutex m_mutex;  // guards m_mailers (the web's threads share the follower)
  mutable std::map<std::string, std::unique_ptr<mail::NoticeMailer>> m_mailers;
};

}  // namespace embargo::scheduler
