#include <doctest/doctest.h>

#include <embargo/core/planner/case_replan.hpp>
#include <embargo/core/planner/moment.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/core/planner/planner.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core::planner;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}
util::Date day(std::string_view text) {
  return unwrap(util::parse_date(text));
}

Planner default_planner() {
  return unwrap(Planner::create(Policy{}));
}

const Check& check_of(const Plan& plan, std::string_view rule) {
  for (const Check& c : plan.checks) {
    if (c.rule == rule) {
      return c;
    }
  }
  FAIL("no check for rule " << rule);
  return plan.checks.front();
}

std::string at(const Plan& plan, Step step) {
  auto t = plan.at(step);
  REQUIRE(t.has_value());
  return format_utc_seconds(*t);
}

Plan propose(const Planner& p, std::string_view now, std::string_view fix, core::Exploitation e,
             std::optional<std::string_view> deadline = std::nullopt) {
  ProposeRequest r;
  r.now = ts(now);
  r.fix_ready = ts(fix);
  r.exploitation = e;
  if (deadline) {
    r.reporter_deadline = day(*deadline);
  }
  return p.propose(r);
}

}  // namespace

TEST_CASE("Zone converts with daylight saving from the tz database") {
  Zone london = unwrap(Zone::find("Europe/London"));
  Zone la = unwrap(Zone::find("America/Los_Angeles"));
  Zone tokyo = unwrap(Zone::find("Asia/Tokyo"));

  SUBCASE("both on standard time: 14:00 London is 06:00 Los Angeles") {
    util::Timestamp t = ts("2026-03-03T14:00Z");
    CHECK(format_rfc3339_in(london, t) == "2026-03-03T14:00:00+00:00");
    CHECK(format_rfc3339_in(la, t) == "2026-03-03T06:00:00-08:00");
    CHECK(format_rfc3339_in(tokyo, t) == "2026-03-03T23:00:00+09:00");
    CHECK(la.abbreviation(t) == "PST");
  }
  SUBCASE("US already on summer time, Europe not yet (8 to 29 March 2026): 07:00 Los Angeles") {
    util::Timestamp t = ts("2026-03-10T14:00Z");
    CHECK(format_rfc3339_in(london, t) == "2026-03-10T14:00:00+00:00");
    CHECK(format_rfc3339_in(la, t) == "2026-03-10T07:00:00-07:00");
  }
  SUBCASE("both on summer time: 14:00 BST is 13:00 UTC and 06:00 PDT") {
    util::Timestamp t = ts("2026-03-31T13:00Z");
    CHECK(format_rfc3339_in(london, t) == "2026-03-31T14:00:00+01:00");
    CHECK(format_rfc3339_in(la, t) == "2026-03-31T06:00:00-07:00");
    CHECK(london.abbreviation(t) == "BST");
  }
  SUBCASE("Europe back on winter time before the US (25 October to 1 November 2026)") {
    util::Timestamp t = ts("2026-10-27T14:00Z");
    CHECK(format_rfc3339_in(london, t) == "2026-10-27T14:00:00+00:00");
    CHECK(format_rfc3339_in(la, t) == "2026-10-27T07:00:00-07:00");
  }
  SUBCASE("unknown zone") {
    auto z = Zone::find("Europe/Atlantis");
    REQUIRE_FALSE(z.has_value());
    CHECK(z.error().message().find("Europe/Atlantis") != std::string::npos);
  }
  SUBCASE("skipped and repeated local times") {
    LocalSeconds skipped{date::local_days{date::year(2026) / 3 / 29} + std::chrono::hours(1) +
                         std::chrono::minutes(30)};
    CHECK_FALSE(london.to_utc_exact(skipped).has_value());
    CHECK(format_utc_seconds(london.to_utc(skipped)) == "2026-03-29T01:00:00Z");
    LocalSeconds twice{date::local_days{date::year(2026) / 10 / 25} + std::chrono::hours(1) + std::chrono::minutes(30)};
    CHECK_FALSE(london.to_utc_exact(twice).has_value());
    CHECK(format_utc_seconds(london.to_utc(twice)) == "2026-10-25T00:30:00Z");
  }
}

