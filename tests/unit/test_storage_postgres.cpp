// The PostgreSQL store against a server the test starts (pg_server.hpp):
// the shared store contract, opening and migrating, lock timeouts, and
// several writers on separate connections at once, migration 13.

#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/core/case_service.hpp>
#include <embargo/core/timeline_audit.hpp>
#include <embargo/storage/open_store.hpp>
#include <embargo/storage/postgres/pg_migrations.hpp>
#include <embargo/storage/postgres/pg_store.hpp>

#include "pg_server.hpp"
#include "store_contract.hpp"
#include "testutil.hpp"

using namespace embargo;
using embargo::storage::postgres::PgStore;
using testutil::case_with_id;
using testutil::unwrap;

namespace {

core::NewCase new_case(const std::string& title) {
  core::NewCase input;
  input.title = title;
  input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
  return input;
}

}  // namespace

TEST_CASE("PostgreSQL store meets the store contract") {
  auto store = unwrap(PgStore::open(testutil::new_pg_database(), {}));
  testutil::check_store_contract(*store);
}

TEST_CASE("PostgreSQL store open") {
  std::string url = testutil::new_pg_database();
  SUBCASE("reopening keeps the data and the schema version") {
    {
      auto store = unwrap(PgStore::open(url, {}));
      unwrap(store->write([](core::StoreTx& tx) { return tx.allocate_case_number("EMB", 2026).map([](int) {}); }));
    }
    auto store = unwrap(PgStore::open(url, {}));
    unwrap(store->write([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(int n, tx.allocate_case_number("EMB", 2026));
      CHECK(n == 2);
      return {};
    }));
    pqxx::connection conn(url);
    pqxx::nontransaction n(conn);
    CHECK(n.exec("SELECT version FROM embargo_schema")[0][0].as<int>() == storage::postgres::schema_version());
  }
  SUBCASE("nodes starting at once migrate once") {
    std::vector<std::thread> nodes;
    std::vector<bool> ok(4, false);
    for (std::size_t i = 0; i < ok.size(); ++i) {
      nodes.emplace_back([&, i] { ok[i] = PgStore::open(url, {}).has_value(); });
    }
    for (auto& t : nodes) {
      t.join();
    }
    CHECK(ok == std::vector<bool>(4, true));
  }
  SUBCASE("another application's database is refused") {
    {
      pqxx::connection conn(url);
      pqxx::nontransaction n(conn);
      n.exec("CREATE TABLE t (x integer)");
    }
    auto r = PgStore::open(url, {});
    REQUIRE(!r);
    CHECK(r.error().message().find("not an embargo store") != std::string::npos);
  }
  SUBCASE("timeline entries cannot be changed, even by SQL") {
    auto store = unwrap(PgStore::open(url, {}));
    util::FixedClock clock(util::Timestamp(std::chrono::hours(500000)));
    core::ProjectConfig config;
    core::CaseService service(config, clock);
    unwrap(
        store->write([&](core::StoreTx& tx) { return service.create(tx, new_case("x"), "alice").map([](auto) {}); }));
    pqxx::connection conn(url);
    pqxx::nontransaction n(conn);
    CHECK_THROWS(n.exec("UPDATE timeline SET text = 'forged'"));
    CHECK_THROWS(n.exec("DELETE FROM timeline"));
  }
}

TEST_CASE("PostgreSQL store: backup points to pg_dump, errors do not leak the password") {
  auto store = unwrap(PgStore::open(testutil::new_pg_database(), {}));
  auto backup = store->backup_to("/tmp/never-written");
  REQUIRE(!backup);
  CHECK(backup.error().code() == ErrorCode::not_supported);
  CHECK(backup.error().message().find("pg_dump") != std::string::npos);
  testutil::TempDir dir;
  auto unreachable = storage::open_store("postgresql://someone:s3cret@127.0.0.1:1/embargo", dir.path(), {});
  REQUIRE(!unreachable);
  CHECK(unreachable.error().code() == ErrorCode::io_error);
  CHECK(unreachable.error().message().find("cannot connect") != std::string::npos);
  CHECK(unreachable.error().message().find("s3cret") == std::string::npos);
  CHECK(storage::postgres::redact_url("postgresql://u:pw@h/db?password=x&sslmode=require") ==
        "postgresql://u:***@h/db?password=***&sslmode=require");
}

TEST_CASE("PostgreSQL store: a lock held past busy_timeout_ms gives Busy, not a hang") {
  std::string url = testutil::new_pg_database();
  auto store = unwrap(PgStore::open(url, {200, 30}));
  unwrap(store->write([](core::StoreTx& tx) { return tx.allocate_case_number("EMB", 2026).map([](int) {}); }));
  pqxx::connection other(url);
  pqxx::work holder(other);
  holder.exec("SELECT * FROM case_counters FOR UPDATE");
  auto r = store->write([](core::StoreTx& tx) { return tx.allocate_case_number("EMB", 2026).map([](int) {}); });
  REQUIRE(!r);
  CHECK(r.error().code() == ErrorCode::busy);
  CHECK(r.error().message().find("locked") != std::string::npos);
  holder.abort();
  unwrap(store->write([](core::StoreTx& tx) { return tx.allocate_case_number("EMB", 2026).map([](int) {}); }));
}

