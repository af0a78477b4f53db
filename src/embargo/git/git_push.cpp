#include <embargo/git/git_push.hpp>

#include <cstdlib>
#include <optional>
#include <system_error>

#include <fmt/format.h>
#include <unistd.h>

#include <embargo/git/git_handles.hpp>

namespace embargo::git {

namespace {

using Repository = GitPtr<git_repository, git_repository_free>;
using Remote = GitPtr<git_remote, git_remote_free>;

// git_libgit2_init/shutdown for the length of a call.
struct LibGit {
  LibGit() { git_libgit2_init(); }
  ~LibGit() { git_libgit2_shutdown(); }
  LibGit(const LibGit&) = delete;
  LibGit& operator=(const LibGit&) = delete;
};

// A temporary directory, removed with everything in it.
class TempRepoDir {
 public:
  TempRepoDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "embargo-push-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      m_path = pattern;
    }
  }
  ~TempRepoDir() {
    std::error_code ignored;
    if (!m_path.empty()) {
      std::filesystem::remove_all(m_path, ignored);
    }
  }
  TempRepoDir(const TempRepoDir&) = delete;
  TempRepoDir& operator=(const TempRepoDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

std::string hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

std::string shortened(const git_oid& oid) {
  return hex(oid).substr(0, 12);
}

// Credentials: each kind is offered once, so a refused one ends the attempt
// instead of looping.
struct CredentialTries {
  bool agent = false;
  bool userpass = false;
  bool username = false;
};

int credentials(git_credential** out, const char* /*url*/, const char* user_from_url, unsigned int allowed,
                void* payload) {
  auto& tries = *static_cast<CredentialTries*>(payload);
  const char* user = user_from_url != nullptr && *user_from_url != '\0' ? user_from_url : "git";
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0 && !tries.agent) {
    tries.agent = true;
    return git_credential_ssh_key_from_agent(out, user);
  }
  const char* name = std::getenv("EMBARGO_GIT_USERNAME");
  const char* password = std::getenv("EMBARGO_GIT_PASSWORD");
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && !tries.userpass && name != nullptr &&
      password != nullptr) {
    tries.userpass = true;
    return git_credential_userpass_plaintext_new(out, name, password);
  }
  if ((allowed & GIT_CREDENTIAL_USERNAME) != 0 && !tries.username) {
    tries.username = true;
    return git_credential_username_new(out, user);
  }
  return GIT_PASSTHROUGH;
}

// Collects the remote's refusals of a push (a ref it did not update).
int on_update_reference(const char* refname, const char* status, void* payload) {
  if (status != nullptr) {
    auto& refused = *static_cast<std::string*>(payload);
    refused += fmt::format("{}{}: {}", refused.empty() ? "" : "; ", refname, status);
  }
  return 0;
}

git_remote_callbacks callbacks(CredentialTries& tries) {
  git_remote_callbacks cb;
  git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
  cb.credentials = credentials;
  cb.payload = &tries;
  return cb;
}

// What the private repository holds for the release: the tag object and its commit.
struct Source {
  Repository repo;
  git_oid tag{};
  git_oid commit{};
};

Result<Source> open_source(const PushRequest& r) {
  Source s;
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, r.repo.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return git_failure(fmt::format("the release's repository {}", r.repo.string()), GIT_ENOTFOUND);
  }
  s.repo.reset(repo);
  std::string ref = "refs/tags/" + r.tag;
  if (int rc = git_reference_name_to_id(&s.tag, repo, ref.c_str()); rc != 0) {
    return git_failure(fmt::format("tag {} in {}", r.tag, r.repo.string()), rc);
  }
  git_object* obj = nullptr;
  if (int rc = git_object_lookup(&obj, repo, &s.tag, GIT_OBJECT_ANY); rc != 0) {
    return git_failure(fmt::format("tag {} in {}", r.tag, r.repo.string()), rc);
  }
  Object tagged(obj);
  git_object* peeled = nullptr;
  if (int rc = git_object_peel(&peeled, tagged.get(), GIT_OBJECT_COMMIT); rc != 0) {
    return git_failure(fmt::format("tag {} in {} (not a commit)", r.tag, r.repo.string()), rc);
  }
  s.commit = *git_object_id(peeled);
  git_object_free(peeled);
  if (hex(s.commit) != r.commit) {
    return make_error(ErrorCode::conflict,
                      fmt::format("tag {} in {} now points at {}, but the release was built from {}: refusing to push",
                                  r.tag, r.repo.string(), hex(s.commit), r.commit));
  }
  return s;
}

