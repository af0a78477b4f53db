#include <doctest/doctest.h>

#include <fstream>

#include <sqlite3.h>

#include <embargo/storage/open_store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

#include "store_contract.hpp"
#include "testutil.hpp"

using embargo::storage::sqlite::SqliteStore;

TEST_CASE("SqliteStore meets the store contract") {
  testutil::TempDir dir;
  auto store = testutil::unwrap(SqliteStore::open(dir.path() / "s.db", {true, 1000}));
  testutil::check_store_contract(*store);
}

TEST_CASE("SqliteStore open") {
  testutil::TempDir dir;
  SUBCASE("a missing file is not created unless asked") {
    auto r = SqliteStore::open(dir.path() / "missing.db", {false, 1000});
    REQUIRE(!r);
    CHECK(r.error().code() == embargo::ErrorCode::not_found);
  }
  SUBCASE("a file that is not SQLite is refused") {
    std::ofstream(dir.path() / "junk.db") << "this is not a database, just some text that is long enough";
    auto r = SqliteStore::open(dir.path() / "junk.db", {false, 1000});
    REQUIRE(!r);
    CHECK(r.error().message().find("junk.db") != std::string::npos);
  }
  SUBCASE("another application's database is refused") {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "other.db").c_str(), &db) == SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto r = SqliteStore::open(dir.path() / "other.db", {false, 1000});
    REQUIRE(!r);
    CHECK(r.error().message().find("not an embargo store") != std::string::npos);
  }
  SUBCASE("reopening keeps the data and the schema version") {
    {
      auto store = testutil::unwrap(SqliteStore::open(dir.path() / "s.db", {true, 1000}));
      testutil::unwrap(store->write([](embargo::core::StoreTx& tx) { return tx.allocate_case_number("EMB", 2026).map([](int) {}); }));
    }
    auto store = testutil::unwrap(SqliteStore::open(dir.path() / "s.db", {false, 1000}));
    testutil::unwrap(store->write([](embargo::core::StoreTx& tx) -> embargo::Result<void> {
      TRY_ASSIGN(int n, tx.allocate_case_number("EMB", 2026));
      CHECK(n == 2);
      return {};
    }));
  }
  SUBCASE("a locked store gives Busy, not a hang") {
    auto store = testutil::unwrap(SqliteStore::open(dir.path() / "s.db", {true, 50}));
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "s.db").c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto r = store->write([](embargo::core::StoreTx& tx) { return tx.allocate_case_number("EMB", 2026).map([](int) {}); });
    REQUIRE(!r);
    CHECK(r.error().code() == embargo::ErrorCode::busy);
    CHECK(r.error().message().find("locked") != std::string::npos);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
  }
}

TEST_CASE("open_store picks the implementation from the URL") {
  testutil::TempDir dir;
  CHECK(embargo::storage::open_store("memory:", dir.path(), {}));
  CHECK(embargo::storage::open_store("sqlite:x.db", dir.path(), {true, 1000}));
  CHECK(std::filesystem::exists(dir.path() / "x.db"));
  // PostgreSQL: tried (nothing listens on port 1); test_storage_postgres.cpp has the rest.
  auto pg = embargo::storage::open_store("postgresql://nobody@127.0.0.1:1/embargo", dir.path(), {});
  REQUIRE(!pg);
  CHECK(pg.error().message().find("cannot connect to postgresql://nobody@127.0.0.1:1/embargo") != std::string::npos);
  auto unknown = embargo::storage::open_store("mysql://x", dir.path(), {});
  REQUIRE(!unknown);
  CHECK(unknown.error().message().find("unknown scheme") != std::string::npos);
}
