// GitRepo::backport_diff: a change applied onto another branch's tree, file
// by file, as `git apply` does it (each hunk's old lines must match exactly,
// at the hunk's line or the nearest line above or below it; no fuzz).
// libgit2's own apply (git_apply_to_tree) only tries the hunk's recorded
// line: Exim's 4.98.2 fix, which `git apply` puts on exim-4.96+fixes one
// line up, does not apply there with it. Everything happens in memory; the
// repository is only read.

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include <embargo/git/git_handles.hpp>
#include <embargo/git/git_repo.hpp>

namespace embargo::git {

namespace {

using Lines = std::vector<std::string>;

Lines split_lines(std::string_view text) {
  Lines out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    out.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return out;
}

bool matches_at(const Lines& image, const Lines& pre, std::size_t pos) {
  if (pos + pre.size() > image.size()) {
    return false;
  }
  for (std::size_t i = 0; i < pre.size(); ++i) {
    if (image[pos + i] != pre[i]) {
      return false;
    }
  }
  return true;
}

// The position nearest `expected`, not before `floor`, where `pre` matches.
std::optional<std::size_t> find_hunk(const Lines& image, const Lines& pre, std::size_t expected, std::size_t floor) {
  if (image.size() < pre.size()) {
    return std::nullopt;
  }
  std::size_t last = image.size() - pre.size();
  expected = std::clamp(expected, floor, std::max(floor, last));
  for (std::size_t d = 0; expected + d <= last || expected >= floor + d; ++d) {
    if (expected + d <= last && matches_at(image, pre, expected + d)) {
      return expected + d;
    }
    if (d > 0 && expected >= floor + d && matches_at(image, pre, expected - d)) {
      return expected - d;
    }
  }
  return std::nullopt;
}

// `patch`'s hunks applied to `text`; nullopt (with the hunk named in `why`)
// when one does not apply.
std::optional<std::string> apply_hunks(git_patch* patch, std::string_view text, std::string& why) {
  Lines image = split_lines(text);
  std::size_t floor = 0;
  std::ptrdiff_t shift = 0;  // where the last hunk landed against its recorded line, plus the lines it added
  for (std::size_t h = 0; h < git_patch_num_hunks(patch); ++h) {
    const git_diff_hunk* hunk = nullptr;
    std::size_t count = 0;
    git_patch_get_hunk(&hunk, &count, patch, h);
    Lines pre, post;
    for (std::size_t i = 0; i < count; ++i) {
      const git_diff_line* line = nullptr;
      git_patch_get_line_in_hunk(&line, patch, h, i);
      std::string content(line->content, line->content_len);
      if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_DELETION) {
        pre.push_back(content);
      }
      if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION) {
        post.push_back(content);
      }
    }
    std::ptrdiff_t recorded = hunk->old_start > 0 ? hunk->old_start - 1 : 0;
    std::size_t expected = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, recorded + shift));
    auto at = find_hunk(image, pre, expected, floor);
    if (!at) {
      why = fmt::format("hunk {} (at line {}) does not apply", h + 1, hunk->old_start);
      return std::nullopt;
    }
    image.erase(image.begin() + static_cast<std::ptrdiff_t>(*at),
                image.begin() + static_cast<std::ptrdiff_t>(*at + pre.size()));
    image.insert(image.begin() + static_cast<std::ptrdiff_t>(*at), post.begin(), post.end());
    floor = *at + post.size();
    shift = static_cast<std::ptrdiff_t>(*at) - recorded + static_cast<std::ptrdiff_t>(post.size()) -
            static_cast<std::ptrdiff_t>(pre.size());
  }
  std::string out;
  for (const auto& l : image) {
    out += l;
  }
  return out;
}

Result<std::optional<Blob>> blob_at(git_repository* repo, git_tree* tree, const char* path) {
  git_tree_entry* entry = nullptr;
  if (int rc = git_tree_entry_bypath(&entry, tree, path); rc == GIT_ENOTFOUND) {
    return std::optional<Blob>();
  } else if (rc != 0) {
    return git_failure(fmt::format("file {}", path), rc);
  }
  TreeEntryPtr owned(entry);
  git_blob* blob = nullptr;
  if (int rc = git_blob_lookup(&blob, repo, git_tree_entry_id(entry)); rc != 0) {
    return git_failure(fmt::format("file {}", path), rc);
  }
  return std::optional<Blob>(Blob(blob));
}

