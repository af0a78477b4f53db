#include <embargo/core/release/release_tree.hpp>

#include <map>
#include <system_error>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <embargo/util/file.hpp>
#include <embargo/util/subprocess.hpp>

namespace embargo::core::release {

namespace fs = std::filesystem;

namespace {

struct TarLess {
  bool operator()(const std::string& a, const std::string& b) const { return tar_order_less(a, b); }
};

// A scratch file: no fsync, the tree is thrown away after the build.
Result<void> write_plain(const fs::path& path, std::string_view content, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  }
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      ::close(fd);
      return make_error(ErrorCode::io_error, fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  ::close(fd);
  return {};
}

Result<void> write_entry(const fs::path& root, const TreeEntry& e, std::string_view content) {
  fs::path target = root / e.path;
  std::error_code ec;
  switch (e.kind) {
    case TreeEntry::Kind::directory:
    case TreeEntry::Kind::submodule:
      fs::create_directories(target, ec);
      break;
    case TreeEntry::Kind::symlink:
      fs::create_symlink(std::string(content), target, ec);
      break;
    case TreeEntry::Kind::file:
    case TreeEntry::Kind::executable: {
      TRY(write_plain(target, content, e.kind == TreeEntry::Kind::executable ? 0755 : 0644));
      break;
    }
  }
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot write {}: {}", target.string(), ec.message()));
  }
  return {};
}

std::string join(std::string_view dir, std::string_view rel) {
  if (dir.empty()) {
    return std::string(rel);
  }
  return rel.empty() ? std::string(dir) : fmt::format("{}/{}", dir, rel);
}

using MemberMap = std::map<std::string, std::pair<TreeEntry, fs::path>, TarLess>;

Result<void> add_member(MemberMap& members, TreeEntry entry, const fs::path& source) {
  // Parent directories first.
  for (auto slash = entry.path.find('/'); slash != std::string::npos; slash = entry.path.find('/', slash + 1)) {
    std::string dir = entry.path.substr(0, slash);
    auto [it, added] = members.try_emplace(dir, TreeEntry{dir, TreeEntry::Kind::directory, 0}, fs::path());
    if (!added && it->second.first.kind != TreeEntry::Kind::directory) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("layout: {} is a file in the tarball and also a directory", dir));
    }
  }
  auto [it, added] = members.try_emplace(entry.path, entry, source);
  if (!added && !(it->second.first.kind == TreeEntry::Kind::directory && entry.kind == TreeEntry::Kind::directory)) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("layout: {} is shipped twice (from {} and {})", entry.path,
                                  it->second.second.string(), source.string()));
  }
  return {};
}

// Every entry under `dir` of the scratch tree; `map` gives the member path
// of a path relative to `dir` ("" = leave it out).
Result<void> add_tree(MemberMap& members, const fs::path& dir,
                      const std::function<std::string(const std::string&)>& map) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::string rel = it->path().lexically_relative(dir).generic_string();
    std::string path = map(rel);
    if (path.empty()) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) {
      return make_error(ErrorCode::io_error, fmt::format("cannot read {}", it->path().string()));
    }
    TreeEntry e{path, TreeEntry::Kind::file, 0};
    if (S_ISDIR(st.st_mode)) {
      e.kind = TreeEntry::Kind::directory;
    } else if (S_ISLNK(st.st_mode)) {
      e.kind = TreeEntry::Kind::symlink;
    } else if (S_ISREG(st.st_mode)) {
      e.kind = (st.st_mode & S_IXUSR) ? TreeEntry::Kind::executable : TreeEntry::Kind::file;
      e.size = static_cast<std::uint64_t>(st.st_size);
    } else {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("layout: {} is neither a file, a directory nor a symlink", it->path().string()));
    }
    TRY(add_member(members, e, e.kind == TreeEntry::Kind::directory ? fs::path() : it->path()));
  }
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot read {}: {}", dir.string(), ec.message()));
  }
  return {};
}

}  // namespace

