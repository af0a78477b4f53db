#pragma once

// [[publish.steps]] as release steps (issue 21, seed step 17 "update other
// places which are on the release process wiki page"). Each configured step
// (config/publish_steps.hpp) becomes a job of kind "run:NAME", due at its
// plan moment plus its offset, waiting for the kinds in its `after`; its act
// half runs the command (util/process.hpp: argv without a shell, no stdin,
// its own process group, killed when timeout_seconds pass) and its record
// half does nothing, so the contract is the built-in steps': done once
// (JobRunner marks it done in the transaction after the command exited 0),
// retried later on any other outcome (non-zero exit, a signal, the time
// limit, a program that cannot be started), shown in `embargo release
// status` with the last lines of its output. Like every act, the command may
// run again after a crash between its exit and the record: it must be
// idempotent (commit only what changed, rsync, ...).
//
// What the command gets, in its environment (over embargod's own, without
// any EMBARGO_* of it, and the step's `env`):
//   EMBARGO_DRY_RUN        "1" in `embargo release dry-run`, else "0"
//   EMBARGO_CASE           the case id           EMBARGO_PROJECT  its project ("" = the server's)
//   EMBARGO_STEP           the step's name       EMBARGO_JOB      the job id
//   EMBARGO_ATTEMPT        1 on the first run, 2 on the first retry, ...
//   EMBARGO_DUE_AT         the job's due time    EMBARGO_RELEASE_AT  the plan's release (UTC, ISO 8601)
//   EMBARGO_CVE_IDS        the case's identifiers, space separated
//   EMBARGO_CASE_JSON      a JSON file with all of this and more (command_step_json)
//   EMBARGO_DATA_DIR       the data directory
//   EMBARGO_OUT_DIR        the step's own folder: <data>/steps/<CASE>/<NAME>/ (sink/run-NAME/ in a dry run),
//                          holding case.json and output.log (the whole output of the last run)
//   EMBARGO_WEB_DIR        where publish-advisory writes ("" when publish.web_dir is not set),
//   EMBARGO_FILES_DIR      where publish-files copies ("" when publish.files_dir is not set);
//                          in a dry run both are the sink's folders
//   EMBARGO_ADVISORY_PAGE  the advisory page's file name in EMBARGO_WEB_DIR
//   EMBARGO_WEB_URL, EMBARGO_FILES_URL   publish.web_url and publish.files_url
// The working directory is the step's `cwd` (default: the data directory).
// A dry run runs the command for real: it is the command's job to look at
// EMBARGO_DRY_RUN (and write into EMBARGO_OUT_DIR, say, instead of pushing).

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/config/publish_steps.hpp>
#include <embargo/scheduler/release_step.hpp>

namespace embargo::scheduler {

// True for a job kind of a configured step ("run:NAME").
bool is_command_kind(std::string_view kind);

// When `step` is due under `plan`: its moment plus its offset; nullopt
// when the plan does not have that moment.
std::optional<util::Timestamp> command_step_due(const config::CommandStep& step, const core::planner::Plan& plan);

// The jobs of `steps` under `plan` (no ids, no dependencies), in their order.
std::vector<core::Job> command_jobs_for_plan(const std::vector<config::CommandStep>& steps, std::string_view case_id,
                                             const core::planner::Plan& plan);

// Adds to the case's schedule a job for each configured step of its
// project (configured_jobs_for_plan, release_jobs.hpp: notice-advance when
// publish.advance_lists names lists, and each [[publish.steps]]) whose
// moment its latest plan has and that has no job yet (other than cancelled
// ones), a command depending on the case's jobs (not cancelled) of the
// kinds in its `after`; recorded on the timeline (`release-scheduled`) when
// it added any. Call it in the transaction that scheduled the release
// (schedule_release). Returns the jobs added, as stored.
Result<std::vector<core::Job>> schedule_configured_steps(const config::ConfigFile& config,
                                                         const core::CaseService& service, core::StoreTx& tx,
                                                         std::string_view case_id, std::string_view actor);

// The case's data a command gets (the file EMBARGO_CASE_JSON names).
Result<nlohmann::ordered_json> command_step_json(const StepEnv& env, core::StoreTx& view,
                                                 const config::ConfigFile& settings, const config::CommandStep& step,
                                                 const core::Job& job);

// The step every run:* job goes to (ReleaseSteps dispatches them here). A
// job whose step is no longer configured is done, saying it was skipped.
std::unique_ptr<ReleaseStep> make_command_step(const StepEnv& env);

}  // namespace embargo::scheduler