std::string_view content_of(const git_blob* b) {
  return {static_cast<const char*>(git_blob_rawcontent(b)), static_cast<std::size_t>(git_blob_rawsize(b))};
}

}  // namespace

// One file of the change onto the branch: its diff there ("" when the
// branch has it already), or nullopt with `why`.
Result<std::optional<std::string>> GitRepo::backport_file(git_patch* change, git_tree* onto, std::string& why) {
  const git_diff_delta* d = git_patch_get_delta(change);
  const char* path = d->new_file.path != nullptr ? d->new_file.path : d->old_file.path;
  TRY_ASSIGN(auto there, blob_at(m_repo, onto, path));
  const git_oid* there_id = there ? git_blob_id(there->get()) : nullptr;
  bool absent_before = d->status == GIT_DELTA_ADDED;
  bool absent_after = d->status == GIT_DELTA_DELETED;
  if ((there_id != nullptr && git_oid_equal(there_id, &d->new_file.id) != 0) || (absent_after && !there)) {
    return std::optional<std::string>(std::string());  // the branch has it already
  }
  std::optional<std::string> result;
  if (absent_before ? !there : (there && git_oid_equal(there_id, &d->old_file.id) != 0)) {
    std::optional<Blob> after;
    if (!absent_after) {
      git_blob* b = nullptr;
      if (int rc = git_blob_lookup(&b, m_repo, &d->new_file.id); rc != 0) {
        return git_failure(fmt::format("file {}", path), rc);
      }
      after = Blob(b);
    }
    result = after ? std::string(content_of(after->get())) : std::string();
  } else if (!there || (d->flags & GIT_DIFF_FLAG_BINARY) != 0) {
    why = !there ? "not on the branch" : "a binary file that differs on the branch";
    return std::optional<std::string>();
  } else {
    result = apply_hunks(change, content_of(there->get()), why);
    if (!result) {
      return std::optional<std::string>();
    }
  }
  git_patch* out = nullptr;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_SHOW_BINARY;
  const char* new_buffer = absent_after ? nullptr : result->data();
  if (int rc = git_patch_from_blob_and_buffer(&out, there ? there->get() : nullptr, path, new_buffer,
                                              absent_after ? 0 : result->size(), path, &opts);
      rc != 0) {
    return git_failure("diff", rc);
  }
  Patch owned(out);
  Buf buf;
  if (int rc = git_patch_to_buf(buf.get(), out); rc != 0) {
    return git_failure("diff", rc);
  }
  return std::optional<std::string>(buf.str());
}

Result<core::release::BackportDiff> GitRepo::backport_diff(std::string_view from, std::string_view to,
                                                          std::string_view onto) {
  TRY_ASSIGN(Diff owned_change, commit_diff(m_repo, from, to));
  TRY_ASSIGN(Tree base, commit_tree(m_repo, onto));
  git_diff* change = owned_change.get();
  core::release::BackportDiff out;
  std::string problems;
  std::size_t files = git_diff_num_deltas(change);
  for (std::size_t i = 0; i < files; ++i) {
    git_patch* p = nullptr;
    if (int rc = git_patch_from_diff(&p, change, i); rc != 0) {
      return git_failure("diff", rc);
    }
    Patch owned(p);
    const git_diff_delta* d = git_patch_get_delta(p);
    std::string path = d->new_file.path != nullptr ? d->new_file.path : d->old_file.path;
    std::string why;
    TRY_ASSIGN(auto diff, backport_file(p, base.get(), why));
    if (!diff) {
      out.left_out.push_back(path);
      problems += (problems.empty() ? "" : "; ") + path + ": " + why;
      continue;
    }
    out.diff += *diff;
  }
  if (files > 0 && out.left_out.size() == files) {
    return make_error(ErrorCode::conflict, problems);
  }
  return out;
}

}  // namespace embargo::git