// The temporary bare repository with the private one's objects and the two refs.
Result<Repository> make_staging(const std::filesystem::path& dir, const Source& s, const PushRequest& r) {
  git_repository* tmp = nullptr;
  if (int rc = git_repository_init(&tmp, dir.c_str(), 1); rc != 0) {
    return git_failure("a temporary repository for the push", rc);
  }
  Repository staging(tmp);
  git_odb* odb_raw = nullptr;
  if (int rc = git_repository_odb(&odb_raw, tmp); rc != 0) {
    return git_failure("a temporary repository for the push", rc);
  }
  Odb odb(odb_raw);
  std::filesystem::path objects = std::filesystem::path(git_repository_commondir(s.repo.get())) / "objects";
  if (int rc = git_odb_add_disk_alternate(odb.get(), objects.c_str()); rc != 0) {
    return git_failure(fmt::format("the objects of {}", r.repo.string()), rc);
  }
  for (const auto& [name, oid] : {std::pair{"refs/heads/" + r.branch, s.commit}, std::pair{"refs/tags/" + r.tag, s.tag}}) {
    git_reference* ref = nullptr;
    if (int rc = git_reference_create(&ref, tmp, name.c_str(), &oid, 1, nullptr); rc != 0) {
      return git_failure(fmt::format("ref {} for the push", name), rc);
    }
    git_reference_free(ref);
  }
  return staging;
}

struct RemoteRefs {
  std::optional<git_oid> branch;
  std::optional<git_oid> tag;
};

Result<RemoteRefs> list_remote(git_remote* remote, const PushRequest& r, CredentialTries& tries) {
  git_remote_callbacks cb = callbacks(tries);
  std::string where = redact_url(r.remote_url);
  if (int rc = git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, nullptr, nullptr); rc != 0) {
    return git_failure(fmt::format("publish.git_remote {}", where), rc);
  }
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  if (int rc = git_remote_ls(&heads, &count, remote); rc != 0) {
    return git_failure(fmt::format("the refs of {}", where), rc);
  }
  RemoteRefs refs;
  std::string branch = "refs/heads/" + r.branch;
  std::string tag = "refs/tags/" + r.tag;
  for (size_t i = 0; i < count; ++i) {
    if (branch == heads[i]->name) {
      refs.branch = heads[i]->oid;
    } else if (tag == heads[i]->name) {
      refs.tag = heads[i]->oid;
    }
  }
  git_remote_disconnect(remote);
  return refs;
}

// Fetches the public branch's tip into the staging repository.
Result<void> fetch_tip(git_remote* remote, const PushRequest& r, CredentialTries& tries) {
  git_fetch_options options;
  git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
  options.callbacks = callbacks(tries);
  options.update_fetchhead = 0;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  std::string spec = fmt::format("+refs/heads/{0}:refs/public/{0}", r.branch);
  char* specs[] = {spec.data()};
  git_strarray refspecs = {specs, 1};
  if (int rc = git_remote_fetch(remote, &refspecs, &options, nullptr); rc != 0) {
    return git_failure(fmt::format("fetching {} from {}", r.branch, redact_url(r.remote_url)), rc);
  }
  return {};
}

// True when the public branch already contains the commit; false when a
// fast-forward push is needed; Conflict when it has diverged.
Result<bool> branch_contains(git_repository* staging, git_remote* remote, const PushRequest& r, const git_oid& commit,
                             const git_oid& tip, CredentialTries& tries) {
  if (git_oid_equal(&tip, &commit) != 0) {
    return true;
  }
  git_odb* odb_raw = nullptr;
  if (int rc = git_repository_odb(&odb_raw, staging); rc != 0) {
    return git_failure("the push's object database", rc);
  }
  Odb odb(odb_raw);
  if (git_odb_exists(odb.get(), &tip) == 0) {
    TRY(fetch_tip(remote, r, tries));
  }
  if (git_graph_descendant_of(staging, &tip, &commit) == 1) {
    return true;
  }
  if (git_graph_descendant_of(staging, &commit, &tip) == 1) {
    return false;
  }
  return make_error(ErrorCode::conflict,
                    fmt::format("publish.git_remote {}: branch {} is at {}, which has commits the release {} does not "
                                "contain; refusing to push (fast-forward only: merge the public branch into the "
                                "release's history, or push by hand)",
                                redact_url(r.remote_url), r.branch, hex(tip), hex(commit)));
}

// The callbacks of one push share one payload.
struct PushPayload {
  CredentialTries* tries;
  std::string* refused;
};

