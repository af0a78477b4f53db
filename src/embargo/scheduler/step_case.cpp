#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <embargo/core/download_rule.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/scheduler/steps.hpp>

namespace embargo::scheduler {

namespace {

namespace planner = core::planner;

class OpenDownloads final : public ReleaseStep {
 public:
  Result<std::string> record(core::StoreTx& tx, const core::Job& job) override {
    TRY_ASSIGN(auto window, tx.get_download_window(job.case_id));
    if (window && !core::is_closed_window(*window)) {
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
    return walk_case(m_env, tx, job.case_id, core::CaseState::public_,
                     "release: the scheduled release time has come (make-public)", true);
  }

 private:
  const StepEnv& m_env;
};

// The states a release walks through, in order.
constexpr std::array<core::CaseState, 6> k_path{core::CaseState::reported, core::CaseState::confirmed,
                                                core::CaseState::fixing,   core::CaseState::notified,
                                                core::CaseState::fix_shared, core::CaseState::public_};

int rank_of(core::CaseState s) {
  auto it = std::find(k_path.begin(), k_path.end(), s);
  return it == k_path.end() ? -1 : static_cast<int>(it - k_path.begin());
}

}  // namespace

Result<std::string> walk_case(const StepEnv& env, core::StoreTx& tx, std::string_view case_id, core::CaseState target,
                              std::string_view why, bool required) {
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  int from = rank_of(c.state);
  int to = rank_of(target);
  if (from < 0 || from >= to) {
    return fmt::format("case stays {}", core::to_string(c.state));
  }
  std::vector<std::string> moved;
  for (int r = from + 1; r <= to; ++r) {
    auto next = k_path[static_cast<std::size_t>(r)];
    auto done = env.service.move(tx, case_id, next, why, env.actor);
    if (!done) {
      if (required) {
        return tl::unexpected(done.error());
      }
      TRY_ASSIGN(core::Case now, tx.get_case(case_id));
      return fmt::format("{}case stays {}: {}", moved.empty() ? "" : fmt::format("case moved to {}; ", moved.back()),
                         core::to_string(now.state), done.error().message());
    }
    moved.emplace_back(core::to_string(next));
  }
  return fmt::format("case moved to {}", fmt::join(moved, ", then "));
}

std::unique_ptr<ReleaseStep> make_open_downloads_step(const StepEnv&) {
  return std::make_unique<OpenDownloads>();
}

std::unique_ptr<ReleaseStep> make_make_public_step(const StepEnv& env) {
  return std::make_unique<MakePublic>(env);
}

}  // namespace embargo::scheduler
