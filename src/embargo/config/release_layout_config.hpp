#pragma once

// [release.layout] in embargo.toml (core/release/release_layout.hpp): what
// the release tarball holds. `preset` ("exim", the default, or
// "git-archive") is the starting point; the other keys change it.
//
//   [release.layout]
//   preset = "git-archive"       # the whole repository, as `git archive`
//
//   [release.layout]             # Exim's (the default)
//   top = "src"
//   empty_dirs = ["Local"]
//   stamp_dir = "src/src"
//   stamp_command = "..."
//   stamp_timeout_seconds = 120
//   isolate_network = true
//   version_file = "src/version.h"   # of the built tree, relative to the top
//   version_pattern = "..."
//   variant_pattern = "..."
//   docs_command = "..."         # "" = no documentation step
//   docs_dir = "doc/doc-docbook"
//   docs_tools = ["make", "perl", "xfpt", "xmlto", "w3m", "/usr/share/..."]
//   docs_files = ["exim.8", "spec.txt", "filter.txt"]
//   docs_to = "doc"
//   docs_timeout_seconds = 1800
//   [[release.layout.add]]
//   from = "doc/doc-txt"
//   to = "doc"
//   exclude = [".*", "ABOUT", "ChangeLog.0", "test-harness.txt", "rfc*", "draft-ietf-*"]

#include <filesystem>
#include <string>

#include <embargo/config/toml_fwd.hpp>

#include <embargo/core/release/release_layout.hpp>
#include <embargo/core/release/release_test.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// `release` is the [release] table. InvalidArgument naming the key: wrong
// types, an unknown preset, absolute paths or "..", a stamping directory
// outside what is exported, a time limit outside 1..86400 s, a pattern that
// is not a regex with a group, a documentation directory inside what ships,
// no documentation files, a tool that is neither a name nor absolute.
Result<core::release::ReleaseLayout> parse_release_layout(const toml::value& release);

// [release.test] (core/release/release_test.hpp): command, timeout_seconds
// (1..86400), expect, isolate_network; Exim's by default, preset = "none"
// for no test. InvalidArgument naming the key.
Result<core::release::ReleaseTestSettings> parse_release_test(const toml::value& release);

// The [release] table for a release command: of <data_dir>/embargo.toml,
// with `project_file` (a [[projects]] entry's settings file, relative to
// the data directory; "" = none) merged over it; an empty table when there
// is none.
Result<toml::value> load_release_table(const std::filesystem::path& data_dir, const std::string& project_file);

// The commented [release.layout] section `embargo init` writes.
std::string default_release_layout_text();

}  // namespace embargo::config
