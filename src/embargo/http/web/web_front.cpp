// The team's front page, GET / for an account (web_front.hpp).

#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <embargo/core/recipient.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/http/web/web_front.hpp>
#include <embargo/http/web/web_html.hpp>

namespace embargo::http {

namespace {

using web_html::e;

std::string case_link(const std::string& id) {
  return fmt::format("<a href=\"/cases/{0}\">{0}</a>", e(id));
}

std::string time_cell(util::Timestamp t, util::Timestamp now) {
  return fmt::format("<time datetime=\"{}\">{}</time> <span class=\"meta\">{}</span>", e(util::format_timestamp(t)),
                     e(short_time(t)), e(relative_time(t, now)));
}

// The lists a case's timeline says were told under embargo (an "advance" or
// "fix" notice sent): list -> when the first went out. A heads-up or an
// announcement is public; nobody acknowledges those.
std::map<std::string, util::Timestamp> lists_told(const std::vector<core::TimelineEntry>& entries) {
  std::map<std::string, util::Timestamp> out;
  for (const auto& entry : entries) {
    if (entry.kind != "mail-sent" || entry.data.empty()) {
      continue;
    }
    auto data = nlohmann::json::parse(entry.data, nullptr, false);
    if (!data.is_object() || !data.contains("list") || !data["list"].is_string() || !data.contains("kind") ||
        !data["kind"].is_string()) {
      continue;
    }
    std::string kind = data["kind"].get<std::string>();
    std::string list = data["list"].get<std::string>();
    if ((kind == "advance" || kind == "fix") && !out.contains(list)) {
      out.emplace(std::move(list), entry.at);
    }
  }
  return out;
}

}  // namespace

std::string relative_time(util::Timestamp t, util::Timestamp now) {
  auto span = std::chrono::duration_cast<std::chrono::minutes>(t > now ? t - now : now - t);
  auto days = span.count() / (24 * 60);
  auto hours = span.count() / 60 % 24;
  auto minutes = span.count() % 60;
  std::string amount = days > 0    ? fmt::format("{} d {} h", days, hours)
                       : hours > 0 ? fmt::format("{} h {} min", hours, minutes)
                                   : fmt::format("{} min", minutes);
  return t > now ? "in " + amount : amount + " ago";
}

std::vector<UnacknowledgedRecipient> unacknowledged(const std::vector<core::Recipient>& recipients,
                                                    const std::vector<core::Vulnerability>& vulns,
                                                    const std::vector<core::TimelineEntry>& entries) {
  std::vector<UnacknowledgedRecipient> out;
  auto told = lists_told(entries);
  core::StatusMap statuses = core::current_statuses(entries);
  for (const auto& r : recipients) {
    auto when = told.find(r.list);
    if (when == told.end()) {
      continue;
    }
    auto answered = [&](int ordinal) {
      auto it = statuses.find({r.name, ordinal});
      return it != statuses.end() && core::has_answered(it->second.status);
    };
    UnacknowledgedRecipient u{r.name, r.list, r.important, when->second, {}};
    for (const auto& v : vulns) {
      if (!answered(v.ordinal)) {
        u.vulnerabilities.push_back(v.ordinal);
      }
    }
    if (!u.vulnerabilities.empty()) {
      out.push_back(std::move(u));
    }
  }
  return out;
}

std::string due_section(const std::vector<DueItem>& items, util::Timestamp now) {
  std::string out = "<section id=\"due\"><h2>Due</h2>";
  if (items.empty()) {
    return out + "<p>Nothing is due.</p></section>";
  }
  out += "<table><tr><th>When</th><th>Case</th><th>What</th><th>Who</th></tr>";
  for (const auto& item : items) {
    bool overdue = item.when <= now;
    out += fmt::format("<tr{}><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", overdue ? " class=\"error\"" : "",
                       overdue ? "<strong>OVERDUE</strong> " : "", time_cell(item.when, now),
                       item.case_id.empty() ? "-" : case_link(item.case_id), e(item.what),
                       item.holder.empty() ? "unassigned" : e(item.holder));
  }
  return out + "</table></section>";
}

std::string releases_section(const std::vector<ComingRelease>& releases, util::Timestamp now) {
  std::string out = "<section id=\"releases\"><h2>Releases in the next 14 days</h2>";
  if (releases.empty()) {
    return out + "<p>No release is scheduled in the next 14 days.</p></section>";
  }
  std::string now_row = fmt::format(
      "<tr class=\"now\"><td><strong>NOW</strong></td><td><time datetime=\"{}\">{}</time></td><td></td></tr>",
      e(util::format_timestamp(now)), e(short_time(now)));
  for (const auto& r : releases) {
    out += fmt::format("<h3>{}: {}</h3>", case_link(r.c.id), e(r.c.title));
    if (r.c.release_at) {
      out += fmt::format("<p>Release {}</p>", time_cell(*r.c.release_at, now));
    }
    out += "<table class=\"schedule\"><tr><th>Step</th><th>Due</th><th>State</th></tr>";
    bool now_shown = false;
    for (const auto& row : r.rows) {
      if (!now_shown && row.job.due_at > now) {
        out += now_row;
        now_shown = true;
      }
      out += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}{}</td><td>{}</td></tr>", e(core::to_string(row.job.state)),
                         e(row.job.kind), time_cell(row.job.due_at, now), zone_times(r.zones, row.job.due_at),
                         e(row.state_text()));
    }
    out += (now_shown ? "" : now_row) + "</table>";
  }
  return out + "</section>";
}