TEST_CASE("propose") {
  Planner p = default_planner();
  using core::Exploitation;

  SUBCASE("the issue's example: the earliest Thursday with two days for packagers") {
    Plan plan = propose(p, "2026-03-02T09:00Z", "2026-03-03T11:00Z", Exploitation::none);
    CHECK(plan.ok());
    CHECK(at(plan, Step::release) == "2026-03-05T14:00:00Z");
    CHECK(at(plan, Step::fix_to_packagers) == "2026-03-03T14:00:00Z");
    CHECK(at(plan, Step::heads_up) == "2026-03-04T14:00:00Z");
    CHECK(at(plan, Step::advance_notice) == "2026-03-02T09:00:00Z");
    for (const Check& c : plan.checks) {
      CHECK_MESSAGE(c.status == Status::ok, c.rule << ": " << c.detail);
    }
    CHECK(check_of(plan, rule::k_weekday).detail == "Thursday 2026-03-05");
    CHECK(plan.events.back().why.find("other days: Tuesday 2026-03-03 (packager-window fail") != std::string::npos);
  }
  SUBCASE("advance notice waits until seven days before a distant release") {
    Plan plan = propose(p, "2026-02-20T09:00Z", "2026-03-03T11:00Z", Exploitation::none);
    CHECK(at(plan, Step::release) == "2026-03-05T14:00:00Z");
    CHECK(at(plan, Step::advance_notice) == "2026-02-26T14:00:00Z");
  }
  SUBCASE("Europe's clocks change over the weekend: release stays 14:00 local, 13:00 UTC") {
    Plan plan = propose(p, "2026-03-26T09:00Z", "2026-03-26T09:00Z", Exploitation::none);
    CHECK(plan.ok());
    CHECK(at(plan, Step::release) == "2026-03-30T13:00:00Z");
    // Heads-up: the weekend is skipped and Monday morning would be only five
    // hours before the release (issue 21), so the fix goes as soon as it is
    // ready and the heads-up on Friday at 14:00 local (still GMT then).
    CHECK(at(plan, Step::fix_to_packagers) == "2026-03-26T09:00:00Z");
    CHECK(at(plan, Step::heads_up) == "2026-03-27T14:00:00Z");
    Zone la = unwrap(Zone::find("America/Los_Angeles"));
    CHECK(format_rfc3339_in(la, *plan.at(Step::release)) == "2026-03-30T06:00:00-07:00");
  }
  SUBCASE("in the US-only summer time weeks the release is 07:00 in Los Angeles") {
    Plan plan = propose(p, "2026-03-09T08:00Z", "2026-03-09T08:00Z", Exploitation::none);
    CHECK(at(plan, Step::release) == "2026-03-11T14:00:00Z");
    Zone la = unwrap(Zone::find("America/Los_Angeles"));
    CHECK(format_rfc3339_in(la, *plan.at(Step::release)) == "2026-03-11T07:00:00-07:00");
  }
  SUBCASE("year end: New Year's Day is a Friday, so the first Monday of 2027") {
    Plan plan = propose(p, "2026-12-30T09:00Z", "2026-12-30T09:00Z", Exploitation::none);
    CHECK(plan.ok());
    CHECK(at(plan, Step::release) == "2027-01-04T14:00:00Z");
  }
  SUBCASE("holidays are avoided like Fridays") {
    Policy policy;
    policy.holidays = {day("2027-01-04"), day("2026-12-25")};
    Planner with_holidays = unwrap(Planner::create(policy));
    Plan plan = propose(with_holidays, "2026-12-30T09:00Z", "2026-12-30T09:00Z", Exploitation::none);
    CHECK(at(plan, Step::release) == "2027-01-05T14:00:00Z");
    CHECK(plan.events.back().why.find("; ...") != std::string::npos);
    CheckRequest on_holiday;
    on_holiday.timeline = {ts("2027-01-01T14:00Z"), ts("2027-01-02T14:00Z"), std::nullopt, ts("2027-01-04T14:00Z")};
    Plan checked = unwrap(with_holidays.check(on_holiday));
    CHECK(check_of(checked, rule::k_weekday).status == Status::fail);
    CHECK(check_of(checked, rule::k_weekday).detail == "Monday 2027-01-04: a holiday unless exploitation is active");
  }
  SUBCASE("active exploitation allows a weekend release") {
    Plan active = propose(p, "2026-03-06T09:00Z", "2026-03-06T09:00Z", Exploitation::active);
    CHECK(active.ok());
    CHECK(at(active, Step::release) == "2026-03-08T14:00:00Z");
    CHECK(check_of(active, rule::k_weekday).detail.find("allowed because exploitation is active") != std::string::npos);
    Plan none = propose(p, "2026-03-06T09:00Z", "2026-03-06T09:00Z", Exploitation::none);
    CHECK(at(none, Step::release) == "2026-03-09T14:00:00Z");
  }
  SUBCASE("a deadline that forces a Friday: poc-public passes with a warning") {
    Plan plan = propose(p, "2026-03-05T09:00Z", "2026-03-05T09:00Z", Exploitation::poc_public, "2026-03-06");
    CHECK(plan.ok());
    CHECK(at(plan, Step::release) == "2026-03-06T14:00:00Z");
    CHECK(check_of(plan, rule::k_weekday).status == Status::warn);
    CHECK(check_of(plan, rule::k_packager_window).status == Status::warn);
  }
  SUBCASE("without a deadline poc-public avoids the Friday warning") {
    Plan plan = propose(p, "2026-03-04T09:00Z", "2026-03-04T09:00Z", Exploitation::poc_public);
    CHECK(at(plan, Step::release) == "2026-03-09T14:00:00Z");
  }
  SUBCASE("a deadline that forces a Friday: no exploitation cannot pass") {
    Plan plan = propose(p, "2026-03-05T09:00Z", "2026-03-05T09:00Z", Exploitation::none, "2026-03-06");
    CHECK_FALSE(plan.ok());
    // Thursday 14:00 would leave five hours for packagers and for the
    // heads-up, two failing rules since issue 21 (a heads-up under
    // heads_up_lead fails); the least bad is Monday, failing only the deadline.
    CHECK(plan.failing_rules() == "reporter-deadline");
    CHECK(at(plan, Step::release) == "2026-03-09T14:00:00Z");
    CHECK(plan.events.back().why.find("least bad") != std::string::npos);
  }
  SUBCASE("a deadline already past fails the reporter-deadline rule") {
    Plan plan = propose(p, "2026-03-05T09:00Z", "2026-03-05T09:00Z", Exploitation::none, "2026-03-01");
    CHECK_FALSE(plan.ok());
    CHECK(check_of(plan, rule::k_reporter_deadline).status == Status::fail);
  }
  SUBCASE("a given release: the other steps are planned around it") {
    ProposeRequest r;
    r.now = ts("2026-03-02T09:00Z");
    r.fix_ready = ts("2026-03-02T09:00Z");
    r.release = ts("2026-03-10T14:00Z");
    Plan plan = p.propose(r);
    CHECK(plan.ok());
    CHECK(at(plan, Step::advance_notice) == "2026-03-03T14:00:00Z");
    CHECK(at(plan, Step::fix_to_packagers) == "2026-03-08T14:00:00Z");
    CHECK(at(plan, Step::heads_up) == "2026-03-09T14:00:00Z");
  }
  SUBCASE("a given release in the past fails the order rule") {
    ProposeRequest r;
    r.now = ts("2026-03-12T09:00Z");
    r.fix_ready = r.now;
    r.release = ts("2026-03-10T14:00Z");
    Plan plan = p.propose(r);
    CHECK(check_of(plan, rule::k_order).status == Status::fail);
  }
  SUBCASE("a search of one day still proposes when that day's release time has passed") {
    Policy policy;
    policy.search_days = 1;
    Planner short_search = unwrap(Planner::create(policy));
    Plan plan = propose(short_search, "2026-03-02T15:00Z", "2026-03-02T15:00Z", Exploitation::none);
    CHECK(at(plan, Step::release) == "2026-03-03T14:00:00Z");
    CHECK_FALSE(plan.ok());
  }
  SUBCASE("every proposed timeline is in order and in the future") {
    for (int h = 0; h < 24 * 21; h += 7) {
      util::Timestamp now = ts("2026-10-20T00:00Z") + std::chrono::hours(h);
      ProposeRequest r{now, now + std::chrono::hours(h % 50), core::Exploitation::none, std::nullopt, std::nullopt};
      Plan plan = p.propose(r);
      CHECK(plan.ok());
      CHECK(check_of(plan, rule::k_order).status == Status::ok);
      CHECK(check_of(plan, rule::k_release_hour).status == Status::ok);
    }
  }
}

