#pragma once

// "Tested on <platform>: ok|failed" on a case (issue 22, "Get testing
// coordinated with other Exim Maintainers"): who builds the release files on
// their own system says how it went, from the CLI (`embargo release
// tested-on`), the API (POST /api/v1/cases/{id}/tested-on) or the case page
// (POST /cases/ID/tested-on); all three go through parse_tested_on and
// record_tested_on. Each is one timeline entry of kind "release-tested-on",
// text "tested on Debian 12 amd64: ok (note)", data {"platform", "result",
// "note", "version"}: `version` is that of the case's latest "release" entry
// (release_record.hpp), "" when none is recorded. Who may record one is the
// caller's check (the web and the API: read access to the case, never a
// reporter).
//
// The same entries and `embargo release test --case`'s "release-test" ones
// make the case page's "Testing" list (release_tests) and the warning of
// `embargo release schedule` when the release to be shared has no passing
// test after it (untested_release_warning).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>
#include <embargo/core/timeline.hpp>

namespace embargo::core::release {

inline constexpr std::string_view k_tested_on_entry_kind = "release-tested-on";

// What a tester says, checked (parse_tested_on).
struct TestedOn {
  std::string platform;  // 1-200 characters of UTF-8, no control characters, trimmed
  bool ok = false;       // result "ok"; false: "failed"
  std::string note;      // up to 2000 bytes of UTF-8, trimmed; no control characters but newline and tab
};

// Checks the three fields as given (form, JSON or options). InvalidArgument
// naming the field: "platform: ...", "result: must be ok or failed",
// "note: ...".
Result<TestedOn> parse_tested_on(std::string_view platform, std::string_view result, std::string_view note);

// Records `t` on case `case_id` by `actor`: the entry as stored. NotFound for
// an unknown case.
Result<TimelineEntry> record_tested_on(StoreTx& tx, const CaseService& service, std::string_view case_id,
                                       const TestedOn& t, std::string_view actor);

// One test of a release, as the case page's "Testing" list shows it.
struct ReleaseTestLine {
  std::int64_t seq = 0;
  util::Timestamp at{};
  std::string actor;
  std::string platform;  // "" for a release-test entry (release test: [release.test]'s command)
  std::string version;   // the release tested, "" when unknown
  bool ok = false;
  std::string text;  // the entry's text
};

// Every "release-test" and "release-tested-on" entry of `entries`, oldest
// first. Entries whose data is not an object read as failed.
std::vector<ReleaseTestLine> release_tests(const std::vector<TimelineEntry>& entries);

// When the latest "release" entry of `entries` has no later passing test (a
// release-test entry with ok true or a release-tested-on entry with result
// ok): a warning naming the release, the failed tests after it if any, and
// the commands that record a test for `case_id`. nullopt when tested, or when
// no release is recorded.
std::optional<std::string> untested_release_warning(const std::vector<TimelineEntry>& entries,
                                                    std::string_view case_id);

}  // namespace embargo::core::release
