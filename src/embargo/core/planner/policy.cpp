#include <array>

#include <fmt/format.h>

#include <embargo/core/planner/policy.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core::planner {

namespace {

constexpr std::array<std::string_view, 7> k_day_names{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                      "Thursday", "Friday", "Saturday"};

tl::unexpected<Error> bad(std::string_view key, std::string_view problem) {
  return make_error(ErrorCode::invalid_argument, fmt::format("policy.{}: {}", key, problem));
}

}  // namespace

Result<void> validate_policy(const Policy& p) {
  using std::chrono::hours;
  if (p.release_zone.empty()) {
    return bad("release_zone", "must name a time zone, e.g. Europe/London");
  }
  if (p.release_time < std::chrono::minutes(0) || p.release_time >= hours(24)) {
    return bad("release_time", "must be a time of day between 00:00 and 23:59");
  }
  if (p.release_tolerance < std::chrono::minutes(0)) {
    return bad("release_tolerance_minutes", "must not be negative");
  }
  if (p.packager_min < hours(0) || p.packager_preferred < p.packager_min) {
    return bad("packager_window_preferred_hours", "must be at least packager_window_min_hours, both >= 0");
  }
  if (p.distros_preferred <= hours(0) || p.distros_max < p.distros_preferred) {
    return bad("distros_max_embargo_days", "must be at least distros_preferred_embargo_days, both > 0");
  }
  if (p.heads_up_lead < hours(0)) {
    return bad("heads_up_lead_hours", "must not be negative");
  }
  if (p.search_days < 1 || p.search_days > 3660) {
    return bad("search_days", "must be between 1 and 3660");
  }
  bool any_day = false;
  for (bool closed : p.no_release_days) {
    any_day = any_day || !closed;
  }
  if (!any_day) {
    return bad("no_release_days", "leaves no day of the week for a release");
  }
  return {};
}

Result<unsigned> parse_weekday_name(std::string_view text) {
  for (unsigned i = 0; i < k_day_names.size(); ++i) {
    if (util::iequals(text, k_day_names[i]) || util::iequals(text, k_day_names[i].substr(0, 3))) {
      return i;
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("'{}' is not a day of the week (Monday ... Sunday, or Mon ... Sun)", text));
}

std::string_view weekday_name(unsigned c_encoding) {
  return k_day_names.at(c_encoding % 7);
}

Result<std::chrono::minutes> parse_time_of_day(std::string_view text) {
  auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(text[i])) != 0; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return make_error(ErrorCode::invalid_argument, fmt::format("'{}' is not a time of day HH:MM (e.g. 14:00)", text));
  }
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) {
    return make_error(ErrorCode::invalid_argument, fmt::format("'{}' is not a time of day (00:00 to 23:59)", text));
  }
  return std::chrono::minutes(h * 60 + m);
}

std::string format_time_of_day(std::chrono::minutes minutes) {
  return fmt::format("{:02}:{:02}", minutes.count() / 60, minutes.count() % 60);
}

}  // namespace embargo::core::planner
