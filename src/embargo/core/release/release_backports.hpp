#pragma once

// A patch-level release's fix for the older supported branches
// (core/release_kind.hpp, [release] supported_branches): the change
// base..tag applied onto each branch (RepoOps::backport_diff) as a
// standalone patch of its own, backport_file_name(). Files under [release]
// backport_may_leave_out (Exim: doc/, its ChangeLog) may be left out when
// their change does not apply; any other file's change that does not apply
// means no patch for that branch, reported but not refused: the release goes
// on and the team backports by hand. A branch that has the fix needs none.

#include <string>
#include <vector>

#include <embargo/core/release/release_builder.hpp>
#include <embargo/core/release/repo_ops.hpp>

namespace embargo::core::release {

// "exim-4.98.2-for-exim-4.97-fixes.patch" for branch exim-4.97+fixes: what
// is not [A-Za-z0-9._-] in the branch becomes '-'.
std::string backport_file_name(const std::string& package, const ReleaseVersion& version, const std::string& branch);

struct PlannedBackport {
  ReleaseReport::Backport backport;
  std::string text;  // the patch file's content (with its header) when backport.file is set
};

// One per options.backport_branches, in order; reads only. NotFound naming
// release.supported_branches for a branch the repository does not have.
Result<std::vector<PlannedBackport>> plan_backports(RepoOps& repo, const ReleaseOptions& options,
                                                    const ReleaseReport& report);

}  // namespace embargo::core::release
