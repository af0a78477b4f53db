#pragma once

// Pushing a release to the public repository (issue 11, the release step
// push-public): the release's commit to one branch there, fast-forward only,
// and the release tag. Idempotent: the remote's refs are listed first and
// only what is missing is pushed.
//
// The private repository is only read: the push goes from a temporary bare
// repository that borrows its objects (an alternate object directory) and
// holds the two refs, so no ref, config or FETCH_HEAD of the private
// repository changes. When the public branch's tip is not a known object it
// is fetched into that temporary repository to decide whether it already
// contains the release (nothing to do) or has diverged (refused).
//
// Remotes: a local path or file:// URL (the tests), ssh:// or scp-like
// (credentials from the ssh agent, user name from the URL or "git"), https
// (EMBARGO_GIT_USERNAME and EMBARGO_GIT_PASSWORD from the environment, e.g. a
// token; never written to a message). A URL's user:password part is left out
// of every message. libgit2 1.5 does not check ssh host keys against
// known_hosts: use a remote you trust the network path to, or https.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::git {

struct PushRequest {
  std::filesystem::path repo;  // the private repository the release was built from
  std::string remote_url;      // path, file://, ssh:// or https://
  std::string branch;          // the public branch that receives `commit`
  std::string commit;          // hex id the release tag must still point at
  std::string tag;             // the tag's name (refs/tags/<tag>)
};

struct PushReport {
  bool branch_pushed = false;
  bool tag_pushed = false;
  std::string remote_tip;  // the public branch's tip before the push, empty when it had none
  // "pushed 1a2b3c4d5e6f to master and tag exim-4.99.1 to <remote>", or
  // "already pushed: master contains 1a2b3c4d5e6f, tag exim-4.99.1 is there".
  std::string summary;
};

// Pushes what is missing. `between` is called after the branch push and
// before the tag push when both are pushed (the scheduler's fault point).
// Errors: NotFound (repository, tag), Conflict (the tag no longer points at
// `commit`; the public branch has commits the release does not contain; the
// remote has the tag at another object), IOError/Unauthorized from the
// transport (the message names the remote and libgit2's reason), and a
// refusal by the remote (its reason quoted).
Result<PushReport> push_release(const PushRequest& request, const std::function<void()>& between = {});

// Creates an empty bare repository at `path` unless one is there (the dry
// run's sink).
Result<void> init_bare(const std::filesystem::path& path);

// `url` without a user:password@ part, for messages.
std::string redact_url(std::string_view url);

}  // namespace embargo::git
