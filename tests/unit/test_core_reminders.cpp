// Reminders (issue 13) replayed with a controllable clock: a case ignored for
// months gets its reminders on the expected days, escalating owner -> backup
// -> team, never twice, and they stop once someone acknowledges the reporter.
// Mail goes through the real TeamMailer into the (memory) store's outbox.

#include <algorithm>
#include <map>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/config/mail_config.hpp>
#include <embargo/config/team_config.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/project.hpp>
#include <embargo/core/reminders.hpp>
#include <embargo/mail/team_mailer.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

constexpr auto k_day = std::chrono::hours(24);

struct Fixture {
  testutil::MemoryStore store;
  ProjectConfig config;
  config::MailConfig mail;
  config::TeamConfig team;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  util::Timestamp start = clock.now();
  mail::TeamMailer mailer{mail, team, nullptr, clock};
  CaseService service{config, clock};
  std::string case_id;

  Fixture() {
    service.set_notifier(&mailer);
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      for (const char* name : {"alice", "bob", "carol"}) {
        User u;
        u.name = name;
        u.role = Role::team;
        u.email = std::string(name) + "@example.org";
        TRY(tx.insert_user(u));
      }
      User m;
      m.name = "max";
      m.role = Role::maintainer;
      m.email = "max@example.org";
      TRY(tx.insert_user(m));
      NewCase input;
      input.title = "heap overflow in the SMTP parser";
      input.reporter = *parse_reporter("Jane Roe <jane@example.net>");
      TRY_ASSIGN(Case c, service.create(tx, input, "intake"));
      case_id = c.id;
      return tx.put_assignment(CaseAssignment{c.id, "alice", "bob"});
    }));
  }

  // Runs the reminders at `start + offset`; what was sent, as "condition/threshold/level:to,to".
  std::vector<std::string> run_at(std::chrono::seconds offset) {
    clock.set(start + offset);
    std::vector<DueReminder> sent;
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(sent, run_reminders(tx, service, team.reminders, clock.now(), &mailer));
      return {};
    }));
    std::vector<std::string> out;
    for (const auto& r : sent) {
      std::string to;
      for (const auto& n : r.recipients) {
        to += (to.empty() ? "" : ",") + n;
      }
      out.push_back(r.condition + "/" + r.threshold + "/" + std::to_string(r.level) + ":" + to);
    }
    return out;
  }

  // Day by day (at 09:00 and 21:00) for `days`: what was sent on which day.
  std::map<int, std::vector<std::string>> replay(int days) {
    std::map<int, std::vector<std::string>> by_day;
    for (int half = 1; half <= days * 2; ++half) {
      auto sent = run_at(std::chrono::duration_cast<std::chrono::seconds>(k_day * half / 2));
      for (auto& s : sent) {
        by_day[half / 2].push_back(s);
      }
    }
    return by_day;
  }

  std::vector<OutboxEntry> outbox(std::string_view kind) {
    std::vector<OutboxEntry> out;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto all, tx.list_outbox(std::nullopt));
      for (auto& e : all) {
        if (e.kind == kind) {
          out.push_back(e);
        }
      }
      return {};
    }));
    return out;
  }

  int timeline_count(std::string_view kind) {
    int n = 0;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto entries, load_timeline(tx, case_id));
      for (const auto& e : entries) {
        n += e.kind == kind ? 1 : 0;
      }
      return {};
    }));
    return n;
  }

  void reply_to_reporter(const std::string& actor) {
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(Case c, tx.get_case(case_id));
      return service.record(tx, c, entry_kind::k_reply, "Thanks, we are looking at it.", actor);
    }));
  }
};

}  // namespace

