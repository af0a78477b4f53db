#include <embargo/core/release/release_builder.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <embargo/core/release/release_manifest.hpp>
#include <embargo/core/release/release_backports.hpp>
#include <embargo/core/release/release_layout.hpp>
#include <embargo/core/release/release_resume.hpp>
#include <embargo/core/release/tarball_writer.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/file_digest.hpp>

namespace embargo::core::release {

namespace fs = std::filesystem;

std::string patch_file_name(const std::string& package, const ReleaseVersion& version) {
  return fmt::format("{}-{}.patch", package, version.text());
}

std::string series_file_name(const std::string& package, const ReleaseVersion& version) {
  return fmt::format("{}-{}-series.patch", package, version.text());
}

namespace {

struct ReleaseContext {
  const ReleaseOptions& options;
  RepoOps& repo;
  Signer& tag_keys;
  Signer& signer;
  ReleaseReport report;
  fs::path staging;
  std::vector<std::string> files;  // written into staging, before signatures
  int lock_fd = -1;                // the output's parent directory, flock'ed
  std::map<std::string, util::FileDigest> digests{};  // of `files`, by write_checksums
  std::optional<ReleaseTree> tree{};                  // by assemble_tree, until drop_scratch
};

// The output directory as an absolute path without a trailing slash.
fs::path output_path(const fs::path& out_dir) {
  fs::path out = fs::absolute(out_dir).lexically_normal();
  if (out.filename().empty()) {
    out = out.parent_path();
  }
  return out;
}

std::string staging_prefix(const fs::path& out) { return fmt::format(".{}.partial-", out.filename().string()); }

// Removes the staging directory unless the release was published.
class StagingGuard {
 public:
  explicit StagingGuard(ReleaseContext& ctx) : m_ctx(ctx) {}
  ~StagingGuard() {
    if (!m_ctx.staging.empty()) {
      std::error_code ec;
      fs::remove_all(m_ctx.staging, ec);
    }
    if (m_ctx.lock_fd >= 0) {
      ::close(m_ctx.lock_fd);  // releases the flock
    }
  }
  StagingGuard(const StagingGuard&) = delete;
  StagingGuard& operator=(const StagingGuard&) = delete;

