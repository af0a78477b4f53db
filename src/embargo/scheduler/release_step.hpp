#pragma once

// One kind of release step (issue 11), and the table of all of them that
// turns a plan into jobs and runs each job.
//
// A step has two halves; JobRunner runs them in this order:
//   act     outside any write transaction, with a read-only view of the
//           store: the side effect on the world (files, a push, a CVE
//           record). It MUST be idempotent: it looks at what is already done
//           and does only the rest, because a crash after act and before
//           record commits runs act again. Steps without one return "".
//   record  inside the write transaction that checks the lease, marks the
//           job done and writes the `release-step` timeline entry: store-only
//           effects, including mail, which is put into the outbox here and
//           sent by the outbox's exactly-once mechanism (mail/outbox.hpp).
// The job's result is what both halves said, joined with "; ".
//
// A step whose target is not configured ([publish] in embargo.toml) does
// nothing and says so in its result: "skipped: publish.web_dir is not set".
//
// Dry run (StepEnv::sink_dir not empty): act writes into sink_dir/<kind>/
// instead of the real target and contacts no remote service (no SMTP, no
// git remote, no CVE Services); record is unchanged, and the caller rolls
// the transaction back.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/config_file.hpp>
#include <embargo/config/project_settings.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/job.hpp>
#include <embargo/core/planner/plan.hpp>
#include <embargo/core/store.hpp>

namespace embargo::scheduler {

// What steps may use. All references must outlive the steps.
struct StepEnv {
  const core::CaseService& service;
  // The server's configuration. A step acts for one case with the settings
  // of its project: case_config(), never config's own lists or targets.
  const config::ConfigFile& config;
  std::filesystem::path data_dir;  // relative paths in the config are to this
  const util::Clock& clock;
  std::filesystem::path sink_dir;  // not empty: a dry run (see above)
  std::string actor = "embargod";

  // The settings of `case_id`'s project (config::config_for_case).
  Result<const config::ConfigFile*> case_config(core::StoreTx& tx, std::string_view case_id) const {
    return config::config_for_case(config, tx, case_id);
  }
};

class ReleaseStep {
 public:
  virtual ~ReleaseStep() = default;
  // `view` is read-only (a read transaction, or the dry run's transaction).
  virtual Result<std::string> act(core::StoreTx& view, const core::Job& job) {
    (void)view;
    (void)job;
    return std::string();
  }
  virtual Result<std::string> record(core::StoreTx& tx, const core::Job& job) = 0;
};

// A kind of step: its job kind, the plan step it is due at, the kinds it
// waits for (those the schedule has; a failing step holds back only what
// names it), and how to make it. The table's order is the order steps due
// at the same time are scheduled in. A `configured` step is scheduled only
// when the case's settings ask for it (configured_jobs_for_plan,
// release_jobs.hpp), not by jobs_for_plan.
struct StepSpec {
  std::string_view kind;
  core::planner::Step due;
  std::vector<std::string_view> after;
  std::function<std::unique_ptr<ReleaseStep>(const StepEnv&)> make;
  bool configured = false;
};
const std::vector<StepSpec>& step_specs();

// Every step of step_specs(), and the configured ones ([[publish.steps]],
// step_command.hpp), made for one environment.
class ReleaseSteps {
 public:
  explicit ReleaseSteps(StepEnv env);
  ReleaseSteps(const ReleaseSteps&) = delete;  // the steps keep a reference to env()
  ReleaseSteps& operator=(const ReleaseSteps&) = delete;
  // InvalidArgument for a job of an unknown kind.
  Result<std::string> act(core::StoreTx& view, const core::Job& job) const;
  Result<std::string> record(core::StoreTx& tx, const core::Job& job) const;
  const StepEnv& env() const { return m_env; }

 private:
  Result<ReleaseStep*> find(const core::Job& job) const;

  StepEnv m_env;
  std::vector<std::pair<std::string_view, std::unique_ptr<ReleaseStep>>> m_steps;
  // Every "run:NAME" job: [[publish.steps]] (step_command.hpp).
  std::unique_ptr<ReleaseStep> m_commands;
};

}  // namespace embargo::scheduler
