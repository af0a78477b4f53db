#include <chrono>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>
#include <libical/ical.h>

#include <embargo/calendar/ical_component.hpp>
#include <embargo/calendar/ics.hpp>

namespace embargo::calendar {

namespace {

using core::planner::Plan;

icaltimetype utc_time(util::Timestamp t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  return icaltime_from_timet_with_zone(static_cast<time_t>(secs), 0, icaltimezone_get_utc_timezone());
}

std::string checks_text(const Plan& plan) {
  std::string out = plan.ok() ? "Every rule passes." : "FAILING RULES: " + plan.failing_rules() + ".";
  for (const core::planner::Check& c : plan.checks) {
    out += fmt::format("\n{} {}: {}", c.rule, to_string(c.status), c.detail);
  }
  return out;
}

icalcomponent* make_event(const Plan& plan, const core::planner::Event& e, const IcsOptions& o) {
  icalcomponent* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  std::string step(to_string(e.step));
  icalcomponent_add_property(ev, icalproperty_new_uid(fmt::format("{}-{}@embargo", o.uid_base, step).c_str()));
  icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(o.stamp)));
  icalcomponent_add_property(ev, icalproperty_new_dtstart(utc_time(e.at)));
  icalcomponent_add_property(ev, icalproperty_new_duration(icaldurationtype_from_int(30 * 60)));
  icalcomponent_add_property(ev, icalproperty_new_summary(fmt::format("{}: {}", o.title, step).c_str()));
  std::string description = e.why;
  if (e.step == core::planner::Step::release) {
    description += "\n\n" + checks_text(plan);
  }
  icalcomponent_add_property(ev, icalproperty_new_description(description.c_str()));
  icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
  return ev;
}

}  // namespace

std::string plan_to_ics(const Plan& plan, const IcsOptions& options) {
  ComponentPtr cal(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//embargo//disclosure planner//EN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  // No METHOD: that is iTIP (RFC 5546), whose PUBLISH would require an
  // ORGANIZER; a plain RFC 5545 calendar file is imported as it is.
  for (const core::planner::Event& e : plan.events) {
    icalcomponent_add_component(cal.get(), make_event(plan, e, options));
  }
  char* text = icalcomponent_as_ical_string_r(cal.get());
  std::string out(text == nullptr ? "" : text);
  std::free(text);
  return out;
}

}  // namespace embargo::calendar
