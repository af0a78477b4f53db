#pragma once

// What the advisory page (advisory_page.hpp) shows, gathered from the store
// (issue 11): the case and its vulnerabilities with scored CVSS vectors, the
// credit only if the reporter accepted it (core/credit.hpp), the disclosure
// timeline, the case's files with their public URLs, and the version and
// signing key of the last release recorded on the case.
//
// The disclosure timeline holds only milestones that do not change once the
// release is under way (report received, confirmed, distributions notified,
// fix shared, release built, public release at the planned time), never
// notes, mail or the release steps' own entries, so the page of a case
// gathered twice during its release comes out the same.

#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/advisory/advisory_page.hpp>
#include <embargo/core/store.hpp>

namespace embargo::core::advisory {

struct AdvisorySite {
  std::string project;    // the project's name, for titles
  std::string files_url;  // where the release files are published
  std::string advisory_url{};  // [advisory] advisory_url: names each page's file (advisory_page_file)
};

// The page of `case_id`. Its publication time is the case's release_at, or
// `fallback` when the case has none. NotFound for an unknown case.
Result<AdvisoryPage> collect_advisory_page(StoreTx& tx, std::string_view case_id, const AdvisorySite& site,
                                           util::Timestamp fallback);

// The index entries of the advisories already published: the cases in state
// public or closed whose job of kind `published_kind` is done, except
// `except_case`. Ordered newest first.
Result<std::vector<IndexEntry>> published_entries(StoreTx& tx, std::string_view published_kind,
                                                  std::string_view except_case, const AdvisorySite& site);

}  // namespace embargo::core::advisory
