#include <embargo/core/release/release_backports.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <embargo/core/release/release_layout.hpp>

namespace embargo::core::release {

namespace {

// The first of `left_out` that may not be left out ([release]
// backport_may_leave_out), or empty.
std::string code_left_out(const std::vector<std::string>& left_out, const std::vector<std::string>& may) {
  for (const auto& path : left_out) {
    if (std::none_of(may.begin(), may.end(), [&](const std::string& p) { return path.starts_with(p); })) {
      return path;
    }
  }
  return {};
}

std::string backport_header(const ReleaseOptions& o, const ReleaseReport& r, const std::string& branch,
                            const std::string& commit, const ReleaseReport::Backport& b) {
  std::string header = fmt::format(
      "Standalone patch for {} {} -> {}, for branch {} (commit {}).\n"
      "Apply in an unpacked tree of that branch's latest release with: patch -p1 < {}\n",
      o.package, r.base_version, r.version.text(), branch, commit, b.file);
  for (const auto& path : b.left_out) {
    header += fmt::format("NOT included: the change to {} does not apply to this branch.\n", path);
  }
  return header + "\n";
}

}  // namespace

std::string backport_file_name(const std::string& package, const ReleaseVersion& version, const std::string& branch) {
  std::string safe = branch;
  for (char& ch : safe) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '_' || ch == '-';
    ch = ok ? ch : '-';
  }
  return fmt::format("{}-{}-for-{}.patch", package, version.text(), safe);
}

Result<std::vector<PlannedBackport>> plan_backports(RepoOps& repo, const ReleaseOptions& options,
                                                    const ReleaseReport& report) {
  std::vector<PlannedBackport> out;
  for (const std::string& branch : options.backport_branches) {
    auto commit = repo.resolve_commit(branch);
    if (!commit) {
      return make_error(ErrorCode::not_found,
                        fmt::format("release.supported_branches: {}: {}", branch, commit.error().message()));
    }
    PlannedBackport p;
    p.backport.branch = branch;
    auto diff = repo.backport_diff(report.base_commit, report.tag.commit_id, *commit);
    if (!diff && diff.error().code() != ErrorCode::conflict) {
      return tl::unexpected(diff.error());
    }
    std::string code = diff ? code_left_out(diff->left_out, options.settings.backport_may_leave_out) : "";
    if (!diff) {
      p.backport.problem = "the fix does not apply: " + diff.error().message();
    } else if (diff->diff.empty() && diff->left_out.empty()) {
      p.backport.has_it = true;
    } else if (!code.empty()) {
      p.backport.problem = fmt::format("the fix does not apply: the change to {} does not (only files under "
                                       "release.backport_may_leave_out may be left out)",
                                       code);
    } else {
      p.backport.file = backport_file_name(options.package, report.version, branch);
      p.backport.left_out = diff->left_out;
      p.text = backport_header(options, report, branch, *commit, p.backport) +
               relocate_diff(options.layout, diff->diff);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace embargo::core::release
