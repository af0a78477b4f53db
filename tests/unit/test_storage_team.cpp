// The team's part of the Store contract (issue 13: member profiles, case
// owners and backups, reminders sent once), run against the memory, SQLite
// and PostgreSQL stores.

#include <doctest/doctest.h>

#include <embargo/core/store.hpp>
#include <embargo/storage/open_store.hpp>
#include <embargo/storage/postgres/pg_store.hpp>

#include "pg_server.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

util::Timestamp at(std::int64_t seconds) {
  return util::Timestamp{std::chrono::seconds(seconds)};
}

void seed(core::StoreTx& tx) {
  core::Case c;
  c.id = "EMB-2026-0001";
  c.title = "a case";
  c.created_at = c.updated_at = at(1'800'000'000);
  unwrap(tx.insert_case(c));
  for (const char* name : {"alice", "bob"}) {
    core::User u;
    u.name = name;
    u.role = core::Role::team;
    u.created_at = at(1'800'000'000);
    unwrap(tx.insert_user(u));
  }
}

void check_team_contract(core::Store& store) {
  unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
    seed(tx);
    return {};
  }));
  SUBCASE("a member profile round-trips and is replaced") {
    core::MemberProfile m;
    m.user = "alice";
    m.pgp_fingerprint = "0123456789ABCDEF0123456789ABCDEF01234567";
    m.notify = {core::TeamEvent::new_report, core::TeamEvent::reminder};
    m.away_from = util::Date{2026, 12, 20};
    m.away_until = util::Date{2027, 1, 3};
    unwrap(store.write([&](core::StoreTx& tx) { return tx.put_member(m); }));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      auto found = unwrap(tx.find_member("alice"));
      REQUIRE(found);
      CHECK(*found == m);
      CHECK_FALSE(unwrap(tx.find_member("bob")));
      return {};
    }));
    m.away_from.reset();
    m.away_until.reset();
    m.notify = {};
    unwrap(store.write([&](core::StoreTx& tx) { return tx.put_member(m); }));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      auto all = unwrap(tx.list_members());
      REQUIRE(all.size() == 1);
      CHECK(all[0] == m);
      return {};
    }));
  }
  SUBCASE("a profile needs an account") {
    core::MemberProfile m;
    m.user = "nobody";
    auto r = store.write([&](core::StoreTx& tx) { return tx.put_member(m); });
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
  SUBCASE("owner and backup per case") {
    core::CaseAssignment a{"EMB-2026-0001", "alice", "bob"};
    unwrap(store.write([&](core::StoreTx& tx) { return tx.put_assignment(a); }));
    a.backup = "";
    unwrap(store.write([&](core::StoreTx& tx) { return tx.put_assignment(a); }));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      auto found = unwrap(tx.find_assignment("EMB-2026-0001"));
      REQUIRE(found);
      CHECK(*found == a);
      CHECK(unwrap(tx.list_assignments()).size() == 1);
      CHECK_FALSE(unwrap(tx.find_assignment("EMB-2026-0002")));
      return {};
    }));
    auto bad = store.write([&](core::StoreTx& tx) {
      return tx.put_assignment(core::CaseAssignment{"EMB-2026-0001", "mallory", ""});
    });
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code() == ErrorCode::not_found);
    auto no_case = store.write([&](core::StoreTx& tx) {
      return tx.put_assignment(core::CaseAssignment{"EMB-2026-0009", "alice", ""});
    });
    REQUIRE_FALSE(no_case);
    CHECK(no_case.error().code() == ErrorCode::not_found);
  }
  SUBCASE("a reminder is recorded once per (case, condition, threshold, level)") {
    core::ReminderRecord r{"EMB-2026-0001", "no-ack", "2d", 0, at(1'800'172'800)};
    unwrap(store.write([&](core::StoreTx& tx) { return tx.insert_reminder(r); }));
    auto again = store.write([&](core::StoreTx& tx) { return tx.insert_reminder(r); });
    REQUIRE_FALSE(again);
    CHECK(again.error().code() == ErrorCode::conflict);
    core::ReminderRecord next = r;
    next.level = 1;
    next.at = at(1'800'259'200);
    unwrap(store.write([&](core::StoreTx& tx) { return tx.insert_reminder(next); }));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      auto all = unwrap(tx.list_reminders("EMB-2026-0001"));
      REQUIRE(all.size() == 2);
      CHECK(all[0] == r);
      CHECK(all[1] == next);
      CHECK(unwrap(tx.list_reminders("EMB-2026-0002")).empty());
      return {};
    }));
  }
  SUBCASE("a read transaction refuses writes") {
    auto r = store.read([](core::StoreTx& tx) {
      return tx.insert_reminder(core::ReminderRecord{"EMB-2026-0001", "no-ack", "2d", 0, at(1)});
    });
    CHECK_FALSE(r);
  }
}

}  // namespace

TEST_CASE("team store contract: memory") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("memory:", dir.path(), {true}));
  check_team_contract(*store);
}

TEST_CASE("team store contract: sqlite") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {true}));
  check_team_contract(*store);
}

TEST_CASE("team store contract: PostgreSQL") {
  auto store = unwrap(storage::postgres::PgStore::open(testutil::new_pg_database(), {}));
  check_team_contract(*store);
}
