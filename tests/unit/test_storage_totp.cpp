// The second-login-factor part of the Store contract (put/find/delete of a
// user's TOTP enrolment), run against the memory, SQLite and PostgreSQL stores.

#include <doctest/doctest.h>

#include <embargo/core/store.hpp>
#include <embargo/storage/open_store.hpp>
#include <embargo/storage/postgres/pg_store.hpp>

#include "pg_server.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

void check_totp_contract(core::Store& store) {
  unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
    core::User u;
    u.name = "tina";
    u.password_hash = "$argon2id$fake";
    return tx.insert_user(u);
  }));
  core::TotpEnrolment t;
  t.user = "tina";
  t.secret_sealed = "00aa";
  t.created_at = util::Timestamp(std::chrono::seconds(1'800'000'000));
  unwrap(store.write([&](core::StoreTx& tx) { return tx.put_totp(t); }));
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto found, tx.find_totp("tina"));
    REQUIRE(found);
    CHECK(found->secret_sealed == "00aa");
    CHECK(!found->confirmed);
    CHECK(found->last_step == 0);
    CHECK(found->created_at == t.created_at);
    TRY_ASSIGN(auto none, tx.find_totp("nobody"));
    CHECK(!none);
    return {};
  }));
  SUBCASE("put replaces") {
    t.confirmed = true;
    t.last_step = 60'000'123;
    unwrap(store.write([&](core::StoreTx& tx) { return tx.put_totp(t); }));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto found, tx.find_totp("tina"));
      REQUIRE(found);
      CHECK(found->confirmed);
      CHECK(found->last_step == 60'000'123);
      return {};
    }));
  }
  SUBCASE("an unknown user is NotFound; reads cannot write") {
    t.user = "nobody";
    auto r = store.write([&](core::StoreTx& tx) { return tx.put_totp(t); });
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
    CHECK(!store.read([&](core::StoreTx& tx) -> Result<void> { return tx.delete_totp("tina").map([](bool) {}); }));
  }
  SUBCASE("delete says whether there was one") {
    bool first = false;
    bool second = true;
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(first, tx.delete_totp("tina"));
      TRY_ASSIGN(second, tx.delete_totp("tina"));
      return {};
    }));
    CHECK(first);
    CHECK(!second);
  }
}

}  // namespace

TEST_CASE("totp store contract: memory") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("memory:", dir.path(), {true}));
  check_totp_contract(*store);
}

TEST_CASE("totp store contract: sqlite") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {true}));
  check_totp_contract(*store);
}

TEST_CASE("totp store contract: PostgreSQL") {
  auto store = unwrap(storage::postgres::PgStore::open(testutil::new_pg_database(), {}));
  check_totp_contract(*store);
}
