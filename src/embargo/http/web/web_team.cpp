#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include <embargo/core/access.hpp>
#include <embargo/core/notify.hpp>
#include <embargo/core/project.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/http/web/web_nav.hpp>
#include <embargo/http/web/web_team.hpp>

namespace embargo::http {

namespace {

bool staff(const AuthContext& who) {
  return !who.who.via_link() && who.who.is_staff();
}

std::string span_text(const std::optional<std::chrono::seconds>& s) {
  if (!s) {
    return "-";
  }
  auto h = s->count() / 3600;
  return h >= 48 ? fmt::format("{}d {}h", h / 24, h % 24) : fmt::format("{}h {:02}m", h, (s->count() % 3600) / 60);
}

std::string_view team_state(const std::optional<core::MemberProfile>& p, util::Timestamp now) {
  return p && p->away_at(now) ? "away" : "present";
}

// The ids of the cases `who` may open: the same rule as the case pages (core::visible_cases: role, projects and
// grants), so these pages never show a case that /cases/ID answers 404 for.
Result<std::set<std::string>> visible_ids(core::StoreTx& tx, const core::Principal& who) {
  TRY_ASSIGN(auto cases, core::visible_cases(tx, who, std::nullopt, 0));
  std::set<std::string> ids;
  for (core::Case& c : cases) {
    ids.insert(std::move(c.id));
  }
  return ids;
}

// The response times of the cases in `visible`.
Result<std::vector<core::CaseTimes>> visible_times(core::StoreTx& tx, const core::ReminderPolicy& policy,
                                                   util::Timestamp now, const std::set<std::string>& visible) {
  TRY_ASSIGN(auto all, core::all_case_times(tx, policy, now, std::nullopt));
  std::erase_if(all, [&](const core::CaseTimes& t) { return !visible.contains(t.case_id); });
  return all;
}

// The team events (core/notify.hpp) of the last 30 days on the cases in `visible`, newest first, at most 50, as
// table rows.
Result<void> recent_events(core::StoreTx& tx, util::Timestamp now, const std::set<std::string>& visible,
                           std::string& rows) {
  util::Timestamp since = now - std::chrono::hours(24 * 30);
  TRY_ASSIGN(auto all, tx.list_cases({}));
  std::vector<core::TimelineEntry> found;
  for (const core::Case& c : all) {
    if (c.updated_at < since || !visible.contains(c.id)) {
      continue;
    }
    TRY(tx.for_each_timeline_entry(c.id, [&](const core::TimelineEntry& e) -> Result<void> {
      if (e.at >= since && core::team_event_of(e, e.kind == "mail-received" && e.seq == 2)) {
        found.push_back(e);
      }
      return {};
    }));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.at > b.at; });
  found.resize(std::min<std::size_t>(found.size(), 50));
  for (const core::TimelineEntry& e : found) {
    auto event = core::team_event_of(e, false);
    rows += fmt::format("<tr><td>{}</td><td><a href=\"/cases/{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                        util::format_timestamp_human(e.at), html_escape(e.case_id), html_escape(e.case_id),
                        event ? core::to_string(*event) : "", html_escape(e.actor));
  }
  return {};
}

using web_html::not_found;

}  // namespace

void TeamPages::add_routes(Router& router) {
  router.add("/team", [this](const Request& r) { return team(r); });
  router.add("/stats", [this](const Request& r) { return stats(r); });
  router.add("/metrics", [this](const Request& r) { return metrics(r); });
}

Response TeamPages::html(const Request& req, std::string_view title, const std::string& body, const AuthContext& who) {
  std::string page = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>{} - {}</title><link rel=\"stylesheet\" "
      "href=\"/static/style.css\"></head><body><header><strong>{}</strong>{}<span class=\"meta\">{}</span>"
      "</header><main><h1>{}</h1>{}</main></body></html>\n",
      html_escape(title), html_escape(m_d.project_name), html_escape(m_d.project_name), team_nav(m_d.store, who.who),
      html_escape(who.who.name), html_escape(title), body);
  Response res = text_response(req, beast_http::status::ok, std::move(page), "text/html; charset=utf-8");
  auto& m = std::get<StringResponse>(res.message);
  m.set("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'");
  m.set("Referrer-Policy", "no-referrer");
  m.set("X-Frame-Options", "DENY");
  res.user = who.who.name;
  return res;
}

Response TeamPages::team(const Request& req) {
  if (req.path() != "/team") {
    return not_found(req);
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who || !staff(*who)) {
    return not_found(req);
  }
  util::Timestamp now = m_d.clock.now();
  std::string members;
  std::string cases;
  std::string events;
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto users, tx.list_users());
    TRY_ASSIGN(auto profiles, tx.list_members());
    TRY_ASSIGN(auto assignments, tx.list_assignments());
    for (const core::User& u : users) {
      if (u.role != core::Role::admin && u.role != core::Role::team) {
        continue;
      }
      TRY_ASSIGN(auto p, tx.find_member(u.name));
      std::string away = p && p->away_from ? fmt::format("{} to {}", util::format_date(*p->away_from),
                                                         util::format_date(p->away_until.value_or(*p->away_from)))
                                           : "-";
      members += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                             team_state(p, now) == "away" ? " class=\"error\"" : "", html_escape(u.name),
                             p && !p->pgp_fingerprint.empty() ? html_escape(p->pgp_fingerprint) : "no key",
                             team_state(p, now), html_escape(away));
    }
    TRY_ASSIGN(auto visible, visible_ids(tx, who->who));
    TRY(recent_events(tx, now, visible, events));
    for (const core::CaseAssignment& a : assignments) {
      if (!visible.contains(a.case_id)) {
        continue;
      }
      std::string acting = core::acting_holder(a, profiles, now);
      cases += fmt::format("<tr><td><a href=\"/cases/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                           html_escape(a.case_id), html_escape(a.case_id), html_escape(a.owner), html_escape(a.backup),
                           html_escape(acting));
    }
    return {};
  });
  if (!read) {
    return text_response(req, beast_http::status::internal_server_error, "The store failed.\n");
  }
  std::string body = fmt::format(
      "<h2>Members</h2><table><tr><th>Member</th><th>Key</th><th>Now</th><th>Away</th></tr>{}</table>"
      "<h2>Who holds what</h2><table><tr><th>Case</th><th>Owner</th><th>Backup</th><th>Acting now</th></tr>{}"
      "</table><h2>Recent team events</h2><table><tr><th>When</th><th>Case</th><th>Event</th><th>By</th></tr>{}"
      "</table>",
      members, cases, events);
  return html(req, "Team", body, *who);
}

