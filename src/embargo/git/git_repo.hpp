#pragma once

// core::release::RepoOps over libgit2: a local repository, bare or with a
// working tree, opened read-only in spirit (nothing here writes objects,
// refs or config, or talks to a remote). One GitRepo per thread.

#include <filesystem>
#include <memory>

#include <embargo/core/release/repo_ops.hpp>
#include <embargo/util/result.hpp>

struct git_repository;
struct git_patch;
struct git_tree;

namespace embargo::git {

class GitRepo final : public core::release::RepoOps {
 public:
  // NotFound when `path` is not a git repository (the message names it).
  static Result<std::unique_ptr<GitRepo>> open(const std::filesystem::path& path);
  ~GitRepo() override;
  GitRepo(const GitRepo&) = delete;
  GitRepo& operator=(const GitRepo&) = delete;

  Result<void> check_clean() override;
  Result<core::release::TagInfo> resolve_tag(std::string_view name) override;
  Result<std::string> resolve_commit(std::string_view revision) override;
  Result<bool> is_ancestor(std::string_view ancestor, std::string_view descendant) override;
  Result<std::optional<std::string>> read_file(std::string_view commit, std::string_view path) override;
  Result<void> walk_tree(std::string_view commit, bool load_content, const core::release::TreeVisitor& visit) override;
  Result<bool> walk_subtree(std::string_view commit, std::string_view dir, bool load_content,
                            const core::release::TreeVisitor& visit) override;
  Result<std::string> diff(std::string_view from, std::string_view to) override;
  Result<core::release::BackportDiff> backport_diff(std::string_view from, std::string_view to,
                                                    std::string_view onto) override;
  Result<std::vector<core::release::PatchMail>> format_patch(std::string_view from, std::string_view to) override;
  std::string configured_signing_key() override;

 private:
  GitRepo(git_repository* repo, std::filesystem::path path) : m_repo(repo), m_path(std::move(path)) {}
  // backport_diff's one file (git_backport.cpp).
  Result<std::optional<std::string>> backport_file(git_patch* change, git_tree* onto, std::string& why);
  git_repository* m_repo;  // owned
  std::filesystem::path m_path;
};

}  // namespace embargo::git
