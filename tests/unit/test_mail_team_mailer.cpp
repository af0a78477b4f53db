// The team mailer (issue 13) over a real, empty GnuPG home: a member without
// a usable key gets only the case id, state and link; and when the team key
// cannot sign, the notification still goes out (unsigned, no detail) instead
// of failing the event's transaction.

#include <doctest/doctest.h>

#include <filesystem>

#include <embargo/config/mail_config.hpp>
#include <embargo/config/team_config.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/project.hpp>
#include <embargo/mail/team_mailer.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

TEST_CASE("team mail without a usable key or signing key carries no detail and never fails the event") {
  testutil::TempDir dir;
  std::filesystem::path home = dir.path() / "gnupg";
  std::filesystem::create_directory(home);
  std::filesystem::permissions(home, std::filesystem::perms::owner_all);
  auto gpg = unwrap(pgp::Gpg::open(home, util::SensitiveString()));
  testutil::MemoryStore store;
  ProjectConfig project;
  config::MailConfig mail;
  mail.signing_key = "0000000000000000000000000000000000000000";  // not in the keyring
  config::TeamConfig team;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  mail::TeamMailer mailer{mail, team, &gpg, clock};
  CaseService service{project, clock};
  service.set_notifier(&mailer);
  unwrap(store.write([&](StoreTx& tx) -> Result<void> {
    User u;
    u.name = "alice";
    u.role = Role::admin;
    u.email = "alice@example.org";
    TRY(tx.insert_user(u));
    MemberProfile p;
    p.user = "alice";
    p.pgp_fingerprint = "1111111111111111111111111111111111111111";  // not in the keyring either
    TRY(tx.put_member(p));
    NewCase input;
    input.title = "SECRET heap overflow";
    input.reporter = *parse_reporter("Jane Roe <jane@example.net>");
    TRY(service.create(tx, input, "intake"));
    return {};
  }));
  CHECK_FALSE(mailer.key_usable("1111111111111111111111111111111111111111"));
  std::vector<OutboxEntry> out;
  unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(out, tx.list_outbox(std::nullopt));
    return {};
  }));
  REQUIRE(out.size() == 1);
  CHECK(out[0].kind == "team-new-report");
  CHECK(out[0].list_name == "team:alice");
  CHECK(out[0].recipients == std::vector<std::string>{"alice@example.org", mail.team_address});
  CHECK(out[0].message.find("Content-Type: text/plain") != std::string::npos);
  CHECK(out[0].message.find("EMB-2026-0001: new report (state: reported, by intake)") != std::string::npos);
  CHECK(out[0].message.find("https://security.example.org/cases/EMB-2026-0001") != std::string::npos);
  CHECK(out[0].message.find("SECRET") == std::string::npos);
  CHECK(out[0].message.find("jane@example.net") == std::string::npos);
}

namespace {

User user_of(std::string name, Role role) {
  User u;
  u.name = name;
  u.role = role;
  u.email = name + "@example.org";
  return u;
}

// The names of the people the outbox holds team mail of `case_id` for, sorted.
std::vector<std::string> told_of(testutil::MemoryStore& store, const std::string& case_id, const std::string& kind) {
  std::vector<std::string> names;
  unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto out, tx.list_outbox(std::nullopt));
    for (const OutboxEntry& e : out) {
      if (e.case_id == case_id && e.kind == kind) {
        names.push_back(e.list_name.substr(5));  // "team:<user>"
      }
    }
    return {};
  }));
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

// Issue 24 (the leak of finding 1 in team mail): events of a project's case
// go only to those who may see it (core::case_access), never to the
// server's staff outside the project.
TEST_CASE("team mail about a project's case reaches only those who may see it") {
  testutil::MemoryStore store;
  ProjectConfig project;
  project.projects.push_back({"other", "Other", "OTH", ""});
  config::MailConfig mail;
  config::TeamConfig team;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  mail::TeamMailer mailer{mail, team, nullptr, clock};
  CaseService service{project, clock};
  service.set_notifier(&mailer);
  NewCase input;
  input.title = "overflow";
  input.reporter = *parse_reporter("Jane Roe <jane@example.net>");
  std::string oth;
  std::string emb;
  unwrap(store.write([&](StoreTx& tx) -> Result<void> {
    TRY(tx.insert_user(user_of("adam", Role::admin)));      // server staff, not on other's team
    TRY(tx.insert_user(user_of("tom", Role::team)));        // server staff, not on other's team
    TRY(tx.insert_user(user_of("olga", Role::team)));       // on other's team
    TRY(tx.insert_user(user_of("mona", Role::maintainer)));  // on other's team
    TRY(tx.insert_user(user_of("mike", Role::maintainer)));  // on no team
    TRY(tx.insert_user(user_of("rita", Role::reporter)));    // a reporter account on other's list
    TRY(tx.put_project_member("other", "olga"));
    TRY(tx.put_project_member("other", "mona"));
    TRY(tx.put_project_member("other", "rita"));
    TRY_ASSIGN(Case c, create_project_case(tx, project, service, "other", input, "intake"));
    oth = c.id;
    TRY_ASSIGN(Case e, service.create(tx, input, "intake"));
    emb = e.id;
    return {};
  }));
  CHECK(oth == "OTH-2026-0001");

  SUBCASE("a new report of the project: its team only") {
    CHECK(told_of(store, oth, "team-new-report") == std::vector<std::string>{"mona", "olga"});
  }
  SUBCASE("a later event of the project's case: its team only") {
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      return service.move(tx, oth, CaseState::confirmed, "looking", "olga").map([](const Case&) {});
    }));
    CHECK(told_of(store, oth, "team-state-change") == std::vector<std::string>{"mona", "olga"});
  }
  SUBCASE("a server's own case: its staff, as before") {
    CHECK(told_of(store, emb, "team-new-report") == std::vector<std::string>{"adam", "olga", "tom"});
  }
  SUBCASE("staff outside the project granted the case may see it, so are told") {
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      CaseGrant g;
      g.case_id = oth;
      g.user = "tom";
      TRY(tx.put_grant(g));
      return service.move(tx, oth, CaseState::confirmed, "looking", "olga").map([](const Case&) {});
    }));
    CHECK(told_of(store, oth, "team-state-change") == std::vector<std::string>{"mona", "olga", "tom"});
  }
}
