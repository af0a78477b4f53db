#include <algorithm>
#include <array>

#include <date/date.h>
#include <fmt/format.h>

#include <embargo/core/team.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core {

namespace {

constexpr std::array<std::pair<TeamEvent, std::string_view>, 6> k_event_names{{
    {TeamEvent::new_report, "new-report"},
    {TeamEvent::reporter_reply, "reporter-reply"},
    {TeamEvent::state_change, "state-change"},
    {TeamEvent::plan_change, "plan-change"},
    {TeamEvent::recipient_status, "recipient-status"},
    {TeamEvent::reminder, "reminder"},
}};

const MemberProfile* profile_of(const std::vector<MemberProfile>& profiles, std::string_view user) {
  auto it = std::find_if(profiles.begin(), profiles.end(), [&](const MemberProfile& p) { return p.user == user; });
  return it == profiles.end() ? nullptr : &*it;
}

}  // namespace

std::string_view to_string(TeamEvent event) {
  for (const auto& [e, name] : k_event_names) {
    if (e == event) {
      return name;
    }
  }
  return "unknown";
}

Result<TeamEvent> parse_team_event(std::string_view text) {
  for (const auto& [e, name] : k_event_names) {
    if (name == text) {
      return e;
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("notify: unknown event '{}' (new-report, reporter-reply, state-change, plan-change, "
                                "recipient-status, reminder, all or none)",
                                text));
}

const std::vector<TeamEvent>& all_team_events() {
  static const std::vector<TeamEvent> all = [] {
    std::vector<TeamEvent> v;
    for (const auto& [e, name] : k_event_names) {
      v.push_back(e);
    }
    return v;
  }();
  return all;
}

bool MemberProfile::wants(TeamEvent event) const {
  return std::find(notify.begin(), notify.end(), event) != notify.end();
}

bool MemberProfile::away_at(util::Timestamp t) const {
  if (!away_from && !away_until) {
    return false;
  }
  auto day = date::year_month_day{std::chrono::floor<date::days>(t)};
  util::Date d{static_cast<int>(day.year()), static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day())};
  if (away_from && d < *away_from) {
    return false;
  }
  if (away_until && *away_until < d) {
    return false;
  }
  return true;
}

Result<std::vector<TeamEvent>> parse_notify_list(std::string_view text) {
  std::string_view t = util::trim(text);
  if (t == "all") {
    return all_team_events();
  }
  std::vector<TeamEvent> out;
  if (t == "none" || t.empty()) {
    return out;
  }
  while (!t.empty()) {
    auto comma = t.find(',');
    std::string_view item = util::trim(t.substr(0, comma));
    TRY_ASSIGN(TeamEvent e, parse_team_event(item));
    if (std::find(out.begin(), out.end(), e) == out.end()) {
      out.push_back(e);
    }
    t = comma == std::string_view::npos ? std::string_view() : t.substr(comma + 1);
  }
  return out;
}

std::string format_notify_list(const std::vector<TeamEvent>& events) {
  std::string out;
  for (TeamEvent e : events) {
    if (!out.empty()) {
      out += ',';
    }
    out += to_string(e);
  }
  return out;
}

std::string acting_holder(const CaseAssignment& a, const std::vector<MemberProfile>& profiles, util::Timestamp t) {
  const MemberProfile* owner = profile_of(profiles, a.owner);
  bool owner_away = owner != nullptr && owner->away_at(t);
  if (!a.owner.empty() && !owner_away) {
    return a.owner;
  }
  return a.backup.empty() ? a.owner : a.backup;
}

}  // namespace embargo::core