TEST_CASE("PostgreSQL store: writers on several connections at once") {
  // Each thread is a node with its own connection: it opens cases and notes
  // on them, and all of them note on one shared case, the hot row.
  std::string url = testutil::new_pg_database();
  constexpr int k_nodes = 3;
  constexpr int k_cases = 15;
  auto first = unwrap(PgStore::open(url, {}));
  core::ProjectConfig config;
  util::SystemClock clock;
  core::CaseService service(config, clock);
  std::string shared;
  unwrap(first->write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, service.create(tx, new_case("shared"), "lead"));
    shared = c.id;
    return {};
  }));
  std::vector<std::vector<std::string>> made(k_nodes);
  std::vector<std::string> errors(k_nodes);
  std::vector<std::uint64_t> retries(k_nodes);
  std::vector<std::thread> nodes;
  for (int n = 0; n < k_nodes; ++n) {
    nodes.emplace_back([&, n] {
      auto store = PgStore::open(url, {});
      if (!store) {
        errors[n] = store.error().message();
        return;
      }
      for (int i = 0; i < k_cases && errors[n].empty(); ++i) {
        std::string id;
        auto r = (*store)->write([&](core::StoreTx& tx) -> Result<void> {
          TRY_ASSIGN(core::Case c, service.create(tx, new_case(fmt::format("node {} case {}", n, i)), "node"));
          id = c.id;
          TRY(service.add_note(tx, c.id, "first note", "node"));
          return service.add_note(tx, shared, fmt::format("node {} was here ({})", n, i), "node");
        });
        if (!r) {
          errors[n] = r.error().message();
        } else {
          made[n].push_back(id);
        }
      }
      retries[n] = (*store)->retries();
    });
  }
  for (auto& t : nodes) {
    t.join();
  }
  std::set<std::string> ids{shared};
  std::uint64_t total_retries = 0;
  for (int n = 0; n < k_nodes; ++n) {
    CHECK_MESSAGE(errors[n].empty(), errors[n]);
    CHECK(made[n].size() == k_cases);
    ids.insert(made[n].begin(), made[n].end());
    total_retries += retries[n];
  }
  MESSAGE(fmt::format("{} nodes x {} cases: {} serialisation retries", k_nodes, k_cases, total_retries));
  CHECK(ids.size() == 1 + k_nodes * k_cases);
  unwrap(first->read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto cases, tx.list_cases({}));
    CHECK(cases.size() == ids.size());
    TRY_ASSIGN(core::Case hot, tx.get_case(shared));
    CHECK(hot.timeline_count == 1 + k_nodes * k_cases);
    TRY_ASSIGN(core::AuditReport audit, core::audit_timelines(tx, ""));
    CHECK(audit.breaks.empty());
    CHECK(audit.cases == static_cast<std::int64_t>(ids.size()));
    CHECK(audit.entries == 1 + k_nodes * k_cases * 3);
    return {};
  }));
}

TEST_CASE("PostgreSQL store: migration 13 carries the server-wide case counter over to each prefix") {
  // The old schema is a fresh store with migrations 13 to 16 undone.
  std::string url = testutil::new_pg_database();
  {
    auto store = unwrap(PgStore::open(url, {}));
    unwrap(store->write([](core::StoreTx& tx) -> Result<void> {
      for (const char* id : {"EMB-2026-0001", "EMB-2026-0002", "EXIM-2026-0003", "EMB-2025-0009"}) {
        TRY(tx.insert_case(case_with_id(id)));
      }
      return {};
    }));
  }
  {
    pqxx::connection conn(url);
    pqxx::work w(conn);
    w.exec(
        "DROP TABLE case_counters; CREATE TABLE case_counters (year integer PRIMARY KEY, last integer NOT NULL);"
        "INSERT INTO case_counters VALUES (2026, 3), (2025, 4); ALTER TABLE cases DROP COLUMN reporter_key;"
        "ALTER TABLE vulnerabilities DROP COLUMN aliases;"
        "UPDATE embargo_schema SET version = 12");
    w.commit();
  }
  auto store = unwrap(PgStore::open(url, {}));
  unwrap(store->write([](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(int emb, tx.allocate_case_number("EMB", 2026));
    TRY_ASSIGN(int exim, tx.allocate_case_number("EXIM", 2026));
    TRY_ASSIGN(int emb_2025, tx.allocate_case_number("EMB", 2025));
    TRY_ASSIGN(int fresh, tx.allocate_case_number("PF", 2026));
    CHECK(emb == 4);        // after the old counter (3), not after EMB's own 2
    CHECK(exim == 4);
    CHECK(emb_2025 == 10);  // after the highest id, above the old counter (4)
    CHECK(fresh == 1);
    return {};
  }));
}