TEST_CASE("a case ignored for months: reminders on the expected days, escalating, never twice") {
  Fixture f;
  auto days = f.replay(120);
  std::map<int, std::vector<std::string>> expected{
      {2, {"no-ack/2d/0:alice"}},           {3, {"no-ack/2d/1:bob"}},
      {4, {"no-ack/2d/2:alice,bob,carol"}}, {14, {"stale-reported/14d/0:alice"}},
      {15, {"stale-reported/14d/1:bob"}},   {16, {"stale-reported/14d/2:alice,bob,carol"}},
  };
  CHECK(days == expected);
  CHECK(f.timeline_count("reminder") == 6);
  // One mail per recipient: 1 + 1 + 3, twice; the maintainer never gets one.
  auto mails = f.outbox("reminder");
  CHECK(mails.size() == 10);
  for (const auto& m : mails) {
    CHECK(m.recipients.size() == 2);
    CHECK(m.recipients.back() == f.mail.team_address);
    CHECK(m.recipients.front() != "max@example.org");
    // Without a key the mail carries no embargoed detail.
    CHECK(m.message.find("heap overflow") == std::string::npos);
    CHECK(m.message.find("jane@example.net") == std::string::npos);
  }
}

TEST_CASE("reminders stop once someone acknowledges the reporter") {
  Fixture f;
  CHECK(f.run_at(std::chrono::hours(47)).empty());
  CHECK(f.run_at(std::chrono::hours(48)) == std::vector<std::string>{"no-ack/2d/0:alice"});
  f.clock.set(f.start + std::chrono::hours(60));
  f.reply_to_reporter("alice");
  auto days = f.replay(13);
  CHECK(days.empty());
  CHECK(f.timeline_count("reminder") == 1);
}

TEST_CASE("escalation waits while the team acts, and skips an away owner") {
  SUBCASE("a note by the owner after the reminder holds the escalation") {
    Fixture f;
    CHECK(f.run_at(std::chrono::hours(48)).size() == 1);
    f.clock.set(f.start + std::chrono::hours(50));
    unwrap(f.store.write([&](StoreTx& tx) { return f.service.add_note(tx, f.case_id, "asked upstream", "alice"); }));
    CHECK(f.run_at(std::chrono::hours(96)).empty());
  }
  SUBCASE("the owner is away: the backup gets level 0, then the team") {
    Fixture f;
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      MemberProfile p;
      p.user = "alice";
      p.away_from = util::Date{2026, 3, 1};
      p.away_until = util::Date{2026, 3, 10};
      return tx.put_member(p);
    }));
    CHECK(f.run_at(std::chrono::hours(48)) == std::vector<std::string>{"no-ack/2d/0:bob"});
    CHECK(f.run_at(std::chrono::hours(72)) == std::vector<std::string>{"no-ack/2d/2:bob,carol"});
    CHECK(f.run_at(std::chrono::hours(96)).empty());
  }
}

// Issue 24: a project's case is reminded to its team (here olga, a team
// account, and mona, a maintainer, both on project other's team), never to
// the server's staff outside the project (alice, bob, carol).
TEST_CASE("a project's case: the team-level reminder goes to those who may see it") {
  Fixture f;
  f.config.projects.push_back({"other", "Other", "OTH", ""});
  unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
    for (auto [name, role] : {std::pair{"olga", Role::team}, std::pair{"mona", Role::maintainer}}) {
      User u;
      u.name = name;
      u.role = role;
      u.email = std::string(name) + "@example.org";
      TRY(tx.insert_user(u));
      TRY(tx.put_project_member("other", name));
    }
    NewCase input;
    input.title = "other's overflow";
    input.reporter = *parse_reporter("Joe Roe <joe@example.net>");
    return create_project_case(tx, f.config, f.service, "other", input, "intake").map([](const Case&) {});
  }));
  // Nobody holds the project's case: its reminder goes to the team at once.
  CHECK(f.run_at(std::chrono::hours(48)) == std::vector<std::string>{"no-ack/2d/0:alice", "no-ack/2d/2:mona,olga"});
}

