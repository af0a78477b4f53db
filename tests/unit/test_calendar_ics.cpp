#include <doctest/doctest.h>
#include <libical/ical.h>

#include <embargo/calendar/ics.hpp>
#include <embargo/core/planner/planner.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

std::string ics(std::string_view events) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + std::string(events) + "END:VCALENDAR\r\n";
}

std::string dates(const std::vector<util::Date>& days) {
  std::string out;
  for (const util::Date& d : days) {
    out += (out.empty() ? "" : " ") + util::format_date(d);
  }
  return out;
}

}  // namespace

TEST_CASE("plan_to_ics") {
  core::planner::Planner planner = unwrap(core::planner::Planner::create({}));
  core::planner::ProposeRequest r;
  r.now = ts("2026-03-02T09:00Z");
  r.fix_ready = ts("2026-03-03T11:00Z");
  core::planner::Plan plan = planner.propose(r);
  calendar::IcsOptions o{"EMB-2026-0001", "Example security release EMB-2026-0001", r.now};
  std::string text = calendar::plan_to_ics(plan, o);

  CHECK(text.find("BEGIN:VCALENDAR\r\n") == 0);
  CHECK(text.find("UID:EMB-2026-0001-release@embargo\r\n") != std::string::npos);

  // Parse it back with libical and compare every event.
  icalcomponent* cal = icalparser_parse_string(text.c_str());
  REQUIRE(cal != nullptr);
  CHECK(icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT);
  CHECK(icalcomponent_count_errors(cal) == 0);
  // RFC 5545's property restrictions (and iTIP's, had it a METHOD).
  CHECK(icalrestriction_check(cal) == 1);
  CHECK(icalcomponent_count_errors(cal) == 0);
  std::size_t n = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != nullptr;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), ++n) {
    REQUIRE(n < plan.events.size());
    icaltimetype start = icalcomponent_get_dtstart(ev);
    CHECK(icaltime_is_utc(start));
    auto secs = std::chrono::floor<std::chrono::seconds>(plan.events[n].at).time_since_epoch().count();
    CHECK(static_cast<long long>(icaltime_as_timet(start)) == secs);
    std::string summary = icalcomponent_get_summary(ev);
    CHECK(summary == "Example security release EMB-2026-0001: " + std::string(to_string(plan.events[n].step)));
    CHECK(icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY) != nullptr);
  }
  CHECK(n == plan.events.size());
  icalcomponent_free(cal);
}

TEST_CASE("parse_holidays") {
  SUBCASE("all-day, multi-day and timed events") {
    std::string text =
        ics("BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\n"
            "DTEND;VALUE=DATE:20261227\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260101\r\n"
            "SUMMARY:New Year\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260505T090000Z\r\n"
            "DTEND:20260505T170000Z\r\nSUMMARY:Team day\r\nEND:VEVENT\r\n");
    CHECK(dates(unwrap(calendar::parse_holidays(text, "h.ics", 2030))) ==
          "2026-01-01 2026-05-05 2026-12-25 2026-12-26");
  }
  SUBCASE("yearly recurrences up to the given year") {
    std::string text =
        ics("BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20241231\r\n"
            "RRULE:FREQ=YEARLY\r\nSUMMARY:Year end\r\nEND:VEVENT\r\n");
    CHECK(dates(unwrap(calendar::parse_holidays(text, "h.ics", 2027))) ==
          "2024-12-31 2025-12-31 2026-12-31 2027-12-31");
  }
  SUBCASE("COUNT limits a recurrence") {
    std::string text =
        ics("BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260105\r\n"
            "RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n");
    CHECK(dates(unwrap(calendar::parse_holidays(text, "h.ics", 2030))) == "2026-01-05 2026-01-12 2026-01-19");
  }
  SUBCASE("bad input names the file and the problem") {
    auto not_ics = calendar::parse_holidays("hello", "h.ics", 2030);
    REQUIRE_FALSE(not_ics);
    CHECK(not_ics.error().message().find("h.ics: not an iCalendar file") == 0);
    auto no_start =
        calendar::parse_holidays(ics("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:?\r\nEND:VEVENT\r\n"), "h.ics", 2030);
    REQUIRE_FALSE(no_start);
    CHECK(no_start.error().message().find("VEVENT 1 has no valid DTSTART") != std::string::npos);
    auto garbage = calendar::parse_holidays(ics("BEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\n"), "h.ics", 2030);
    CHECK_FALSE(garbage);
  }
}
