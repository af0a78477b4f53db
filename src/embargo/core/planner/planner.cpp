#include <embargo/core/planner/planner.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace embargo::core::planner {

namespace {

using std::chrono::minutes;

// Where a heads-up goes when no day before the release fits: the first
// weekday at this local time after fix-to-packagers.
constexpr std::chrono::hours k_working_day_start{9};
// How many skipped days the release's explanation names.
constexpr std::size_t k_max_skips_named = 4;

util::Timestamp ceil_minute(util::Timestamp t) { return std::chrono::ceil<minutes>(t); }

struct Score {
  int fails = 0;
  int warns = 0;
  friend auto operator<=>(const Score&, const Score&) = default;
};

Score score_of(const std::vector<Check>& checks) {
  Score s;
  for (const Check& c : checks) {
    s.fails += c.status == Status::fail ? 1 : 0;
    s.warns += c.status == Status::warn ? 1 : 0;
  }
  return s;
}

std::string not_clean_rules(const std::vector<Check>& checks) {
  std::string out;
  for (const Check& c : checks) {
    if (c.status != Status::ok) {
      out += fmt::format("{}{} {}", out.empty() ? "" : ", ", c.rule, to_string(c.status));
    }
  }
  return out;
}

}  // namespace

struct Planner::Candidate {
  Timeline timeline;
  std::vector<Check> checks;
  Score score;
  std::string why_fix, why_notice, why_heads_up, why_release;
};

Result<Planner> Planner::create(Policy policy) {
  TRY(validate_policy(policy));
  auto zone = Zone::find(policy.release_zone);
  if (!zone) {
    return make_error(ErrorCode::invalid_argument, "policy.release_zone: " + zone.error().message());
  }
  std::sort(policy.holidays.begin(), policy.holidays.end());
  return Planner(std::move(policy), *zone);
}

std::optional<util::Timestamp> Planner::place_heads_up(util::Timestamp fix, util::Timestamp release,
                                                       std::string& why) const {
  auto allowed = [&](util::Timestamp t) { return m_policy.heads_up_on_weekends || !is_weekend(m_zone.to_local(t)); };
  // Preferred: heads_up_lead before release, walking back a day at a time
  // (in local time, so it keeps its hour across a clock change).
  LocalSeconds local = m_zone.to_local(release) - m_policy.heads_up_lead;
  for (int back = 0; back < 7; ++back, local -= date::days(1)) {
    util::Timestamp t = m_zone.to_utc(local);
    if (t < fix) {
      break;
    }
    if (allowed(t)) {
      why = back == 0 ? fmt::format("{} before release", format_duration(m_policy.heads_up_lead))
                      : fmt::format("{} before release: the latest weekday slot of that hour after fix-to-packagers",
                                    format_duration(std::chrono::floor<minutes>(release - t)));
      return t;
    }
  }
  if (allowed(fix)) {
    why = "with the fix to packagers: no weekday fits between it and the release earlier";
    return fix;
  }
  LocalSeconds day = std::chrono::floor<date::days>(m_zone.to_local(fix));
  for (int ahead = 1; ahead < 7; ++ahead) {
    util::Timestamp t = m_zone.to_utc(day + date::days(ahead) + k_working_day_start);
    if (t > release) {
      break;
    }
    if (allowed(t)) {
      why = "the first weekday morning after fix-to-packagers";
      return t;
    }
  }
  why = "no weekday between fix-to-packagers and release: sent with the fix to packagers";
  return fix;
}

Planner::Candidate Planner::build_candidate(util::Timestamp release, util::Timestamp earliest_fix,
                                            const ProposeRequest& r) const {
  Candidate c;
  Timeline& t = c.timeline;
  t.release = release;
  util::Timestamp preferred_fix = release - m_policy.packager_preferred;
  t.fix_to_packagers = std::max(preferred_fix, earliest_fix);
  c.why_fix = t.fix_to_packagers == preferred_fix
                  ? fmt::format("{} before release, the preferred packager window",
                                format_duration(m_policy.packager_preferred))
                  : "as soon as the fix is ready";
  util::Timestamp now = ceil_minute(r.now);
  util::Timestamp preferred_notice = release - m_policy.distros_preferred;
  t.advance_notice = std::min(std::max(preferred_notice, now), t.fix_to_packagers);
  c.why_notice = t.advance_notice == preferred_notice
                     ? fmt::format("{} before release, the longest embargo the distros list prefers",
                                   format_duration(m_policy.distros_preferred))
                 : t.advance_notice == now ? "now: the release is close enough to tell the distros list at once"
                                           : "with the fix to packagers";
  if (m_policy.heads_up) {
    t.heads_up = place_heads_up(t.fix_to_packagers, release, c.why_heads_up);
  }
  RuleInput in{t, r.exploitation, r.reporter_deadline, r.now};
  c.checks = evaluate_rules(m_policy, m_zone, in);
  c.score = score_of(c.checks);
  return c;
}

