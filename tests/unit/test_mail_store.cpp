// The mail tables (issue 6) behave alike in the SQLite and PostgreSQL stores and the memory fake.

#include <doctest/doctest.h>

#include <embargo/core/case_service.hpp>
#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

#include "pg_server.hpp"
#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

util::Timestamp at(const char* text) {
  return *util::parse_timestamp(text);
}

void check_mail_contract(Store& store) {
  ProjectConfig config;
  util::FixedClock clock{at("2026-03-02T09:00:00Z")};
  CaseService service{config, clock};
  std::string case_id;
  unwrap(store.write([&](StoreTx& tx) -> Result<void> {
    NewCase input;
    input.title = "t";
    TRY_ASSIGN(Case c, service.create(tx, input, "a"));
    case_id = c.id;
    return {};
  }));

  SUBCASE("incoming mail is stored once per Message-ID and counted per sender") {
    MailRecord m{"a@x", case_id, "jane@x", "s", at("2026-03-02T09:00:00Z"), "ab", 10, true, "good"};
    unwrap(store.write([&](StoreTx& tx) { return tx.insert_mail(m); }));
    auto again = store.write([&](StoreTx& tx) { return tx.insert_mail(m); });
    REQUIRE(!again);
    CHECK(again.error().code() == ErrorCode::conflict);
    m.message_id = "b@x";
    m.received_at = at("2026-03-02T10:30:00Z");
    unwrap(store.write([&](StoreTx& tx) { return tx.insert_mail(m); }));
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto found, tx.find_mail("a@x"));
      REQUIRE(found.has_value());
      CHECK(found->encrypted);
      CHECK(found->signature == "good");
      CHECK(found->case_id == case_id);
      TRY_ASSIGN(auto missing, tx.find_mail("zz@x"));
      CHECK(!missing.has_value());
      TRY_ASSIGN(auto n, tx.count_mail_from("jane@x", at("2026-03-02T09:30:00Z")));
      CHECK(n == 1);
      TRY_ASSIGN(auto all, tx.list_mail(case_id));
      CHECK(all.size() == 2);
      return {};
    }));
  }

  SUBCASE("the outbox keeps the whole message and its state") {
    OutboxEntry e;
    e.message_id = "o1@x";
    e.case_id = case_id;
    e.kind = "advance";
    e.list_name = "distros";
    e.envelope_from = "security@x";
    e.recipients = {"distros@x", "security@x"};
    e.message = std::string("Subject: x\r\n\r\nbody\0with nul\r\n", 29);
    e.created_at = at("2026-03-02T09:00:00Z");
    unwrap(store.write([&](StoreTx& tx) { return tx.insert_outbox(e); }));
    CHECK(!store.write([&](StoreTx& tx) { return tx.insert_outbox(e); }));
    e.state = OutboxState::sending;
    e.attempts = 1;
    e.attempt_at = at("2026-03-02T09:01:00Z");
    unwrap(store.write([&](StoreTx& tx) { return tx.update_outbox(e); }));
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto found, tx.find_outbox("o1@x"));
      REQUIRE(found.has_value());
      CHECK(found->message == e.message);
      CHECK(found->recipients == e.recipients);
      CHECK(found->state == OutboxState::sending);
      CHECK(found->attempt_at == e.attempt_at);
      CHECK(!found->sent_at);
      TRY_ASSIGN(auto sending, tx.list_outbox(OutboxState::sending));
      CHECK(sending.size() == 1);
      TRY_ASSIGN(auto pending, tx.list_outbox(OutboxState::pending));
      CHECK(pending.empty());
      TRY_ASSIGN(auto of_case, tx.list_case_outbox(case_id));
      REQUIRE(of_case.size() == 1);
      CHECK(of_case[0].message == e.message);
      TRY_ASSIGN(auto of_other, tx.list_case_outbox("OTHER-2026-0001"));
      CHECK(of_other.empty());
      return {};
    }));
    OutboxEntry unknown = e;
    unknown.message_id = "nope@x";
    auto r = store.write([&](StoreTx& tx) { return tx.update_outbox(unknown); });
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
}

}  // namespace

TEST_CASE("mail tables: memory store") {
  testutil::MemoryStore store;
  check_mail_contract(store);
}

TEST_CASE("mail tables: SQLite store") {
  testutil::TempDir dir;
  auto store = unwrap(storage::sqlite::SqliteStore::open(dir.path() / "s.db", {true, 1000}));
  check_mail_contract(*store);
}

TEST_CASE("mail tables: PostgreSQL store") {
  auto store = unwrap(storage::postgres::PgStore::open(testutil::new_pg_database(), {}));
  check_mail_contract(*store);
}
