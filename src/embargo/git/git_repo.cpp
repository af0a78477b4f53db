#include <embargo/git/git_repo.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <embargo/git/git_handles.hpp>

namespace embargo::git {

using core::release::PatchMail;
using core::release::TagInfo;
using core::release::TreeEntry;
using core::release::TreeVisitor;

namespace {

std::string oid_hex(const git_oid* oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, oid);
  return buf;
}

std::string signature_text(const git_signature* s) {
  return s == nullptr ? "unknown" : fmt::format("{} <{}>", s->name, s->email);
}

// Splits a raw tag object into the signed payload and its PGP signature, as
// git does: the signature is the trailing block starting at its BEGIN line.
void split_signature(const std::string& raw, TagInfo& info) {
  static constexpr std::string_view k_begin = "-----BEGIN PGP SIGNATURE-----";
  std::size_t at = raw.rfind(k_begin);
  if (at == std::string::npos || (at != 0 && raw[at - 1] != '\n')) {
    info.signed_data = raw;
    return;
  }
  info.signed_data = raw.substr(0, at);
  info.signature = raw.substr(at);
}

}  // namespace

Result<std::unique_ptr<GitRepo>> GitRepo::open(const std::filesystem::path& path) {
  git_libgit2_init();
  // A patch series reads each changed file's new version again as the next
  // commit's old one: keep blobs up to 4 MiB in libgit2's object cache
  // (which it otherwise leaves out) instead of inflating them twice.
  git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(4) << 20);
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    // The error lives in libgit2's state: read it before shutting down.
    const git_error* e = git_error_last();
    std::string why = e != nullptr ? e->message : "unknown error";
    git_libgit2_shutdown();
    return make_error(ErrorCode::not_found,
                      fmt::format("--repo {}: not a git repository ({})", path.string(), why));
  }
  return std::unique_ptr<GitRepo>(new GitRepo(repo, path));
}

GitRepo::~GitRepo() {
  git_repository_free(m_repo);
  git_libgit2_shutdown();
}

Result<void> GitRepo::check_clean() {
  if (git_repository_is_shallow(m_repo) == 1) {
    return make_error(ErrorCode::conflict,
                      fmt::format("--repo {}: a shallow clone lacks history; use a full clone", m_path.string()));
  }
  if (git_repository_is_bare(m_repo) == 1) {
    return {};
  }
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* list = nullptr;
  if (int rc = git_status_list_new(&list, m_repo, &opts); rc != 0) {
    return git_failure("status", rc);
  }
  StatusList owned(list);
  std::size_t n = git_status_list_entrycount(list);
  if (n > 0) {
    const git_status_entry* e = git_status_byindex(list, 0);
    const git_diff_delta* d = e->index_to_workdir != nullptr ? e->index_to_workdir : e->head_to_index;
    return make_error(ErrorCode::conflict,
                      fmt::format("--repo {}: the working tree is dirty ({} changed files, e.g. {}); commit or "
                                  "stash them",
                                  m_path.string(), n, d != nullptr ? d->new_file.path : "?"));
  }
  return {};
}

Result<TagInfo> GitRepo::resolve_tag(std::string_view name) {
  git_reference* ref = nullptr;
  std::string ref_name = fmt::format("refs/tags/{}", name);
  int valid = 0;
  if (git_reference_name_is_valid(&valid, ref_name.c_str()) != 0 || valid == 0) {
    return make_error(ErrorCode::invalid_argument, fmt::format("--tag {}: not a valid tag name", name));
  }
  if (git_reference_lookup(&ref, m_repo, ref_name.c_str()) != 0) {
    return make_error(ErrorCode::not_found, fmt::format("--tag {}: no such tag in {}", name, m_path.string()));
  }
  Reference owned_ref(ref);
  git_reference* resolved = nullptr;
  if (int rc = git_reference_resolve(&resolved, ref); rc != 0) {
    return git_failure(fmt::format("tag {}", name), rc);
  }
  Reference owned_resolved(resolved);
  git_object* obj = nullptr;
  if (int rc = git_object_lookup(&obj, m_repo, git_reference_target(resolved), GIT_OBJECT_ANY); rc != 0) {
    return git_failure(fmt::format("tag {}", name), rc);
  }
  Object target(obj);
  TagInfo info;
  info.name = std::string(name);
  if (git_object_type(obj) == GIT_OBJECT_TAG) {
    const git_oid* tag_oid = git_object_id(obj);
    info.tag_id = oid_hex(tag_oid);
    const git_signature* tagger = git_tag_tagger(reinterpret_cast<git_tag*>(obj));
    info.tagger = signature_text(tagger);
    info.tag_time = tagger != nullptr ? static_cast<std::int64_t>(tagger->when.time) : 0;
    git_odb* odb = nullptr;
    git_repository_odb(&odb, m_repo);
    Odb owned_odb(odb);
    git_odb_object* raw = nullptr;
    if (int rc = git_odb_read(&raw, odb, tag_oid); rc != 0) {
      return git_failure(fmt::format("tag object {}", info.tag_id), rc);
    }
    OdbObject owned_raw(raw);
    split_signature(std::string(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw)), info);
  }
  git_object* peeled = nullptr;
  if (int rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT); rc != 0) {
    return git_failure(fmt::format("tag {} does not point at a commit", name), rc);
  }
  Object commit(peeled);
  info.commit_id = oid_hex(git_object_id(peeled));
  info.commit_time = git_commit_time(reinterpret_cast<git_commit*>(peeled));
  return info;
}

