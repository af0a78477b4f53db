#include <algorithm>

#include <fmt/format.h>

#include <embargo/core/planner/rules.hpp>

namespace embargo::core::planner {

namespace {

using std::chrono::minutes;

minutes between(util::Timestamp from, util::Timestamp to) {
  return std::chrono::floor<minutes>(to - from);
}

bool is_holiday(const Policy& p, date::local_days day) {
  date::year_month_day ymd{day};
  util::Date d{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
  return std::binary_search(p.holidays.begin(), p.holidays.end(), d);
}

Check weekday_check(const Policy& p, const Zone& zone, const RuleInput& in, bool details) {
  LocalSeconds local = zone.to_local(in.timeline.release);
  unsigned wd = local_weekday(local);
  bool holiday = is_holiday(p, local_day(local));
  bool closed = holiday || p.no_release_days[wd];
  bool active = in.exploitation == Exploitation::active && p.active_allows_any_day;
  bool poc_friday = !holiday && wd == 5 && in.exploitation == Exploitation::poc_public && p.poc_public_friday;
  Status status = !closed || active ? Status::ok : poc_friday ? Status::warn : Status::fail;
  Check c{std::string(rule::k_weekday), status, {}};
  if (!details) {
    return c;
  }
  std::string day = format_local_day(local);
  std::string why = holiday ? "a holiday" : fmt::format("no release on {}", weekday_name(wd));
  if (!closed) {
    c.detail = day;
  } else if (active) {
    c.detail = fmt::format("{}: {}, allowed because exploitation is active", day, why);
  } else if (poc_friday) {
    c.detail = fmt::format("{}: Friday allowed because a proof of concept is public; avoid it if you can", day);
  } else {
    c.detail = fmt::format("{}: {} unless exploitation is active", day, why);
  }
  return c;
}

Check release_hour_check(const Policy& p, const Zone& zone, const RuleInput& in, bool details) {
  LocalSeconds local = zone.to_local(in.timeline.release);
  auto tod = std::chrono::duration_cast<minutes>(local - local_day(local));
  minutes off = tod - p.release_time;
  // The nearest distance around midnight (23:50 is 20 minutes from 00:10).
  minutes day = std::chrono::hours(24);
  minutes dist = std::min(off < minutes(0) ? -off : off, day - (off < minutes(0) ? -off : off));
  if (!details) {
    return {std::string(rule::k_release_hour), dist <= p.release_tolerance ? Status::ok : Status::fail, {}};
  }
  std::string when =
      fmt::format("{} {} ({})", format_time_of_day(tod), zone.name(), zone.abbreviation(in.timeline.release));
  if (dist <= p.release_tolerance) {
    return {std::string(rule::k_release_hour), Status::ok, when};
  }
  return {std::string(rule::k_release_hour), Status::fail,
          fmt::format("{}: {} from the release time {} (tolerance {})", when, format_duration(dist),
                      format_time_of_day(p.release_time), format_duration(p.release_tolerance))};
}

Check packager_check(const Policy& p, const RuleInput& in, bool details) {
  minutes window = between(in.timeline.fix_to_packagers, in.timeline.release);
  Status s = window < p.packager_min ? Status::fail : window < p.packager_preferred ? Status::warn : Status::ok;
  if (!details) {
    return {std::string(rule::k_packager_window), s, {}};
  }
  std::string text =
      fmt::format("{} between fix-to-packagers and release (at least {}, preferably {})", format_duration(window),
                  format_duration(p.packager_min), format_duration(p.packager_preferred));
  return {std::string(rule::k_packager_window), s, text};
}

Check distros_check(const Policy& p, const RuleInput& in, bool details) {
  minutes embargo = between(in.timeline.advance_notice, in.timeline.release);
  Status s = embargo > p.distros_max ? Status::fail : embargo > p.distros_preferred ? Status::warn : Status::ok;
  if (!details) {
    return {std::string(rule::k_distros_max_embargo), s, {}};
  }
  std::string text =
      fmt::format("advance notice {} before release (at most {}, preferably at most {})", format_duration(embargo),
                  format_duration(p.distros_max), format_duration(p.distros_preferred));
  return {std::string(rule::k_distros_max_embargo), s, text};
}

Check deadline_check(const Policy& p, const Zone& zone, const RuleInput& in, bool details) {
  if (!details) {
    bool met = !in.reporter_deadline || !p.reporter_deadline ||
               in.timeline.release <= deadline_end(zone, *in.reporter_deadline);
    return {std::string(rule::k_reporter_deadline), met ? Status::ok : Status::fail, {}};
  }
  if (!in.reporter_deadline) {
    return {std::string(rule::k_reporter_deadline), Status::ok, "no deadline given"};
  }
  std::string deadline = util::format_date(*in.reporter_deadline);
  if (!p.reporter_deadline) {
    return {std::string(rule::k_reporter_deadline), Status::ok,
            fmt::format("deadline {} not enforced by the policy", deadline)};
  }
  bool met = in.timeline.release <= deadline_end(zone, *in.reporter_deadline);
  return {std::string(rule::k_reporter_deadline), met ? Status::ok : Status::fail,
          fmt::format("release {} {} the reporter's deadline {} (end of day {})",
                      format_utc_seconds(in.timeline.release), met ? "is within" : "is after", deadline,
                      zone.name())};
}

Check heads_up_check(const Policy& p, const Zone& zone, const RuleInput& in, bool details) {
  const Timeline& t = in.timeline;
  if (!t.heads_up) {
    return {std::string(rule::k_heads_up), p.heads_up ? Status::warn : Status::ok,
            p.heads_up ? "no heads-up planned" : "not required by the policy"};
  }
  LocalSeconds local = zone.to_local(*t.heads_up);
  bool outside = *t.heads_up < t.fix_to_packagers || *t.heads_up > t.release;
  bool weekend = is_weekend(local) && !p.heads_up_on_weekends;
  // A heads-up given less than heads_up_lead before the release is no
  // heads-up (issue 21: 5 hours with a lead of 24 was accepted).
  bool short_lead = t.release - *t.heads_up < p.heads_up_lead;
  if (!details) {
    return {std::string(rule::k_heads_up), outside || weekend || short_lead ? Status::fail : Status::ok, {}};
  }
  std::string day = format_local_day(local);
  if (outside) {
    return {std::string(rule::k_heads_up), Status::fail,
            fmt::format("{}: not between fix-to-packagers and release", day)};
  }
  if (short_lead) {
    return {std::string(rule::k_heads_up), Status::fail,
            fmt::format("{}: only {} before release, less than the heads-up lead {}", day,
                        format_duration(between(*t.heads_up, t.release)), format_duration(p.heads_up_lead))};
  }
  if (weekend) {
    return {std::string(rule::k_heads_up), Status::fail, fmt::format("{}: on a weekend", day)};
  }
  return {std::string(rule::k_heads_up), Status::ok,
          fmt::format("{}, {} before release", day, format_duration(between(*t.heads_up, t.release)))};
}

Check order_check(const RuleInput& in, bool details) {
  const Timeline& t = in.timeline;
  if (!details) {
    util::Timestamp floor = in.not_before.value_or(util::Timestamp::min());
    util::Timestamp heads_up = t.heads_up.value_or(t.fix_to_packagers);
    bool ok = floor <= t.advance_notice && t.advance_notice <= t.fix_to_packagers && t.fix_to_packagers <= heads_up &&
              heads_up <= t.release;
    return {std::string(rule::k_order), ok ? Status::ok : Status::fail, {}};
  }
  struct Named {
    std::string_view name;
    util::Timestamp at;
  };
  std::vector<Named> steps{{"advance-notice", t.advance_notice}, {"fix-to-packagers", t.fix_to_packagers}};
  if (t.heads_up) {
    steps.push_back({"heads-up", *t.heads_up});
  }
  steps.push_back({"release", t.release});
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (in.not_before && steps[i].at < *in.not_before) {
      return {std::string(rule::k_order), Status::fail,
              fmt::format("{} {} is in the past (now {})", steps[i].name, format_utc_seconds(steps[i].at),
                          format_utc_seconds(*in.not_before))};
    }
    if (i > 0 && steps[i].at < steps[i - 1].at) {
      return {std::string(rule::k_order), Status::fail,
              fmt::format("{} {} is before {} {}", steps[i].name, format_utc_seconds(steps[i].at), steps[i - 1].name,
                          format_utc_seconds(steps[i - 1].at))};
    }
  }
  return {std::string(rule::k_order), Status::ok,
          t.heads_up ? "advance-notice <= fix-to-packagers <= heads-up <= release"
                     : "advance-notice <= fix-to-packagers <= release"};
}

}  // namespace

util::Timestamp deadline_end(const Zone& zone, const util::Date& deadline) {
  date::local_days day{date::year(deadline.year) / date::month(deadline.month) / date::day(deadline.day)};
  return zone.to_utc(LocalSeconds(day + date::days(1))) - std::chrono::microseconds(1);
}

bool is_weekend(LocalSeconds local) {
  unsigned wd = local_weekday(local);
  return wd == 0 || wd == 6;
}

std::vector<Check> evaluate_rules(const Policy& policy, const Zone& zone, const RuleInput& input, bool details) {
  std::vector<Check> out;
  out.reserve(7);
  out.push_back(weekday_check(policy, zone, input, details));
  out.push_back(release_hour_check(policy, zone, input, details));
  out.push_back(packager_check(policy, input, details));
  out.push_back(distros_check(policy, input, details));
  out.push_back(deadline_check(policy, zone, input, details));
  out.push_back(heads_up_check(policy, zone, input, details));
  out.push_back(order_check(input, details));
  return out;
}

}  // namespace embargo::core::planner
