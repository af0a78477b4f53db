#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include <embargo/notice/timeline_view.hpp>

namespace embargo::notice {

namespace {

// Two zones per line keep a row under 76 characters, so that the mail needs
// no quoted-printable line breaks.
constexpr std::size_t k_zones_per_line = 2;

using core::planner::Zone;

// "New York" for America/New_York: how people name the place.
std::string place_of(const Zone& zone) {
  std::string place = zone.name().substr(zone.name().rfind('/') + 1);
  std::replace(place.begin(), place.end(), '_', ' ');
  return place;
}

mstch::array local_lines(const std::vector<Zone>& zones, util::Timestamp t) {
  mstch::array lines;
  for (std::size_t i = 0; i < zones.size(); i += k_zones_per_line) {
    std::string line;
    for (std::size_t j = i; j < zones.size() && j < i + k_zones_per_line; ++j) {
      line += fmt::format("{}{} {}", line.empty() ? "" : " | ", place_of(zones[j]),
                          core::planner::format_short_local(zones[j], t));
    }
    lines.emplace_back(line);
  }
  return lines;
}

mstch::map row(const PlannedEvent& e, bool now, const std::vector<Zone>& zones) {
  return mstch::map{{"when", core::planner::format_utc_minutes(e.at)},
                    {"label", e.label},
                    {"now", now},
                    {"locals", local_lines(zones, e.at)}};
}

bool same_minute(util::Timestamp a, util::Timestamp b) {
  return std::chrono::floor<std::chrono::minutes>(a) == std::chrono::floor<std::chrono::minutes>(b);
}

}  // namespace

TimelineView timeline_view(std::vector<PlannedEvent> events, util::Timestamp now, const std::vector<Zone>& zones) {
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  bool now_on_event = std::any_of(events.begin(), events.end(), [&](const auto& e) { return same_minute(e.at, now); });
  bool now_shown = false;
  TimelineView v;
  for (const PlannedEvent& e : events) {
    if (!now_shown && !now_on_event && now < e.at) {
      v.rows.emplace_back(row({"now", "(this message)", now}, true, {}));
      now_shown = true;
    }
    bool is_now = !now_shown && same_minute(e.at, now);
    v.rows.emplace_back(row(e, is_now, zones));
    now_shown = now_shown || is_now;
    if (e.key == "release") {
      v.release = core::planner::format_utc_minutes(e.at);
      v.release_locals = local_lines(zones, e.at);
    } else if (e.key == "fix-to-packagers") {
      v.packaging = core::planner::format_utc_minutes(e.at);
    }
  }
  if (!now_shown) {
    v.rows.emplace_back(row({"now", "(this message)", now}, true, {}));
  }
  return v;
}

}  // namespace embargo::notice