Result<std::string> GitRepo::resolve_commit(std::string_view revision) {
  git_object* obj = nullptr;
  std::string rev(revision);
  if (int rc = git_revparse_single(&obj, m_repo, rev.c_str()); rc != 0) {
    return git_failure(fmt::format("revision {} not found", revision), rc);
  }
  Object owned(obj);
  git_object* peeled = nullptr;
  if (int rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT); rc != 0) {
    return git_failure(fmt::format("revision {} is not a commit", revision), rc);
  }
  Object commit(peeled);
  return oid_hex(git_object_id(peeled));
}

Result<bool> GitRepo::is_ancestor(std::string_view ancestor, std::string_view descendant) {
  TRY_ASSIGN(git_oid a, parse_oid(ancestor));
  TRY_ASSIGN(git_oid d, parse_oid(descendant));
  if (git_oid_equal(&a, &d) != 0) {
    return true;
  }
  int rc = git_graph_descendant_of(m_repo, &d, &a);
  if (rc < 0) {
    return git_failure("ancestry", rc);
  }
  return rc == 1;
}

Result<std::optional<std::string>> GitRepo::read_file(std::string_view commit, std::string_view path) {
  TRY_ASSIGN(Tree tree, commit_tree(m_repo, commit));
  git_tree_entry* entry = nullptr;
  std::string p(path);
  if (git_tree_entry_bypath(&entry, tree.get(), p.c_str()) != 0) {
    return std::optional<std::string>();
  }
  TreeEntryPtr owned(entry);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
    return std::optional<std::string>();
  }
  git_blob* blob = nullptr;
  if (int rc = git_blob_lookup(&blob, m_repo, git_tree_entry_id(entry)); rc != 0) {
    return git_failure(fmt::format("file {}", path), rc);
  }
  Blob b(blob);
  return std::optional<std::string>(
      std::string(static_cast<const char*>(git_blob_rawcontent(blob)), static_cast<std::size_t>(git_blob_rawsize(blob))));
}

namespace {

struct Walker {
  git_repository* repo;
  git_odb* odb;
  bool load_content;
  const TreeVisitor& visit;

  Result<void> blob(const git_tree_entry* e, TreeEntry& out) {
    bool load = load_content || out.kind == TreeEntry::Kind::symlink;
    if (!load) {
      std::size_t size = 0;
      git_object_t type{};
      if (int rc = git_odb_read_header(&size, &type, odb, git_tree_entry_id(e)); rc != 0) {
        return git_failure(fmt::format("object of {}", out.path), rc);
      }
      out.size = size;
      return visit(out, {});
    }
    git_blob* b = nullptr;
    if (int rc = git_blob_lookup(&b, repo, git_tree_entry_id(e)); rc != 0) {
      return git_failure(fmt::format("blob of {}", out.path), rc);
    }
    Blob owned(b);
    out.size = static_cast<std::uint64_t>(git_blob_rawsize(b));
    return visit(out, std::string_view(static_cast<const char*>(git_blob_rawcontent(b)), out.size));
  }

  Result<void> tree(const git_tree* t, const std::string& prefix) {
    std::vector<const git_tree_entry*> entries;
    for (std::size_t i = 0; i < git_tree_entrycount(t); ++i) {
      entries.push_back(git_tree_entry_byindex(t, i));
    }
    std::sort(entries.begin(), entries.end(), [](const git_tree_entry* a, const git_tree_entry* b) {
      return std::string_view(git_tree_entry_name(a)) < std::string_view(git_tree_entry_name(b));
    });
    for (const git_tree_entry* e : entries) {
      TreeEntry out;
      out.path = prefix + git_tree_entry_name(e);
      switch (git_tree_entry_filemode(e)) {
        case GIT_FILEMODE_TREE: {
          out.kind = TreeEntry::Kind::directory;
          TRY(visit(out, {}));
          git_tree* sub = nullptr;
          if (int rc = git_tree_lookup(&sub, repo, git_tree_entry_id(e)); rc != 0) {
            return git_failure(fmt::format("tree {}", out.path), rc);
          }
          Tree owned(sub);
          TRY(tree(sub, out.path + "/"));
          break;
        }
        case GIT_FILEMODE_BLOB_EXECUTABLE:
          out.kind = TreeEntry::Kind::executable;
          TRY(blob(e, out));
          break;
        case GIT_FILEMODE_LINK:
          out.kind = TreeEntry::Kind::symlink;
          TRY(blob(e, out));
          break;
        case GIT_FILEMODE_COMMIT:
          out.kind = TreeEntry::Kind::submodule;
          TRY(visit(out, {}));
          break;
        default:
          out.kind = TreeEntry::Kind::file;
          TRY(blob(e, out));
          break;
      }
    }
    return {};
  }
};

}  // namespace

