// Issue 24, finding 6: an address holding CR or LF added SMTP envelope
// recipients. One rule (core::validate_mail_address) for every address, and
// one way into the outbox (core::queue_mail) that applies it.

#include <doctest/doctest.h>

#include <embargo/core/case_service.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/storage/open_store.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

TEST_CASE("validate_mail_address") {
  for (const char* good : {"jane@example.org", "distros@vs.openwall.org", "a+b.c-d@sub.example.co.uk"}) {
    CAPTURE(good);
    CHECK(validate_mail_address(good, "email"));
  }
  struct Bad {
    std::string address;
    std::string says;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"jane@example.org\nbob@example.net", "control characters"},
           {"jane@example.org\r\nRCPT TO:<bob@example.net>", "control characters"},
           {std::string("jane@example.org\0x", 18), "control characters"},
           {"jane doe@example.org", "spaces"},
           {"Jane <jane@example.org>", "spaces"},
           {"<jane@example.org>", "'<'"},
           {"jane@example.org,bob@example.net", "','"},
           {"jane", "not an e-mail address"},
           {"@example.org", "not an e-mail address"},
           {"jane@", "not an e-mail address"},
           {"a@b@c", "not an e-mail address"},
           {"", "1 to 254"},
           {std::string(250, 'a') + "@b.org", "1 to 254"},
       }) {
    CAPTURE(bad.address);
    auto r = validate_mail_address(bad.address, "reporter email");
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::invalid_argument);
    CHECK(r.error().message().find("reporter email: ") == 0);
    CHECK(r.error().message().find(bad.says) != std::string::npos);
  }
}

TEST_CASE("queue_mail and CaseService refuse an address that would add a recipient") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("sqlite:" + (dir.path() / "t.db").string(), dir.path(), {true}));
  ProjectConfig config;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService service{config, clock};

  NewCase in;
  in.title = "overflow";
  in.reporter.email = "jane@example.org\nbob@example.net";
  auto created = store->write([&](StoreTx& tx) -> Result<void> {
    TRY(service.create(tx, in, "web"));
    return {};
  });
  REQUIRE(!created);
  CHECK(created.error().message().find("reporter email: ") == 0);

  in.reporter.email = "jane@example.org";
  Case c;
  unwrap(store->write([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, service.create(tx, in, "web"));
    return {};
  }));
  OutboxEntry e;
  e.case_id = c.id;  // the outbox's rows belong to a case
  e.kind = "ack";
  e.list_name = "reporter";
  e.message_id = "m1@example.org";
  e.envelope_from = "security@example.org";
  e.message = "Subject: x\r\n\r\nx\r\n";
  e.recipients = {"jane@example.org\r\nbob@example.net"};
  auto queued = store->write([&](StoreTx& tx) { return queue_mail(tx, e); });
  REQUIRE(!queued);
  CHECK(queued.error().message().find("outbox: recipient: ") == 0);
  e.recipients = {};
  CHECK(!store->write([&](StoreTx& tx) { return queue_mail(tx, e); }));
  e.recipients = {"jane@example.org"};
  unwrap(store->write([&](StoreTx& tx) { return queue_mail(tx, e); }));
  std::vector<OutboxEntry> rows;
  unwrap(store->read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(rows, tx.list_outbox(std::nullopt));
    return {};
  }));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].recipients == std::vector<std::string>{"jane@example.org"});
}
