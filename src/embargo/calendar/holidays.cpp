#include <algorithm>
#include <memory>

#include <date/date.h>
#include <fmt/format.h>
#include <libical/ical.h>

#include <embargo/calendar/ical_component.hpp>
#include <embargo/calendar/ics.hpp>
#include <embargo/util/file.hpp>

namespace embargo::calendar {

namespace {

// Bounds that keep a hostile file from taking unbounded time or memory.
constexpr int k_max_days_per_event = 366;
constexpr int k_max_occurrences = 5000;
constexpr std::size_t k_max_days = 200000;

struct RecurFree {
  void operator()(icalrecur_iterator* i) const { icalrecur_iterator_free(i); }
};

date::sys_days to_days(const icaltimetype& t) {
  return date::year_month_day{date::year(t.year), date::month(static_cast<unsigned>(t.month)),
                              date::day(static_cast<unsigned>(t.day))};
}

util::Date to_date(date::sys_days d) {
  date::year_month_day ymd{d};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

bool valid_day(const icaltimetype& t) {
  return !icaltime_is_null_time(t) && t.year > 0 && t.year < 10000 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= 31;
}

// How many days an occurrence starting at `start` covers (at least 1).
int span_days(const icaltimetype& start, const icaltimetype& end) {
  if (!valid_day(end)) {
    return 1;
  }
  auto days = static_cast<int>((to_days(end) - to_days(start)).count());
  bool ends_at_midnight = end.is_date || (end.hour == 0 && end.minute == 0 && end.second == 0);
  if (!ends_at_midnight) {
    ++days;
  }
  return std::clamp(days, 1, k_max_days_per_event);
}

void add_span(std::vector<util::Date>& out, date::sys_days first, int days) {
  for (int i = 0; i < days && out.size() < k_max_days; ++i) {
    out.push_back(to_date(first + date::days(i)));
  }
}

Result<void> add_event(icalcomponent* ev, int index, std::string_view source, int until_year,
                       std::vector<util::Date>& out) {
  icaltimetype start = icalcomponent_get_dtstart(ev);
  if (!valid_day(start)) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: VEVENT {} has no valid DTSTART", source, index));
  }
  int days = span_days(start, icalcomponent_get_dtend(ev));
  icalproperty* rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
  if (rrule == nullptr) {
    add_span(out, to_days(start), days);
    return {};
  }
  icalrecurrencetype recur = icalproperty_get_rrule(rrule);
  int limit = k_max_occurrences;
  if (icaltime_is_null_time(recur.until)) {
    // Bounds the iterator's own search too (a rule no day matches would
    // otherwise be searched for centuries). COUNT is applied by our loop.
    limit = recur.count > 0 ? std::min(recur.count, k_max_occurrences) : k_max_occurrences;
    recur.count = 0;
    recur.until = icaltime_null_date();
    recur.until.year = until_year;
    recur.until.month = 12;
    recur.until.day = 31;
    recur.until.is_date = 1;
  }
  std::unique_ptr<icalrecur_iterator, RecurFree> it(icalrecur_iterator_new(recur, start));
  if (!it) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: VEVENT {} has an invalid RRULE", source, index));
  }
  for (int n = 0; n < limit; ++n) {
    icaltimetype next = icalrecur_iterator_next(it.get());
    if (icaltime_is_null_time(next) || next.year > until_year) {
      break;
    }
    add_span(out, to_days(next), days);
  }
  return {};
}

std::string first_error(icalcomponent* c) {
  icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
  if (p != nullptr) {
    const char* text = icalproperty_get_xlicerror(p);
    return text == nullptr ? "parse error" : text;
  }
  for (icalcomponent* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub != nullptr;
       sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
    std::string e = first_error(sub);
    if (!e.empty()) {
      return e;
    }
  }
  return "";
}

}  // namespace

Result<std::vector<util::Date>> parse_holidays(std::string_view text, std::string_view source, int until_year) {
  std::string copy(text);
  if (copy.find('\0') != std::string::npos || copy.find("BEGIN:VCALENDAR") == std::string::npos) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: not an iCalendar file (no BEGIN:VCALENDAR)", source));
  }
  ComponentPtr root(icalparser_parse_string(copy.c_str()));
  if (!root || icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: not one iCalendar VCALENDAR", source));
  }
  if (std::string err = first_error(root.get()); !err.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: {}", source, err));
  }
  std::vector<util::Date> out;
  int index = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT); ev != nullptr;
       ev = icalcomponent_get_next_component(root.get(), ICAL_VEVENT_COMPONENT)) {
    TRY(add_event(ev, ++index, source, until_year, out));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<util::Date>> load_holidays(const std::filesystem::path& path, int until_year) {
  TRY_ASSIGN(std::string text, util::read_file(path));
  return parse_holidays(text, path.string(), until_year);
}

}  // namespace embargo::calendar