TEST_CASE("check") {
  Planner p = default_planner();
  CheckRequest r;
  r.timeline.advance_notice = ts("2026-03-02T10:00Z");
  r.timeline.fix_to_packagers = ts("2026-03-04T14:00Z");
  r.timeline.release = ts("2026-03-06T14:00Z");

  SUBCASE("a Friday release fails without exploitation") {
    Plan plan = unwrap(p.check(r));
    CHECK_FALSE(plan.ok());
    CHECK(plan.failing_rules() == "weekday");
    CHECK(check_of(plan, rule::k_heads_up).status == Status::warn);
  }
  SUBCASE("poc-public may use Friday with a warning") {
    r.exploitation = core::Exploitation::poc_public;
    Plan plan = unwrap(p.check(r));
    CHECK(plan.ok());
    CHECK(check_of(plan, rule::k_weekday).status == Status::warn);
  }
  SUBCASE("release hour in summer time is 13:00 UTC; tolerance is configurable") {
    r.timeline.advance_notice = ts("2026-06-01T10:00Z");
    r.timeline.fix_to_packagers = ts("2026-06-02T13:00Z");
    r.timeline.release = ts("2026-06-04T13:00Z");
    CHECK(check_of(unwrap(p.check(r)), rule::k_release_hour).status == Status::ok);
    r.timeline.release = ts("2026-06-04T14:00Z");
    CHECK(check_of(unwrap(p.check(r)), rule::k_release_hour).status == Status::fail);
    Policy tolerant;
    tolerant.release_tolerance = std::chrono::minutes(60);
    Planner lax = unwrap(Planner::create(tolerant));
    CHECK(check_of(unwrap(lax.check(r)), rule::k_release_hour).status == Status::ok);
  }
  SUBCASE("packager window and distros embargo: warn and fail thresholds") {
    r.exploitation = core::Exploitation::active;
    r.timeline.fix_to_packagers = ts("2026-03-05T10:00Z");
    CHECK(check_of(unwrap(p.check(r)), rule::k_packager_window).status == Status::warn);
    r.timeline.fix_to_packagers = ts("2026-03-06T10:00Z");
    CHECK(check_of(unwrap(p.check(r)), rule::k_packager_window).status == Status::fail);
    r.timeline.advance_notice = ts("2026-02-25T14:00Z");
    CHECK(check_of(unwrap(p.check(r)), rule::k_distros_max_embargo).status == Status::warn);
    r.timeline.advance_notice = ts("2026-02-19T14:00Z");
    CHECK(check_of(unwrap(p.check(r)), rule::k_distros_max_embargo).status == Status::fail);
  }
  SUBCASE("heads-up on a weekend or out of order fails") {
    r.exploitation = core::Exploitation::active;
    r.timeline.heads_up = ts("2026-03-07T10:00Z");
    r.timeline.release = ts("2026-03-08T14:00Z");
    CHECK(check_of(unwrap(p.check(r)), rule::k_heads_up).status == Status::fail);
    r.timeline.heads_up = ts("2026-03-03T10:00Z");
    Plan plan = unwrap(p.check(r));
    CHECK(check_of(plan, rule::k_order).status == Status::fail);
    CHECK(check_of(plan, rule::k_order).detail.find("heads-up") != std::string::npos);
  }
  SUBCASE("a reporter deadline before the release fails") {
    r.exploitation = core::Exploitation::active;
    r.reporter_deadline = day("2026-03-05");
    CHECK(check_of(unwrap(p.check(r)), rule::k_reporter_deadline).status == Status::fail);
    r.reporter_deadline = day("2026-03-06");
    CHECK(check_of(unwrap(p.check(r)), rule::k_reporter_deadline).status == Status::ok);
  }
  SUBCASE("the deadline day ends at midnight in the release zone, not in UTC") {
    Policy evening;
    evening.release_zone = "America/Los_Angeles";
    evening.release_time = std::chrono::minutes(20 * 60);
    Planner la = unwrap(Planner::create(evening));
    r.exploitation = core::Exploitation::active;
    r.timeline.release = ts("2026-03-06T04:00Z");  // Thursday 2026-03-05 20:00 PST
    r.reporter_deadline = day("2026-03-05");
    const Check& met = check_of(unwrap(la.check(r)), rule::k_reporter_deadline);
    CHECK(met.status == Status::ok);
    CHECK(met.detail.find("(end of day America/Los_Angeles)") != std::string::npos);
    r.reporter_deadline = day("2026-03-04");
    CHECK(check_of(unwrap(la.check(r)), rule::k_reporter_deadline).status == Status::fail);
    // propose may use the deadline day's evening (already the next day in UTC).
    ProposeRequest pr{ts("2026-03-02T09:00Z"), ts("2026-03-02T09:00Z"), core::Exploitation::none, day("2026-03-04"),
                      std::nullopt};
    Plan plan = la.propose(pr);
    CHECK(plan.ok());
    CHECK(at(plan, Step::release) == "2026-03-05T04:00:00Z");
    CHECK(deadline_end(unwrap(Zone::find("Europe/London")), day("2026-07-01")) ==
          ts("2026-07-01T22:59:59.999999Z"));
  }
  SUBCASE("a release before the advance notice is an error") {
    r.timeline.release = ts("2026-03-01T14:00Z");
    auto plan = p.check(r);
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().message().find("before advance-notice") != std::string::npos);
  }
}

