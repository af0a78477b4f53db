#include <algorithm>

#include <fmt/format.h>

#include <embargo/core/planner/planner.hpp>

namespace embargo::core::planner {

// A candidate day's failing and warning rules, fewest first. Outside the
// anonymous namespace because Planner::Candidate, which has external
// linkage, holds one.
struct CandidateScore {
  int fails = 0;
  int warns = 0;
  friend auto operator<=>(const CandidateScore&, const CandidateScore&) = default;
};

namespace {

using std::chrono::minutes;

// Where a heads-up goes when no day before the release fits: the first
// weekday at this local time after fix-to-packagers.
constexpr std::chrono::hours k_working_day_start{9};
// How many skipped days the release's explanation names.
constexpr std::size_t k_max_skips_named = 4;

util::Timestamp ceil_minute(util::Timestamp t) {
  return std::chrono::ceil<minutes>(t);
}

CandidateScore score_of(const std::vector<Check>& checks) {
  CandidateScore s;
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

using Skipped = std::vector<std::pair<util::Timestamp, std::vector<Check>>>;

// Why propose chose the release day: whether it passes cleanly, and the
// earlier days it passed over with the rules that ruled them out.
std::string explain_release(const Policy& p, const Zone& zone, util::Timestamp chosen, CandidateScore best, bool clean,
                            const Skipped& skipped) {
  std::string at = fmt::format("{} {}", format_time_of_day(p.release_time), zone.name());
  std::string out = clean ? fmt::format("the earliest day at {} on which every rule passes without warnings", at)
                    : best.fails == 0
                        ? fmt::format("no day passes without warnings; the earliest at {} on which no rule fails", at)
                        : fmt::format(
                              "no day passes every rule; the least bad day at {} (fewest failing rules, "
                              "then fewest warnings, then earliest)",
                              at);
  std::size_t named = 0;
  for (const auto& [release, checks] : skipped) {
    if (release == chosen) {
      continue;
    }
    if (named == k_max_skips_named) {
      return out + "; ...";
    }
    out += fmt::format("{}{} ({})", named == 0 ? "; other days: " : "; ", format_local_day(zone.to_local(release)),
                       not_clean_rules(checks));
    ++named;
  }
  return out;
}

}  // namespace

struct Planner::Candidate {
  Timeline timeline;
  std::vector<Check> checks;  // without details until chosen
  CandidateScore score;
  HeadsUpPlace heads_up_place = HeadsUpPlace::nowhere;
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
                                                       HeadsUpPlace& place) const {
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
      place = back == 0 ? HeadsUpPlace::lead : HeadsUpPlace::earlier_weekday;
      return t;
    }
  }
  if (allowed(fix)) {
    place = HeadsUpPlace::with_fix;
    return fix;
  }
  LocalSeconds day = std::chrono::floor<date::days>(m_zone.to_local(fix));
  for (int ahead = 1; ahead < 7; ++ahead) {
    util::Timestamp t = m_zone.to_utc(day + date::days(ahead) + k_working_day_start);
    if (t > release) {
      break;
    }
    if (allowed(t)) {
      place = HeadsUpPlace::next_weekday_morning;
      return t;
    }
  }
  place = HeadsUpPlace::nowhere;
  return fix;
}

Planner::Candidate Planner::build_candidate(util::Timestamp release, util::Timestamp earliest_fix,
                                            const ProposeRequest& r) const {
  Candidate c;
  Timeline& t = c.timeline;
  t.release = release;
  t.fix_to_packagers = std::max(release - m_policy.packager_preferred, earliest_fix);
  auto place_notice = [&] {
    t.advance_notice = std::min(std::max(release - m_policy.distros_preferred, ceil_minute(r.now)), t.fix_to_packagers);
  };
  place_notice();
  if (m_policy.heads_up) {
    t.heads_up = place_heads_up(t.fix_to_packagers, release, c.heads_up_place);
    // Too close to the release (less than heads_up_lead, which the heads-up
    // rule fails): send the fix as soon as it is ready, which may leave room
    // for the heads-up on an earlier weekday.
    if (release - *t.heads_up < m_policy.heads_up_lead && earliest_fix < t.fix_to_packagers) {
      t.fix_to_packagers = earliest_fix;
      place_notice();
      t.heads_up = place_heads_up(t.fix_to_packagers, release, c.heads_up_place);
    }
  }
  c.checks = evaluate_rules(m_policy, m_zone, {t, r.exploitation, r.reporter_deadline, r.now}, false);
  c.score = score_of(c.checks);
  return c;
}

