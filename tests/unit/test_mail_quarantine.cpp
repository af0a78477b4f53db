// Quarantined mail (mail/quarantine.hpp; issue 24, finding 10): who may
// handle a quarantined message (project-aware), the team's notice (once per
// message, to the team of the message's project, no detail in clear), and
// the quarantine directory's list, release and discard.

#include <doctest/doctest.h>

#include <filesystem>
#include <algorithm>

#include <embargo/config/mail_config.hpp>
#include <embargo/config/team_config.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/mail/quarantine.hpp>
#include <embargo/mail/team_mailer.hpp>
#include <embargo/util/file.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

void add_user(StoreTx& tx, const std::string& name, Role role) {
  User u;
  u.name = name;
  u.role = role;
  u.email = name + "@example.org";
  unwrap(tx.insert_user(u));
}

// alice (team), adam (admin), carol (maintainer, on no team), eve (maintainer
// on exim's team), tina (team account also on exim's team), rita (reporter
// on exim's team).
void add_people(testutil::MemoryStore& store) {
  unwrap(store.write([&](StoreTx& tx) -> Result<void> {
    add_user(tx, "alice", Role::team);
    add_user(tx, "adam", Role::admin);
    add_user(tx, "carol", Role::maintainer);
    add_user(tx, "eve", Role::maintainer);
    add_user(tx, "tina", Role::team);
    add_user(tx, "rita", Role::reporter);
    TRY(tx.put_project_member("exim", "eve"));
    TRY(tx.put_project_member("exim", "tina"));
    TRY(tx.put_project_member("exim", "rita"));
    return {};
  }));
}

std::vector<OutboxEntry> outbox(testutil::MemoryStore& store) {
  std::vector<OutboxEntry> out;
  unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(out, tx.list_outbox(std::nullopt));
    return {};
  }));
  return out;
}

