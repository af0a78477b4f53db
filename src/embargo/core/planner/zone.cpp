#include <date/tz.h>
#include <fmt/format.h>

#include <embargo/core/planner/policy.hpp>
#include <embargo/core/planner/zone.hpp>

namespace embargo::core::planner {

Result<Zone> Zone::find(std::string_view name) {
  try {
    return Zone(date::locate_zone(name));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("unknown time zone '{}' (use a tz database name such as Europe/London or "
                                  "America/New_York)",
                                  name));
  }
}

const std::string& Zone::name() const {
  return m_zone->name();
}

LocalSeconds Zone::to_local(util::Timestamp t) const {
  auto s = std::chrono::floor<std::chrono::seconds>(t);
  date::sys_info info = m_zone->get_info(s);
  return LocalSeconds{s.time_since_epoch() + info.offset};
}

util::Timestamp Zone::to_utc(LocalSeconds local) const {
  return m_zone->to_sys(local, date::choose::earliest);
}

Result<util::Timestamp> Zone::to_utc_exact(LocalSeconds local) const {
  date::local_info info = m_zone->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{} does not exist in {}: the clocks skip it",
                                                               date::format("%F %H:%M", local), name()));
  }
  if (info.result == date::local_info::ambiguous) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{} happens twice in {} (the clocks go back); give an offset instead",
                                  date::format("%F %H:%M", local), name()));
  }
  return util::Timestamp(date::sys_seconds{local.time_since_epoch() - info.first.offset});
}

std::string Zone::abbreviation(util::Timestamp t) const {
  return m_zone->get_info(std::chrono::floor<std::chrono::seconds>(t)).abbrev;
}

std::chrono::seconds Zone::offset(util::Timestamp t) const {
  return m_zone->get_info(std::chrono::floor<std::chrono::seconds>(t)).offset;
}

unsigned local_weekday(LocalSeconds local) {
  return date::weekday(std::chrono::floor<date::days>(local)).c_encoding();
}

date::local_days local_day(LocalSeconds local) {
  return std::chrono::floor<date::days>(local);
}

}  // namespace embargo::core::planner

namespace embargo::core::planner {

namespace {

std::string ymd_text(date::local_days day) {
  date::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

}  // namespace

std::string format_local_day(LocalSeconds local) {
  return fmt::format("{} {}", weekday_name(local_weekday(local)), ymd_text(local_day(local)));
}

std::string format_local_minutes(LocalSeconds local) {
  auto since_midnight = std::chrono::duration_cast<std::chrono::minutes>(local - local_day(local));
  return fmt::format("{} {:02}:{:02}", ymd_text(local_day(local)), since_midnight.count() / 60,
                     since_midnight.count() % 60);
}

std::string format_short_local(const Zone& zone, util::Timestamp t) {
  LocalSeconds local = zone.to_local(t);
  return fmt::format("{} {} {}", weekday_name(local_weekday(local)).substr(0, 3),
                     format_local_minutes(local).substr(11), zone.abbreviation(t));
}

std::string format_utc_minutes(util::Timestamp t) {
  return date::format("%a %F %H:%M UTC", std::chrono::floor<std::chrono::minutes>(t));
}

std::string format_rfc3339_in(const Zone& zone, util::Timestamp t) {
  LocalSeconds local = zone.to_local(t);
  auto secs = (local - local_day(local)).count();
  auto off = std::chrono::duration_cast<std::chrono::minutes>(zone.offset(t)).count();
  char sign = off < 0 ? '-' : '+';
  off = off < 0 ? -off : off;
  return fmt::format("{}T{:02}:{:02}:{:02}{}{:02}:{:02}", ymd_text(local_day(local)), secs / 3600, secs / 60 % 60,
                     secs % 60, sign, off / 60, off % 60);
}

std::string format_utc_seconds(util::Timestamp t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  date::sys_days day = std::chrono::floor<date::days>(secs);
  auto tod = (secs - day).count();
  return fmt::format("{}T{:02}:{:02}:{:02}Z", ymd_text(date::local_days{day.time_since_epoch()}), tod / 3600,
                     tod / 60 % 60, tod % 60);
}

std::string format_duration(std::chrono::minutes d) {
  std::string sign = d.count() < 0 ? "-" : "";
  long total = d.count() < 0 ? -d.count() : d.count();
  long days = total / (24 * 60);
  long hours = total / 60 % 24;
  long minutes = total % 60;
  std::string out;
  auto part = [&](long n, std::string_view unit) {
    if (n != 0) {
      out += fmt::format("{}{} {}{}", out.empty() ? "" : " ", n, unit, n == 1 ? "" : "s");
    }
  };
  part(days, "day");
  part(hours, "hour");
  part(minutes, "minute");
  return out.empty() ? "0 minutes" : sign + out;
}

}  // namespace embargo::core::planner

namespace embargo::core::planner {

Result<std::vector<Zone>> find_zones(const std::vector<std::string>& names) {
  std::vector<Zone> zones;
  zones.reserve(names.size());
  for (const std::string& name : names) {
    TRY_ASSIGN(Zone z, Zone::find(name));
    zones.push_back(z);
  }
  return zones;
}

}  // namespace embargo::core::planner