TEST_CASE("validate_policy and Planner::create") {
  Policy bad;
  SUBCASE("preferred packager window below the minimum") {
    bad.packager_preferred = std::chrono::hours(1);
    CHECK(Planner::create(bad).error().message().find("policy.packager_window") != std::string::npos);
  }
  SUBCASE("no day left for a release") {
    bad.no_release_days.fill(true);
    CHECK(Planner::create(bad).error().message().find("no_release_days") != std::string::npos);
  }
  SUBCASE("unknown release zone") {
    bad.release_zone = "Mars/Olympus";
    CHECK(Planner::create(bad).error().message().find("policy.release_zone") != std::string::npos);
  }
  SUBCASE("weekday and time-of-day names") {
    CHECK(unwrap(parse_weekday_name("fri")) == 5u);
    CHECK(unwrap(parse_weekday_name("Sunday")) == 0u);
    CHECK_FALSE(parse_weekday_name("Fryday").has_value());
    CHECK(unwrap(parse_time_of_day("14:00")) == std::chrono::minutes(840));
    CHECK_FALSE(parse_time_of_day("24:00").has_value());
    CHECK_FALSE(parse_time_of_day("2pm").has_value());
  }
}

TEST_CASE("parse_moment") {
  std::optional<Zone> none;
  std::optional<Zone> london = unwrap(Zone::find("Europe/London"));
  std::chrono::minutes two_pm(14 * 60);
  SUBCASE("RFC 3339 with a zone, with or without --tz") {
    CHECK(format_utc_seconds(unwrap(parse_moment("2026-03-03T14:00Z", "f", none, two_pm))) == "2026-03-03T14:00:00Z");
    CHECK(format_utc_seconds(unwrap(parse_moment("2026-07-03T14:00+02:00", "f", london, two_pm))) ==
          "2026-07-03T12:00:00Z");
  }
  SUBCASE("a time without a zone is refused with the accepted forms") {
    auto r = parse_moment("2026-03-03T14:00", "--release", none, two_pm);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message().find("--release: '2026-03-03T14:00' has no zone") == 0);
    CHECK(r.error().message().find("--tz ZONE") != std::string::npos);
    CHECK_FALSE(parse_moment("2026-03-03", "f", none, two_pm).has_value());
  }
  SUBCASE("with --tz a local time or a date takes the zone's daylight saving") {
    CHECK(format_utc_seconds(unwrap(parse_moment("2026-07-03T14:00", "f", london, two_pm))) == "2026-07-03T13:00:00Z");
    CHECK(format_utc_seconds(unwrap(parse_moment("2026-12-03", "f", london, two_pm))) == "2026-12-03T14:00:00Z");
    CHECK_FALSE(parse_moment("2026-03-29T01:30", "f", london, two_pm).has_value());
    CHECK_FALSE(parse_moment("2026-02-30", "f", london, two_pm).has_value());
    CHECK_FALSE(parse_moment("9500-01-01T00:00Z", "f", none, two_pm).has_value());
    CHECK_FALSE(parse_moment("1969-12-31T23:59Z", "f", none, two_pm).has_value());
  }
}