std::vector<std::string> lists_of(const std::vector<OutboxEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    out.push_back(e.list_name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("validate_quarantine_id admits file stems only") {
  CHECK(mail::validate_quarantine_id("2026-12-06T00-09-12.123456Z-0123456789abcdef").has_value());
  for (const char* bad : {"", "../x", "a/b", ".hidden", "a..b", "a b", "x\n", "x;y", "x%2f"}) {
    CHECK_FALSE(mail::validate_quarantine_id(bad).has_value());
  }
  CHECK_FALSE(mail::validate_quarantine_id(std::string(129, 'a')).has_value());
}

TEST_CASE("may_handle_quarantined: the server's own mail for staff, a project's for its team only") {
  std::vector<std::string> none;
  std::vector<std::string> exim{"exim"};
  Principal team{"alice", Role::team, ""};
  Principal admin{"adam", Role::admin, ""};
  Principal maintainer{"carol", Role::maintainer, ""};
  Principal reporter{"rita", Role::reporter, ""};
  Principal link{"reporter", Role::reporter, "EMB-2026-0001"};
  CHECK(mail::may_handle_quarantined(team, "", none));
  CHECK(mail::may_handle_quarantined(admin, "", none));
  CHECK_FALSE(mail::may_handle_quarantined(maintainer, "", none));
  CHECK_FALSE(mail::may_handle_quarantined(maintainer, "", exim));
  CHECK_FALSE(mail::may_handle_quarantined(reporter, "", none));
  CHECK_FALSE(mail::may_handle_quarantined(link, "", none));
  // A project's mail: its team, whatever the role; not the server's staff.
  CHECK(mail::may_handle_quarantined(maintainer, "exim", exim));
  CHECK(mail::may_handle_quarantined(team, "exim", exim));
  CHECK_FALSE(mail::may_handle_quarantined(team, "exim", none));
  CHECK_FALSE(mail::may_handle_quarantined(admin, "exim", none));
  CHECK_FALSE(mail::may_handle_quarantined(maintainer, "postfix", exim));
  CHECK_FALSE(mail::may_handle_quarantined(reporter, "exim", exim));
  CHECK_FALSE(mail::may_handle_quarantined(link, "exim", exim));
}

TEST_CASE("notify_quarantined: once per message, to the team of its project, no detail in clear") {
  testutil::MemoryStore store;
  add_people(store);
  config::MailConfig mail;
  config::TeamConfig team;
  team.case_url = "https://sec.example.org/cases/{case}";
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  mail::TeamMailer mailer{mail, team, nullptr, clock};
  mail::QuarantineNotice n{"2026-03-02T09-00-00Z-0123456789abcdef", "", "mail: cannot open the OpenPGP message",
                           std::string(64, 'a'), "Jane Roe <jane@example.net>", "SECRET overflow"};
  auto tell = [&](const mail::QuarantineNotice& notice) {
    unwrap(store.write([&](StoreTx& tx) { return mailer.notify_quarantined(tx, notice); }));
  };
  tell(n);
  auto out = outbox(store);
  CHECK(lists_of(out) == std::vector<std::string>{"team:adam", "team:alice", "team:tina"});
  for (const auto& e : out) {
    CHECK(e.case_id.empty());
    CHECK(e.kind == "team-quarantine");
    CHECK(e.message.find(n.id) != std::string::npos);
    CHECK(e.message.find("https://sec.example.org/quarantine/" + n.id) != std::string::npos);
    CHECK(e.message.find("SECRET") == std::string::npos);
    CHECK(e.message.find("jane@example.net") == std::string::npos);
    CHECK(e.message.find("OpenPGP") == std::string::npos);
  }
  tell(n);  // the same bytes again (the MTA retried, a release failed)
  CHECK(outbox(store).size() == 3);

  mail::QuarantineNotice other = n;
  other.id = "2026-03-02T09-00-01Z-fedcba9876543210";
  other.project = "exim";
  other.raw_sha256 = std::string(64, 'b');
  tell(other);
  out = outbox(store);
  REQUIRE(out.size() == 5);
  std::vector<std::string> exim;
  for (const auto& e : out) {
    if (e.message.find(other.id) != std::string::npos) {
      exim.push_back(e.list_name);
    }
  }
  std::sort(exim.begin(), exim.end());
  CHECK(exim == std::vector<std::string>{"team:eve", "team:tina"});  // not alice, adam, carol, nor rita

  team.notify = false;
  other.raw_sha256 = std::string(64, 'c');
  tell(other);
  CHECK(outbox(store).size() == 5);
}

TEST_CASE("Quarantine: list, release (stays on failure, leaves on success with a timeline entry), discard") {
  testutil::TempDir dir;
  testutil::MemoryStore store;
  ProjectConfig project;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService cases{project, clock};
  std::filesystem::path q = dir.path() / "quarantine";
  std::filesystem::create_directories(q);
  unwrap(util::write_file_atomic(q / "a1.eml", "From: Jane <jane@example.net>\nSubject: one\n\nbody\n", 0600));
  unwrap(util::write_file_atomic(q / "a1.reason", "mail: no team key\n", 0600));
  unwrap(util::write_file_atomic(q / "b2.eml", "Subject: two\n\nbody\n", 0600));
  unwrap(util::write_file_atomic(q / "b2.reason", "mail: broken\n", 0600));
  unwrap(util::write_file_atomic(q / "b2.project", "exim\n", 0600));
  unwrap(util::write_file_atomic(q / ".hidden.eml", "x", 0600));
  mail::Quarantine quarantine(dir.path(), store, cases, clock);
  auto all = unwrap(quarantine.list());
  REQUIRE(all.size() == 2);
  auto a1 = unwrap(quarantine.find("a1"));
  CHECK(a1.from == "Jane <jane@example.net>");
  CHECK(a1.subject == "one");
  CHECK(a1.reason == "mail: no team key");
  CHECK(a1.project.empty());
  CHECK(unwrap(quarantine.find("b2")).project == "exim");
  CHECK(quarantine.find("../quarantine/a1").error().code() == ErrorCode::invalid_argument);
  CHECK(quarantine.find("c3").error().code() == ErrorCode::not_found);

  std::string seen_project;
  auto fails = [&](const std::string&, const std::string&, const std::string& p) -> Result<mail::IntakeResult> {
    seen_project = p;
    mail::IntakeResult r;
    r.outcome = mail::IntakeOutcome::quarantined;
    r.reason = "mail: still no key";
    return r;
  };
  auto out = unwrap(quarantine.release("b2", "alice", fails));
  CHECK_FALSE(out.released);
  CHECK(seen_project == "exim");
  CHECK(std::filesystem::exists(q / "b2.eml"));

  Case c = unwrap([&]() -> Result<Case> {
    Case made;
    TRY(store.write([&](StoreTx& tx) -> Result<void> {
      NewCase input;
      input.title = "t";
      input.reporter = *parse_reporter("jane@example.net");
      TRY_ASSIGN(made, cases.create(tx, input, "intake"));
      return {};
    }));
    return made;
  }());
  auto takes = [&](const std::string& raw, const std::string& id, const std::string&) -> Result<mail::IntakeResult> {
    CHECK(id == "a1");
    CHECK(raw.find("Subject: one") != std::string::npos);
    mail::IntakeResult r;
    r.outcome = mail::IntakeOutcome::new_case;
    r.case_id = c.id;
    r.message_id = "m1@example.net";
    return r;
  };
  out = unwrap(quarantine.release("a1", "alice", takes));
  CHECK(out.released);
  CHECK_FALSE(std::filesystem::exists(q / "a1.eml"));
  CHECK_FALSE(std::filesystem::exists(q / "a1.reason"));
  std::vector<TimelineEntry> entries;
  unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(entries, load_timeline(tx, c.id));
    return {};
  }));
  REQUIRE_FALSE(entries.empty());
  CHECK(entries.back().kind == "quarantine");
  CHECK(entries.back().actor == "alice");
  CHECK(entries.back().text.find("mail: no team key") != std::string::npos);
  CHECK(quarantine.release("a1", "alice", takes).error().code() == ErrorCode::not_found);

  CHECK(quarantine.discard("b2", "bob", "  ").error().code() == ErrorCode::invalid_argument);
  CHECK(std::filesystem::exists(q / "b2.eml"));
  unwrap(quarantine.discard("b2", "bob", "spam"));
  CHECK_FALSE(std::filesystem::exists(q / "b2.eml"));
  CHECK(std::filesystem::exists(q / "discarded" / "b2.eml"));
  CHECK(std::filesystem::exists(q / "discarded" / "b2.discard"));
  CHECK(unwrap(quarantine.list()).empty());
  std::string log = unwrap(util::read_file(q / "actions.log"));
  CHECK(log.find("\"action\":\"release-failed\"") != std::string::npos);
  CHECK(log.find("\"action\":\"released\"") != std::string::npos);
  CHECK(log.find("\"action\":\"discarded\"") != std::string::npos);
}
