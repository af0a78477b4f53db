#pragma once

// The release as jobs (issue 11): scheduling a case's plan as one job per
// step (release_step.hpp step_specs: the kinds, when each is due, in which
// order), moving the release to now, aborting it.

#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/config_file.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/job.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/store.hpp>

namespace embargo::scheduler {

namespace kind {
inline constexpr std::string_view k_open_downloads = "open-downloads";
inline constexpr std::string_view k_make_public = "make-public";
// Issue 11, git push and CVE record (step_push.cpp, step_cve.cpp).
inline constexpr std::string_view k_publish_cve = "publish-cve";
inline constexpr std::string_view k_push_public = "push-public";
// Publishing (step_publish.cpp).
inline constexpr std::string_view k_publish_files = "publish-files";
inline constexpr std::string_view k_publish_advisory = "publish-advisory";
// step_notices.cpp: the notices the release sends (issue 11 + 6, 21).
inline constexpr std::string_view k_notice_advance = "notice-advance";
inline constexpr std::string_view k_notice_fix = "notice-fix";
inline constexpr std::string_view k_notice_heads_up = "notice-heads-up";
inline constexpr std::string_view k_announce = "announce";
}  // namespace kind

// Timeline entry kinds written by the scheduler.
namespace entry {
inline constexpr std::string_view k_scheduled = "release-scheduled";
inline constexpr std::string_view k_step_done = "release-step";
inline constexpr std::string_view k_run_now = "release-run-now";
inline constexpr std::string_view k_abort = "release-abort";
}  // namespace entry

// The jobs for `plan` (ids and dependencies left for schedule_release):
// one per step_specs() entry whose plan step the plan has, in due order
// (the table's order among steps due at the same time).
std::vector<core::Job> jobs_for_plan(std::string_view case_id, const core::planner::Plan& plan);

// The jobs the case's settings add under `plan` (no ids, no dependencies):
// notice-advance when publish.advance_lists names lists, then each
// [[publish.steps]] command (step_command.hpp). The plan follower moves
// them with the built-in ones; schedule_configured_steps adds them.
std::vector<core::Job> configured_jobs_for_plan(const config::ConfigFile& settings, std::string_view case_id,
                                                const core::planner::Plan& plan);

// Creates the case's jobs from its latest plan and records it. Conflict if
// the case already has jobs that are not cancelled (after `release abort`,
// the aborted schedule's done and failed jobs do not count: the new schedule
// has every built-in step of the current plan again; configured steps done
// before the abort are not added again, schedule_configured_steps);
// InvalidArgument if it has no plan.
// Returns the jobs as stored.
Result<std::vector<core::Job>> schedule_release(const core::CaseService& service, core::StoreTx& tx,
                                                std::string_view case_id, std::string_view actor);

// Moves the release to `now`: the case's release_at and every pending job
// due later become `now`; recorded with `why`. Returns the jobs moved.
Result<int> run_release_now(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                            std::string_view why, std::string_view actor, util::Timestamp now);

// Cancels the case's pending jobs; recorded with `why`. Returns how many.
// A running job finishes (it is one transaction) but nothing after it runs.
Result<int> abort_release(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                          std::string_view why, std::string_view actor);

}  // namespace embargo::scheduler
