#pragma once

// The [release] settings for the release commands: from the data directory
// when there is one (with a case id, that case's project's), else the
// shipped defaults (Exim's).

#include <string>

#include <embargo/cli/context.hpp>
#include <embargo/core/release/release_layout.hpp>
#include <embargo/core/release/release_test.hpp>
#include <embargo/core/release/release_version.hpp>

namespace embargo::cli {

// Sets `keyring` from release.keyring (relative to the data directory) when
// it is empty and the setting is not.
Result<core::release::ReleaseSettings> load_release_settings(Context& ctx, std::string& keyring,
                                                             const std::string& case_id);

// [release.layout] for the release commands: of the data directory (of
// the case's project with a case id), else Exim's.
Result<core::release::ReleaseLayout> load_release_layout(Context& ctx, const std::string& case_id);

// [release.test], likewise.
Result<core::release::ReleaseTestSettings> load_release_test(Context& ctx, const std::string& case_id);

// The package name a tag implies: the text before the version under the
// first matching tag pattern, without a trailing '-' or '_' ("exim" for
// exim-4.99.1); "" when none.
std::string package_from_tag(const std::string& tag, const core::release::ReleaseSettings& settings);

}  // namespace embargo::cli
