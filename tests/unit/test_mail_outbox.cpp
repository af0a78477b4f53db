// The outbox's exactly-once rules (mail/outbox.hpp) with a transport that
// records what it was asked to send and can fail like an SMTP server.

#include <doctest/doctest.h>

#include <embargo/mail/outbox.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

class FakeTransport : public mail::Transport {
 public:
  Result<void> send(const OutboxEntry& entry) override {
    ++calls;
    if (fail) {
      return make_error(*fail, "smtp: failed");
    }
    delivered.push_back(entry.message);
    return {};
  }
  int calls = 0;
  std::optional<ErrorCode> fail;
  std::vector<std::string> delivered;
};

struct Fixture {
  testutil::MemoryStore store;
  ProjectConfig config;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService service{config, clock};
  FakeTransport transport;
  mail::Outbox outbox{store, service, clock, transport, {std::chrono::seconds(600), {}}};
  std::string case_id;

  Fixture() {
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      NewCase input;
      input.title = "t";
      TRY_ASSIGN(Case c, service.create(tx, input, "a"));
      case_id = c.id;
      OutboxEntry e;
      e.message_id = "n1@x";
      e.case_id = c.id;
      e.kind = "advance";
      e.list_name = "distros";
      e.envelope_from = "security@x";
      e.recipients = {"distros@x", "security@x"};
      e.message = "the notice";
      e.created_at = clock.now();
      return tx.insert_outbox(e);
    }));
  }

  OutboxEntry entry() {
    OutboxEntry e;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto found, tx.find_outbox("n1@x"));
      e = *found;
      return {};
    }));
    return e;
  }

  int sent_entries() {
    int n = 0;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      return tx.for_each_timeline_entry(case_id, [&](const TimelineEntry& t) -> Result<void> {
        n += t.kind == "mail-sent" ? 1 : 0;
        return {};
      });
    }));
    return n;
  }

  bool receipt() {
    bool ours = false;
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(ours, mail::Outbox::note_receipt(tx, service, "n1@x", clock.now()));
      return {};
    }));
    return ours;
  }
};

}  // namespace

TEST_CASE("Outbox::deliver") {
  Fixture f;

  SUBCASE("sends once, records once, and a second delivery sends nothing") {
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "sent");
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "already-sent");
    CHECK(f.transport.delivered == std::vector<std::string>{"the notice"});
    CHECK(f.entry().state == OutboxState::sent);
    CHECK(f.sent_entries() == 1);
  }

  SUBCASE("a refusal returns the entry to pending and a retry sends it") {
    f.transport.fail = ErrorCode::busy;
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "retry");
    CHECK(f.entry().state == OutboxState::pending);
    f.transport.fail.reset();
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "sent");
    CHECK(f.entry().attempts == 2);
    CHECK(f.sent_entries() == 1);
  }

  SUBCASE("an unknown outcome waits for the receipt within the grace period") {
    f.transport.fail = ErrorCode::io_error;
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "unknown");
    CHECK(f.entry().state == OutboxState::sending);
    f.transport.fail.reset();
    f.clock.set(f.clock.now() + std::chrono::seconds(599));
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "waiting");
    CHECK(f.transport.calls == 1);
    CHECK(f.receipt());
    CHECK(f.entry().state == OutboxState::sent);
    CHECK(f.entry().receipt);
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "already-sent");
    CHECK(f.transport.calls == 1);
    CHECK(f.sent_entries() == 1);
  }

  SUBCASE("without a receipt after the grace period it is sent again, the same bytes") {
    f.transport.fail = ErrorCode::io_error;
    (void)unwrap(f.outbox.deliver("n1@x"));
    f.transport.fail.reset();
    f.clock.set(f.clock.now() + std::chrono::seconds(600));
    CHECK(unwrap(f.outbox.deliver("n1@x")).outcome == "sent");
    CHECK(f.transport.delivered == std::vector<std::string>{"the notice"});
    CHECK(f.sent_entries() == 1);
  }

  SUBCASE("a receipt after the sent record changes nothing else; foreign ids are not ours") {
    (void)unwrap(f.outbox.deliver("n1@x"));
    CHECK(f.receipt());
    CHECK(f.receipt());
    CHECK(f.sent_entries() == 1);
    bool ours = true;
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(ours, mail::Outbox::note_receipt(tx, f.service, "other@x", f.clock.now()));
      return {};
    }));
    CHECK(!ours);
  }

  SUBCASE("deliver_all takes pending and sending entries; unknown ids are NotFound") {
    auto all = unwrap(f.outbox.deliver_all());
    REQUIRE(all.size() == 1);
    CHECK(all[0].outcome == "sent");
    CHECK(unwrap(f.outbox.deliver_all()).empty());
    auto r = f.outbox.deliver("missing@x");
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
}
