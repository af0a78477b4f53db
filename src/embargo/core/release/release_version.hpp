#pragma once

// Release versions and the tags that name them, as Exim's mk_exim_release
// understands them: MAJOR.MINOR[.SECURITY[.FIXES]][-RCn], tags like
// `exim-4.99.1` (and before 2018 `exim-4_90_1`), and a version file in the
// tree (`src/src/version.sh`, `EXIM_RELEASE_VERSION=4.99.1`) that must agree
// with the tag. All of it is configurable in embargo.toml's [release].

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::core::release {

struct ReleaseVersion {
  int major = 0;
  int minor = 0;
  std::optional<int> security;
  std::optional<int> fixes;
  std::optional<int> rc;
  // "4.99.1", "4.97-RC2": the canonical dotted form.
  std::string text() const;
  // Without the -RCn suffix ("4.97" for 4.97-RC2).
  std::string release_text() const;
};

// InvalidArgument naming the text and what is wrong (grammar, leading zeros,
// a number out of range).
Result<ReleaseVersion> parse_release_version(std::string_view text);

// [release] in embargo.toml; defaults are Exim's.
struct ReleaseSettings {
  // Each pattern holds `{version}` (dotted: exim-4.99.1) or `{version_}`
  // (underscores: exim-4_90_1, exim-4_90_RC1).
  std::vector<std::string> tag_patterns = {"exim-{version}", "exim-{version_}"};
  // A file in the tree at the tag; empty = no check.
  std::string version_file = "src/src/version.sh";
  // Line patterns (ECMAScript regex, whole line) whose first group is the
  // release version without -RCn and, if set, the variant ("RC2" or empty).
  std::string version_pattern = R"(\s*EXIM_RELEASE_VERSION=["']?([0-9.]+)["']?\s*)";
  std::string variant_pattern = R"(\s*EXIM_VARIANT_VERSION=["']?(RC[0-9]+|)["']?\s*)";
  // Maintainers' public keys (armored or binary keyring file); tags must be
  // signed by one of them. Empty = the keys in the configured GNUPGHOME.
  std::string keyring;
  // Default signing key (fingerprint, key id or user id); empty = git's
  // user.signingkey, then GnuPG's default key.
  std::string signing_key;
  // xz block size in MiB; 0 = a quarter of the tar size, so that the blocks
  // share the cores with gzip and bzip2 while the output stays the same for
  // any thread count.
  int xz_block_mib = 0;
  // Older branches still supported ("exim-4.97+fixes"): a patch-level
  // release (core/release_kind.hpp) gives each the fix as its own standalone
  // patch when it applies.
  std::vector<std::string> supported_branches;
  // Repository path prefixes whose change may be left out of such a patch
  // when it does not apply (Exim's ChangeLog and NewStuff); a change to any
  // other file that does not apply means no patch for that branch.
  std::vector<std::string> backport_may_leave_out = {"doc/"};
};

// The version a tag names under one of `patterns`; NotFound if the tag
// matches none, InvalidArgument if it matches but the version is malformed.
Result<ReleaseVersion> version_from_tag(std::string_view tag, const std::vector<std::string>& patterns);

// Checks the version file's text against `version`. InvalidArgument naming
// the file, the line pattern and both values on a mismatch or when the
// pattern matches no line.
Result<void> check_version_file(std::string_view file_name, std::string_view content, const ReleaseVersion& version,
                                const ReleaseSettings& settings);

}  // namespace embargo::core::release
