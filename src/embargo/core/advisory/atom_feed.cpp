#include <fmt/format.h>

#include <embargo/core/advisory/atom_feed.hpp>

namespace embargo::core::advisory {

namespace {

// RFC 3339 to the second, as Atom's date constructs (RFC 4287 3.3) are usually written.
std::string atom_time(util::Timestamp t) {
  std::string s = util::format_timestamp(t);
  return s.substr(0, 19) + "Z";
}

}  // namespace

std::string join_url(std::string_view base, std::string_view name) {
  std::string out(base);
  if (!out.empty() && out.back() != '/') {
    out += '/';
  }
  return out + std::string(name);
}

std::string render_atom_feed(const FeedInfo& info, std::vector<IndexEntry> entries) {
  sort_newest_first(entries);
  util::Timestamp updated = entries.empty() ? info.empty_updated : entries.front().published;
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += fmt::format("  <id>{}</id>\n  <title>{}</title>\n  <updated>{}</updated>\n",
                     html_escape(join_url(info.base_url, k_feed_file)), html_escape(info.title), atom_time(updated));
  out += fmt::format("  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                     html_escape(join_url(info.base_url, k_feed_file)),
                     html_escape(join_url(info.base_url, k_index_file)));
  out += fmt::format("  <author><name>{}</name></author>\n", html_escape(info.title));
  for (const IndexEntry& e : entries) {
    std::string url = html_escape(join_url(info.base_url, e.file));
    out += fmt::format(
        "  <entry>\n    <id>{}</id>\n    <title>{}</title>\n    <updated>{}</updated>\n"
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <summary>{}</summary>\n  </entry>\n",
        url, html_escape(e.title), atom_time(e.published), url, html_escape(e.summary));
  }
  out += "</feed>\n";
  return out;
}

}  // namespace embargo::core::advisory
