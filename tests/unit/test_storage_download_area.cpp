// The download area's part of the Store contract (usercodes, windows,
// downloads, single artifacts), run against the memory and SQLite stores.

#include <doctest/doctest.h>

#include <embargo/core/store.hpp>
#include <embargo/storage/open_store.hpp>

#include "pg_server.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

util::Timestamp at(std::int64_t seconds) { return util::Timestamp{std::chrono::seconds(seconds)}; }

core::Case make_case(std::string id) {
  core::Case c;
  c.id = std::move(id);
  c.title = "a case";
  c.reporter.name = "r";
  c.reporter.email = "r@example.org";
  c.created_at = c.updated_at = at(1'800'000'000);
  return c;
}

core::Usercode make_usercode(std::string case_id, std::string list) {
  core::Usercode u;
  u.case_id = std::move(case_id);
  u.list = std::move(list);
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.ha1_md5_sealed = "md5-sealed";
  u.ha1_sha256_sealed = "sha256-sealed";
  u.created_at = at(1'800'000'100);
  return u;
}

void check_download_area_contract(core::Store& store) {
  unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
    TRY(tx.insert_case(make_case("EMB-2026-0001")));
    return tx.insert_case(make_case("EMB-2026-0002"));
  }));

  SUBCASE("usercodes: insert, conflict, get, update, list by name") {
    unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
      TRY(tx.insert_usercode(make_usercode("EMB-2026-0001", "distros")));
      TRY(tx.insert_usercode(make_usercode("EMB-2026-0001", "app-distros")));
      return tx.insert_usercode(make_usercode("EMB-2026-0002", "distros"));
    }));
    auto dup = store.write([](core::StoreTx& tx) { return tx.insert_usercode(make_usercode("EMB-2026-0001", "distros")); });
    REQUIRE(!dup);
    CHECK(dup.error().code() == ErrorCode::conflict);
    unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Usercode u, tx.get_usercode("EMB-2026-0001", "distros"));
      CHECK(u.password_hash == make_usercode("", "").password_hash);
      CHECK(u.ha1_sha256_sealed == "sha256-sealed");
      CHECK(u.generation == 1);
      CHECK(!u.revoked());
      u.generation = 2;
      u.password_hash = "new";
      u.revoked_at = at(1'800'000'200);
      return tx.update_usercode(u);
    }));
    unwrap(store.read([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Usercode u, tx.get_usercode("EMB-2026-0001", "distros"));
      CHECK(u.generation == 2);
      CHECK(u.password_hash == "new");
      REQUIRE(u.revoked_at.has_value());
      CHECK(*u.revoked_at == at(1'800'000'200));
      TRY_ASSIGN(auto list, tx.list_usercodes("EMB-2026-0001"));
      REQUIRE(list.size() == 2);
      CHECK(list[0].list == "app-distros");
      CHECK(list[1].list == "distros");
      auto missing = tx.get_usercode("EMB-2026-0001", "nobody");
      CHECK(missing.error().code() == ErrorCode::not_found);
      auto other_case = tx.get_usercode("EMB-2026-0003", "distros");
      CHECK(other_case.error().code() == ErrorCode::not_found);
      return {};
    }));
    auto update_missing =
        store.write([](core::StoreTx& tx) { return tx.update_usercode(make_usercode("EMB-2026-0001", "nobody")); });
    REQUIRE(!update_missing);
    CHECK(update_missing.error().code() == ErrorCode::not_found);
  }

  SUBCASE("windows: none, put, replace") {
    unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto none, tx.get_download_window("EMB-2026-0001"));
      CHECK(!none.has_value());
      TRY(tx.put_download_window({"EMB-2026-0001", at(100), at(200), core::AtRelease::publish}));
      return tx.put_download_window({"EMB-2026-0001", at(150), at(300), core::AtRelease::close});
    }));
    unwrap(store.read([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto w, tx.get_download_window("EMB-2026-0001"));
      REQUIRE(w.has_value());
      CHECK(w->opens_at == at(150));
      CHECK(w->releases_at == at(300));
      CHECK(w->at_release == core::AtRelease::close);
      TRY_ASSIGN(auto other, tx.get_download_window("EMB-2026-0002"));
      CHECK(!other.has_value());
      return {};
    }));
  }

  SUBCASE("downloads: appended in batches, listed per case by time") {
    std::vector<core::Download> batch = {
        {"EMB-2026-0001", "distros", "b.tar.xz", 300, 200, at(20), "192.0.2.1"},
        {"EMB-2026-0001", "", "a.patch", 10, 206, at(10), "2001:db8::1"},
        {"EMB-2026-0002", "distros", "c", 1, 200, at(15), "192.0.2.2"},
    };
    unwrap(store.write([&](core::StoreTx& tx) { return tx.insert_downloads(batch); }));
    unwrap(store.read([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto list, tx.list_downloads("EMB-2026-0001"));
      REQUIRE(list.size() == 2);
      CHECK(list[0].file == "a.patch");
      CHECK(list[0].usercode.empty());
      CHECK(list[0].status == 206);
      CHECK(list[0].address == "2001:db8::1");
      CHECK(list[1].usercode == "distros");
      CHECK(list[1].bytes == 300);
      CHECK(list[1].at == at(20));
      TRY_ASSIGN(auto none, tx.list_downloads("EMB-2026-0003"));
      CHECK(none.empty());
      return {};
    }));
  }

  SUBCASE("artifacts: get one by name; a duplicate name conflicts") {
    core::Artifact a{"EMB-2026-0001", "exim.tar.xz", std::string(64, 'a'), 42, false, at(5)};
    unwrap(store.write([&](core::StoreTx& tx) { return tx.insert_artifact(a); }));
    auto dup = store.write([&](core::StoreTx& tx) { return tx.insert_artifact(a); });
    REQUIRE(!dup);
    CHECK(dup.error().code() == ErrorCode::conflict);
    unwrap(store.read([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Artifact got, tx.get_artifact("EMB-2026-0001", "exim.tar.xz"));
      CHECK(got.size == 42);
      CHECK(got.sha256 == std::string(64, 'a'));
      CHECK(tx.get_artifact("EMB-2026-0002", "exim.tar.xz").error().code() == ErrorCode::not_found);
      return {};
    }));
  }
}

}  // namespace

TEST_CASE("download area store contract: memory") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("memory:", dir.path(), {true}));
  check_download_area_contract(*store);
}

TEST_CASE("download area store contract: sqlite") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {true}));
  check_download_area_contract(*store);
}

TEST_CASE("download area store contract: PostgreSQL") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store(testutil::new_pg_database(), dir.path(), {}));
  check_download_area_contract(*store);
}
