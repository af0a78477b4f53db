#pragma once

// The release steps (release_step.hpp), one factory per kind; each lives in
// its own step_*.cpp. step_specs() (release_steps.cpp) puts them in order.

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <embargo/core/advisory/csaf.hpp>
#include <embargo/scheduler/release_step.hpp>

namespace embargo::scheduler {

// step_case.cpp: store-only steps.
// Moves the case along reported -> confirmed -> fixing -> notified ->
// fix-shared -> public up to `target`, one recorded move at a time (the
// state machine's guards apply; `why` names the step). Nothing to do when it
// is there or beyond. A refused move: the error when `required`, else a
// result saying where the case stays and why.
Result<std::string> walk_case(const StepEnv& env, core::StoreTx& tx, std::string_view case_id, core::CaseState target,
                              std::string_view why, bool required);
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
// ---- publishing (step_publish.cpp) -------------------------------------
// publish-files (at the release): copies every file recorded on the case
// (core::Artifact, bytes from the file store under <data>/files) into
// [publish] files_dir. A file already there with the same SHA-256 is left
// alone; one with other content fails the step with an IOError naming it
// (a published file is never overwritten).
std::unique_ptr<ReleaseStep> make_publish_files_step(const StepEnv& env);
// publish-advisory (at the release, after publish-files): writes the case's
// page, index.html and atom.xml into [publish] web_dir (render_advisory),
// each only when its content differs, and the CSAF advisory's newest
// revision under web_dir/csaf/ (render_csaf_files below), whose record half records
// it when it is new (revision 1 at the release).
std::unique_ptr<ReleaseStep> make_publish_advisory_step(const StepEnv& env);

// The files of a case's advisory: its page (first), index.html and atom.xml
// (core/advisory/advisory_page.hpp, atom_feed.hpp), and how many advisories
// the index lists. The index and feed list the case and, when `listed_in`
// is not empty, every advisory published before (the cases in state public
// or closed whose publish-advisory job is done) whose page is in
// `listed_in`: the store says what was published, the directory that it is
// still there. `fallback` is the publication time of a case without a
// planned release.
struct RenderedAdvisory {
  std::vector<std::pair<std::string, std::string>> files;  // name, content
  std::size_t listed = 0;
};
Result<RenderedAdvisory> render_advisory(core::StoreTx& view, const config::ConfigFile& config,
                                         std::string_view case_id, util::Timestamp fallback,
                                         const std::filesystem::path& listed_in);

// The CSAF advisory of a case as publish-advisory publishes it into [publish]
// web_dir, beside the advisory page (issue 25):
//   csaf/<stem>.json      the newest revision; <stem> is the CSAF file name of
//                         the tracking id, the case id (section 5.1:
//                         core::advisory::csaf_file_stem), e.g. exim-2026-0001
//   csaf/<stem>/<N>.json  revision N as first published: written once, never
//                         replaced or removed, so every earlier revision stays
//                         reachable after a later one is published
// A published document is the recorded revision (core/advisory/csaf.hpp)
// with the newest revision's date as its generator date, so the same
// revision always renders to the same bytes (the step's act may run twice). At the release no revision is recorded yet: the document is
// revision 1, dated at the release, which the step's record half records.
struct CsafFiles {
  // Paths relative to web_dir, with their content: the newest revision's
  // file first, then its numbered copy. Empty when `skipped` says why.
  std::vector<std::pair<std::string, std::string>> files;
  std::optional<core::advisory::CsafRevision> record;  // the revision to record, if new
  std::string skipped;
};

// The files for `case_id`'s advisory; `release` dates revision 1 when none is
// recorded (the case's release time when that is earlier). Nothing to
// publish, and why in `skipped`, when advisory.advisory_url is not set, the
// case lacks what CSAF needs, its content changed since the last revision
// (recording the next needs a summary: `embargo export csaf CASE --summary`)
// or the document fails its schema or a mandatory test. Errors: the store's.
Result<CsafFiles> render_csaf_files(core::StoreTx& view, const config::ConfigFile& config, std::string_view case_id,
                                    util::Timestamp release);

// Writes `content` to `path` atomically and durably unless the file already
// holds exactly that; true when it wrote.
Result<bool> write_if_changed(const std::filesystem::path& path, std::string_view content);
// ---- end of publishing --------------------------------------------------
// --- step_notices.cpp: the release's mail (notices to [publish] lists) ---
// Each puts, in its record half, one complete outbox entry per list (signed,
// encrypted per the list's policy; Message-ID derived from the job and the
// list) into the job's own transaction, so the job is done iff the mails are
// queued; a list that already has this kind of notice for the case in the
// outbox (e.g. sent by hand with `embargo notice send`) gets no second one.
// embargod's flush thread delivers them (mail/outbox_flusher.hpp).
// notice-fix (at fix-to-packagers, after open-downloads; then the case
// moves to `fix-shared`, walk_case, once the window is set): kind `fix` to
// publish.fix_lists, each with its download usercode.
std::unique_ptr<ReleaseStep> make_notice_fix_step(const StepEnv& env);
// notice-advance (at advance-notice; scheduled only when
// publish.advance_lists names lists, StepSpec::configured): kind `advance`
// to those lists; then the case moves to `notified` (walk_case).
std::unique_ptr<ReleaseStep> make_notice_advance_step(const StepEnv& env);
// notice-heads-up (at heads-up): kind `heads-up` to publish.heads_up_lists.
std::unique_ptr<ReleaseStep> make_notice_heads_up_step(const StepEnv& env);
// announce (at the release, before make-public): kind `release` to
// publish.announce_lists.
std::unique_ptr<ReleaseStep> make_announce_step(const StepEnv& env);
// --- end step_notices.cpp ---

}  // namespace embargo::scheduler
