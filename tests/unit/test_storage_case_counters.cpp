// Migration 13 (issue 12): the server-wide case counter of older stores
// becomes one counter per id prefix and year, seeded so that no id already
// handed out comes again. The old schema is made by undoing migrations 13 and
// 14 on a fresh store, then the store is opened again.

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <embargo/core/case.hpp>
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

}  // namespace

TEST_CASE("SQLite migration 13: per-prefix case counters carry the old counter over") {
  testutil::TempDir dir;
  auto path = dir.path() / "s.db";
  {
    auto store = unwrap(SqliteStore::open(path, {true, 1000}));
    unwrap(store->write([](core::StoreTx& tx) -> Result<void> {
      // As the old server-wide counter gave them: EMB 1, 2, EXIM 3 in 2026;
      // an EMB id above its year's counter (2025) is respected too.
      for (const char* id : {"EMB-2026-0001", "EMB-2026-0002", "EXIM-2026-0003", "EMB-2025-0009"}) {
        TRY(tx.insert_case(case_with_id(id)));
      }
      return {};
    }));
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  exec(db,
       "DROP TABLE case_counters; CREATE TABLE case_counters (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);"
       "INSERT INTO case_counters VALUES (2026, 3), (2025, 4); ALTER TABLE cases DROP COLUMN reporter_key;"
       "ALTER TABLE vulnerabilities DROP COLUMN aliases;"
       "PRAGMA user_version = 12;");
  sqlite3_close(db);

  auto store = unwrap(SqliteStore::open(path, {false, 1000}));
  unwrap(store->write([](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(int emb, tx.allocate_case_number("EMB", 2026));
    TRY_ASSIGN(int exim, tx.allocate_case_number("EXIM", 2026));
    TRY_ASSIGN(int emb_2025, tx.allocate_case_number("EMB", 2025));
    TRY_ASSIGN(int fresh, tx.allocate_case_number("PF", 2026));
    TRY_ASSIGN(int exim_again, tx.allocate_case_number("EXIM", 2026));
    CHECK(emb == 4);       // after the old counter (3), not after EMB's own 2
    CHECK(exim == 4);
    CHECK(emb_2025 == 10);  // after the highest id, above the old counter (4)
    CHECK(fresh == 1);     // a prefix with no case yet starts at 1
    CHECK(exim_again == 5);
    return {};
  }));
}