Result<ReleaseTree> ReleaseTree::assemble(RepoOps& repo, const TreeJob& job) {
  ReleaseTree t;
  t.m_repo = &repo;
  t.m_commit = job.commit;
  t.m_plain = job.layout.plain();
  if (t.m_plain) {
    return t;
  }
  t.m_docs = plan_docs(job.layout, job.docs);
  TRY(t.check_docs_dir(job));
  TRY(t.export_sources(job));
  TRY(t.run_stamp(job));
  TRY(t.run_docs(job));
  TRY(t.collect(job));
  return t;
}

// A tag without the documentation directory (a repository not laid out
// like Exim's, an old tag) skips the step, as missing tools do.
Result<void> ReleaseTree::check_docs_dir(const TreeJob& job) {
  if (!m_docs.configured || !m_docs.skipped.empty() || job.docs == DocsStep::off) {
    return {};
  }
  TRY_ASSIGN(bool found, m_repo->walk_subtree(job.commit, job.layout.docs_dir, false,
                                              [](const TreeEntry&, std::string_view) -> Result<void> { return {}; }));
  if (!found) {
    m_docs.skipped = fmt::format("{} is not a directory at tag {} (release.layout.docs_dir)", job.layout.docs_dir,
                                 job.tag);
  }
  return {};
}

Result<void> ReleaseTree::export_sources(const TreeJob& job) {
  bool docs = job.docs == DocsStep::run && m_docs.configured && m_docs.skipped.empty();
  for (const auto& dir : job.layout.sources(docs)) {
    std::error_code ec;
    fs::create_directories(job.scratch / dir, ec);
    if (ec) {
      return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", (job.scratch / dir).string(),
                                                         ec.message()));
    }
    TRY_ASSIGN(bool found, m_repo->walk_subtree(job.commit, dir, true, [&](const TreeEntry& e, std::string_view c) {
      return write_entry(job.scratch, e, c);
    }));
    if (!found) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("layout: {} is not a directory at tag {} (see [release.layout])", dir, job.tag));
    }
  }
  return {};
}

// Runs a layout command in <scratch>/<dir> (a repository path) with the
// release's environment, a time limit and the layout's network isolation;
// refuses with its output when it fails.
Result<StampRun> ReleaseTree::run_command(const TreeJob& job, const std::string& what, const std::string& command,
                                          const std::string& dir, int timeout_seconds) {
  fs::path cwd = job.scratch / dir;
  std::error_code ec;
  if (!fs::is_directory(cwd, ec)) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("layout: {} (the {} command's directory) is not a directory of the exported "
                                  "tree at tag {}",
                                  dir, what, job.tag));
  }
  util::SubprocessOptions o;
  o.command = command;
  o.cwd = cwd;
  o.env = {{"SOURCE_DATE_EPOCH", std::to_string(job.commit_time)}, {"EMBARGO_VERSION", job.version},
           {"EMBARGO_RELEASE", job.release}, {"EMBARGO_VARIANT", job.variant},
           {"EMBARGO_TAG", job.tag}, {"EMBARGO_PACKAGE", job.package},
           {"EMBARGO_TAG_TIME", std::to_string(job.tag_time != 0 ? job.tag_time : job.commit_time)}};
  o.timeout = std::chrono::seconds(timeout_seconds);
  o.isolate_network = job.layout.isolate_network;
  TRY_ASSIGN(util::SubprocessResult r, util::run_subprocess(o));
  if (!r.ok()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("the {} command failed in {} ({}); its output:\n{}", what, dir,
                                  r.describe(o.timeout), util::tail_lines(r.output, 40)));
  }
  return StampRun{true, command, r.output, r.seconds};
}

Result<void> ReleaseTree::run_stamp(const TreeJob& job) {
  const ReleaseLayout& l = job.layout;
  if (l.stamp_command.empty()) {
    return {};
  }
  TRY_ASSIGN(m_stamp, run_command(job, "stamping", l.stamp_command, l.stamp_dir, l.stamp_timeout_seconds));
  return {};
}