std::string quarantine_section(const std::vector<mail::QuarantinedMessage>& messages) {
  std::string out = "<section id=\"quarantine\"><h2>Quarantined mail</h2>";
  if (messages.empty()) {
    return out + "<p>No mail is quarantined.</p></section>";
  }
  out += "<table><tr><th>Kept since</th><th>From</th><th>Why</th></tr>";
  for (const auto& m : messages) {
    out += fmt::format("<tr class=\"error\"><td><a href=\"/quarantine/{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                       e(m.id), e(short_time(m.at)), e(m.from.empty() ? "?" : m.from), e(m.reason));
  }
  return out + "</table></section>";
}

std::string unacknowledged_section(const std::vector<std::pair<std::string, UnacknowledgedRecipient>>& rows,
                                   util::Timestamp now) {
  std::string out = "<section id=\"unacknowledged\"><h2>Recipients who have not acknowledged</h2>";
  if (rows.empty()) {
    return out + "<p>Every recipient told has answered.</p></section>";
  }
  out += "<table><tr><th>Case</th><th>Recipient</th><th>List</th><th>Told</th><th>No answer for</th></tr>";
  for (const auto& [case_id, u] : rows) {
    out += fmt::format("<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>vulnerability {}</td></tr>",
                       case_link(case_id), e(u.recipient), u.important ? " <strong>(important)</strong>" : "",
                       e(u.list), time_cell(u.told_at, now), fmt::join(u.vulnerabilities, ", "));
  }
  return out + "</table></section>";
}

std::string open_duties_section(const std::vector<std::pair<std::string, notice::Duty>>& rows, util::Timestamp now) {
  std::string out = "<section id=\"duties\"><h2>Open disclosure duties</h2>";
  if (rows.empty()) {
    return out + "<p>No disclosure duty is open.</p></section>";
  }
  out += "<table><tr><th>Due</th><th>Case</th><th>Duty</th><th>List</th><th>State</th></tr>";
  for (const auto& [case_id, d] : rows) {
    out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}: {}</td></tr>",
                       d.state == "fail" ? " class=\"error\"" : "", d.due ? time_cell(*d.due, now) : "-",
                       case_link(case_id), e(d.rule), e(d.list.empty() ? "-" : d.list), e(d.state), e(d.detail));
  }
  return out + "</table></section>";
}

}  // namespace embargo::http
