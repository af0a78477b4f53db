#pragma once

// Records a built release on a case: one Artifact per file (the signed files
// with signature_verified = true, which lets the case move to `fix-shared`)
// and one timeline entry of kind "release" with the tag, versions, signer and
// file hashes as its data.

#include <string_view>
#include <vector>

#include <embargo/core/case_service.hpp>
#include <embargo/core/release/release_builder.hpp>
#include <embargo/core/release/release_test.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core::release {

inline constexpr std::string_view k_release_entry_kind = "release";

// True when recorded now; false when every file is already recorded on the
// case with the same hash (a resumed release that was recorded before: no
// second timeline entry). NotFound for an unknown case; Conflict when a file
// of the same name is recorded with another hash, or only some files are.
Result<bool> record_release(StoreTx& tx, const CaseService& service, std::string_view case_id,
                            const ReleaseOptions& options, const ReleaseReport& report, util::Timestamp now,
                            std::string_view actor);

inline constexpr std::string_view k_release_test_entry_kind = "release-test";

// A "release-test" timeline entry: the report's summary as text, the
// tarball, version, result, time and the output's last lines as data.
Result<void> record_release_test(StoreTx& tx, const CaseService& service, std::string_view case_id,
                                 const ReleaseTestReport& report, std::string_view actor);

// Conflict when the case already has an artifact named like one of `names`
// (checked before a build, so that it is not built in vain).
Result<void> check_not_recorded(StoreTx& tx, std::string_view case_id, const std::vector<std::string>& names);

}  // namespace embargo::core::release
