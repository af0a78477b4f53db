#pragma once

// The release steps (release_step.hpp), one factory per kind; each lives in
// its own step_*.cpp. step_specs() (release_steps.cpp) puts them in order.

#include <memory>

#include <embargo/scheduler/release_step.hpp>

namespace embargo::scheduler {

// step_case.cpp: store-only steps.
// open-downloads (at fix-to-packagers): sets the case's download window
// (opens now, releases at the plan's release) unless one is already set.
std::unique_ptr<ReleaseStep> make_open_downloads_step(const StepEnv& env);
// make-public (at the release, last): moves the case to `public` unless it
// is already there (the state machine's conditions apply).
std::unique_ptr<ReleaseStep> make_make_public_step(const StepEnv& env);

// --- git push and CVE record (issue 11) -------------------------------------
// push-public (at the release, step_push.cpp): the release's commit to
// publish.git_branch of publish.git_remote (fast-forward only) and its tag,
// from the private repository the case's release was built from; only what
// the remote lacks. Dry run: into a bare repository under the sink.
std::unique_ptr<ReleaseStep> make_push_public_step(const StepEnv& env);
// publish-cve (at the release, step_cve.cpp): when publish.cve is true, each
// of the case's CVE records through CVE Services: created when the id is
// reserved, updated when published with other content, left alone when
// published with the same. Dry run: sink/publish-cve/<CVE>.json.
std::unique_ptr<ReleaseStep> make_publish_cve_step(const StepEnv& env);
// --- end git push and CVE record ---------------------------------------------

}  // namespace embargo::scheduler
