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

}  // namespace embargo::scheduler
