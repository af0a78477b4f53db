// The team's rules (issue 13): notification lists, away periods, who acts for
// a case, which timeline entries are team events; and [team]/[reminders] in
// embargo.toml.

#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>
#include <embargo/core/notify.hpp>
#include <embargo/core/team.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

util::Timestamp at(const char* text) {
  return *util::parse_timestamp(text);
}

TimelineEntry entry(std::string kind) {
  TimelineEntry e;
  e.kind = std::move(kind);
  return e;
}

}  // namespace

TEST_CASE("notification lists: all, none, names; the bad one is named") {
  CHECK(unwrap(parse_notify_list("all")) == all_team_events());
  CHECK(unwrap(parse_notify_list("none")).empty());
  CHECK(unwrap(parse_notify_list(" state-change, reminder,state-change")) ==
        std::vector<TeamEvent>{TeamEvent::state_change, TeamEvent::reminder});
  CHECK(format_notify_list({TeamEvent::new_report, TeamEvent::plan_change}) == "new-report,plan-change");
  CHECK(unwrap(parse_notify_list(format_notify_list(all_team_events()))) == all_team_events());
  auto bad = parse_notify_list("new-report,gossip");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("'gossip'") != std::string::npos);
}

TEST_CASE("away periods include both days; the backup acts while the owner is away") {
  MemberProfile alice;
  alice.user = "alice";
  alice.away_from = util::Date{2026, 12, 20};
  alice.away_until = util::Date{2027, 1, 3};
  CHECK_FALSE(alice.away_at(at("2026-12-19T23:59:59Z")));
  CHECK(alice.away_at(at("2026-12-20T00:00:00Z")));
  CHECK(alice.away_at(at("2027-01-03T23:59:59Z")));
  CHECK_FALSE(alice.away_at(at("2027-01-04T00:00:00Z")));
  std::vector<MemberProfile> profiles{alice};
  CaseAssignment a{"EMB-2026-0001", "alice", "bob"};
  CHECK(acting_holder(a, profiles, at("2026-12-01T09:00:00Z")) == "alice");
  CHECK(acting_holder(a, profiles, at("2026-12-24T09:00:00Z")) == "bob");
  CHECK(acting_holder(CaseAssignment{"EMB-2026-0001", "alice", ""}, profiles, at("2026-12-24T09:00:00Z")) == "alice");
  CHECK(acting_holder(CaseAssignment{"EMB-2026-0001", "", "bob"}, profiles, at("2026-12-01T09:00:00Z")) == "bob");
  CHECK(acting_holder(CaseAssignment{"EMB-2026-0001", "", ""}, profiles, at("2026-12-01T09:00:00Z")).empty());
}

TEST_CASE("team events from timeline kinds") {
  CHECK(team_event_of(entry("created"), false) == TeamEvent::new_report);
  CHECK(team_event_of(entry("reporter"), false) == TeamEvent::reporter_reply);
  CHECK(team_event_of(entry("mail-received"), false) == TeamEvent::reporter_reply);
  CHECK_FALSE(team_event_of(entry("mail-received"), true));  // the report itself: "created" told the team
  CHECK(team_event_of(entry("state"), false) == TeamEvent::state_change);
  CHECK(team_event_of(entry("plan"), false) == TeamEvent::plan_change);
  CHECK(team_event_of(entry("recipient"), false) == TeamEvent::recipient_status);
  for (const char* quiet : {"note", "mail-sent", "reminder", "reply", "field", "assign"}) {
    CHECK_FALSE(team_event_of(entry(quiet), false));
  }
}

TEST_CASE("parse_config: [team] and [reminders]") {
  SUBCASE("the file embargo init writes parses, with the defaults") {
    auto c = unwrap(config::parse_config(config::default_config_text("Exim", "EXIM"), "embargo.toml"));
    CHECK(c.team.notify);
    CHECK(c.team.remind_interval_seconds == 60);
    CHECK(c.team.reminders.no_ack == std::chrono::hours(48));
    CHECK(c.team.reminders.stale == std::chrono::hours(14 * 24));
    CHECK(c.team.reminders.ahead ==
          std::vector<std::chrono::seconds>{std::chrono::hours(168), std::chrono::hours(24), std::chrono::hours(2)});
    CHECK(c.team.reminders.escalate_after == std::chrono::hours(24));
    CHECK(config::case_link(c.team, "EXIM-2026-0001") == "https://security.example.org/cases/EXIM-2026-0001");
  }
  SUBCASE("each setting") {
    auto c = unwrap(config::parse_config(R"(
[team]
notify = false
case_url = "https://sec.exim.org/c/{case}"
[reminders]
no_ack = "1d"
stale = "10d"
ahead = ["2h", "3d"]
escalate_after = "6h"
)",
                                         "t.toml"));
    CHECK_FALSE(c.team.notify);
    CHECK(c.team.reminders.no_ack == std::chrono::hours(24));
    CHECK(c.team.reminders.stale == std::chrono::hours(240));
    CHECK(c.team.reminders.ahead == std::vector<std::chrono::seconds>{std::chrono::hours(72), std::chrono::hours(2)});
    CHECK(c.team.reminders.escalate_after == std::chrono::hours(6));
  }
  SUBCASE("bad values name the key") {
    for (auto [text, key] : {std::pair("[reminders]\nno_ack = \"soon\"\n", "reminders.no_ack"),
                             std::pair("[reminders]\nahead = [\"7d\", \"1x\"]\n", "reminders.ahead"),
                             std::pair("[reminders]\nstale = 14\n", "reminders.stale"),
                             std::pair("[team]\nremind_interval_seconds = -1\n", "team.remind_interval_seconds")}) {
      auto r = config::parse_config(text, "t.toml");
      REQUIRE_FALSE(r);
      CHECK(r.error().message().find(key) != std::string::npos);
    }
  }
}
