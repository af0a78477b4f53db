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

// --- step_notices.cpp: the release's mail (notices to [publish] lists) ---
// Each puts, in its record half, one complete outbox entry per list (signed,
// encrypted per the list's policy; Message-ID derived from the job and the
// list) into the job's own transaction, so the job is done iff the mails are
// queued; a list that already has this kind of notice for the case in the
// outbox (e.g. sent by hand with `embargo notice send`) gets no second one.
// embargod's flush thread delivers them (mail/outbox_flusher.hpp).
// notice-fix (at fix-to-packagers, after open-downloads): kind `fix` to
// publish.fix_lists, each with its download usercode.
std::unique_ptr<ReleaseStep> make_notice_fix_step(const StepEnv& env);
// notice-heads-up (at heads-up): kind `heads-up` to publish.heads_up_lists.
std::unique_ptr<ReleaseStep> make_notice_heads_up_step(const StepEnv& env);
// announce (at the release, before make-public): kind `release` to
// publish.announce_lists.
std::unique_ptr<ReleaseStep> make_announce_step(const StepEnv& env);
// --- end step_notices.cpp ---

}  // namespace embargo::scheduler
