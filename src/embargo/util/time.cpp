#include <embargo/util/time.hpp>

#include <cctype>
#include <sstream>

#include <date/date.h>
#include <fmt/format.h>

namespace embargo::util {

namespace {

constexpr std::string_view k_timestamp_example =
    "use RFC 3339 with a zone, e.g. 2026-03-03T14:00Z or 2026-03-03T14:00:00+00:00";

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return !s.empty();
}

int to_int(std::string_view s) {
  int value = 0;
  for (char c : s) {
    value = value * 10 + (c - '0');
  }
  return value;
}

// Parses the part after the time: "Z", "+hh:mm" or "-hh:mm". Returns the
// offset from UTC.
Result<std::chrono::minutes> parse_zone(std::string_view zone, std::string_view whole) {
  if (zone == "Z" || zone == "z") {
    return std::chrono::minutes(0);
  }
  if (zone.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("time '{}' has no zone; {}", whole, k_timestamp_example));
  }
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
      !all_digits(zone.substr(1, 2)) || !all_digits(zone.substr(4, 2))) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("time '{}' has a malformed zone '{}'; {}", whole, zone, k_timestamp_example));
  }
  int hours = to_int(zone.substr(1, 2));
  int minutes = to_int(zone.substr(4, 2));
  if (hours > 23 || minutes > 59) {
    return make_error(ErrorCode::invalid_argument, fmt::format("time '{}' has an impossible zone offset", whole));
  }
  std::chrono::minutes offset(hours * 60 + minutes);
  return zone[0] == '-' ? -offset : offset;
}

}  // namespace

std::string format_timestamp(Timestamp t) {
  // Hand-rolled rather than date::format (iostreams): this runs once per
  // timeline entry when a million of them are verified.
  auto day = std::chrono::floor<date::days>(t);
  date::year_month_day ymd{day};
  date::hh_mm_ss<std::chrono::microseconds> tod{t - day};
  char buffer[40];
  auto end = fmt::format_to_n(buffer, sizeof(buffer), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
                              static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                              static_cast<unsigned>(ymd.day()), tod.hours().count(), tod.minutes().count(),
                              tod.seconds().count(), tod.subseconds().count());
  return std::string(buffer, end.out);
}

std::string format_timestamp_human(Timestamp t) {
  return date::format("%F %T UTC", std::chrono::floor<std::chrono::seconds>(t));
}

Result<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("date '{}' is not of the form YYYY-MM-DD (e.g. 2026-03-01)", text));
  }
  Date d{to_int(text.substr(0, 4)), static_cast<unsigned>(to_int(text.substr(5, 2))),
         static_cast<unsigned>(to_int(text.substr(8, 2)))};
  date::year_month_day ymd{date::year(d.year), date::month(d.month), date::day(d.day)};
  if (!ymd.ok()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("date '{}' does not exist in the calendar", text));
  }
  return d;
}

std::string format_date(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

Result<Timestamp> parse_timestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM[:SS[.ffffff]]<zone>
  if (text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("time '{}' is not a date and time; {}", text, k_timestamp_example));
  }
  TRY_ASSIGN(Date d, parse_date(text.substr(0, 10)));
  std::string_view rest = text.substr(11);
  if (rest.size() < 5 || rest[2] != ':' || !all_digits(rest.substr(0, 2)) || !all_digits(rest.substr(3, 2))) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("time '{}' has no HH:MM; {}", text, k_timestamp_example));
  }
  int hour = to_int(rest.substr(0, 2));
  int minute = to_int(rest.substr(3, 2));
  int second = 0;
  long micros = 0;
  rest.remove_prefix(5);
  if (!rest.empty() && rest[0] == ':') {
    if (rest.size() < 3 || !all_digits(rest.substr(1, 2))) {
      return make_error(ErrorCode::invalid_argument, fmt::format("time '{}' has malformed seconds", text));
    }
    second = to_int(rest.substr(1, 2));
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == '.') {
      std::size_t n = 1;
      while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) {
        ++n;
      }
      std::string_view frac = rest.substr(1, n - 1);
      if (frac.empty()) {
        return make_error(ErrorCode::invalid_argument, fmt::format("time '{}' has an empty fraction", text));
      }
      std::string padded(frac.substr(0, 6));
      padded.resize(6, '0');
      micros = to_int(padded);
      rest.remove_prefix(n);
    }
  }
  if (hour > 23 || minute > 59 || second > 60) {
    return make_error(ErrorCode::invalid_argument, fmt::format("time '{}' is not a valid time of day", text));
  }
  TRY_ASSIGN(std::chrono::minutes offset, parse_zone(rest, text));
  date::sys_days day = date::year_month_day{date::year(d.year), date::month(d.month), date::day(d.day)};
  Timestamp t = day + std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second) +
                std::chrono::microseconds(micros);
  return t - offset;
}

Timestamp end_of_day_utc(const Date& d) {
  date::sys_days day = date::year_month_day{date::year(d.year), date::month(d.month), date::day(d.day)};
  return Timestamp(day + date::days(1)) - std::chrono::microseconds(1);
}

Timestamp SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace embargo::util
