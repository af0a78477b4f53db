// TotpGate and WebAuth's two-step login over the memory store: enrolment,
// confirmation, the code step of a login, replay, wrong codes, throttling,
// pending logins that expire or run out of tries, the sealed secret, reset.

#include <doctest/doctest.h>

#include <embargo/http/auth/totp_gate.hpp>
#include <embargo/http/auth/web_auth.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/totp.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

struct Fixture {
  testutil::MemoryStore store;
  util::FixedClock clock{util::Timestamp{std::chrono::seconds(1'800'000'000)}};
  http::FailureLimiter limiter{http::RateLimits{8, 0.0001, 8, 0.0001}};
  util::SecretBox box{util::SecretBox::generate_key()};
  http::TotpGate gate{store, box, clock, limiter, "Exim"};
  http::WebAuth auth{store, clock, limiter};

  Fixture() {
    auth.set_totp_gate(&gate);
    core::User u;
    u.name = "tina";
    u.role = core::Role::team;
    u.password_hash = util::hash_password("correct horse").value();
    unwrap(store.write([&](core::StoreTx& tx) { return tx.insert_user(u); }));
  }

  // The raw key inside an otpauth:// URI.
  static std::string key_of(const std::string& uri) {
    auto at = uri.find("secret=");
    REQUIRE(at != std::string::npos);
    auto end = uri.find('&', at);
    return unwrap(util::base32_decode(uri.substr(at + 7, end - at - 7)));
  }
  std::string code(const std::string& key, int offset = 0) {
    return util::totp_code(key, util::totp_step(clock.now()) + offset);
  }
  void advance(int seconds) { clock.set(clock.now() + std::chrono::seconds(seconds)); }

  // Enrols and confirms tina; her raw key.
  std::string enrol() {
    std::string key = key_of(unwrap(gate.start_enrolment("tina")));
    unwrap(gate.confirm("tina", code(key), "10.0.0.1"));
    return key;
  }
};

}  // namespace

TEST_CASE("TOTP enrolment") {
  Fixture f;
  std::string uri = unwrap(f.gate.start_enrolment("tina"));
  CHECK(uri.starts_with("otpauth://totp/Exim:tina?secret="));
  std::string key = Fixture::key_of(uri);
  CHECK(key.size() == util::k_totp_key_bytes);

  SUBCASE("the secret is stored sealed, not in the clear, and login does not ask before confirmation") {
    core::TotpEnrolment t;
    unwrap(f.store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto found, tx.find_totp("tina"));
      REQUIRE(found);
      t = *found;
      return {};
    }));
    CHECK(!t.confirmed);
    CHECK(t.secret_sealed.find(util::base32_encode(key)) == std::string::npos);
    CHECK(unwrap(f.box.open(t.secret_sealed, core::totp_context("tina"))) == key);
    CHECK(!f.box.open(t.secret_sealed, core::totp_context("max")));
    CHECK(!unwrap(f.gate.required("tina")));
    CHECK(unwrap(f.auth.begin_login("tina", "correct horse", "10.0.0.1")).pending.empty());
  }
  SUBCASE("a wrong code does not confirm; the right one does; a second enrolment is refused while on") {
    auto wrong = f.gate.confirm("tina", f.code(key, 5), "10.0.0.1");
    REQUIRE(!wrong);
    CHECK(wrong.error().code() == ErrorCode::unauthorized);
    CHECK(!unwrap(f.gate.required("tina")));
    unwrap(f.gate.confirm("tina", f.code(key), "10.0.0.1"));
    CHECK(unwrap(f.gate.required("tina")));
    auto again = f.gate.start_enrolment("tina");
    REQUIRE(!again);
    CHECK(again.error().code() == ErrorCode::conflict);
  }
  SUBCASE("starting again replaces an unconfirmed key: the old key's codes stop working") {
    std::string second = Fixture::key_of(unwrap(f.gate.start_enrolment("tina")));
    CHECK(second != key);
    CHECK(!f.gate.confirm("tina", f.code(key), "10.0.0.1"));
    unwrap(f.gate.confirm("tina", f.code(second), "10.0.0.1"));
  }
  SUBCASE("confirming with nothing started is NotFound") {
    auto r = f.gate.confirm("max", "123456", "10.0.0.1");
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
}

