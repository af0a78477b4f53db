// push-public: the release's commit and tag to the public git remote
// (git/git_push.hpp does the pushing; this file decides what and where).

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/release/release_record.hpp>
#include <embargo/git/git_push.hpp>
#include <embargo/scheduler/fault_point.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/steps.hpp>

namespace embargo::scheduler {

namespace {

// The private repository, tag and commit of the case's latest recorded
// release (core/release/release_record.hpp writes them).
Result<git::PushRequest> release_source(core::StoreTx& view, const std::string& case_id) {
  TRY_ASSIGN(auto timeline, core::load_timeline(view, case_id));
  for (auto it = timeline.rbegin(); it != timeline.rend(); ++it) {
    if (it->kind != core::release::k_release_entry_kind) {
      continue;
    }
    auto data = nlohmann::json::parse(it->data, nullptr, false);
    if (!data.is_object()) {
      return make_error(ErrorCode::corruption, fmt::format("{}: the release entry #{} has no data", case_id, it->seq));
    }
    git::PushRequest r;
    r.repo = data.value("repository", std::string());
    r.tag = data.value("tag", std::string());
    r.commit = data.value("tag_commit", std::string());
    if (r.repo.empty() || r.tag.empty() || r.commit.empty()) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("{}: the release entry #{} does not record its repository, tag and commit (built "
                                    "by an older embargo): push the fix by hand",
                                    case_id, it->seq));
    }
    return r;
  }
  return make_error(ErrorCode::not_found,
                    fmt::format("{} has no recorded release to push (embargo release build --case {})", case_id,
                                case_id));
}

class PushPublic final : public ReleaseStep {
 public:
  explicit PushPublic(const StepEnv& env) : m_env(env) {}

  Result<std::string> act(core::StoreTx& view, const core::Job& job) override {
    TRY_ASSIGN(const config::ConfigFile* settings, m_env.case_config(view, job.case_id));
    const auto& publish = settings->publish;
    bool dry = !m_env.sink_dir.empty();
    if (publish.git_remote.empty()) {
      return std::string("skipped: publish.git_remote is not set");
    }
    TRY_ASSIGN(git::PushRequest request, release_source(view, job.case_id));
    request.branch = publish.git_branch;
    if (dry) {
      auto sink = m_env.sink_dir / kind::k_push_public / "public.git";
      TRY(git::init_bare(sink));
      request.remote_url = sink.string();
    } else {
      request.remote_url = resolve(publish.git_remote);
    }
    TRY_ASSIGN(git::PushReport report, git::push_release(request, [&] {
                 fault_point(fmt::format("between the branch and tag pushes of job {} ({})", job.id, job.kind));
               }));
    return report.summary;
  }

  Result<std::string> record(core::StoreTx&, const core::Job&) override { return std::string(); }

 private:
  // A relative local path is to the data directory; URLs are left alone.
  std::string resolve(const std::string& remote) const {
    bool url = remote.find("://") != std::string::npos ||
               (remote.find(':') != std::string::npos && remote.find(':') < remote.find('/'));
    if (url || remote.front() == '/') {
      return remote;
    }
    return (m_env.data_dir / remote).string();
  }

  const StepEnv& m_env;
};

}  // namespace

std::unique_ptr<ReleaseStep> make_push_public_step(const StepEnv& env) {
  return std::make_unique<PushPublic>(env);
}

}  // namespace embargo::scheduler
