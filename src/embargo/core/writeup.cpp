#include <embargo/core/writeup.hpp>

#include <array>

#include <fmt/format.h>

#include <embargo/core/credit.hpp>

namespace embargo::core {

namespace {

constexpr std::size_t k_max_line = 300;

struct Step {
  std::string at;       // "2026-11-23 10:00 UTC"
  std::string elapsed;  // since the report
  std::string kind;
  std::string text;     // first line of the entry's text
};

std::string first_line(std::string_view text) {
  auto nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  std::size_t n = std::min(line.size(), k_max_line);
  while (n < line.size() && n > 0 && (static_cast<unsigned char>(line[n]) & 0xC0) == 0x80) {
    --n;  // do not split a UTF-8 sequence
  }
  std::string out(line.substr(0, n));
  if (n < line.size() || nl != std::string_view::npos) {
    out += " ...";
  }
  return out;
}

std::string when(util::Timestamp t) {
  std::string s = util::format_timestamp(t);
  return s.substr(0, 10) + " " + s.substr(11, 5) + " UTC";
}

std::vector<Step> steps_of(const WriteUpInput& in) {
  std::vector<Step> out;
  util::Timestamp start = in.c.created_at;
  for (const auto& t : in.timeline) {
    if (!in.include_private && is_private_kind(t.kind)) {
      continue;
    }
    out.push_back(Step{when(t.at), t.at >= start ? elapsed_text(start, t.at) : "-", t.kind, first_line(t.text)});
  }
  return out;
}

std::string credit_text(const WriteUpInput& in) {
  Reporter r = published_reporter(in.c, in.timeline);
  return r.anonymous || r.credit.empty() ? "an anonymous reporter" : r.credit;
}

// Markdown: a backslash before every character that could start markup,
// raw HTML, an entity or a table cell (CommonMark escapes; dashes and dots
// are left alone since they matter only at the start of a line, and no
// value starts one here). Line breaks cannot occur: steps are one line.
std::string md(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (std::string_view("\\`*_[]<>|&#!~").find(ch) != std::string_view::npos) {
      out += '\\';
    }
    out += ch;
  }
  return out;
}

std::string html(std::string_view s) {
  std::string out;
  for (char ch : s) {
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
        out += ch;
    }
  }
  return out;
}

}  // namespace

bool is_private_kind(std::string_view kind) {
  constexpr std::array k_private{"note", "reporter", "reply", "mail-received", "access", "usercode",
                                 "field", "recipient-status-rejected", "quarantine"};
  for (std::string_view p : k_private) {
    if (kind == p) {
      return true;
    }
  }
  return false;
}

std::string elapsed_text(util::Timestamp from, util::Timestamp to) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(to - from).count();
  if (minutes < 0) {
    minutes = 0;
  }
  auto days = minutes / (24 * 60);
  auto hours = (minutes / 60) % 24;
  auto mins = minutes % 60;
  if (days > 0) {
    return fmt::format("{}d {}h {:02}m", days, hours, mins);
  }
  if (hours > 0) {
    return fmt::format("{}h {:02}m", hours, mins);
  }
  return fmt::format("{}m", mins);
}

std::string write_up_markdown(const WriteUpInput& in) {
  std::string out = fmt::format("# {}: {}\n\n", md(in.c.id), md(in.c.title));
  out += fmt::format("{} security case, reported {} by {}; state {}; {}.\n\n", md(in.project_name),
                     md(when(in.c.created_at)), md(credit_text(in)), md(to_string(in.c.state)),
                     in.c.release_at ? "released " + md(when(*in.c.release_at)) : std::string("no release date"));
  if (!in.vulns.empty()) {
    out += "## Vulnerabilities\n\n";
    for (const auto& v : in.vulns) {
      std::string ids = identifiers_text(v);
      out += fmt::format("{}. {}{}\n", v.ordinal, md(v.title), ids.empty() ? "" : " (" + md(ids) + ")");
    }
    out += "\n";
  }
  out += "## Timeline\n\nTimes are UTC; the second column is the time since the report.\n\n";
  out += "| When | Since report | What | |\n|---|---|---|---|\n";
  for (const auto& s : steps_of(in)) {
    out += fmt::format("| {} | {} | {} | {} |\n", md(s.at), md(s.elapsed), md(s.kind), md(s.text));
  }
  return out;
}

std::string write_up_html(const WriteUpInput& in) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}: {1}</title></head><body>\n"
      "<h1>{0}: {1}</h1>\n<p>{2} security case, reported {3} by {4}; state {5}; {6}.</p>\n",
      html(in.c.id), html(in.c.title), html(in.project_name), html(when(in.c.created_at)), html(credit_text(in)),
      html(to_string(in.c.state)),
      in.c.release_at ? "released " + html(when(*in.c.release_at)) : std::string("no release date"));
  if (!in.vulns.empty()) {
    out += "<h2>Vulnerabilities</h2>\n<ol>\n";
    for (const auto& v : in.vulns) {
      std::string ids = identifiers_text(v);
      out += fmt::format("<li value=\"{}\">{}{}</li>\n", v.ordinal, html(v.title),
                         ids.empty() ? "" : " (" + html(ids) + ")");
    }
    out += "</ol>\n";
  }
  out += "<h2>Timeline</h2>\n<p>Times are UTC; the second column is the time since the report.</p>\n"
         "<table>\n<tr><th>When</th><th>Since report</th><th>What</th><th></th></tr>\n";
  for (const auto& s : steps_of(in)) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", html(s.at), html(s.elapsed),
                       html(s.kind), html(s.text));
  }
  return out + "</table>\n</body></html>\n";
}

}  // namespace embargo::core