 private:
  ReleaseContext& m_ctx;
};

// Locks the output's parent directory for the whole build and removes the
// staging directories of this output that a killed build left: under the
// lock, no live build owns them.
Result<void> lock_output(ReleaseContext& ctx) {
  fs::path out = output_path(ctx.options.out_dir);
  fs::path parent = out.parent_path();
  ctx.lock_fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (ctx.lock_fd < 0) {
    return make_error(ErrorCode::not_found, fmt::format("--out {}: cannot open its directory {}: {}", out.string(),
                                                        parent.string(), std::generic_category().message(errno)));
  }
  if (::flock(ctx.lock_fd, LOCK_EX | LOCK_NB) != 0) {
    return make_error(ErrorCode::conflict, fmt::format("--out {}: another release build is writing in {}; wait "
                                                       "for it to finish",
                                                       out.string(), parent.string()));
  }
  std::string prefix = staging_prefix(out);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    if (e.path().filename().string().starts_with(prefix)) {
      fs::remove_all(e.path(), ec);
      if (ec) {
        return make_error(ErrorCode::io_error, fmt::format("cannot remove {} (left by a build that died): {}",
                                                           e.path().string(), ec.message()));
      }
    }
  }
  return {};
}

Result<void> check_output(ReleaseContext& ctx) {
  const fs::path& out = ctx.options.out_dir;
  std::error_code ec;
  if (!fs::exists(out, ec)) {
    return {};
  }
  if (!fs::is_directory(out, ec)) {
    return make_error(ErrorCode::conflict, fmt::format("--out {}: exists and is not a directory", out.string()));
  }
  if (!fs::is_empty(out, ec)) {
    return make_error(ErrorCode::conflict,
                      fmt::format("--out {}: directory is not empty; refusing to mix releases", out.string()));
  }
  return {};
}

Result<void> resolve_refs(ReleaseContext& ctx) {
  TRY(ctx.repo.check_clean());
  TRY_ASSIGN(ctx.report.tag, ctx.repo.resolve_tag(ctx.options.tag));
  if (ctx.report.tag.tag_id.empty()) {
    return make_error(ErrorCode::unauthorized,
                      fmt::format("tag {} is a lightweight tag; a release needs an annotated, signed tag",
                                  ctx.options.tag));
  }
  auto base = ctx.repo.resolve_commit(ctx.options.base);
  if (!base) {
    return make_error(ErrorCode::not_found, fmt::format("--base {}: {}", ctx.options.base, base.error().message()));
  }
  ctx.report.base_commit = *base;
  return {};
}

Result<void> verify_tag(ReleaseContext& ctx) {
  const TagInfo& tag = ctx.report.tag;
  if (tag.signature.empty()) {
    return make_error(ErrorCode::unauthorized,
                      fmt::format("tag {} is not signed (tagger {}); a release needs a signed tag", tag.name,
                                  tag.tagger));
  }
  TRY_ASSIGN(ctx.report.tag_signature, ctx.tag_keys.verify_detached(tag.signed_data, tag.signature));
  const SignatureCheck& check = ctx.report.tag_signature;
  if (!check.good) {
    return make_error(ErrorCode::unauthorized,
                      fmt::format("tag {}: signature refused: {}", tag.name, check.problem));
  }
  return {};
}

Result<void> check_ancestry(ReleaseContext& ctx) {
  TRY_ASSIGN(bool ok, ctx.repo.is_ancestor(ctx.report.base_commit, ctx.report.tag.commit_id));
  if (!ok) {
    return make_error(ErrorCode::conflict, fmt::format("--base {} ({}) is not an ancestor of tag {}",
                                                       ctx.options.base, ctx.report.base_commit.substr(0, 12),
                                                       ctx.options.tag));
  }
  return {};
}

Result<void> tag_version(ReleaseContext& ctx) {
  const ReleaseSettings& s = ctx.options.settings;
  TRY_ASSIGN(ctx.report.version, version_from_tag(ctx.options.tag, s.tag_patterns));
  auto base_version = version_from_tag(ctx.options.base, s.tag_patterns);
  ctx.report.base_version = base_version ? base_version->text() : ctx.options.base;
  return {};
}

// The exported, stamped tree in a scratch directory inside the staging one.
Result<void> assemble_tree(ReleaseContext& ctx) {
  TreeJob job = tree_job(ctx.options, ctx.report.tag, ctx.report.version);
  job.scratch = ctx.staging / ".tree";
  std::error_code ec;
  fs::create_directory(job.scratch, ec);
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", job.scratch.string(), ec.message()));
  }
  TRY_ASSIGN(ReleaseTree tree, ReleaseTree::assemble(ctx.repo, job));
  ctx.tree = std::move(tree);
  ctx.report.stamp = ctx.tree->stamp();
  ctx.report.docs = ctx.tree->docs();
  return {};
}

Result<void> check_version(ReleaseContext& ctx) {
  return check_built_version(*ctx.tree, ctx.options, ctx.report.version);
}

Result<void> drop_scratch(ReleaseContext& ctx) {
  ctx.tree.reset();
  std::error_code ec;
  fs::remove_all(ctx.staging / ".tree", ec);
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot remove the scratch tree: {}", ec.message()));
  }
  return {};
}

Result<void> check_signing(ReleaseContext& ctx) { return ctx.signer.prepare_signing(); }

Result<void> make_staging(ReleaseContext& ctx) {
  fs::path out = output_path(ctx.options.out_dir);
  std::string pattern = (out.parent_path() / (staging_prefix(out) + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create a staging directory beside {}: {}",
                                                       out.string(), std::generic_category().message(errno)));
  }
  ctx.staging = pattern;
  return {};
}

// The standalone unified diff with its header naming the versions.
Result<std::string> patch_text(ReleaseContext& ctx) {
  const ReleaseReport& r = ctx.report;
  std::string header = fmt::format(
      "Standalone patch for {} {} -> {}\n"
      "From {} (commit {}) to tag {} (commit {}).\n"
      "Apply in an unpacked {}-{} tree with: patch -p1 < {}\n\n",
      ctx.options.package, r.base_version, r.version.text(), ctx.options.base, r.base_commit, r.tag.name,
      r.tag.commit_id, ctx.options.package, r.base_version, patch_file_name(ctx.options.package, r.version));
  TRY_ASSIGN(std::string diff, ctx.repo.diff(r.base_commit, r.tag.commit_id));
  return header + relocate_diff(ctx.options.layout, diff);
}

