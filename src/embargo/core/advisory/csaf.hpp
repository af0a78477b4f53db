#pragma once

// A CSAF 2.0 security advisory (profile "Security Advisory", /document/category
// csaf_security_advisory) for a whole case: one product tree for the project
// (vendor > product > affected version ranges in vers:generic form, and each
// fixed version), one vulnerability item per vulnerability with its notes,
// product status, remediation, scores and the accepted credit.
//
// Tracking: with `revisions` (below: recorded on the case's timeline), the document is final: version = the newest revision's number,
// initial_release_date = revision 1's date, current_release_date = the
// newest's, revision_history = every revision in order. Without them, a case
// not yet public is a draft at version 0 and a public one is final at
// version 1 ("Initial release", dated at the release).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_input.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>
#include <embargo/core/timeline.hpp>

namespace embargo::core {
namespace entry_kind {
inline constexpr std::string_view k_csaf_revision = "csaf-revision";
}  // namespace entry_kind
}  // namespace embargo::core

namespace embargo::core::advisory {

// One published revision of a case's CSAF advisory (see "revisions" below).
struct CsafRevision {
  int number = 0;  // 1, 2, ...
  util::Timestamp date{};
  std::string summary = {};
  std::string digest;  // csaf_content_digest of the document revised
};

struct CsafInput {
  const Case& c;
  const std::vector<Vulnerability>& vulns;
  const AdvisoryConfig& config;
  CvssToJson cvss;     // may be empty
  util::Timestamp now;  // the generation time
  // CWE names (schema::shipped_cwe_names): a vulnerability's "cwe" needs its
  // name, so without them (or for an unknown id) none is written.
  const CweNames* cwes = nullptr;
  // The recorded revisions, oldest first; empty: see Tracking above.
  std::vector<CsafRevision> revisions = {};
};

// InvalidArgument if a vulnerability lacks what an advisory needs (an
// affected range) or advisory.advisory_url is not set (the publisher's
// namespace and the document's reference come from it).
Result<nlohmann::json> csaf_advisory(const CsafInput& in);

// ---- revisions (issue 25) ---------------------------------------------------
// Once a case is public its CSAF advisory is
// final, and a change to it after that (new fixed versions, a corrected
// score) is a new revision with a summary the team gives.
//
// The timeline is the record, as for recipient statuses (no new table): each
// revision is one `csaf-revision` entry with data {"number", "date",
// "summary", "digest"}, where digest is csaf_content_digest of the document
// revised. Revision 1 ("Initial release", dated at the release) is recorded
// by the release's publish-advisory step, or by the first export after the
// case is public; an export whose digest differs from the last revision's is
// revision N+1 only with a summary (`embargo export csaf CASE --summary`),
// and is refused without one, naming what to do.

// Every csaf-revision entry of a timeline, in order (entries whose data does
// not parse are skipped).
std::vector<CsafRevision> csaf_revisions(const std::vector<TimelineEntry>& timeline);

// The SHA-256 (hex) of `doc` without /document/tracking (its version,
// history and generator date): what a revision is a revision of.
std::string csaf_content_digest(const nlohmann::json& doc);

// What exporting a released advisory whose content is `digest` records,
// given the revisions `have`:
//   none recorded: revision 1, dated `first`, summary `summary` or "Initial release";
//   the last has this digest: nothing (nullopt), and a `summary` is refused;
//   another digest: revision N+1 dated `now` (at least a second after the
//   last), with `summary`, which it needs: InvalidArgument without it, naming
//   --summary, the last revision and its date. `case_id` is for messages.
Result<std::optional<CsafRevision>> next_csaf_revision(const std::vector<CsafRevision>& have,
                                                       const std::string& digest, util::Timestamp first,
                                                       util::Timestamp now, std::string_view summary,
                                                       std::string_view case_id);

// What a CSAF export reads from the store: the case (with its accepted
// credit only), its vulnerabilities and recorded revisions.
struct CsafCaseData {
  Case c;
  std::vector<Vulnerability> vulns;
  std::vector<CsafRevision> revisions;
};
Result<CsafCaseData> load_csaf_case(StoreTx& tx, std::string_view case_id);

struct CsafRequest {
  const AdvisoryConfig& config;
  CvssToJson cvss;                 // may be empty
  const CweNames* cwes = nullptr;  // as in CsafInput
  // Final: the case is public, or the release is publishing it. Not
  // released: the draft (version 0), and a `summary` is refused.
  bool released = false;
  util::Timestamp now{};  // a new revision's date; the generator date unless...
  // ...this is set: the generator date is the newest revision's, so that the
  // same revision renders to the same bytes (published files).
  bool stable_generator_date = false;
  std::string summary = {};
};

struct CsafExport {
  nlohmann::json doc;
  std::optional<CsafRevision> record;  // a new revision the caller records
};

// The case's advisory with its revisions (next_csaf_revision's errors).
Result<CsafExport> revised_csaf_advisory(const CsafCaseData& data, const CsafRequest& req);

// Records `r` on the case's timeline (one csaf-revision entry).
Result<void> record_csaf_revision(const CaseService& cases, StoreTx& tx, std::string_view case_id,
                                  const CsafRevision& r, std::string_view actor);

// The file name of a CSAF document (CSAF 2.0 section 5.1) without ".json":
// the tracking id in lower case, each run of characters other than a-z, 0-9,
// '+' and '-' replaced by one '_'.
std::string csaf_file_stem(std::string_view tracking_id);

}  // namespace embargo::core::advisory
