#pragma once

// What the release builder needs from a git repository (git/ implements it
// with libgit2). Read-only: nothing here writes to the repository or talks to
// a remote. Ids are hex object ids. Not thread-safe: one caller at a time.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::core::release {

struct TagInfo {
  std::string name;
  std::string tag_id;     // the tag object; empty for a lightweight tag
  std::string commit_id;  // what the tag points at, peeled to a commit
  std::int64_t commit_time = 0;  // committer time, seconds since the epoch
  std::string tagger;            // "Name <mail>"
  std::int64_t tag_time = 0;     // the tagger's time; 0 for a lightweight tag
  // The tag object without its signature, and the armored signature (empty
  // when the tag is lightweight or unsigned).
  std::string signed_data;
  std::string signature;
};

struct TreeEntry {
  enum class Kind { directory, file, executable, symlink, submodule };
  std::string path;  // relative, '/'-separated, no trailing slash
  Kind kind = Kind::file;
  std::uint64_t size = 0;  // bytes of a file or link target
};

// Content of a file, or the target of a symlink; empty for the rest, and when
// the walk was asked not to load contents.
using TreeVisitor = std::function<Result<void>(const TreeEntry&, std::string_view content)>;

struct PatchMail {
  std::string file_name;  // "0001-Fix-the-thing.patch"
  std::string text;       // one mail as `git format-patch` writes it
};

struct BackportDiff {
  std::string diff;
  std::vector<std::string> left_out;  // repository paths whose change does not apply
};

class RepoOps {
 public:
  virtual ~RepoOps() = default;

  // Refuses (Conflict) a shallow clone, and a working tree with changes to
  // tracked files; the reason names the repository and the problem.
  virtual Result<void> check_clean() = 0;
  // NotFound naming the tag when there is no refs/tags/<name>.
  virtual Result<TagInfo> resolve_tag(std::string_view name) = 0;
  // A tag name, branch or commit id, peeled to a commit id. NotFound.
  virtual Result<std::string> resolve_commit(std::string_view revision) = 0;
  virtual Result<bool> is_ancestor(std::string_view ancestor, std::string_view descendant) = 0;
  // A file of the commit's tree; nullopt when the path does not exist.
  virtual Result<std::optional<std::string>> read_file(std::string_view commit, std::string_view path) = 0;
  // Every entry of the commit's tree, depth-first, each directory's entries
  // in byte order of their names and before its contents. One blob is in
  // memory at a time. Stops at the first error `visit` returns.
  virtual Result<void> walk_tree(std::string_view commit, bool load_content, const TreeVisitor& visit) = 0;
  // walk_tree for what is under directory `dir` ("" = everything), paths
  // still relative to the root; false, and nothing visited, when `dir` is
  // not a directory at the commit.
  virtual Result<bool> walk_subtree(std::string_view commit, std::string_view dir, bool load_content,
                                    const TreeVisitor& visit) = 0;
  // `git diff from to` as one unified diff (binary files included).
  virtual Result<std::string> diff(std::string_view from, std::string_view to) = 0;
  // The change `from`..`to` applied onto the tree of `onto` (another branch),
  // as a unified diff from `onto`: that branch's standalone patch. A file
  // whose change does not apply there is left out and named; an empty diff
  // when the branch has the change already; Conflict naming each file and
  // hunk when no file's change applies. Hunks apply as with `git apply`:
  // exact lines, at the recorded line or the nearest other. What the apply makes stays in memory: the repository is
  // not written.
  virtual Result<BackportDiff> backport_diff(std::string_view from, std::string_view to, std::string_view onto) = 0;
  // `git format-patch from..to`: one mail per non-merge commit, oldest first.
  virtual Result<std::vector<PatchMail>> format_patch(std::string_view from, std::string_view to) = 0;
  // The repository's git config `user.signingkey`, empty when unset.
  virtual std::string configured_signing_key() = 0;
};

}  // namespace embargo::core::release
