#pragma once

// `embargo release layout`: what `release build` would put in the tarball,
// without compressing or signing anything. The tag's signature is not
// checked here (the build checks it); the layout, the stamping command and
// the version check run as in the build, in a private scratch directory
// that is removed afterwards. The documentation command does not run (it
// takes a minute for Exim's): `docs` says what it would add, or why the
// build would skip it.

#include <string>
#include <vector>

#include <embargo/core/release/release_builder.hpp>

namespace embargo::core::release {

struct LayoutListing {
  TagInfo tag;
  ReleaseVersion version;
  std::string prefix;               // "exim-4.99.1"
  std::vector<TreeEntry> members;   // tar order, paths relative to the prefix
  StampRun stamp;
  DocsRun docs;  // not run: configured, skipped (why) and members
};

// Uses options.tag, options.package, options.settings and options.layout. The errors of
// build_release for a missing tag, a layout path missing at the tag, a
// failing stamping command or a version mismatch.
Result<LayoutListing> list_release_layout(const ReleaseOptions& options, RepoOps& repo);

}  // namespace embargo::core::release
