#include <cctype>

#include <fmt/format.h>

#include <embargo/core/planner/moment.hpp>
#include <embargo/core/planner/policy.hpp>

namespace embargo::core::planner {

namespace {

constexpr std::string_view k_forms =
    "accepted forms: RFC 3339 with a zone (2026-03-03T14:00Z, 2026-03-03T14:00:00+01:00), or a local "
    "2026-03-03T14:00 or a date 2026-03-03 together with --tz ZONE (e.g. --tz Europe/London)";

bool has_zone(std::string_view text) {
  if (text.size() <= 16) {
    return false;
  }
  std::string_view tail = text.substr(16);
  return tail.find_first_of("Zz+-") != std::string_view::npos;
}

tl::unexpected<Error> bad(std::string_view field, std::string_view text, std::string_view problem) {
  return make_error(ErrorCode::invalid_argument, fmt::format("{}: '{}' {}; {}", field, text, problem, k_forms));
}

// Times outside this range are surely typing mistakes; the margin before
// year 10000 keeps every planned step printable as RFC 3339 (4-digit year).
Result<util::Timestamp> in_range(util::Timestamp t, std::string_view field, std::string_view text) {
  static const util::Timestamp k_first = date::sys_days{date::year(1970) / 1 / 1};
  static const util::Timestamp k_last = date::sys_days{date::year(9000) / 1 / 1};
  if (t < k_first || t >= k_last) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{}: '{}' is outside the years 1970 to 8999 (a typing mistake?)", field, text));
  }
  return t;
}

}  // namespace

Result<util::Timestamp> parse_moment(std::string_view text, std::string_view field, const std::optional<Zone>& zone,
                                     std::chrono::minutes date_only_time) {
  if (has_zone(text)) {
    auto t = util::parse_timestamp(text);
    if (!t) {
      return bad(field, text, "is not a valid time");
    }
    return in_range(*t, field, text);
  }
  bool date_only = text.size() == 10;
  if (!zone) {
    return bad(field, text, date_only ? "is a date without a zone" : "has no zone");
  }
  std::string with_time =
      date_only ? fmt::format("{}T{}Z", text, format_time_of_day(date_only_time)) : fmt::format("{}Z", text);
  auto as_utc = util::parse_timestamp(with_time);
  if (!as_utc) {
    return bad(field, text, "is not a valid date or time");
  }
  // The digits read as UTC are the wall-clock time in `zone`.
  LocalSeconds local{std::chrono::floor<std::chrono::seconds>(*as_utc).time_since_epoch()};
  auto t = zone->to_utc_exact(local);
  if (!t) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: {}", field, t.error().message()));
  }
  return in_range(*t, field, text);
}

}  // namespace embargo::core::planner
