#pragma once

// The tree a release tarball holds, put together by the layout
// (release_layout.hpp). A plain layout is the commit's tree, streamed from
// git. Any other layout is built in a private scratch directory: the
// layout's source directories are exported there at their repository
// paths, the stamping command runs in it (without network, with a time
// limit, its output kept), then the documentation command the same way
// (release_docs.hpp), and the members are then read back from the
// scratch tree: the top directory, the additions (minus exclusions) and the
// empty directories, and the documentation files. Entries are visited in tar order with paths relative
// to the top directory; files 0644 or 0755 as their owner-execute bit says.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <embargo/core/release/release_docs.hpp>
#include <embargo/core/release/release_layout.hpp>
#include <embargo/core/release/repo_ops.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::release {

// Visits every entry in tar order (directories before their contents),
// paths relative to the top directory. Symlink targets are always loaded.
using TreeWalk = std::function<Result<void>(bool load_content, const TreeVisitor& visit)>;

struct TreeJob {
  std::string commit;
  std::string tag;
  std::int64_t commit_time = 0;  // SOURCE_DATE_EPOCH for the stamping command
  std::int64_t tag_time = 0;     // EMBARGO_TAG_TIME: the tagger's time (the commit's for a lightweight tag)
  std::string package;
  std::string version;  // 4.97-RC2
  std::string release;  // 4.97
  std::string variant;  // RC2 or ""
  ReleaseLayout layout;
  DocsStep docs = DocsStep::run;
  // An empty directory of the caller's, removed by the caller; unused by a
  // plain layout.
  std::filesystem::path scratch;
};

class ReleaseTree {
 public:
  // InvalidArgument naming the problem when a layout path is missing at
  // the tag, the stamping or documentation command fails or runs too long
  // (with its output), a documentation file is not made or empty, or two
  // sources ship the same path.
  static Result<ReleaseTree> assemble(RepoOps& repo, const TreeJob& job);

  Result<void> walk(bool load_content, const TreeVisitor& visit) const;
  TreeWalk walker() const;
  // A member file's content (path relative to the top); nullopt when the
  // tree has no such file.
  Result<std::optional<std::string>> read(std::string_view path) const;
  const StampRun& stamp() const { return m_stamp; }
  const DocsRun& docs() const { return m_docs; }

 private:
  struct Member {
    TreeEntry entry;  // path relative to the top
    std::filesystem::path source;  // in the scratch tree; empty for directories
  };
  RepoOps* m_repo = nullptr;
  std::string m_commit;
  bool m_plain = true;
  std::vector<Member> m_members;  // tar order; only when not plain
  StampRun m_stamp;
  DocsRun m_docs;

  Result<void> check_docs_dir(const TreeJob& job);
  Result<void> export_sources(const TreeJob& job);
  Result<StampRun> run_command(const TreeJob& job, const std::string& what, const std::string& command,
                               const std::string& dir, int timeout_seconds);
  Result<void> run_stamp(const TreeJob& job);
  Result<void> run_docs(const TreeJob& job);
  Result<void> collect(const TreeJob& job);
};

}  // namespace embargo::core::release
