#include <fmt/format.h>

#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/scheduler/step_command.hpp>
#include <embargo/scheduler/steps.hpp>

namespace embargo::scheduler {

using core::planner::Step;

const std::vector<StepSpec>& step_specs() {
  static const std::vector<StepSpec> specs = {
      {kind::k_notice_advance, Step::advance_notice, {}, make_notice_advance_step, true},
      {kind::k_open_downloads, Step::fix_to_packagers, {}, make_open_downloads_step},
      {kind::k_notice_fix, Step::fix_to_packagers, {kind::k_open_downloads}, make_notice_fix_step},
      {kind::k_notice_heads_up, Step::heads_up, {}, make_notice_heads_up_step},
      // At the release, in the seed's order: the files, the announcement
      // (whose links need them), the web page, the CVE record, the push.
      {kind::k_publish_files, Step::release, {}, make_publish_files_step},
      {kind::k_announce, Step::release, {kind::k_publish_files}, make_announce_step},
      {kind::k_publish_advisory, Step::release, {kind::k_publish_files}, make_publish_advisory_step},
      {kind::k_publish_cve, Step::release, {}, make_publish_cve_step},
      {kind::k_push_public, Step::release, {}, make_push_public_step},
      // Last: the case is public once everything else is out.
      {kind::k_make_public,
       Step::release,
       {kind::k_open_downloads, kind::k_publish_files, kind::k_announce, kind::k_publish_advisory, kind::k_publish_cve,
        kind::k_push_public},
       make_make_public_step},
  };
  return specs;
}

ReleaseSteps::ReleaseSteps(StepEnv env) : m_env(std::move(env)) {
  for (const StepSpec& spec : step_specs()) {
    m_steps.emplace_back(spec.kind, spec.make(m_env));
  }
  m_commands = make_command_step(m_env);
}

Result<ReleaseStep*> ReleaseSteps::find(const core::Job& job) const {
  for (const auto& [kind, step] : m_steps) {
    if (kind == job.kind) {
      return step.get();
    }
  }
  if (is_command_kind(job.kind)) {
    return m_commands.get();
  }
  return make_error(ErrorCode::invalid_argument, fmt::format("job {}: unknown kind '{}'", job.id, job.kind));
}

Result<std::string> ReleaseSteps::act(core::StoreTx& view, const core::Job& job) const {
  TRY_ASSIGN(ReleaseStep * step, find(job));
  return step->act(view, job);
}

Result<std::string> ReleaseSteps::record(core::StoreTx& tx, const core::Job& job) const {
  TRY_ASSIGN(ReleaseStep * step, find(job));
  return step->record(tx, job);
}

}  // namespace embargo::scheduler
