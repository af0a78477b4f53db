// Migration 15 (issue 24, finding 10): outbox.case_id may be NULL (team mail
// about no case, a quarantined message). SQLite cannot drop NOT NULL, so the
// table is rebuilt; the rows of an older store must come through unchanged.
// The old schema is made by rebuilding the table as migration 5 made it on a
// fresh store, then the store is opened again.

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <embargo/core/store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

#include "testutil.hpp"

using namespace embargo;
using embargo::storage::sqlite::SqliteStore;
using testutil::case_with_id;
using testutil::unwrap;

namespace {

void exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  INFO(sql, " ", (message != nullptr ? message : ""));
  REQUIRE(rc == SQLITE_OK);
  sqlite3_free(message);
}

core::OutboxEntry entry(std::string id, std::string case_id) {
  core::OutboxEntry e;
  e.message_id = std::move(id);
  e.case_id = std::move(case_id);
  e.kind = "ack";
  e.list_name = "reporter";
  e.envelope_from = "security@example.org";
  e.recipients = {"jane@example.net", "security@example.org"};
  e.message = std::string("Subject: x\r\n\r\nbody \0 with a NUL\r\n", 33);
  e.created_at = util::Timestamp(std::chrono::hours(500000));
  return e;
}

}  // namespace

TEST_CASE("SQLite migration 15: the outbox keeps its rows and takes entries about no case") {
  testutil::TempDir dir;
  auto path = dir.path() / "s.db";
  {
    auto store = unwrap(SqliteStore::open(path, {true, 1000}));
    unwrap(store->write([](core::StoreTx& tx) -> Result<void> {
      TRY(tx.insert_case(case_with_id("EMB-2026-0001")));
      return tx.insert_outbox(entry("old@example.org", "EMB-2026-0001"));
    }));
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  exec(db,
       "CREATE TABLE outbox_old (message_id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), kind TEXT "
       "NOT NULL, list_name TEXT NOT NULL, envelope_from TEXT NOT NULL, recipients TEXT NOT NULL, message BLOB NOT "
       "NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, created_at TEXT NOT NULL, attempt_at TEXT, sent_at "
       "TEXT, receipt INTEGER NOT NULL, last_error TEXT NOT NULL);"
       "INSERT INTO outbox_old SELECT * FROM outbox; DROP TABLE outbox; ALTER TABLE outbox_old RENAME TO outbox;"
       "CREATE INDEX outbox_by_state ON outbox(state, created_at);"
       "ALTER TABLE vulnerabilities DROP COLUMN aliases; PRAGMA user_version = 14;");  // as before 15 and 16
  sqlite3_close(db);

  auto store = unwrap(SqliteStore::open(path, {false, 1000}));
  unwrap(store->write([](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto old, tx.find_outbox("old@example.org"));
    REQUIRE(old.has_value());
    auto want = entry("old@example.org", "EMB-2026-0001");
    CHECK(old->case_id == want.case_id);
    CHECK(old->message == want.message);
    CHECK(old->recipients == want.recipients);
    CHECK(old->created_at == want.created_at);
    TRY(tx.insert_outbox(entry("team@example.org", "")));
    TRY_ASSIGN(auto none, tx.find_outbox("team@example.org"));
    REQUIRE(none.has_value());
    CHECK(none->case_id.empty());
    CHECK_FALSE(tx.insert_outbox(entry("ghost@example.org", "EMB-2099-0001")).has_value());  // still a foreign key
    TRY_ASSIGN(auto pending, tx.list_outbox(core::OutboxState::pending));
    CHECK(pending.size() == 2);
    return {};
  }));
}