Result<void> push_ref(git_remote* remote, const std::string& ref, const PushRequest& r, CredentialTries& tries) {
  git_push_options options;
  git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
  std::string refused;
  PushPayload payload{&tries, &refused};
  options.callbacks.payload = &payload;
  options.callbacks.credentials = [](git_credential** out, const char* url, const char* user, unsigned int allowed,
                                     void* p) {
    return credentials(out, url, user, allowed, static_cast<PushPayload*>(p)->tries);
  };
  options.callbacks.push_update_reference = [](const char* name, const char* status, void* p) {
    return on_update_reference(name, status, static_cast<PushPayload*>(p)->refused);
  };
  std::string spec = ref + ":" + ref;
  char* specs[] = {spec.data()};
  git_strarray refspecs = {specs, 1};
  if (int rc = git_remote_push(remote, &refspecs, &options); rc != 0) {
    return git_failure(fmt::format("pushing {} to {}", ref, redact_url(r.remote_url)), rc);
  }
  if (!refused.empty()) {
    return make_error(ErrorCode::conflict, fmt::format("{} refused the push: {}", redact_url(r.remote_url), refused));
  }
  return {};
}

std::string describe(const PushReport& report, const PushRequest& request, const git_oid& commit) {
  std::string where = redact_url(request.remote_url);
  if (!report.branch_pushed && !report.tag_pushed) {
    return fmt::format("already pushed: {} of {} contains {}, tag {} is there", request.branch, where,
                       shortened(commit), request.tag);
  }
  if (report.branch_pushed && report.tag_pushed) {
    return fmt::format("pushed {} to {} and tag {} to {}", shortened(commit), request.branch, request.tag, where);
  }
  if (report.branch_pushed) {
    return fmt::format("pushed {} to {} of {} (tag {} was there)", shortened(commit), request.branch, where,
                       request.tag);
  }
  return fmt::format("pushed tag {} to {} ({} already contained {})", request.tag, where, request.branch,
                     shortened(commit));
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return std::string(url);
  }
  std::size_t host = scheme + 3;
  std::size_t at = url.find('@', host);
  std::size_t slash = url.find('/', host);
  if (at == std::string_view::npos || (slash != std::string_view::npos && at > slash)) {
    return std::string(url);
  }
  return std::string(url.substr(0, host)) + std::string(url.substr(at + 1));
}

Result<void> init_bare(const std::filesystem::path& path) {
  LibGit lib;
  git_repository* repo = nullptr;
  if (git_repository_open_bare(&repo, path.c_str()) == 0) {
    git_repository_free(repo);
    return {};
  }
  if (int rc = git_repository_init(&repo, path.c_str(), 1); rc != 0) {
    return git_failure(fmt::format("a bare repository at {}", path.string()), rc);
  }
  git_repository_free(repo);
  return {};
}

Result<PushReport> push_release(const PushRequest& request, const std::function<void()>& between) {
  LibGit lib;
  TRY_ASSIGN(Source source, open_source(request));
  TempRepoDir dir;
  if (dir.path().empty()) {
    return make_error(ErrorCode::io_error, "cannot create a temporary directory for the push");
  }
  TRY_ASSIGN(Repository staging, make_staging(dir.path(), source, request));
  git_remote* remote_raw = nullptr;
  if (int rc = git_remote_create_anonymous(&remote_raw, staging.get(), request.remote_url.c_str()); rc != 0) {
    return git_failure(fmt::format("publish.git_remote {}", redact_url(request.remote_url)), rc);
  }
  Remote remote(remote_raw);
  CredentialTries tries;
  TRY_ASSIGN(RemoteRefs refs, list_remote(remote.get(), request, tries));
  PushReport report;
  bool branch_done = false;
  if (refs.branch) {
    report.remote_tip = hex(*refs.branch);
    TRY_ASSIGN(branch_done, branch_contains(staging.get(), remote.get(), request, source.commit, *refs.branch, tries));
  }
  if (refs.tag && git_oid_equal(&*refs.tag, &source.tag) == 0) {
    return make_error(ErrorCode::conflict,
                      fmt::format("publish.git_remote {} already has tag {} at another object ({}, the release's is "
                                  "{}); refusing to push",
                                  redact_url(request.remote_url), request.tag, hex(*refs.tag), hex(source.tag)));
  }
  bool tag_done = refs.tag.has_value();
  if (!branch_done) {
    TRY(push_ref(remote.get(), "refs/heads/" + request.branch, request, tries));
    report.branch_pushed = true;
    if (!tag_done && between) {
      between();
    }
  }
  if (!tag_done) {
    TRY(push_ref(remote.get(), "refs/tags/" + request.tag, request, tries));
    report.tag_pushed = true;
  }
  report.summary = describe(report, request, source.commit);
  return report;
}

}  // namespace embargo::git
