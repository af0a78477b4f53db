#include <set>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/policy_config.hpp>
#include <embargo/core/planner/zone.hpp>

namespace embargo::config {

namespace {

using core::planner::Policy;

const std::set<std::string, std::less<>> k_policy_keys{"release_zone",
                                                       "release_time",
                                                       "release_tolerance_minutes",
                                                       "no_release_days",
                                                       "active_exploitation_any_day",
                                                       "poc_public_friday",
                                                       "holidays_file",
                                                       "packager_window_min_hours",
                                                       "packager_window_preferred_hours",
                                                       "distros_max_embargo_days",
                                                       "distros_preferred_embargo_days",
                                                       "reporter_deadline",
                                                       "heads_up",
                                                       "heads_up_lead_hours",
                                                       "heads_up_on_weekends",
                                                       "search_days"};

template <typename T>
Result<void> read(const toml::value& section, const char* key, T& target) {
  if (!section.contains(key)) {
    return {};
  }
  try {
    target = toml::get<T>(section.at(key));
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: policy.{} has the wrong type", key));
  }
  return {};
}

template <typename Duration>
Result<void> read_count(const toml::value& section, const char* key, Duration& target) {
  auto count = static_cast<std::int64_t>(target.count());
  TRY(read(section, key, count));
  if (count < 0 || count > 100000) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: policy.{} must be between 0 and 100000", key));
  }
  target = Duration(count);
  return {};
}

Result<void> read_days(const toml::value& section, const char* key, std::chrono::hours& target) {
  std::chrono::days days(target.count() / 24);
  TRY(read_count(section, key, days));
  target = days;
  return {};
}

Result<void> read_no_release_days(const toml::value& section, Policy& p) {
  if (!section.contains("no_release_days")) {
    return {};
  }
  std::vector<std::string> names;
  TRY(read(section, "no_release_days", names));
  p.no_release_days.fill(false);
  for (const std::string& name : names) {
    auto day = core::planner::parse_weekday_name(name);
    if (!day) {
      return make_error(ErrorCode::invalid_argument, "config: policy.no_release_days: " + day.error().message());
    }
    p.no_release_days.at(*day) = true;
  }
  return {};
}

Result<void> read_time_settings(const toml::value& s, Policy& p) {
  TRY(read(s, "release_zone", p.release_zone));
  if (auto zone = core::planner::Zone::find(p.release_zone); !zone) {
    return make_error(ErrorCode::invalid_argument, "config: policy.release_zone: " + zone.error().message());
  }
  if (s.contains("release_time")) {
    std::string text;
    TRY(read(s, "release_time", text));
    auto t = core::planner::parse_time_of_day(text);
    if (!t) {
      return make_error(ErrorCode::invalid_argument, "config: policy.release_time: " + t.error().message());
    }
    p.release_time = *t;
  }
  return read_count(s, "release_tolerance_minutes", p.release_tolerance);
}

}  // namespace

Result<Policy> parse_policy_section(const toml::value& root) {
  Policy p;
  if (!root.contains("policy")) {
    return p;
  }
  const toml::value& s = root.at("policy");
  if (!s.is_table()) {
    return make_error(ErrorCode::invalid_argument, "config: policy must be a table ([policy])");
  }
  for (const auto& [key, value] : s.as_table()) {
    if (k_policy_keys.count(key) == 0) {
      return make_error(ErrorCode::invalid_argument, fmt::format("config: policy.{} is not a known setting", key));
    }
  }
  TRY(read_time_settings(s, p));
  TRY(read_no_release_days(s, p));
  TRY(read(s, "active_exploitation_any_day", p.active_allows_any_day));
  TRY(read(s, "poc_public_friday", p.poc_public_friday));
  TRY(read(s, "holidays_file", p.holidays_file));
  TRY(read_count(s, "packager_window_min_hours", p.packager_min));
  TRY(read_count(s, "packager_window_preferred_hours", p.packager_preferred));
  TRY(read_days(s, "distros_max_embargo_days", p.distros_max));
  TRY(read_days(s, "distros_preferred_embargo_days", p.distros_preferred));
  TRY(read(s, "reporter_deadline", p.reporter_deadline));
  TRY(read(s, "heads_up", p.heads_up));
  TRY(read_count(s, "heads_up_lead_hours", p.heads_up_lead));
  TRY(read(s, "heads_up_on_weekends", p.heads_up_on_weekends));
  TRY(read(s, "search_days", p.search_days));
  auto valid = core::planner::validate_policy(p);
  if (!valid) {
    return make_error(ErrorCode::invalid_argument, "config: " + valid.error().message());
  }
  return p;
}

std::string default_policy_text() {
  return R"([policy]
# The disclosure planner's rules (`embargo plan`, `embargo case plan`).
# release-hour: releases happen at this local time in this zone.
release_zone = "Europe/London"
release_time = "14:00"
# How far (minutes) a checked release may be from release_time.
release_tolerance_minutes = 0
# weekday: no release on these days (in release_zone) or on a holiday...
no_release_days = ["Friday", "Saturday", "Sunday"]
# ...unless exploitation is active,
active_exploitation_any_day = true
# and with a public proof of concept Friday is allowed, with a warning.
poc_public_friday = true
# An iCalendar file of holidays (relative to this directory); "" for none.
holidays_file = ""
# packager-window: time between fix-to-packagers and release.
packager_window_min_hours = 24
packager_window_preferred_hours = 48
# distros-max-embargo: advance notice to the distros list before release.
distros_max_embargo_days = 14
distros_preferred_embargo_days = 7
# reporter-deadline: never release after the reporter's deadline (its end in release_zone).
reporter_deadline = true
# heads-up: a public heads-up between fix-to-packagers and release.
heads_up = true
heads_up_lead_hours = 24
heads_up_on_weekends = false
# How many days ahead `propose` looks for a timeline.
search_days = 62
)";
}

}  // namespace embargo::config
