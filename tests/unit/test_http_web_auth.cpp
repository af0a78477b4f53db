// WebAuth over the memory store: logins, sessions and their expiry, CSRF
// tokens, API tokens, reporter links, logout everywhere, throttling.

#include <doctest/doctest.h>

#include <embargo/core/reporter_links.hpp>
#include <embargo/http/auth/web_auth.hpp>
#include <embargo/util/secret.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

struct Fixture {
  testutil::MemoryStore store;
  util::FixedClock clock{util::Timestamp{std::chrono::seconds(1'800'000'000)}};
  http::FailureLimiter limiter{http::RateLimits{3, 0.0001, 3, 0.0001}};
  http::WebAuth auth{store, clock, limiter};

  Fixture() {
    core::User u;
    u.name = "tina";
    u.role = core::Role::team;
    u.password_hash = util::hash_password("correct horse").value();
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY(tx.insert_user(u));
      core::Case c;
      c.id = "EMB-2026-0001";
      c.title = "t";
      return tx.insert_case(c);
    }));
  }

  std::optional<http::AuthContext> with_cookie(const std::string& secret) {
    http::RequestMessage m;
    m.set(http::beast_http::field::cookie, "embargo_session=" + secret);
    return auth.authenticate(http::Request{m, "10.0.0.1", false}, false);
  }
  std::optional<http::AuthContext> with_bearer(const std::string& secret) {
    http::RequestMessage m;
    m.set(http::beast_http::field::authorization, "Bearer " + secret);
    return auth.authenticate(http::Request{m, "10.0.0.1", false}, true);
  }
};

}  // namespace

TEST_CASE("WebAuth") {
  Fixture f;
  SUBCASE("a login makes a session that expires after 12 hours") {
    CHECK(f.auth.login("tina", "wrong", "10.0.0.1").error().code() == ErrorCode::unauthorized);
    CHECK(f.auth.login("nobody", "correct horse", "10.0.0.1").error().code() == ErrorCode::unauthorized);
    std::string secret = unwrap(f.auth.login("tina", "correct horse", "10.0.0.1"));
    auto who = f.with_cookie(secret);
    REQUIRE(who);
    CHECK(who->who.name == "tina");
    CHECK(who->who.role == core::Role::team);
    CHECK(who->csrf == http::WebAuth::csrf_for(secret));
    CHECK(!f.with_bearer(secret));  // a session is not an API token
    f.clock.set(f.clock.now() + std::chrono::hours(13));
    CHECK(!f.with_cookie(secret));
    // The next login sweeps the expired session's row away.
    unwrap(f.auth.login("tina", "correct horse", "10.0.0.1"));
    CHECK(f.store.query_int("SELECT count(*) FROM credentials") == 1);
  }
  SUBCASE("csrf tokens differ per session and compare exactly") {
    std::string a = http::WebAuth::csrf_for("one");
    CHECK(a != http::WebAuth::csrf_for("two"));
    CHECK(http::WebAuth::csrf_ok(a, a));
    CHECK(!http::WebAuth::csrf_ok(a, a + "x"));
    CHECK(!http::WebAuth::csrf_ok("", ""));
  }
  SUBCASE("failed logins are throttled per address") {
    for (int i = 0; i < 3; ++i) {
      CHECK(f.auth.login("tina", "wrong", "10.0.0.9").error().code() == ErrorCode::unauthorized);
    }
    CHECK(f.auth.login("tina", "correct horse", "10.0.0.9").error().code() == ErrorCode::busy);
  }
  SUBCASE("logout everywhere ends every session, not API tokens") {
    std::string s1 = unwrap(f.auth.login("tina", "correct horse", "10.0.0.1"));
    std::string s2 = unwrap(f.auth.login("tina", "correct horse", "10.0.0.2"));
    std::string token;
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(token, http::WebAuth::issue_api_token(tx, "tina", "ci", f.clock.now()));
      return {};
    }));
    auto who = f.with_cookie(s1);
    REQUIRE(who);
    unwrap(f.auth.logout(*who, true));
    CHECK(!f.with_cookie(s1));
    CHECK(!f.with_cookie(s2));
    auto api = f.with_bearer(token);
    REQUIRE(api);
    CHECK(api->who.name == "tina");
    CHECK(api->csrf.empty());
  }
  SUBCASE("a reporter link opens a session for its case only") {
    std::string link;
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(link, f.auth.issue_link(tx, "EMB-2026-0001"));
      return {};
    }));
    CHECK(f.auth.open_link(link + "x").error().code() == ErrorCode::not_found);
    CHECK(!f.with_cookie(link));  // the link itself is not a session
    std::string session = unwrap(f.auth.open_link(link));
    auto who = f.with_cookie(session);
    REQUIRE(who);
    CHECK(who->who.via_link());
    CHECK(who->who.link_case == "EMB-2026-0001");
    CHECK(who->who.role == core::Role::reporter);
  }
  SUBCASE("a reporter link expires, is renewed when opened, and revoking it ends its sessions") {
    f.auth.set_link_lifetime(std::chrono::days(90));
    std::string link;
    std::string other;
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(link, f.auth.issue_link(tx, "EMB-2026-0001", "acknowledgement mail"));
      TRY_ASSIGN(other, f.auth.issue_link(tx, "EMB-2026-0001"));
      return {};
    }));
    auto start = f.clock.now();
    f.clock.set(start + std::chrono::days(89));
    std::string session = unwrap(f.auth.open_link(link));  // renewed: good until day 179
    f.clock.set(start + std::chrono::days(91));
    CHECK(f.auth.open_link(other).error().code() == ErrorCode::not_found);  // never opened: expired
    std::vector<core::ReporterLink> links;
    unwrap(f.store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(links, core::list_reporter_links(tx, "EMB-2026-0001", f.clock.now()));
      return {};
    }));
    REQUIRE(links.size() == 1);
    CHECK(links[0].label == "acknowledgement mail");
    CHECK(links[0].id == core::link_id(core::hash_token(link)));
    CHECK(links[0].id.size() == 12);
    REQUIRE(links[0].expires_at);
    CHECK(*links[0].expires_at == start + std::chrono::days(179));
    CHECK(links[0].sessions == 0);  // the session from day 89 lasted 12 hours
    std::string fresh = unwrap(f.auth.open_link(link));
    REQUIRE(f.with_cookie(fresh));

    auto unknown = f.store.write([&](core::StoreTx& tx) {
      return core::revoke_reporter_links(tx, "EMB-2026-0001", "000000000000").map([](int) {});
    });
    REQUIRE(!unknown);
    CHECK(unknown.error().message() ==
          "EMB-2026-0001 has no reporter link '000000000000' (`embargo case link list EMB-2026-0001`)");
    int gone = 0;
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(gone, core::revoke_reporter_links(tx, "EMB-2026-0001", links[0].id));
      return {};
    }));
    CHECK(gone == 1);
    CHECK(!f.with_cookie(fresh));  // its session ended with it
    CHECK(f.auth.open_link(link).error().code() == ErrorCode::not_found);
    (void)session;
  }
}
