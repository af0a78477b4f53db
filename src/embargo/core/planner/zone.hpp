#pragma once

// A time zone of the system's tz database (Howard Hinnant's date/tz over
// /usr/share/zoneinfo, built with USE_OS_TZDB by Debian). The database is
// read-only system data, loaded once per process and shared; a Zone is a
// cheap handle (one pointer) to an entry of it, safe to copy and to use
// from several threads.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace date {
class time_zone;
}

namespace embargo::core::planner {

using LocalSeconds = date::local_time<std::chrono::seconds>;

class Zone {
 public:
  // InvalidArgument naming `name` when the database has no such zone (or
  // the database itself cannot be read).
  static Result<Zone> find(std::string_view name);

  const std::string& name() const;

  // Wall-clock time in this zone at `t` (seconds precision, truncated).
  LocalSeconds to_local(util::Timestamp t) const;
  // The instant of a wall-clock time. When the clocks go back and `local`
  // happens twice, the earlier instant; when the clocks go forward and
  // `local` never happens, the instant of the change.
  util::Timestamp to_utc(LocalSeconds local) const;
  // As to_utc, but InvalidArgument for a skipped or repeated wall-clock time.
  Result<util::Timestamp> to_utc_exact(LocalSeconds local) const;

  // "GMT", "BST", "PST", "+03" ... at `t`.
  std::string abbreviation(util::Timestamp t) const;
  // Offset from UTC at `t` (+01:00 is 3600 s).
  std::chrono::seconds offset(util::Timestamp t) const;

 private:
  explicit Zone(const date::time_zone* zone) : m_zone(zone) {}
  const date::time_zone* m_zone;  // never null; owned by the process-wide tz database
};

// Day of the week (0 = Sunday ... 6 = Saturday) of a local time.
unsigned local_weekday(LocalSeconds local);
date::local_days local_day(LocalSeconds local);
// "Tuesday 2026-03-10".
std::string format_local_day(LocalSeconds local);
// "2026-03-10 14:00".
std::string format_local_minutes(LocalSeconds local);
// "Thu 06:00 PST": weekday, time and abbreviation in `zone` at `t`.
std::string format_short_local(const Zone& zone, util::Timestamp t);
// "Thu 2026-03-12 14:00 UTC".
std::string format_utc_minutes(util::Timestamp t);
// "2026-03-10T14:00:00+01:00": RFC 3339 with the zone's offset at `t`.
std::string format_rfc3339_in(const Zone& zone, util::Timestamp t);
// "2026-03-10T14:00:00Z" (seconds precision, for output to people and scripts).
std::string format_utc_seconds(util::Timestamp t);
// "2 days", "1 day 3 hours", "45 minutes", "0 minutes"; negative with "-".
std::string format_duration(std::chrono::minutes d);

}  // namespace embargo::core::planner

namespace embargo::core::planner {

// Finds every zone of `names`, in order; the first unknown one is the error.
Result<std::vector<Zone>> find_zones(const std::vector<std::string>& names);

}  // namespace embargo::core::planner