// After the stamping command, in the same tree; each declared file must be
// made, a regular file, not empty.
Result<void> ReleaseTree::run_docs(const TreeJob& job) {
  const ReleaseLayout& l = job.layout;
  if (job.docs != DocsStep::run || !m_docs.configured || !m_docs.skipped.empty()) {
    return {};
  }
  TRY_ASSIGN(m_docs.run, run_command(job, "documentation", l.docs_command, l.docs_dir, l.docs_timeout_seconds));
  for (const auto& f : l.docs_files) {
    struct stat st {};
    std::string rel = join(l.docs_dir, f);
    if (::lstat((job.scratch / rel).c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("the documentation command did not make {} (missing, empty or not a file; "
                                    "release.layout.docs_files); its output:\n{}",
                                    rel, util::tail_lines(m_docs.run.output, 40)));
    }
  }
  return {};
}

Result<void> ReleaseTree::collect(const TreeJob& job) {
  const ReleaseLayout& l = job.layout;
  MemberMap members;
  TRY(add_tree(members, job.scratch / l.top, [](const std::string& rel) { return rel; }));
  for (const auto& a : l.add) {
    if (!a.to.empty()) {
      TRY(add_member(members, TreeEntry{a.to, TreeEntry::Kind::directory, 0}, fs::path()));
    }
    TRY(add_tree(members, job.scratch / a.from, [&a](const std::string& rel) {
      return layout_excluded(a, rel) ? std::string() : join(a.to, rel);
    }));
  }
  for (const auto& d : l.empty_dirs) {
    TRY(add_member(members, TreeEntry{d, TreeEntry::Kind::directory, 0}, fs::path()));
  }
  if (m_docs.run.ran) {
    for (const auto& f : l.docs_files) {
      fs::path source = job.scratch / join(l.docs_dir, f);
      struct stat st {};
      if (::lstat(source.c_str(), &st) != 0) {
        return make_error(ErrorCode::io_error, fmt::format("cannot read {}", source.string()));
      }
      TreeEntry e{join(l.docs_to, f), (st.st_mode & S_IXUSR) ? TreeEntry::Kind::executable : TreeEntry::Kind::file,
                  static_cast<std::uint64_t>(st.st_size)};
      TRY(add_member(members, e, source));
    }
  }
  for (auto& [path, m] : members) {
    m_members.push_back({std::move(m.first), std::move(m.second)});
  }
  return {};
}

Result<void> ReleaseTree::walk(bool load_content, const TreeVisitor& visit) const {
  if (m_plain) {
    return m_repo->walk_tree(m_commit, load_content, visit);
  }
  for (const Member& m : m_members) {
    std::string content;
    if (m.entry.kind == TreeEntry::Kind::symlink) {
      std::error_code ec;
      content = fs::read_symlink(m.source, ec).string();
    } else if (load_content && !m.source.empty()) {
      TRY_ASSIGN(content, util::read_file(m.source));
    }
    TreeEntry e = m.entry;
    if (e.kind == TreeEntry::Kind::symlink) {
      e.size = content.size();
    }
    TRY(visit(e, content));
  }
  return {};
}

TreeWalk ReleaseTree::walker() const {
  return [this](bool load_content, const TreeVisitor& visit) { return walk(load_content, visit); };
}

Result<std::optional<std::string>> ReleaseTree::read(std::string_view path) const {
  if (m_plain) {
    return m_repo->read_file(m_commit, path);
  }
  for (const Member& m : m_members) {
    if (m.entry.path == path && !m.source.empty() && m.entry.kind != TreeEntry::Kind::symlink) {
      TRY_ASSIGN(std::string content, util::read_file(m.source));
      return std::optional<std::string>(std::move(content));
    }
  }
  return std::optional<std::string>();
}

}  // namespace embargo::core::release