namespace {

std::string heads_up_why(int place, const Policy& p, util::Timestamp at, util::Timestamp release) {
  switch (place) {
    case 0:
      return fmt::format("{} before release", format_duration(p.heads_up_lead));
    case 1:
      return fmt::format("{} before release: the latest weekday slot of that hour after fix-to-packagers",
                         format_duration(std::chrono::floor<minutes>(release - at)));
    case 2:
      return "with the fix to packagers: no later weekday slot of that hour fits before the release";
    case 3:
      return "the first weekday morning after fix-to-packagers";
    default:
      return "no weekday between fix-to-packagers and release: sent with the fix to packagers";
  }
}

}  // namespace

Plan Planner::to_plan(Candidate&& c, const ProposeRequest& r, std::string why_release) const {
  const Timeline& t = c.timeline;
  util::Timestamp now = ceil_minute(r.now);
  std::string why_fix = t.fix_to_packagers == t.release - m_policy.packager_preferred
                            ? fmt::format("{} before release, the preferred packager window",
                                          format_duration(m_policy.packager_preferred))
                            : "as soon as the fix is ready";
  std::string why_notice = t.advance_notice == t.release - m_policy.distros_preferred
                               ? fmt::format("{} before release, the longest embargo the distros list prefers",
                                             format_duration(m_policy.distros_preferred))
                           : t.advance_notice == now
                               ? "now: the release is close enough to tell the distros list at once"
                               : "with the fix to packagers";
  Plan plan;
  plan.events.push_back({Step::advance_notice, t.advance_notice, std::move(why_notice)});
  plan.events.push_back({Step::fix_to_packagers, t.fix_to_packagers, std::move(why_fix)});
  if (t.heads_up) {
    plan.events.push_back({Step::heads_up, *t.heads_up,
                           heads_up_why(static_cast<int>(c.heads_up_place), m_policy, *t.heads_up, t.release)});
  }
  plan.events.push_back({Step::release, t.release, std::move(why_release)});
  plan.checks = evaluate_rules(m_policy, m_zone, {t, r.exploitation, r.reporter_deadline, r.now}, true);
  return plan;
}

Plan Planner::propose(const ProposeRequest& r) const {
  util::Timestamp earliest_fix = ceil_minute(std::max(r.now, r.fix_ready));
  if (r.release) {
    return to_plan(build_candidate(*r.release, std::min(earliest_fix, *r.release), r), r, "given");
  }
  std::optional<util::Timestamp> deadline;
  if (r.reporter_deadline && m_policy.reporter_deadline) {
    deadline = deadline_end(m_zone, *r.reporter_deadline);
  }
  date::local_days day = local_day(m_zone.to_local(earliest_fix));
  std::optional<Candidate> best;
  std::vector<std::pair<util::Timestamp, std::vector<Check>>> skipped;
  bool clean = false;
  // At least one candidate, even when the first day's release time has passed.
  for (int i = 0; (i < m_policy.search_days || !best) && !clean; ++i, day += date::days(1)) {
    util::Timestamp release = m_zone.to_utc(day + m_policy.release_time);
    if (release < earliest_fix) {
      continue;
    }
    Candidate c = build_candidate(release, earliest_fix, r);
    clean = c.score == CandidateScore{};
    bool better = !best || c.score < best->score || clean;
    if (!clean && skipped.size() <= k_max_skips_named + 1) {
      skipped.emplace_back(release, better ? c.checks : std::move(c.checks));
    }
    if (better) {
      best = std::move(c);
    }
    // Past the deadline every candidate fails at least that rule: none can
    // beat a best that fails nothing else.
    if (deadline && release > *deadline && best->score <= CandidateScore{1, 0}) {
      break;
    }
  }
  std::string why = explain_release(m_policy, m_zone, best->timeline.release, best->score, clean, skipped);
  return to_plan(std::move(*best), r, std::move(why));
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