TEST_CASE("coming-up dates: the nearest threshold passed fires, and stops after the date") {
  Fixture f;
  f.reply_to_reporter("alice");
  unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(Case c, tx.get_case(f.case_id));
    c.release_at = f.start + 10 * k_day;
    return tx.update_case(c);
  }));
  // 8 days before the release nothing; at 7 days the 7d one; at 1 day the 1d one.
  CHECK(f.run_at(std::chrono::hours(24 * 2)).empty());
  CHECK(f.run_at(std::chrono::hours(24 * 3)) == std::vector<std::string>{"release/7d/0:alice"});
  CHECK(f.run_at(std::chrono::hours(24 * 3 + 12)).empty());  // escalation after a day
  CHECK(f.run_at(std::chrono::hours(24 * 4)) == std::vector<std::string>{"release/7d/1:bob"});
  CHECK(f.run_at(std::chrono::hours(24 * 5)) == std::vector<std::string>{"release/7d/2:alice,bob,carol"});
  CHECK(f.run_at(std::chrono::hours(24 * 6)).empty());
  // The 1d threshold replaces the 7d one; its escalation waits at most half of it.
  CHECK(f.run_at(std::chrono::hours(24 * 9)) == std::vector<std::string>{"release/1d/0:alice"});
  CHECK(f.run_at(std::chrono::hours(24 * 9 + 12)) == std::vector<std::string>{"release/1d/1:bob"});
  CHECK(f.run_at(std::chrono::hours(24 * 10 - 2)) == std::vector<std::string>{"release/2h/0:alice"});
  CHECK(f.run_at(std::chrono::hours(24 * 10 - 1)) == std::vector<std::string>{"release/2h/1:bob"});
  // After the release time nothing more about it.
  CHECK(f.run_at(std::chrono::hours(24 * 10 + 1)).empty());
}

TEST_CASE("whats-next does not ask for what already happened: intake's acknowledgement, a notice sent") {
  Fixture f;
  auto conditions = [&](std::chrono::seconds offset) {
    std::vector<std::string> out;
    unwrap(f.store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto items, pending_items(tx, f.team.reminders, f.start + offset));
      for (const Pending& p : items) {
        out.push_back(p.condition);
      }
      return {};
    }));
    std::sort(out.begin(), out.end());
    return out;
  };
  auto sent = [&](std::string_view list, std::string_view kind) {
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(Case c, tx.get_case(f.case_id));
      nlohmann::json data = {{"kind", kind}, {"list", list}, {"message_id", "m@example.org"}};
      return f.service.record(tx, c, "mail-sent", "Sent", "embargo-mail", data.dump());
    }));
  };
  unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
    planner::StoredPlan stored;
    stored.case_id = f.case_id;
    stored.created_at = f.start;
    stored.actor = "alice";
    stored.plan.events = {{planner::Step::advance_notice, f.start + 5 * k_day, "given"},
                          {planner::Step::fix_to_packagers, f.start + 8 * k_day, "given"},
                          {planner::Step::release, f.start + 10 * k_day, "given"}};
    TRY(tx.insert_plan(stored));
    return {};
  }));
  CHECK(conditions(std::chrono::hours(1)) ==
        std::vector<std::string>{"advance-notice", "fix-to-packagers", "no-ack", "stale-reported"});
  sent("reporter", "ack");  // intake's automatic acknowledgement
  CHECK(conditions(std::chrono::hours(1)) ==
        std::vector<std::string>{"advance-notice", "fix-to-packagers", "stale-reported"});
  sent("distros", "advance");  // sent before its planned time
  CHECK(conditions(std::chrono::hours(1)) == std::vector<std::string>{"fix-to-packagers", "stale-reported"});
  sent("distros", "heads-up");  // another kind ends neither step
  CHECK(conditions(std::chrono::hours(1)) == std::vector<std::string>{"fix-to-packagers", "stale-reported"});
  sent("distros", "fix");
  CHECK(conditions(std::chrono::hours(1)) == std::vector<std::string>{"stale-reported"});
}

TEST_CASE("reminder spans parse and print") {
  CHECK(unwrap(parse_span("2d", "x")) == std::chrono::hours(48));
  CHECK(unwrap(parse_span("36h", "x")) == std::chrono::hours(36));
  CHECK(unwrap(parse_span("90m", "x")) == std::chrono::minutes(90));
  CHECK(format_span(std::chrono::hours(48)) == "2d");
  CHECK(format_span(std::chrono::minutes(90)) == "90m");
  for (const char* bad : {"", "d", "2", "-2d", "2w", "0h", "2.5d"}) {
    auto r = parse_span(bad, "reminders.no_ack");
    REQUIRE_FALSE(r);
    CHECK(r.error().message().find("reminders.no_ack") != std::string::npos);
  }
}
