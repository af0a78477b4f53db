#pragma once

// The project's disclosure policy: the rules the planner applies when it
// proposes or checks a release timeline (DESIGN.md, "The planner"). Every
// field is configurable in the [policy] section of embargo.toml
// (config/config_file.cpp); the defaults here are Exim's practice.
//
// Rule names, as they appear in checks and the config:
//   weekday              no release on the listed days (default Fri/Sat/Sun) or
//                        a holiday, unless exploitation is active; poc-public
//                        may use Friday with a warning
//   release-hour         release at release_time in release_zone
//   packager-window      fix-to-packagers at least packager_min before release
//                        (fail below), packager_preferred (warn below)
//   distros-max-embargo  advance notice at most distros_max before release
//                        (fail above), distros_preferred (warn above)
//   reporter-deadline    release no later than the reporter's deadline (the end
//                        of that day in release_zone)
//   heads-up             a public heads-up between fix-to-packagers and
//                        release, not on a weekend
//   order                advance-notice <= fix-to-packagers <= heads-up <=
//                        release (and not in the past when proposing)

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core::planner {

namespace rule {
inline constexpr std::string_view k_weekday = "weekday";
inline constexpr std::string_view k_release_hour = "release-hour";
inline constexpr std::string_view k_packager_window = "packager-window";
inline constexpr std::string_view k_distros_max_embargo = "distros-max-embargo";
inline constexpr std::string_view k_reporter_deadline = "reporter-deadline";
inline constexpr std::string_view k_heads_up = "heads-up";
inline constexpr std::string_view k_order = "order";
}  // namespace rule

struct Policy {
  // release-hour
  std::string release_zone = "Europe/London";
  std::chrono::minutes release_time{14 * 60};  // minutes after local midnight
  std::chrono::minutes release_tolerance{0};   // allowed distance from release_time in a check

  // weekday: index 0 = Sunday ... 6 = Saturday (date::weekday::c_encoding).
  std::array<bool, 7> no_release_days{true, false, false, false, false, true, true};
  bool active_allows_any_day = true;  // exploitation `active` lifts the weekday rule
  bool poc_public_friday = true;      // `poc-public` may use Friday, with a warning
  std::vector<util::Date> holidays;   // days (in release_zone) treated as no-release days
  // An iCalendar file of holidays, relative to the data directory; read by
  // the caller into `holidays` (core does no I/O). Empty: none.
  std::string holidays_file;

  // packager-window
  std::chrono::hours packager_min{24};
  std::chrono::hours packager_preferred{48};

  // distros-max-embargo
  std::chrono::hours distros_max{14 * 24};
  std::chrono::hours distros_preferred{7 * 24};

  // reporter-deadline
  bool reporter_deadline = true;

  // heads-up
  bool heads_up = true;                  // plan (and require) a public heads-up
  std::chrono::hours heads_up_lead{24};  // preferred time between heads-up and release
  bool heads_up_on_weekends = false;

  // How many days after the earliest possible release propose looks.
  int search_days = 62;
};

// Checks the values against each other (preferred within the limits,
// positive durations, a time of day below 24h); InvalidArgument names the
// `policy.` key at fault. Does not look up the zone (Planner::create does).
Result<void> validate_policy(const Policy& policy);

// "Friday" -> 5 (c_encoding); accepts full English names and three-letter
// abbreviations, any case.
Result<unsigned> parse_weekday_name(std::string_view text);
std::string_view weekday_name(unsigned c_encoding);

// "14:00" -> 840 minutes; "HH:MM", 00:00 to 23:59.
Result<std::chrono::minutes> parse_time_of_day(std::string_view text);
std::string format_time_of_day(std::chrono::minutes minutes);

}  // namespace embargo::core::planner
