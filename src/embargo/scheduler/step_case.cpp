#include <fmt/format.h>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/scheduler/steps.hpp>

namespace embargo::scheduler {

namespace {

namespace planner = core::planner;

class OpenDownloads final : public ReleaseStep {
 public:
  Result<std::string> record(core::StoreTx& tx, const core::Job& job) override {
    TRY_ASSIGN(auto window, tx.get_download_window(job.case_id));
    if (window) {
      return fmt::format("download window already set (opens {})", util::format_timestamp(window->opens_at));
    }
    TRY_ASSIGN(auto stored, tx.latest_plan(job.case_id));
    std::optional<util::Timestamp> release;
    if (stored) {
      release = stored->plan.at(planner::Step::release);
    }
    core::DownloadWindow w;
    w.case_id = job.case_id;
    w.opens_at = job.due_at;
    w.releases_at = release.value_or(job.due_at);
    TRY(tx.put_download_window(w));
    return fmt::format("download area opened to packagers until {}", util::format_timestamp(w.releases_at));
  }
};

class MakePublic final : public ReleaseStep {
 public:
  explicit MakePublic(const StepEnv& env) : m_env(env) {}

  Result<std::string> record(core::StoreTx& tx, const core::Job& job) override {
    TRY_ASSIGN(core::Case c, tx.get_case(job.case_id));
    if (c.state == core::CaseState::public_ || c.state == core::CaseState::closed) {
      return std::string("case already public");
    }
    TRY(m_env.service.move(tx, job.case_id, core::CaseState::public_, "release: the scheduled release time has come",
                           m_env.actor));
    return std::string("case moved to public");
  }

 private:
  const StepEnv& m_env;
};

}  // namespace

std::unique_ptr<ReleaseStep> make_open_downloads_step(const StepEnv&) {
  return std::make_unique<OpenDownloads>();
}

std::unique_ptr<ReleaseStep> make_make_public_step(const StepEnv& env) {
  return std::make_unique<MakePublic>(env);
}

}  // namespace embargo::scheduler
