#pragma once

// The release builder: from a signed tag in the private repository to signed
// tarballs, a standalone patch and checksum files (issue 8). build_release
// reads like a table of contents: named passes over one ReleaseContext, each
// either filling in the context or refusing with a reason.
//
//   lock_output       one build at a time beside the output; remove what a
//                     build that died left there (.OUT.partial-XXXXXX)
//   check_output      the output directory is missing or empty
//   resolve_refs      the tag (annotated) and the base exist; repository clean
//   verify_tag        the tag's signature is good by a maintainer's key
//   check_ancestry    the base is an ancestor of the tag
//   tag_version       the tag names a version
//   check_signing     the signing key exists and signs (trial signature)
//   make_staging      a temporary directory beside the output
//   assemble_tree     the release tree by the layout (release_tree.hpp):
//                     exported into a scratch directory in the staging one,
//                     stamped by the project's command, its documentation
//                     made (unless skipped: --no-docs, tools missing)
//   check_version     the built tree's version file agrees with the tag
//   write_patches     base..tag as one unified diff (paths as the layout
//                     ships them) and as a mail series (repository paths)
//   write_tarballs    the release tree, one tar stream, every format at once
//   drop_scratch      the scratch tree is removed
//   write_checksums   00-sizes.txt, 00-sha256sums.txt, 00-sha512sums.txt
//   sign_files        a detached armored signature per file, then verified
//   publish           rename the staging directory to the output
//
// Nothing is left behind on failure: everything is written in the staging
// directory, which is removed unless the final rename happens (and by the
// next build if the process was killed).
//
// With `resume`, a non-empty output directory that already holds this
// release (a previous run published it, then died or failed to record it) is
// checked and taken over instead of rebuilt (release_resume.hpp); the report
// then has `resumed` set.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <embargo/core/release/release_tree.hpp>
#include <embargo/core/release/release_version.hpp>
#include <embargo/core/release/repo_ops.hpp>
#include <embargo/core/release/signer.hpp>
#include <embargo/util/compressor.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::release {

struct ReleaseOptions {
  std::string tag;
  std::string base;
  std::string package;
  // The private repository (absolute path), recorded on the case for the
  // push to the public remote at the release (scheduler push-public).
  std::string repository;
  std::filesystem::path out_dir;
  std::vector<util::Compression> formats = {util::Compression::gzip, util::Compression::bzip2,
                                            util::Compression::xz};
  ReleaseSettings settings;
  // What the tarball holds ([release.layout]); Exim's by default.
  ReleaseLayout layout = ReleaseLayout::exim();
  // Threads for the xz encoder (its output does not depend on this); 0 =
  // one per xz block.
  unsigned threads = 0;
  bool resume = false;
  // Older supported branches (a patch-level release's [release]
  // supported_branches): each gets the fix as its own standalone patch,
  // when the change applies to it (release_backports.hpp).
  std::vector<std::string> backport_branches;
  bool docs = true;  // false: --no-docs, the documentation step is skipped
};

struct ReleaseFile {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;
  std::string sha512;
  // True when this file's .asc was made and then verified. The .asc files
  // themselves are listed with false: nothing signs a signature.
  bool signature_verified = false;
};

struct ReleaseReport {
  TagInfo tag;
  std::string base_commit;
  std::string base_version;  // the base tag's version, or the base as given
  ReleaseVersion version;
  SignatureCheck tag_signature;
  std::string signing_fingerprint;
  std::vector<ReleaseFile> files;  // sorted by name, including the .asc files
  bool resumed = false;            // the output existed and was taken over
  StampRun stamp;                  // the layout's stamping command, if it ran
  struct Backport {
    std::string branch;
    std::string file;     // the patch written, or empty when the change does not apply
    std::string problem;  // why not: "the fix does not apply: src/src/debug.c: hunk at line 453 ..."
    std::vector<std::string> left_out;  // files whose change does not apply to the branch
    bool has_it = false;                // the branch has the fix already: no patch
  };
  std::vector<Backport> backports;  // one per backport branch, in order
  DocsRun docs;                    // the documentation step: ran, skipped (why) or none
};

// Builds the release. `tag_keys` checks the tag (the maintainers' keyring),
// `signer` signs the output. Every refusal is an Error naming what failed:
// Conflict (output not empty, another build running beside it, dirty or
// shallow repository, base not an ancestor), NotFound (tag, base, signing key), Unauthorized (bad or unknown
// tag signature, passphrase needed), InvalidArgument (version mismatch).
Result<ReleaseReport> build_release(const ReleaseOptions& options, RepoOps& repo, Signer& tag_keys, Signer& signer);

// The layout's tree job for a tag (the caller sets `scratch`).
TreeJob tree_job(const ReleaseOptions& options, const TagInfo& tag, const ReleaseVersion& version);

// The built tree's version files agree with the tag's version: [release]
// version_file (a repository path, read where the layout ships it: Exim's
// src/src/version.sh is the stamped src/version.sh) and the layout's own
// (Exim's src/version.h). InvalidArgument naming the file and both
// versions, or a file that the built tree lacks.
Result<void> check_built_version(const ReleaseTree& tree, const ReleaseOptions& options,
                                 const ReleaseVersion& version);

// Names of the standalone patch files for a package and version.
std::string patch_file_name(const std::string& package, const ReleaseVersion& version);
std::string series_file_name(const std::string& package, const ReleaseVersion& version);

}  // namespace embargo::core::release
