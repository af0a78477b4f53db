#include <algorithm>

#include <fmt/format.h>

#include <embargo/core/advisory/advisory_page.hpp>

namespace embargo::core::advisory {

namespace {

// "2026-03-05 14:00 UTC": to the minute, as Exim's timelines are.
std::string when(util::Timestamp t) {
  std::string s = util::format_timestamp(t);
  return s.substr(0, 10) + " " + s.substr(11, 5) + " UTC";
}

std::string head(std::string_view title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
      "<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}"
      "th{{text-align:left;vertical-align:top;padding-right:1em}}td,th{{padding:.2em}}"
      "code,pre{{font-family:monospace}}pre{{white-space:pre-wrap}}</style>\n</head>\n<body>\n",
      html_escape(title));
}

// A row of a header table; nothing when the value is empty.
void row(std::string& out, std::string_view label, std::string_view value) {
  if (!value.empty()) {
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", label, html_escape(value));
  }
}

// A paragraph block under a heading; nothing when the text is empty.
void block(std::string& out, std::string_view heading, std::string_view text) {
  if (!text.empty()) {
    out += fmt::format("<h3>{}</h3>\n<pre>{}</pre>\n", heading, html_escape(text));
  }
}

void vulnerability(std::string& out, const PageVulnerability& v, std::size_t n) {
  std::string name = v.identifier.empty() ? fmt::format("Issue {}", n) : v.identifier;
  out += fmt::format("<section class=\"vulnerability\" id=\"issue-{}\">\n<h2>{}: {}</h2>\n<table>\n", n,
                     html_escape(name), html_escape(v.title));
  std::string ids = v.identifier;
  for (const std::string& alias : v.aliases) {
    ids += (ids.empty() ? "" : ", ") + alias;
  }
  row(out, v.aliases.empty() ? "Identifier" : "Identifiers", ids);
  row(out, "Type", v.cwe);
  for (const PageScore& s : v.cvss) {
    out += fmt::format("<tr><th>Severity</th><td>{}<br><code>{}</code></td></tr>\n",
                       html_escape(s.score.empty() ? "not scored" : s.score), html_escape(s.vector));
  }
  row(out, "Affects", v.affected);
  row(out, "Corrected", v.fixed);
  out += "</table>\n";
  block(out, "Vulnerability Summary", v.description);
  block(out, "Mitigation", v.mitigation);
  out += "</section>\n";
}

void timeline(std::string& out, std::vector<PageEvent> events) {
  if (events.empty()) {
    return;
  }
  std::stable_sort(events.begin(), events.end(), [](const PageEvent& a, const PageEvent& b) { return a.at < b.at; });
  out += "<h2>Timeline</h2>\n<table class=\"timeline\">\n";
  for (const PageEvent& e : events) {
    out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", when(e.at), html_escape(e.text));
  }
  out += "</table>\n";
}

void downloads(std::string& out, const AdvisoryPage& page) {
  if (page.downloads.empty()) {
    return;
  }
  out += "<h2>Downloads</h2>\n<table class=\"downloads\">\n<tr><th>File</th><th>Size</th><th>SHA2-256</th></tr>\n";
  for (const PageDownload& d : page.downloads) {
    out += fmt::format("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td><code>{}</code></td></tr>\n",
                       html_escape(d.url), html_escape(d.name), d.size, html_escape(d.sha256));
  }
  out += "</table>\n";
  if (!page.signing_key.empty()) {
    out += fmt::format(
        "<p>The files are signed with the OpenPGP key <code>{}</code>; each has a detached signature "
        "(<code>.asc</code>).</p>\n",
        html_escape(page.signing_key));
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // C0 controls other than tab and line breaks are not allowed in XML 1.0.
        if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
          out += ch;
        }
    }
  }
  return out;
}

std::string page_file_name(std::string_view case_id) {
  return std::string(case_id) + ".html";
}

std::string advisory_title(const AdvisoryPage& page) {
  std::string out = page.project;
  if (!page.version.empty()) {
    out += (out.empty() ? "" : " ") + page.version;
  }
  for (const auto& v : page.vulns) {
    if (!v.identifier.empty()) {
      out += (out.empty() ? "" : ": ") + v.identifier;
    }
  }
  return out.empty() ? page.title : out + ": " + page.title;
}

IndexEntry index_entry(const AdvisoryPage& page) {
  IndexEntry e;
  e.case_id = page.case_id;
  e.title = advisory_title(page);
  e.file = page.file_name.empty() ? page_file_name(page.case_id) : page.file_name;
  e.published = page.published;
  std::string ids;
  for (const auto& v : page.vulns) {
    ids += (ids.empty() ? "" : ", ") + (v.identifier.empty() ? v.title : v.identifier + " " + v.title);
  }
  e.summary = fmt::format("{} security release{}{}.", page.project.empty() ? page.case_id : page.project,
                          page.version.empty() ? "" : " " + page.version, ids.empty() ? "" : " fixing " + ids);
  return e;
}

void sort_newest_first(std::vector<IndexEntry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const IndexEntry& a, const IndexEntry& b) {
    return a.published != b.published ? a.published > b.published : a.case_id < b.case_id;
  });
}

std::string render_advisory_page(const AdvisoryPage& page) {
  std::string title = advisory_title(page);
  std::string out = head(title);
  out += fmt::format("<h1>{}</h1>\n<table class=\"header\">\n", html_escape(title));
  row(out, "Advisory", page.case_id);
  row(out, "Announced", when(page.published));
  row(out, "Fixed release", page.version);
  row(out, "Credit", page.credit);
  out += "</table>\n";
  for (std::size_t i = 0; i < page.vulns.size(); ++i) {
    vulnerability(out, page.vulns[i], i + 1);
  }
  timeline(out, page.timeline);
  downloads(out, page);
  out += "<p><a href=\"index.html\">All advisories</a> &middot; <a href=\"atom.xml\">Atom feed</a></p>\n";
  out += "</body>\n</html>\n";
  return out;
}

std::string render_index(std::string_view project, std::vector<IndexEntry> entries) {
  sort_newest_first(entries);
  std::string title = project.empty() ? "Security advisories" : std::string(project) + " security advisories";
  std::string out = head(title);
  out += fmt::format("<h1>{}</h1>\n<p><a href=\"atom.xml\">Atom feed</a></p>\n<ul class=\"advisories\">\n",
                     html_escape(title));
  for (const IndexEntry& e : entries) {
    out += fmt::format("<li>{} <a href=\"{}\">{}</a></li>\n", html_escape(when(e.published).substr(0, 10)),
                       html_escape(e.file), html_escape(e.title));
  }
  out += "</ul>\n</body>\n</html>\n";
  return out;
}

}  // namespace embargo::core::advisory
