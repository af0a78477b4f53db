#pragma once

// The release kind of a case (issue 22; the seed's step 4): "For anything
// involving remote code execution, assume that we'll release a patch-level
// release (X.Y.patchlevel) with just the backported fix ... For some issues
// we'll just bundle it into the next release ... and provide heads-up to the
// OS packagers so that they can handle any backporting required."
//
// The team records the decision with `embargo case release-kind`: a
// timeline entry of kind "release-kind" whose data holds the decision; the
// latest such entry is the case's release kind. Until one is recorded, the
// kind is proposed from the case's impact (RCE: patch-level; anything else:
// bundled). The decision drives `release build --case`'s defaults (tag and
// base), the notices' wording (release_kind_text) and, for a patch-level
// release, the standalone patches for the older supported branches.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core {

inline constexpr std::string_view k_release_kind_entry = "release-kind";

enum class ReleaseKindName { patch_level, bundled };

std::string_view to_string(ReleaseKindName kind);
// "patch-level" or "bundled"; InvalidArgument naming `field` otherwise.
Result<ReleaseKindName> parse_release_kind(std::string_view text, std::string_view field = "kind");

struct ReleaseKind {
  ReleaseKindName kind = ReleaseKindName::bundled;
  std::string base;    // the release the new one starts from: a tag, "exim-4.98.1"
  std::string target;  // the version to release: "4.98.2" (patch-level) or "4.99" (bundled)
  std::string branch;  // the branch carrying the fix, "exim-4.98+fixes"; may be empty
  std::string why;
  // Set when read back from the timeline.
  std::string decided_by;
  util::Timestamp decided_at{};
};

// Checks a decision: base and branch are git ref names (1-100 of
// [A-Za-z0-9._+/-], no "..", not starting with '-' or '/'), target a version
// (1-40 of [A-Za-z0-9._-], starting with a digit), why 1-2000 characters
// without control characters but newlines. InvalidArgument naming the field.
Result<void> validate_release_kind(const ReleaseKind& decision);

// A git ref name as the release kind and [release] supported_branches take
// it: 1-100 of [A-Za-z0-9._+/-], no "..", not starting with '-' or '/'.
// InvalidArgument starting with `field`.
Result<void> check_ref_name(std::string_view field, std::string_view value);

struct ReleaseKindProposal {
  ReleaseKindName kind = ReleaseKindName::bundled;
  std::string reason;  // "impact is remote code execution: a patch-level release with only the fix"
};

// The seed's rule applied to the case's impact.
ReleaseKindProposal propose_release_kind(const Case& c);

// Records `decision` (validated) on the case's timeline, in the caller's
// transaction. The text says the decision and, when it differs, the
// proposal it overrides.
Result<void> record_release_kind(const CaseService& cases, StoreTx& tx, const std::string& case_id,
                                 const ReleaseKind& decision, std::string_view actor);

// The latest decision on `timeline`, or nullopt. An entry whose data is not
// a decision (damaged, or from a later version) is skipped.
std::optional<ReleaseKind> latest_release_kind(const std::vector<TimelineEntry>& timeline);

// One line: "patch-level release 4.98.2 from exim-4.98.1 (branch
// exim-4.98+fixes), decided by alice on 2026-12-06 10:00 UTC: <why>".
std::string describe_release_kind(const ReleaseKind& decision);

// For the notices: what the release will be, in a sentence or two for
// packagers, e.g. "This will be a patch-level release, Exim 4.98.2, with
// only the fix on top of exim-4.98.1." (The standalone patches for older
// supported branches are among the release files the fix notice lists.)
std::string release_kind_notice_text(const ReleaseKind& decision, std::string_view project);

}  // namespace embargo::core
