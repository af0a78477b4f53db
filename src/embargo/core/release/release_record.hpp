#pragma once

// Records a built release on a case: one Artifact per file (the signed files
// with signature_verified = true, which lets the case move to `fix-shared`)
// and one timeline entry of kind "release" with the tag, versions, signer and
// file hashes as its data.

#include <string_view>

#include <embargo/core/case_service.hpp>
#include <embargo/core/release/release_builder.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core::release {

inline constexpr std::string_view k_release_entry_kind = "release";

// NotFound for an unknown case; Conflict when a file of the same name is
// already recorded on it (a release is recorded once).
Result<void> record_release(StoreTx& tx, const CaseService& service, std::string_view case_id,
                            const ReleaseOptions& options, const ReleaseReport& report, util::Timestamp now,
                            std::string_view actor);

}  // namespace embargo::core::release