Response TeamPages::stats(const Request& req) {
  if (req.path() != "/stats") {
    return not_found(req);
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who || who->who.via_link() || who->who.role == core::Role::reporter) {
    return not_found(req);
  }
  util::Timestamp now = m_d.clock.now();
  std::vector<core::CaseTimes> visible;
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto ids, visible_ids(tx, who->who));
    TRY_ASSIGN(visible, visible_times(tx, m_d.policy, now, ids));
    return {};
  });
  if (!read) {
    return text_response(req, beast_http::status::internal_server_error, "The store failed.\n");
  }
  std::string rows;
  for (const auto& t : visible) {
    std::string over;
    for (const auto& o : t.over_policy) {
      over += (over.empty() ? "" : ", ") + o;
    }
    rows += fmt::format(
        "<tr{}><td><a href=\"/cases/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>",
        over.empty() ? "" : " class=\"error\"", html_escape(t.case_id), html_escape(t.case_id),
        core::to_string(t.state), span_text(t.acknowledge), span_text(t.confirm), span_text(t.fix),
        span_text(t.release), over.empty() ? "-" : "over policy: " + html_escape(over));
  }
  core::Medians m = core::medians_of(visible);
  std::string body = fmt::format(
      "<table><tr><th>Case</th><th>State</th><th>Acknowledge</th><th>Confirm</th><th>Fix</th><th>Release</th>"
      "<th>Policy</th></tr>{}<tr><th>Median</th><td></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
      "<td>{} of {} over policy</td></tr></table>",
      rows, span_text(m.acknowledge), span_text(m.confirm), span_text(m.fix), span_text(m.release), m.over_policy,
      m.cases);
  return html(req, "Response times", body, *who);
}

std::string metrics_text(const std::vector<core::CaseTimes>& cases) {
  core::Medians m = core::medians_of(cases);
  std::map<std::string, int> by_state;
  for (const auto& t : cases) {
    by_state[std::string(core::to_string(t.state))]++;
  }
  std::string out = "# HELP embargo_cases Cases by state.\n# TYPE embargo_cases gauge\n";
  for (const auto& [state, n] : by_state) {
    out += fmt::format("embargo_cases{{state=\"{}\"}} {}\n", state, n);
  }
  out += fmt::format(
      "# HELP embargo_cases_over_policy Cases over the response policy.\n# TYPE embargo_cases_over_policy gauge\n"
      "embargo_cases_over_policy {}\n",
      m.over_policy);
  auto steps = {std::tuple("acknowledge", m.acknowledge, m.acknowledged), std::tuple("confirm", m.confirm, m.confirmed),
                std::tuple("fix", m.fix, m.fixed), std::tuple("release", m.release, m.released)};
  out +=
      "# HELP embargo_response_median_seconds Median time from report to each step, over the cases that took "
      "it.\n# TYPE embargo_response_median_seconds gauge\n";
  for (auto [step, value, n] : steps) {
    if (value) {
      out += fmt::format("embargo_response_median_seconds{{step=\"{}\"}} {}\n", step, value->count());
    }
  }
  out += "# HELP embargo_response_cases Cases that took each step.\n# TYPE embargo_response_cases gauge\n";
  for (auto [step, value, n] : steps) {
    out += fmt::format("embargo_response_cases{{step=\"{}\"}} {}\n", step, n);
  }
  return out;
}

Response TeamPages::metrics(const Request& req) {
  if (req.path() != "/metrics") {
    return not_found(req);
  }
  auto who = m_d.auth.authenticate(req, true);
  if (!who) {
    who = m_d.auth.authenticate(req, false);
  }
  if (!who) {
    Response res = text_response(req, beast_http::status::unauthorized, "Credentials needed.\n");
    std::get<StringResponse>(res.message).set(beast_http::field::www_authenticate, "Bearer realm=\"embargo\"");
    return res;
  }
  if (!staff(*who)) {
    m_d.log.denial(req.address, "", who->who.name, "metrics: not a team member");
    return not_found(req);
  }
  std::vector<core::CaseTimes> cases;
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto ids, visible_ids(tx, who->who));
    TRY_ASSIGN(cases, visible_times(tx, m_d.policy, m_d.clock.now(), ids));
    return {};
  });
  if (!read) {
    return text_response(req, beast_http::status::internal_server_error, "The store failed.\n");
  }
  Response res = text_response(req, beast_http::status::ok, metrics_text(cases), "text/plain; version=0.0.4");
  res.user = who->who.name;
  return res;
}

}  // namespace embargo::http
