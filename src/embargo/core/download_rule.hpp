#pragma once

// What the download area answers for a case (issue 21): the rule the
// embargoed and public areas (http/download_area.cpp) apply, from facts read
// in one transaction. Pure but for area_facts.
//   /embargo/CASE/  serve only from the window's opening until the release;
//                   before the opening, with no window, or with a window
//                   closed by `release abort`: not_open (403); after the
//                   release: moved_public (301) when /public/ serves, gone
//                   (410) when the window closes at the release, else
//                   not_open.
//   /public/CASE/   serve only once the case is public or closed AND its
//                   publish-files release step is done (and the window, if
//                   any, is not one that closes at the release); else
//                   not_found (404). A case released without a schedule
//                   (no publish-files step, or only a cancelled one) counts
//                   as published once it is public.

#include <optional>
#include <string_view>

#include <embargo/core/case.hpp>
#include <embargo/core/download_area.hpp>
#include <embargo/core/store.hpp>

namespace embargo::core {

struct AreaFacts {
  std::optional<DownloadWindow> window;
  CaseState state = CaseState::reported;
  // No publish-files step is left to run: one is done, or the case has
  // none (or only a cancelled one: released by hand).
  bool files_published = false;
};

enum class AreaAnswer { serve, not_open, gone, moved_public, not_found };
std::string_view to_string(AreaAnswer a);

AreaAnswer embargoed_answer(const AreaFacts& facts, util::Timestamp now);
AreaAnswer public_answer(const AreaFacts& facts);

// The job kind whose being done makes the files public (scheduler/release_jobs.hpp).
inline constexpr std::string_view k_publish_files_job = "publish-files";

// The facts of `case_id`; NotFound when there is no such case.
Result<AreaFacts> area_facts(StoreTx& tx, std::string_view case_id);

// A window closed by `release abort`: it opens in the year 9999 (so every
// reader, old or new, treats it as not open yet: 403), and the next
// open-downloads step sets it anew. The store keeps no separate "closed"
// state (a delete in StoreTx is the cleaner follow-up).
DownloadWindow closed_window(std::string_view case_id);
bool is_closed_window(const DownloadWindow& w);

}  // namespace embargo::core
