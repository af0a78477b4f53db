#pragma once

// unique_ptr holders for libgit2 objects, the error of the last call, and
// commit lookups. Internal to git/.

#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <git2.h>

#include <embargo/util/result.hpp>

namespace embargo::git {

template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* p) const { Free(p); }
};

template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using Object = GitPtr<git_object, git_object_free>;
using Commit = GitPtr<git_commit, git_commit_free>;
using Tree = GitPtr<git_tree, git_tree_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using Blob = GitPtr<git_blob, git_blob_free>;
using Reference = GitPtr<git_reference, git_reference_free>;
using Tag = GitPtr<git_tag, git_tag_free>;
using Odb = GitPtr<git_odb, git_odb_free>;
using OdbObject = GitPtr<git_odb_object, git_odb_object_free>;
using Diff = GitPtr<git_diff, git_diff_free>;
using Patch = GitPtr<git_patch, git_patch_free>;
using Revwalk = GitPtr<git_revwalk, git_revwalk_free>;
using StatusList = GitPtr<git_status_list, git_status_list_free>;
using Config = GitPtr<git_config, git_config_free>;

// A buffer filled by libgit2, disposed with git_buf_dispose.
class Buf {
 public:
  Buf() = default;
  ~Buf() { git_buf_dispose(&m_buf); }
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  git_buf* get() { return &m_buf; }
  std::string str() const { return m_buf.ptr == nullptr ? std::string() : std::string(m_buf.ptr, m_buf.size); }

 private:
  git_buf m_buf = GIT_BUF_INIT;
};

// An Error from libgit2's last error, prefixed with `what`.
inline tl::unexpected<Error> git_failure(const std::string& what, int rc) {
  const git_error* e = git_error_last();
  std::string detail = e != nullptr && e->message != nullptr ? e->message : "unknown error";
  return make_error(rc == GIT_ENOTFOUND ? ErrorCode::not_found : ErrorCode::io_error, what + ": " + detail);
}

inline Result<git_oid> parse_oid(std::string_view hex) {
  git_oid oid;
  if (git_oid_fromstrn(&oid, hex.data(), hex.size()) != 0) {
    return make_error(ErrorCode::invalid_argument, fmt::format("'{}' is not an object id", hex));
  }
  return oid;
}

inline Result<Commit> lookup_commit(git_repository* repo, std::string_view id) {
  TRY_ASSIGN(git_oid oid, parse_oid(id));
  git_commit* c = nullptr;
  if (int rc = git_commit_lookup(&c, repo, &oid); rc != 0) {
    return git_failure(fmt::format("commit {}", id), rc);
  }
  return Commit(c);
}

// The tree of commit `id` (hex).
inline Result<Tree> commit_tree(git_repository* repo, std::string_view id) {
  TRY_ASSIGN(Commit c, lookup_commit(repo, id));
  git_tree* t = nullptr;
  if (int rc = git_commit_tree(&t, c.get()); rc != 0) {
    return git_failure(fmt::format("tree of {}", id), rc);
  }
  return Tree(t);
}

// The diff between two commits' trees, binary files included.
inline Result<Diff> commit_diff(git_repository* repo, std::string_view from, std::string_view to) {
  TRY_ASSIGN(Tree a, commit_tree(repo, from));
  TRY_ASSIGN(Tree b, commit_tree(repo, to));
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_SHOW_BINARY;
  git_diff* d = nullptr;
  if (int rc = git_diff_tree_to_tree(&d, repo, a.get(), b.get(), &opts); rc != 0) {
    return git_failure("diff", rc);
  }
  return Diff(d);
}

}  // namespace embargo::git