TEST_CASE("plan JSON") {
  Planner p = default_planner();
  Plan plan = propose(p, "2026-03-02T09:00Z", "2026-03-03T11:00Z", core::Exploitation::none);
  std::vector<Zone> zones = unwrap(find_zones({"Europe/London", "America/Los_Angeles"}));
  nlohmann::json j = to_json(plan, zones);
  CHECK(to_json(plan, zones).dump().find(R"({"events":[{"name":"advance-notice","at":)") == 0);
  CHECK(j["ok"] == true);
  CHECK(j["events"][3]["name"] == "release");
  CHECK(j["events"][3]["at"] == "2026-03-05T14:00:00Z");
  CHECK(j["events"][3]["local"]["America/Los_Angeles"] == "2026-03-05T06:00:00-08:00");
  CHECK(j["checks"][0]["rule"] == "weekday");
  CHECK(j["checks"][0]["status"] == "ok");
  Plan back = unwrap(plan_from_json(j));
  CHECK(back == plan);
  CHECK_FALSE(plan_from_json(nlohmann::json::parse(R"({"events": [{"name": "launch"}], "checks": []})")));
  CHECK_FALSE(find_zones({"Europe/London", "Nowhere/Else"}).has_value());
}

TEST_CASE("issue 21: the heads-up lead is a rule; a plan starts from what already happened") {
  Planner p = default_planner();
  SUBCASE("a heads-up 5 hours before the release fails with heads_up_lead 24 hours") {
    CheckRequest r;
    r.timeline.advance_notice = ts("2026-03-26T09:00Z");
    r.timeline.fix_to_packagers = ts("2026-03-28T13:00Z");
    r.timeline.heads_up = ts("2026-03-30T08:00Z");
    r.timeline.release = ts("2026-03-30T13:00Z");
    Plan plan = unwrap(p.check(r));
    CHECK(check_of(plan, rule::k_heads_up).status == Status::fail);
    CHECK(check_of(plan, rule::k_heads_up).detail.find("less than the heads-up lead 1 day") != std::string::npos);
  }
  SUBCASE("propose never keeps a heads-up closer than the lead") {
    for (std::string_view now : {"2026-03-26T09:00Z", "2026-03-27T16:00Z", "2026-03-28T10:00Z", "2026-12-04T09:00Z"}) {
      Plan plan = propose(p, now, now, core::Exploitation::none);
      auto heads_up = plan.at(Step::heads_up);
      REQUIRE(heads_up.has_value());
      CHECK_MESSAGE(*plan.at(Step::release) - *heads_up >= std::chrono::hours(24), now);
    }
  }
  SUBCASE("done steps keep their recorded times; the rest is planned after now") {
    ProposeRequest r;
    r.now = ts("2026-12-09T10:00Z");
    r.fix_ready = r.now;
    DoneSteps done;
    done.advance_notice = ts("2026-12-03T14:00Z");
    done.fix_to_packagers = ts("2026-12-08T14:00Z");
    r.release = ts("2026-12-16T14:00Z");
    Plan plan = propose_from_history(p, r, done);
    CHECK(at(plan, Step::advance_notice) == "2026-12-03T14:00:00Z");
    CHECK(at(plan, Step::fix_to_packagers) == "2026-12-08T14:00:00Z");
    CHECK(plan.events[0].why == k_done_why);
    CHECK(*plan.at(Step::heads_up) >= r.now);
    // The order rule does not call a done step "in the past".
    CHECK(check_of(plan, rule::k_order).status == Status::ok);
    CHECK(plan.ok());
  }
  SUBCASE("the distros maximum counts from the first notice actually sent") {
    ProposeRequest r;
    r.now = ts("2026-12-09T10:00Z");
    r.fix_ready = r.now;
    DoneSteps done;
    done.advance_notice = ts("2026-12-01T14:00Z");
    r.release = ts("2026-12-17T14:00Z");  // 16 days after the notice
    Plan plan = propose_from_history(p, r, done);
    CHECK(check_of(plan, rule::k_distros_max_embargo).status == Status::fail);
    CHECK_FALSE(plan.ok());
    r.release.reset();  // a day within the 14 days
    Plan found = propose_from_history(p, r, done);
    CHECK(found.ok());
    CHECK(*found.at(Step::release) - ts("2026-12-01T14:00Z") <= std::chrono::hours(14 * 24));
  }
}
