#pragma once

// What a release needs before it is scheduled (issue 21): `embargo release
// schedule` and `embargo release dry-run` ask first, so that a schedule that
// cannot finish is refused now, naming each missing piece, rather than
// failing at the release minute.

#include <string>
#include <vector>

#include <embargo/config/config_file.hpp>
#include <embargo/core/store.hpp>

namespace embargo::scheduler {

// One line per missing piece, empty when the release can finish:
//   - no vulnerability recorded on the case;
//   - files to publish ([publish] files_dir) but no release with a verified
//     signature recorded on the case (`embargo release build --case`);
//   - a [publish] list name that [[mail.lists]] does not configure;
//   - a fix list without a live (issued, not revoked) download usercode;
//   - [publish] cve = true and no CVE id on any vulnerability;
//   - a disclosure duty that fails (notice/disclosure_duties.hpp): a private
//     list told or to be told and no oss-security post at the release, or a
//     release later than a private list's limit after its first message;
//   - no plan, or a plan failing the policy that was not stored with an
//     override (`embargo case plan --override --why`).
// `settings` are the case's project's (config::config_for_case).
Result<std::vector<std::string>> schedule_problems(core::StoreTx& tx, const config::ConfigFile& settings,
                                                   std::string_view case_id);

// What a release may go without but should not (issue 22), one line each,
// empty when nothing is amiss; `release schedule` prints them and schedules
// anyway:
//   - the release to be shared (the latest "release" entry) has no passing
//     test after it: no `embargo release test --case` that passed and no
//     maintainer's "tested on PLATFORM: ok" (core/release/release_tested_on.hpp);
//     the failed ones after it are named.
Result<std::vector<std::string>> schedule_warnings(core::StoreTx& tx, std::string_view case_id);

}  // namespace embargo::scheduler
