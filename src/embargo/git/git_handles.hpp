#pragma once

// unique_ptr holders for libgit2 objects, and the error of the last call.
// Internal to git/.

#include <memory>
#include <string>

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
using Index = GitPtr<git_index, git_index_free>;
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

}  // namespace embargo::git
