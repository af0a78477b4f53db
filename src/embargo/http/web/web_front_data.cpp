// What the team's front page shows, read for one viewer (web_front.hpp), and
// the page itself: WebApp::front_page.

#include <algorithm>
#include <chrono>
#include <set>

#include <embargo/core/project.hpp>
#include <embargo/core/reminders.hpp>
#include <embargo/core/team.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_front.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/http/web/web_nav.hpp>
#include <embargo/http/web/web_schedule.hpp>
#include <embargo/mail/quarantine.hpp>
#include <embargo/notice/disclosure_duties.hpp>

namespace embargo::http {

namespace {

constexpr auto k_release_horizon = std::chrono::days(14);

// A case is in "Releases" when a step not yet done, or its release, falls
// between now and the horizon (an overdue pending step counts too).
bool releases_soon(const core::Case& c, const std::vector<scheduler::ScheduleRow>& rows, util::Timestamp now) {
  util::Timestamp horizon = now + k_release_horizon;
  if (c.release_at && *c.release_at >= now && *c.release_at <= horizon && core::is_open(c.state)) {
    return true;
  }
  return std::any_of(rows.begin(), rows.end(), [&](const scheduler::ScheduleRow& r) {
    bool open = r.job.state == core::JobState::pending || r.job.state == core::JobState::running;
    return open && r.job.due_at <= horizon;
  });
}

std::vector<core::planner::Zone> zones_for(const CasePageSettings& settings) {
  static const core::ProjectConfig defaults;
  std::vector<core::planner::Zone> out;
  for (const auto& name : settings.config != nullptr ? settings.config->project.time_zones : defaults.time_zones) {
    if (auto z = core::planner::Zone::find(name)) {
      out.push_back(*z);
    }
  }
  return out;
}

}  // namespace

Result<void> WebApp::front_due(core::StoreTx& tx, const std::set<std::string>& visible, util::Timestamp now,
                               FrontPage& out) {
  static const config::ConfigFile defaults;
  const config::ConfigFile& config = m_d.page_settings.config != nullptr ? *m_d.page_settings.config : defaults;
  notice::DutyDates duty_dates(config);
  TRY_ASSIGN(auto items, core::pending_items(tx, config.team.reminders, now, &duty_dates));
  TRY_ASSIGN(auto profiles, tx.list_members());
  for (const core::Pending& p : items) {
    if (!visible.contains(p.case_id)) {
      continue;
    }
    TRY_ASSIGN(auto assignment, tx.find_assignment(p.case_id));
    std::string holder = assignment ? core::acting_holder(*assignment, profiles, now) : std::string();
    out.due.push_back({p.case_id, p.what, p.when, std::move(holder)});
  }
  return {};
}

Result<void> WebApp::front_case(core::StoreTx& tx, const core::Case& c, util::Timestamp now, FrontPage& out) {
  if (c.state == core::CaseState::rejected) {
    return {};
  }
  auto found = settings_for_case(m_d.page_settings, tx, c.id);
  if (!found && found.error().code() == ErrorCode::not_found) {
    return {};  // its project is no longer configured: its case page says so; the front page leaves it out
  }
  TRY_ASSIGN(CasePageSettings settings, std::move(found));
  TRY_ASSIGN(auto plan, tx.latest_plan(c.id));
  TRY_ASSIGN(CaseSchedule schedule, case_schedule(tx, settings, c, plan));
  if (releases_soon(c, schedule.rows, now)) {
    out.releases.push_back({c, std::move(schedule.rows), zones_for(settings)});
  }
  TRY_ASSIGN(auto duties, case_duties(tx, settings, c, now));
  for (notice::Duty& d : duties) {
    if (d.state == "open" || d.state == "fail") {
      out.duties.emplace_back(c.id, std::move(d));
    }
  }
  if (!core::is_open(c.state) || settings.config == nullptr) {
    return {};
  }
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(c.id));
  TRY_ASSIGN(auto entries, core::load_timeline(tx, c.id));
  for (auto& u : unacknowledged(settings.config->mail.recipients(), vulns, entries)) {
    out.unacknowledged.emplace_back(c.id, std::move(u));
  }
  return {};
}

Result<FrontPage> WebApp::front_data(const core::Principal& who, util::Timestamp now) {
  FrontPage out;
  std::vector<std::string> projects;
  TRY(m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto cases, core::visible_cases(tx, who, std::nullopt, 0));
    TRY_ASSIGN(projects, tx.list_user_projects(who.name));
    std::set<std::string> visible;
    for (const core::Case& c : cases) {
      visible.insert(c.id);
      TRY(front_case(tx, c, now, out));
    }
    return front_due(tx, visible, now, out);
  }));
  auto by_due = [](const auto& a, const auto& b) {
    return a.second.due.value_or(util::Timestamp::max()) < b.second.due.value_or(util::Timestamp::max());
  };
  std::stable_sort(out.duties.begin(), out.duties.end(), by_due);
  std::stable_sort(out.releases.begin(), out.releases.end(), [](const ComingRelease& a, const ComingRelease& b) {
    return a.c.release_at.value_or(util::Timestamp::max()) < b.c.release_at.value_or(util::Timestamp::max());
  });
  if (m_d.page_settings.data_path.empty() || !may_open_quarantine(who, projects)) {
    return out;
  }
  mail::Quarantine quarantine(m_d.page_settings.data_path, m_d.store, m_d.cases, m_d.clock);
  TRY_ASSIGN(auto messages, quarantine.list());
  for (auto& m : messages) {
    if (mail::may_handle_quarantined(who, m.project, projects)) {
      out.quarantined.push_back(std::move(m));
    }
  }
  return out;
}

Response WebApp::front_page(const Request& req, const AuthContext& who) {
  util::Timestamp now = m_d.clock.now();
  auto data = front_data(who.who, now);
  if (!data) {
    return from_error(req, data.error(), &who);
  }
  std::string body = fmt::format(
      "<p class=\"meta\">Now: <time datetime=\"{}\">{}</time> &middot; <a href=\"/cases\">All cases</a></p>{}{}{}{}{}",
      web_html::e(util::format_timestamp(now)), web_html::e(short_time(now)), due_section(data->due, now),
      releases_section(data->releases, now), quarantine_section(data->quarantined),
      unacknowledged_section(data->unacknowledged, now), open_duties_section(data->duties, now));
  return page(req, beast_http::status::ok, "What is due", body, &who);
}

}  // namespace embargo::http
