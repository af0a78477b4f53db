// The web accounts' part of the Store contract (credentials by hash, the
// per-case access list), run against the memory, SQLite and PostgreSQL stores.

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

core::Credential credential(std::string secret, core::CredentialKind kind, std::string user) {
  core::Credential c;
  c.hash = core::hash_token(secret);
  c.kind = kind;
  c.user = std::move(user);
  c.created_at = at(1'800'000'000);
  return c;
}

void seed(core::StoreTx& tx) {
  core::Case c;
  c.id = "EMB-2026-0001";
  c.title = "a case";
  c.created_at = c.updated_at = at(1'800'000'000);
  unwrap(tx.insert_case(c));
  c.id = "EMB-2026-0002";
  unwrap(tx.insert_case(c));
  for (const char* name : {"max", "rita"}) {
    core::User u;
    u.name = name;
    u.role = core::Role::maintainer;
    u.password_hash = "x";
    u.created_at = c.created_at;
    unwrap(tx.insert_user(u));
  }
}

void check_access_contract(core::Store& store) {
  unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
    seed(tx);
    auto session = credential("s1", core::CredentialKind::session, "max");
    session.expires_at = at(1'800'043'200);
    TRY(tx.insert_credential(session));
    TRY(tx.insert_credential(credential("s2", core::CredentialKind::session, "max")));
    TRY(tx.insert_credential(credential("t1", core::CredentialKind::api_token, "max")));
    auto link = credential("l1", core::CredentialKind::reporter_link, "");
    link.case_id = "EMB-2026-0001";
    TRY(tx.insert_credential(link));
    CHECK(tx.insert_credential(link).error().code() == ErrorCode::conflict);
    TRY(tx.put_grant({"EMB-2026-0001", "max", false}));
    TRY(tx.put_grant({"EMB-2026-0002", "max", true}));
    TRY(tx.put_grant({"EMB-2026-0001", "rita", false}));
    TRY(tx.put_grant({"EMB-2026-0001", "max", true}));  // replaces
    CHECK(tx.put_grant({"EMB-2026-0009", "max", true}).error().code() == ErrorCode::not_found);
    CHECK(tx.put_grant({"EMB-2026-0001", "nobody", true}).error().code() == ErrorCode::not_found);
    return {};
  }));
  SUBCASE("credentials are found by the hash of their secret only") {
    unwrap(store.read([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto s1, tx.find_credential(core::hash_token("s1")));
      REQUIRE(s1);
      CHECK(s1->user == "max");
      CHECK(s1->kind == core::CredentialKind::session);
      CHECK(s1->expires_at == at(1'800'043'200));
      TRY_ASSIGN(auto l1, tx.find_credential(core::hash_token("l1")));
      REQUIRE(l1);
      CHECK(l1->case_id == "EMB-2026-0001");
      CHECK(!l1->expires_at);
      TRY_ASSIGN(auto none, tx.find_credential("s1"));
      CHECK(!none);
      return {};
    }));
  }
  SUBCASE("deleting one session, then all of an account's") {
    unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
      TRY(tx.delete_credential(core::hash_token("s2")));
      TRY_ASSIGN(auto s2, tx.find_credential(core::hash_token("s2")));
      CHECK(!s2);
      TRY_ASSIGN(int removed, tx.delete_credentials("max", core::CredentialKind::session));
      CHECK(removed == 1);
      TRY_ASSIGN(auto t1, tx.find_credential(core::hash_token("t1")));
      CHECK(t1);  // API tokens are another kind
      return {};
    }));
  }
  SUBCASE("expired credentials are swept, others stay") {
    unwrap(store.write([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(int none, tx.delete_expired_credentials(at(1'800'043'199)));
      CHECK(none == 0);
      TRY_ASSIGN(int one, tx.delete_expired_credentials(at(1'800'043'200)));
      CHECK(one == 1);
      TRY_ASSIGN(auto s1, tx.find_credential(core::hash_token("s1")));
      CHECK(!s1);
      TRY_ASSIGN(auto s2, tx.find_credential(core::hash_token("s2")));
      CHECK(s2);  // no expiry
      return {};
    }));
  }
  SUBCASE("grants by case and by user") {
    unwrap(store.read([](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto g, tx.find_grant("EMB-2026-0001", "max"));
      REQUIRE(g);
      CHECK(g->write);
      TRY_ASSIGN(auto none, tx.find_grant("EMB-2026-0002", "rita"));
      CHECK(!none);
      TRY_ASSIGN(auto of_case, tx.list_grants("EMB-2026-0001"));
      REQUIRE(of_case.size() == 2);
      CHECK(of_case[0].user == "max");
      CHECK(of_case[1].user == "rita");
      TRY_ASSIGN(auto of_user, tx.list_user_grants("max"));
      REQUIRE(of_user.size() == 2);
      CHECK(of_user[0].case_id == "EMB-2026-0001");
      CHECK(of_user[1] == core::CaseGrant{"EMB-2026-0002", "max", true});
      return {};
    }));
  }
  SUBCASE("a read transaction refuses writes") {
    CHECK(!store.read([](core::StoreTx& tx) { return tx.delete_credential(core::hash_token("s1")); }));
  }
}

}  // namespace

TEST_CASE("web access store contract: memory") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("memory:", dir.path(), {true}));
  check_access_contract(*store);
}

TEST_CASE("web access store contract: sqlite") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {true}));
  check_access_contract(*store);
}

TEST_CASE("web access store contract: PostgreSQL") {
  auto store = unwrap(storage::postgres::PgStore::open(testutil::new_pg_database(), {}));
  check_access_contract(*store);
}