Plan Planner::to_plan(Candidate&& c) const {
  Plan plan;
  plan.events.push_back({Step::advance_notice, c.timeline.advance_notice, std::move(c.why_notice)});
  plan.events.push_back({Step::fix_to_packagers, c.timeline.fix_to_packagers, std::move(c.why_fix)});
  if (c.timeline.heads_up) {
    plan.events.push_back({Step::heads_up, *c.timeline.heads_up, std::move(c.why_heads_up)});
  }
  plan.events.push_back({Step::release, c.timeline.release, std::move(c.why_release)});
  plan.checks = std::move(c.checks);
  return plan;
}

Plan Planner::propose(const ProposeRequest& r) const {
  util::Timestamp earliest_fix = ceil_minute(std::max(r.now, r.fix_ready));
  if (r.release) {
    Candidate c = build_candidate(*r.release, std::min(earliest_fix, *r.release), r);
    c.why_release = "given";
    return to_plan(std::move(c));
  }
  date::local_days day = local_day(m_zone.to_local(earliest_fix));
  std::optional<Candidate> best;
  std::vector<std::string> skipped;
  bool clean = false;
  for (int i = 0; i < m_policy.search_days && !clean; ++i, day += date::days(1)) {
    util::Timestamp release = m_zone.to_utc(day + m_policy.release_time);
    if (release < earliest_fix) {
      continue;
    }
    Candidate c = build_candidate(release, earliest_fix, r);
    clean = c.score == Score{};
    if (!clean && skipped.size() <= k_max_skips_named) {
      skipped.push_back(fmt::format("{} ({})", format_local_day(m_zone.to_local(release)), not_clean_rules(c.checks)));
    }
    if (!best || c.score < best->score || clean) {
      best = std::move(c);
    }
  }
  std::string at = fmt::format("{} {}", format_time_of_day(m_policy.release_time), m_zone.name());
  if (clean) {
    best->why_release = fmt::format("the earliest day at {} on which every rule passes without warnings", at);
  } else if (best->score.fails == 0) {
    best->why_release = fmt::format(
        "no day within {} days passes without warnings; the earliest at {} on which no rule fails",
        m_policy.search_days, at);
  } else {
    best->why_release = fmt::format("no day within {} days passes every rule; the least bad day at {}",
                                    m_policy.search_days, at);
  }
  if (clean && !skipped.empty()) {
    std::string list;
    for (std::size_t i = 0; i < skipped.size() && i < k_max_skips_named; ++i) {
      list += (i == 0 ? "" : "; ") + skipped[i];
    }
    best->why_release += fmt::format("; earlier days: {}{}", list, skipped.size() > k_max_skips_named ? "; ..." : "");
  }
  return to_plan(std::move(*best));
}

Result<Plan> Planner::check(const CheckRequest& r) const {
  const Timeline& t = r.timeline;
  if (t.release < t.advance_notice) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("release {} is before advance-notice {}: the distros list must hear first",
                                  format_utc_seconds(t.release), format_utc_seconds(t.advance_notice)));
  }
  RuleInput in{t, r.exploitation, r.reporter_deadline, std::nullopt};
  Plan plan;
  plan.events.push_back({Step::advance_notice, t.advance_notice, "given"});
  plan.events.push_back({Step::fix_to_packagers, t.fix_to_packagers, "given"});
  if (t.heads_up) {
    plan.events.push_back({Step::heads_up, *t.heads_up, "given"});
  }
  plan.events.push_back({Step::release, t.release, "given"});
  plan.checks = evaluate_rules(m_policy, m_zone, in);
  return plan;
}

}  // namespace embargo::core::planner
