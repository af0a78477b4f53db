// The team mailer (issue 13) over a real, empty GnuPG home: a member without
// a usable key gets only the case id, state and link; and when the team key
// cannot sign, the notification still goes out (unsigned, no detail) instead
// of failing the event's transaction.

#include <doctest/doctest.h>

#include <filesystem>

#include <embargo/config/mail_config.hpp>
#include <embargo/config/team_config.hpp>
#include <embargo/core/case_service.hpp>
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