TEST_CASE("TOTP at login") {
  Fixture f;
  std::string key = f.enrol();
  f.advance(60);  // the confirmation used the current step; one step back must be fresh too

  SUBCASE("the password alone gives a pending login, not a session; the code finishes it") {
    auto step = unwrap(f.auth.begin_login("tina", "correct horse", "10.0.0.1"));
    CHECK(step.session.empty());
    REQUIRE(!step.pending.empty());
    auto plain = f.auth.login("tina", "correct horse", "10.0.0.1");
    REQUIRE(!plain);
    CHECK(plain.error().code() == ErrorCode::unauthorized);
    std::string session = unwrap(f.auth.finish_login(step.pending, f.code(key), "10.0.0.1"));
    CHECK(!session.empty());
    SUBCASE("the pending login is used up") {
      auto again = f.auth.finish_login(step.pending, f.code(key, 1), "10.0.0.1");
      REQUIRE(!again);
      CHECK(again.error().code() == ErrorCode::not_found);
    }
    SUBCASE("the same code cannot be replayed in its window, by another login") {
      auto second = unwrap(f.auth.begin_login("tina", "correct horse", "10.0.0.1"));
      auto replay = f.auth.finish_login(second.pending, f.code(key), "10.0.0.1");
      REQUIRE(!replay);
      CHECK(replay.error().code() == ErrorCode::unauthorized);
      f.advance(30);
      CHECK(f.auth.finish_login(second.pending, f.code(key), "10.0.0.1"));
    }
  }
  SUBCASE("one step of clock drift either way is accepted, two are not") {
    auto step = unwrap(f.auth.begin_login("tina", "correct horse", "10.0.0.1"));
    CHECK(!f.auth.finish_login(step.pending, f.code(key, 2), "10.0.0.1"));
    CHECK(!f.auth.finish_login(step.pending, f.code(key, -2), "10.0.0.1"));
    CHECK(f.auth.finish_login(step.pending, f.code(key, -1), "10.0.0.1"));
  }
  SUBCASE("a pending login dies after five wrong codes") {
    auto step = unwrap(f.auth.begin_login("tina", "correct horse", "10.0.0.1"));
    for (int i = 0; i < http::k_pending_login_tries; ++i) {
      auto r = f.auth.finish_login(step.pending, "000000", "10.0.0.1");
      REQUIRE(!r);
      CHECK(r.error().code() == ErrorCode::unauthorized);
    }
    auto r = f.auth.finish_login(step.pending, f.code(key), "10.0.0.1");
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
  SUBCASE("wrong codes are throttled per address") {
    for (int round = 0; round < 2; ++round) {
      auto step = unwrap(f.auth.begin_login("tina", "correct horse", "10.0.0.2"));
      for (int i = 0; i < 4; ++i) {
        (void)f.auth.finish_login(step.pending, "000000", "10.0.0.2");
      }
    }
    auto step = f.auth.begin_login("tina", "correct horse", "10.0.0.2");
    REQUIRE(!step);
    CHECK(step.error().code() == ErrorCode::busy);
  }
  SUBCASE("an unknown pending login is NotFound") {
    auto r = f.auth.finish_login("not-a-pending-login", f.code(key), "10.0.0.1");
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
  SUBCASE("turning it off needs a current code; then the password is enough") {
    CHECK(!f.gate.disable("tina", "000000", "10.0.0.1"));
    unwrap(f.gate.disable("tina", f.code(key), "10.0.0.1"));
    CHECK(!unwrap(f.auth.begin_login("tina", "correct horse", "10.0.0.1")).session.empty());
  }
  SUBCASE("an admin's reset removes it without a code") {
    bool had = false;
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(had, http::TotpGate::reset(tx, "tina"));
      return {};
    }));
    CHECK(had);
    CHECK(!unwrap(f.gate.required("tina")));
    CHECK(!f.store.write([&](core::StoreTx& tx) { return http::TotpGate::reset(tx, "nobody").map([](bool) {}); }));
  }
}
