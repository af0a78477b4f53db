#include <embargo/core/release/release_listing.hpp>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include <fmt/format.h>

namespace embargo::core::release {

namespace fs = std::filesystem;

namespace {

// Removes the scratch directory on every path out.
class ScratchDir {
 public:
  ~ScratchDir() {
    if (!m_path.empty()) {
      std::error_code ec;
      fs::remove_all(m_path, ec);
    }
  }
  Result<fs::path> make() {
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    if (ec) {
      tmp = "/tmp";
    }
    std::string pattern = (tmp / "embargo-layout-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return make_error(ErrorCode::io_error,
                        fmt::format("cannot create a scratch directory in {}: {}", tmp.string(),
                                    std::generic_category().message(errno)));
    }
    m_path = pattern;
    return m_path;
  }

 private:
  fs::path m_path;
};

}  // namespace

Result<LayoutListing> list_release_layout(const ReleaseOptions& options, RepoOps& repo) {
  LayoutListing out;
  TRY_ASSIGN(out.tag, repo.resolve_tag(options.tag));
  TRY_ASSIGN(out.version, version_from_tag(options.tag, options.settings.tag_patterns));
  out.prefix = fmt::format("{}-{}", options.package, out.version.text());
  ScratchDir scratch;
  TreeJob job = tree_job(options, out.tag, out.version);
  if (job.docs == DocsStep::run) {
    job.docs = DocsStep::list;
  }
  TRY_ASSIGN(job.scratch, scratch.make());
  TRY_ASSIGN(ReleaseTree tree, ReleaseTree::assemble(repo, job));
  out.stamp = tree.stamp();
  out.docs = tree.docs();
  TRY(check_built_version(tree, options, out.version));
  TRY(tree.walk(false, [&](const TreeEntry& e, std::string_view) -> Result<void> {
    out.members.push_back(e);
    return {};
  }));
  return out;
}

}  // namespace embargo::core::release