Result<void> write_patches(ReleaseContext& ctx) {
  const ReleaseReport& r = ctx.report;
  std::string name = patch_file_name(ctx.options.package, r.version);
  TRY_ASSIGN(std::string patch, patch_text(ctx));
  TRY(util::write_file_atomic(ctx.staging / name, patch));
  ctx.files.push_back(name);

  TRY_ASSIGN(auto mails, ctx.repo.format_patch(r.base_commit, r.tag.commit_id));
  // Each mail names the versions between its "---" line and the diff, where
  // `git am` ignores text: the series file itself must start with "From ".
  std::string series;
  for (std::size_t i = 0; i < mails.size(); ++i) {
    std::string text = mails[i].text;
    auto at = text.find("\n---\n");
    if (at != std::string::npos) {
      text.insert(at + 5, fmt::format("Standalone patch series for {} {} -> {}, patch {} of {}.\n\n",
                                      ctx.options.package, r.base_version, r.version.text(), i + 1, mails.size()));
    }
    series += text;
  }
  name = series_file_name(ctx.options.package, r.version);
  TRY(util::write_file_atomic(ctx.staging / name, series));
  ctx.files.push_back(name);
  return {};
}

// Each backport branch's patch, when it gets one (release_backports.hpp).
Result<void> write_backports(ReleaseContext& ctx) {
  TRY_ASSIGN(auto planned, plan_backports(ctx.repo, ctx.options, ctx.report));
  for (auto& p : planned) {
    if (!p.backport.file.empty()) {
      TRY(util::write_file_atomic(ctx.staging / p.backport.file, p.text));
      ctx.files.push_back(p.backport.file);
    }
    ctx.report.backports.push_back(std::move(p.backport));
  }
  return {};
}

Result<void> write_tarballs_pass(ReleaseContext& ctx) {
  TarballJob job;
  job.walk = ctx.tree->walker();
  job.mtime = ctx.report.tag.commit_time;
  job.prefix = fmt::format("{}-{}", ctx.options.package, ctx.report.version.text());
  job.dir = ctx.staging;
  job.base_name = job.prefix;
  job.formats = ctx.options.formats;
  job.threads = ctx.options.threads;
  job.xz_block_size = static_cast<std::uint64_t>(ctx.options.settings.xz_block_mib) << 20;
  TRY_ASSIGN(auto names, write_tarballs(job));
  ctx.files.insert(ctx.files.end(), names.begin(), names.end());
  return {};
}

Result<void> write_checksums(ReleaseContext& ctx) {
  std::sort(ctx.files.begin(), ctx.files.end());
  std::vector<ManifestEntry> entries;
  for (const auto& name : ctx.files) {
    TRY_ASSIGN(util::FileDigest d, util::digest_file(ctx.staging / name));
    entries.push_back({name, d.size, d.sha256, d.sha512});
    ctx.digests[name] = d;
  }
  TRY(util::write_file_atomic(ctx.staging / k_sizes_file, format_sizes(entries)));
  TRY(util::write_file_atomic(ctx.staging / k_sha256_file, format_sums("SHA256", entries, false)));
  TRY(util::write_file_atomic(ctx.staging / k_sha512_file, format_sums("SHA512", entries, true)));
  ctx.files.insert(ctx.files.begin(), {k_sizes_file, k_sha256_file, k_sha512_file});
  return {};
}

Result<void> sign_files(ReleaseContext& ctx) {
  for (const auto& name : ctx.files) {
    fs::path file = ctx.staging / name;
    TRY_ASSIGN(std::string sig, ctx.signer.sign_file(file));
    TRY_ASSIGN(SignatureCheck check, ctx.signer.verify_file(file, sig));
    if (!check.good) {
      return make_error(ErrorCode::unauthorized,
                        fmt::format("the signature just made over {} does not verify: {}", name, check.problem));
    }
    TRY(util::write_file_atomic(ctx.staging / (name + ".asc"), sig));
  }
  ctx.report.signing_fingerprint = ctx.signer.signing_fingerprint();
  return {};
}

Result<void> list_files(ReleaseContext& ctx) {
  for (const auto& name : ctx.files) {
    for (bool asc : {false, true}) {
      std::string n = asc ? name + ".asc" : name;
      auto known = ctx.digests.find(n);
      util::FileDigest d;
      if (known != ctx.digests.end()) {
        d = known->second;
      } else {
        TRY_ASSIGN(d, util::digest_file(ctx.staging / n));
      }
      ctx.report.files.push_back({n, d.size, d.sha256, d.sha512, !asc});
    }
  }
  std::sort(ctx.report.files.begin(), ctx.report.files.end(),
            [](const ReleaseFile& a, const ReleaseFile& b) { return a.name < b.name; });
  return {};
}