Result<void> GitRepo::walk_tree(std::string_view commit, bool load_content, const TreeVisitor& visit) {
  TRY_ASSIGN(Tree tree, commit_tree(m_repo, commit));
  git_odb* odb = nullptr;
  if (int rc = git_repository_odb(&odb, m_repo); rc != 0) {
    return git_failure("object database", rc);
  }
  Odb owned(odb);
  Walker w{m_repo, odb, load_content, visit};
  return w.tree(tree.get(), "");
}

Result<bool> GitRepo::walk_subtree(std::string_view commit, std::string_view dir, bool load_content,
                                   const TreeVisitor& visit) {
  if (dir.empty()) {
    TRY(walk_tree(commit, load_content, visit));
    return true;
  }
  TRY_ASSIGN(Tree tree, commit_tree(m_repo, commit));
  git_tree_entry* entry = nullptr;
  std::string p(dir);
  if (git_tree_entry_bypath(&entry, tree.get(), p.c_str()) != 0) {
    return false;
  }
  TreeEntryPtr owned_entry(entry);
  if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
    return false;
  }
  git_tree* sub = nullptr;
  if (int rc = git_tree_lookup(&sub, m_repo, git_tree_entry_id(entry)); rc != 0) {
    return git_failure(fmt::format("tree {}", dir), rc);
  }
  Tree owned(sub);
  git_odb* odb = nullptr;
  if (int rc = git_repository_odb(&odb, m_repo); rc != 0) {
    return git_failure("object database", rc);
  }
  Odb owned_odb(odb);
  Walker w{m_repo, odb, load_content, visit};
  TRY(w.tree(sub, p + "/"));
  return true;
}

Result<std::string> GitRepo::diff(std::string_view from, std::string_view to) {
  TRY_ASSIGN(Diff d, commit_diff(m_repo, from, to));
  Buf buf;
  if (int rc = git_diff_to_buf(buf.get(), d.get(), GIT_DIFF_FORMAT_PATCH); rc != 0) {
    return git_failure("diff", rc);
  }
  return buf.str();
}

Result<std::vector<PatchMail>> GitRepo::format_patch(std::string_view from, std::string_view to) {
  TRY_ASSIGN(git_oid from_oid, parse_oid(from));
  TRY_ASSIGN(git_oid to_oid, parse_oid(to));
  git_revwalk* w = nullptr;
  if (int rc = git_revwalk_new(&w, m_repo); rc != 0) {
    return git_failure("revwalk", rc);
  }
  Revwalk walk(w);
  git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  git_revwalk_push(w, &to_oid);
  git_revwalk_hide(w, &from_oid);
  std::vector<Commit> commits;
  git_oid oid;
  while (git_revwalk_next(&oid, w) == 0) {
    TRY_ASSIGN(Commit c, lookup_commit(m_repo, oid_hex(&oid)));
    if (git_commit_parentcount(c.get()) == 1) {  // format-patch leaves out merges
      commits.push_back(std::move(c));
    }
  }
  std::vector<PatchMail> mails;
  for (std::size_t i = 0; i < commits.size(); ++i) {
    git_email_create_options opts = GIT_EMAIL_CREATE_OPTIONS_INIT;
    Buf buf;
    if (int rc = git_email_create_from_commit(buf.get(), commits[i].get(), &opts); rc != 0) {
      return git_failure("format-patch", rc);
    }
    std::string text = buf.str();
    // git_email_create_from_commit numbers nothing for a single commit; the
    // subject carries [PATCH i/n] as git format-patch writes it for a series.
    if (commits.size() > 1) {
      auto at = text.find("Subject: [PATCH] ");
      if (at != std::string::npos) {
        text.replace(at, 17, fmt::format("Subject: [PATCH {}/{}] ", i + 1, commits.size()));
      }
    }
    mails.push_back({fmt::format("{:04}-{}.patch", i + 1, oid_hex(git_commit_id(commits[i].get())).substr(0, 12)),
                     std::move(text)});
  }
  return mails;
}

std::string GitRepo::configured_signing_key() {
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, m_repo) != 0) {
    return {};
  }
  Config owned(cfg);
  const char* value = nullptr;
  if (git_config_get_string(&value, cfg, "user.signingkey") != 0 || value == nullptr) {
    return {};
  }
  return value;
}

}  // namespace embargo::git
