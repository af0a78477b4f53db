#pragma once

// iCalendar (RFC 5545) through libical: a plan exported as one VEVENT per
// step, and a holiday calendar read into the days the planner avoids.
// libical keeps no state between calls here; each function is safe to call
// from one thread at a time per process (libical's error flag is global).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/planner/plan.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::calendar {

struct IcsOptions {
  // Makes the UIDs ("<uid_base>-release@embargo"): the same base gives the
  // same UIDs, so a calendar re-importing a changed plan moves the events.
  std::string uid_base = "plan";
  // Prefix of every SUMMARY, e.g. "Example security release EMB-2026-0001".
  std::string title = "Security release";
  util::Timestamp stamp{};  // DTSTAMP: when the file was made
};

// A VCALENDAR (VERSION 2.0, PRODID, no iTIP METHOD) with one VEVENT per
// event of `plan`: DTSTART in UTC, 30 minutes long, the reason as
// DESCRIPTION (the release event also lists the checks). Lines end in CRLF.
std::string plan_to_ics(const core::planner::Plan& plan, const IcsOptions& options);

// The days of every VEVENT in an iCalendar text: all-day events (DATE, DTEND
// exclusive), timed events (each calendar day they touch, in their own
// wall-clock time) and RRULE recurrences up to the end of `until_year`.
// Sorted, without duplicates. InvalidArgument names `source` and the
// problem (not iCalendar, a VEVENT without DTSTART, libical parse errors).
Result<std::vector<util::Date>> parse_holidays(std::string_view text, std::string_view source, int until_year);
Result<std::vector<util::Date>> load_holidays(const std::filesystem::path& path, int until_year);

}  // namespace embargo::calendar
