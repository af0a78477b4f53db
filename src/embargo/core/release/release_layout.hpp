#pragma once

// What goes into a release tarball ([release.layout] in embargo.toml):
// which tree of the repository becomes the top directory `<package>-<version>/`,
// which other paths are added where (with exclusions), which empty
// directories are made, and the project's own stamping command that
// generates files (version headers) in a private scratch copy of the
// exported tree before it is packed.
//
// The shipped default is Exim's (release-process/scripts/mk_exim_release):
// `src/` becomes `exim-X/`, `doc/doc-txt/` goes into `doc/` without ABOUT,
// ChangeLog.0, test-harness.txt, rfc* and draft-ietf-* (nor dot files, which
// the script's glob skips), an empty `Local/`, and `src/src/version.sh` plus
// `version.h` and `cnumber.h` from `../scripts/reversion release`, and
// doc/exim.8, spec.txt and filter.txt made in doc/doc-docbook by its
// Makefile (xfpt, xmlto, w3m, docbook-xsl; skipped when they are missing).
// `git_archive()` is the whole repository as `git archive` packs it.

#include <string>
#include <string_view>
#include <vector>

namespace embargo::core::release {

struct LayoutAddition {
  std::string from;  // a directory of the repository ("doc/doc-txt")
  std::string to;    // where its contents go, relative to the top ("doc")
  // fnmatch patterns on paths relative to `from` ('*' does not match '/');
  // an excluded directory takes everything under it.
  std::vector<std::string> exclude;
};

struct ReleaseLayout {
  std::string top;  // a directory of the repository; "" = the whole repository
  std::vector<LayoutAddition> add;
  std::vector<std::string> empty_dirs;  // relative to the top
  // Run with /bin/sh -c in <scratch>/<stamp_dir> (a repository path) with
  // SOURCE_DATE_EPOCH (the tag's commit time), EMBARGO_VERSION (4.97-RC2),
  // EMBARGO_RELEASE (4.97), EMBARGO_VARIANT (RC2 or ""), EMBARGO_TAG,
  // EMBARGO_TAG_TIME (the tagger's time, seconds since the epoch; the
  // commit's for a lightweight tag), EMBARGO_PACKAGE. "" = nothing is
  // generated.
  std::string stamp_command;
  std::string stamp_dir;
  int stamp_timeout_seconds = 120;
  bool isolate_network = true;  // the stamping command runs without network
  // A file of the built tree (relative to the top) that must name the tag's
  // version, under these line patterns (ECMAScript regex, whole line, the
  // first group: the version without -RCn, and the variant "RC2" or "";
  // no variant line = ""). Empty = no check. Besides [release] version_file
  // (a repository path, read where the layout ships it).
  std::string version_file;
  std::string version_pattern;
  std::string variant_pattern;
  // The documentation command: run with /bin/sh -c in <scratch>/<docs_dir>
  // (a repository directory, exported for it, not inside what ships) after
  // the stamping command, in the same scratch tree, with the same
  // environment, network isolation and kept output. "" = no documentation
  // step. It is skipped (and the build says so) when docs_dir is not in
  // the tag, or a tool of docs_tools is missing: a program name looked up on PATH, or an absolute path that
  // must exist (stylesheets). Each of docs_files (relative to docs_dir)
  // must then be made and not empty; it ships as docs_to/<file> (docs_to
  // relative to the top).
  std::string docs_command;
  std::string docs_dir;
  std::vector<std::string> docs_tools;
  std::vector<std::string> docs_files;
  std::string docs_to;
  int docs_timeout_seconds = 1800;

  static ReleaseLayout exim();
  static ReleaseLayout git_archive();
  // Nothing but the repository's tree: streamed straight from git.
  bool plain() const;
  // The repository directories that are exported for the build: the top,
  // each addition's source and, `with_docs`, the documentation directory;
  // each once, none inside another.
  std::vector<std::string> sources(bool with_docs = false) const;
};

// Where a repository path lands in the tarball (relative to the top
// directory), or "" when the layout does not ship it.
std::string layout_path(const ReleaseLayout& layout, std::string_view repo_path);

// True when `rel` (relative to an addition's `from`) or one of its parent
// directories matches an exclusion.
bool layout_excluded(const LayoutAddition& add, std::string_view rel);

// Tar order: depth-first, a directory before its contents, names in byte
// order ('/' sorts before every other byte).
bool tar_order_less(std::string_view a, std::string_view b);

// A unified diff (`git diff` format) with each file's paths moved to where
// the layout ships them; files the layout does not ship are left out.
std::string relocate_diff(const ReleaseLayout& layout, std::string_view diff);

}  // namespace embargo::core::release
