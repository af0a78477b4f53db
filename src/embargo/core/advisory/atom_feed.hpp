#pragma once

// The Atom feed (RFC 4287) of the published advisories (issue 11): the
// feed's id, title, updated time (the newest entry's, so an unchanged list
// gives a byte-identical feed) and links to itself and the index; one entry
// per advisory with id, title, updated, link to its page and summary.
// Pure: data to text. Text is escaped for XML; URLs are taken as given.

#include <string>
#include <vector>

#include <embargo/core/advisory/advisory_page.hpp>

namespace embargo::core::advisory {

struct FeedInfo {
  std::string title;                // "Exim security advisories"
  std::string base_url;             // the URL the pages are served under, e.g. "https://example.org/advisories/"
  util::Timestamp empty_updated{};  // the feed's <updated> when there are no entries
};

inline constexpr const char* k_feed_file = "atom.xml";
inline constexpr const char* k_index_file = "index.html";

// `base` with one '/' between it and `name`.
std::string join_url(std::string_view base, std::string_view name);

// The feed of `entries` (sorted newest first here). Entry ids and links are
// join_url(base_url, entry.file); the feed id is join_url(base_url, "atom.xml").
std::string render_atom_feed(const FeedInfo& info, std::vector<IndexEntry> entries);

}  // namespace embargo::core::advisory