Result<void> publish(ReleaseContext& ctx) {
  TRY(util::sync_directory(ctx.staging));
  std::error_code ec;
  fs::path out = ctx.options.out_dir;
  if (fs::exists(out, ec)) {
    fs::remove(out, ec);  // empty, checked at the start; fails if someone filled it since
    if (ec) {
      return make_error(ErrorCode::conflict, fmt::format("--out {}: {}", out.string(), ec.message()));
    }
  }
  fs::rename(ctx.staging, out, ec);
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot rename the staging directory to {}: {}",
                                                       out.string(), ec.message()));
  }
  ctx.staging.clear();
  return util::sync_directory(fs::absolute(out).parent_path());
}

// --resume over an output directory that is not empty.
bool resuming(const ReleaseContext& ctx) {
  std::error_code ec;
  return ctx.options.resume && fs::is_directory(ctx.options.out_dir, ec) && !fs::is_empty(ctx.options.out_dir, ec);
}

Result<void> adopt_output(ReleaseContext& ctx) {
  const ReleaseOptions& o = ctx.options;
  TRY_ASSIGN(std::string patch, patch_text(ctx));
  std::vector<std::string> names = release_file_names(o.package, ctx.report.version, o.formats);
  TRY_ASSIGN(auto planned, plan_backports(ctx.repo, o, ctx.report));
  for (const auto& p : planned) {  // the patches the build wrote
    if (!p.backport.file.empty()) {
      names.push_back(p.backport.file);
    }
  }
  std::sort(names.begin(), names.end());
  TRY(adopt_release_dir(o.out_dir, names, patch_file_name(o.package, ctx.report.version), patch, ctx.signer,
                        ctx.report));
  ctx.report.resumed = true;
  return {};
}

}  // namespace

TreeJob tree_job(const ReleaseOptions& options, const TagInfo& tag, const ReleaseVersion& version) {
  TreeJob job;
  job.commit = tag.commit_id;
  job.tag = tag.name;
  job.commit_time = tag.commit_time;
  job.tag_time = tag.tag_time;
  job.package = options.package;
  job.version = version.text();
  job.release = version.release_text();
  job.variant = version.rc ? fmt::format("RC{}", *version.rc) : std::string();
  job.layout = options.layout;
  job.docs = options.docs ? DocsStep::run : DocsStep::off;
  return job;
}

Result<void> check_built_version(const ReleaseTree& tree, const ReleaseOptions& options,
                                 const ReleaseVersion& version) {
  const ReleaseSettings& s = options.settings;
  const ReleaseLayout& l = options.layout;
  if (!s.version_file.empty()) {
    std::string shipped = layout_path(l, s.version_file);
    TRY_ASSIGN(auto content, shipped.empty() ? std::optional<std::string>() : tree.read(shipped));
    if (!content) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("version file {} does not exist at tag {} (in the built tree{}; set "
                                    "release.version_file)",
                                    s.version_file, options.tag,
                                    shipped.empty() ? ": the layout does not ship it" : " as " + shipped));
    }
    TRY(check_version_file(s.version_file, *content, version, s));
  }
  if (l.version_file.empty()) {
    return {};
  }
  TRY_ASSIGN(auto content, tree.read(l.version_file));
  if (!content) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("version file {} is not in the built tree of tag {} (release.layout.version_file, "
                                  "relative to the top; made by the layout's stamping command)",
                                  l.version_file, options.tag));
  }
  ReleaseSettings patterns = s;
  patterns.version_pattern = l.version_pattern;
  patterns.variant_pattern = l.variant_pattern;
  return check_version_file(l.version_file, *content, version, patterns);
}

Result<ReleaseReport> build_release(const ReleaseOptions& options, RepoOps& repo, Signer& tag_keys, Signer& signer) {
  ReleaseContext ctx{options, repo, tag_keys, signer, {}, {}, {}};
  StagingGuard guard(ctx);
  TRY(lock_output(ctx));
  bool resume = resuming(ctx);
  if (!resume) {
    TRY(check_output(ctx));
  }
  TRY(resolve_refs(ctx));
  TRY(verify_tag(ctx));
  TRY(check_ancestry(ctx));
  TRY(tag_version(ctx));
  if (resume) {
    TRY(adopt_output(ctx));
    return std::move(ctx.report);
  }
  TRY(check_signing(ctx));
  TRY(make_staging(ctx));
  TRY(assemble_tree(ctx));
  TRY(check_version(ctx));
  TRY(write_patches(ctx));
  TRY(write_backports(ctx));
  TRY(write_tarballs_pass(ctx));
  TRY(drop_scratch(ctx));
  TRY(write_checksums(ctx));
  TRY(sign_files(ctx));
  TRY(list_files(ctx));
  TRY(publish(ctx));
  return std::move(ctx.report);
}

}  // namespace embargo::core::release
