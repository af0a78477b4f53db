#include <doctest/doctest.h>

#include <regex>
#include <vector>

#include <fmt/format.h>

#include <embargo/http/auth/authenticator.hpp>

using namespace embargo;
using namespace embargo::http;

namespace {

struct Fixture {
  util::SecretBox box{util::SecretBox::generate_key()};
  core::IssuedUsercode issued = core::issue_usercode("EMB-2026-0001", "distros", box,
                                                     util::Timestamp{std::chrono::seconds(1'800'000'000)})
                                    .value();
  RateLimits limits{3, 0.0001, 5, 0.0001};
  util::FixedClock clock{util::Timestamp{std::chrono::seconds(1'800'000'000)}};
  Authenticator auth{&box, limits, std::chrono::seconds(300), &clock};
  std::string target = "/embargo/EMB-2026-0001/f";

  // Over TLS, where Basic is allowed (see "Basic over plain HTTP").
  AuthRequest request(std::string_view address = "192.0.2.1", bool secure = true) const {
    return {"EMB-2026-0001", "GET", target, address, secure};
  }
  AuthResult basic(std::string_view password, std::string_view address = "192.0.2.1",
                   const core::Usercode* u = nullptr) {
    ParsedAuth p = auth.parse("Basic " + base64_encode(fmt::format("distros:{}", password)));
    return auth.verify(request(address), p, u != nullptr ? u : &issued.usercode);
  }
  // A Digest answer computed from the server's own challenge, as a client would.
  std::string digest_header(DigestAlgorithm a, std::string_view password, std::string_view nc, bool stale = false) {
    std::string challenge = auth.challenges("EMB-2026-0001", stale, false)[a == DigestAlgorithm::sha256 ? 0 : 1];
    std::smatch m;
    std::regex nonce_re("nonce=\"([^\"]+)\"");
    std::regex opaque_re("opaque=\"([^\"]+)\"");
    REQUIRE(std::regex_search(challenge, m, nonce_re));
    std::string nonce = m[1];
    REQUIRE(std::regex_search(challenge, m, opaque_re));
    std::string opaque = m[1];
    return header_for(a, password, nonce, opaque, nc);
  }
  std::string header_for(DigestAlgorithm a, std::string_view password, const std::string& nonce,
                         const std::string& opaque, std::string_view nc) {
    std::string ha1 = digest_hash(a, fmt::format("distros:embargo EMB-2026-0001:{}", password));
    std::string response = digest_response(a, {ha1, nonce, nc, "cn", "auth", "GET", target});
    return fmt::format(
        "Digest username=\"distros\", realm=\"embargo EMB-2026-0001\", nonce=\"{}\", uri=\"{}\", "
        "algorithm={}, qop=auth, nc={}, cnonce=\"cn\", response=\"{}\", opaque=\"{}\"",
        nonce, target, to_string(a), nc, response, opaque);
  }
  AuthResult digest(const std::string& header) { return auth.verify(request(), auth.parse(header), &issued.usercode); }
};

}  // namespace

TEST_CASE("Authenticator: Basic") {
  Fixture f;
  SUBCASE("right password, twice (the second from the cache)") {
    CHECK(f.basic(f.issued.password).status == AuthStatus::ok);
    auto r = f.basic(f.issued.password);
    CHECK(r.status == AuthStatus::ok);
    CHECK(r.user == "distros");
  }
  SUBCASE("wrong password is a failure") {
    auto r = f.basic("wrong");
    CHECK(r.status == AuthStatus::challenge);
    CHECK(r.failure);
    CHECK(r.reason.find("wrong") != std::string::npos);
    auto again = f.basic("wrong");  // from the refused cache: still a counted failure
    CHECK(again.status == AuthStatus::challenge);
    CHECK(again.failure);
    CHECK(f.basic(f.issued.password).status == AuthStatus::ok);
  }
  SUBCASE("a revoked usercode fails even with a cached password") {
    CHECK(f.basic(f.issued.password).status == AuthStatus::ok);
    core::Usercode revoked = f.issued.usercode;
    revoked.revoked_at = revoked.created_at;
    CHECK(f.basic(f.issued.password, "192.0.2.1", &revoked).status == AuthStatus::challenge);
  }
  SUBCASE("a rotated usercode refuses the old cached password") {
    CHECK(f.basic(f.issued.password).status == AuthStatus::ok);
    auto rotated = core::issue_usercode("EMB-2026-0001", "distros", f.box, f.issued.usercode.created_at, 2).value();
    CHECK(f.basic(f.issued.password, "192.0.2.1", &rotated.usercode).status == AuthStatus::challenge);
    CHECK(f.basic(rotated.password, "192.0.2.1", &rotated.usercode).status == AuthStatus::ok);
  }
  SUBCASE("a usercode of another case does not open this one") {
    core::Usercode other = f.issued.usercode;
    other.case_id = "EMB-2026-0002";
    CHECK(f.basic(f.issued.password, "192.0.2.1", &other).status == AuthStatus::challenge);
  }
  SUBCASE("no header: a challenge, not a failure; unknown user: a failure") {
    auto none = f.auth.verify(f.request(), f.auth.parse(""), &f.issued.usercode);
    CHECK(none.status == AuthStatus::challenge);
    CHECK(!none.failure);
    auto unknown = f.auth.verify(f.request(), f.auth.parse("Basic " + base64_encode("nobody:x")), nullptr);
    CHECK(unknown.failure);
  }
}

TEST_CASE("Authenticator: Basic over plain HTTP is refused unless allowed") {
  Fixture f;
  ParsedAuth p = f.auth.parse("Basic " + base64_encode("distros:" + f.issued.password));
  auto refused = f.auth.verify(f.request("192.0.2.1", false), p, &f.issued.usercode);
  CHECK(refused.status == AuthStatus::challenge);
  CHECK(refused.basic_refused);
  CHECK(!refused.failure);  // a client setting, not a guess: not counted
  auto plain = f.auth.challenges("EMB-2026-0001", false, false);
  CHECK(plain.size() == 2);  // Digest SHA-256 and MD5 only
  CHECK(f.auth.challenges("EMB-2026-0001", false, true).size() == 3);
  f.auth.allow_basic_without_tls(true);  // a TLS proxy in front
  CHECK(f.auth.verify(f.request("192.0.2.1", false), p, &f.issued.usercode).status == AuthStatus::ok);
  CHECK(f.auth.challenges("EMB-2026-0001", false, false).size() == 3);
}

TEST_CASE("Authenticator: rate limits") {
  Fixture f;
  SUBCASE("an address is throttled after its failures; another address is not") {
    for (int i = 0; i < 3; ++i) {
      f.basic("wrong", "192.0.2.66");
    }
    CHECK(!f.auth.address_allowed("192.0.2.66"));
    CHECK(f.auth.address_allowed("192.0.2.1"));
    CHECK(f.basic(f.issued.password, "192.0.2.1").status == AuthStatus::ok);
  }
  SUBCASE("a usercode under attack still lets in addresses it knows") {
    CHECK(f.basic(f.issued.password, "192.0.2.1").status == AuthStatus::ok);
    for (int i = 0; i < 5; ++i) {
      f.basic("wrong", fmt::format("198.51.100.{}", i));
    }
    CHECK(f.basic(f.issued.password, "203.0.113.9").status == AuthStatus::throttled);
    CHECK(f.basic(f.issued.password, "192.0.2.1").status == AuthStatus::ok);
  }
}

TEST_CASE("Authenticator: an unknown usercode answers like a known one with a wrong password (issue 24, 2)") {
  Fixture f;
  auto attempt = [&](std::string_view name, const core::Usercode* u, int i) {
    ParsedAuth p = f.auth.parse("Basic " + base64_encode(fmt::format("{}:wrong{}", name, i)));
    return f.auth.verify(f.request(fmt::format("198.51.100.{}", i)), p, u).status;
  };
  std::vector<AuthStatus> known;
  std::vector<AuthStatus> unknown;
  for (int i = 0; i < 7; ++i) {
    known.push_back(attempt("distros", &f.issued.usercode, i));
    unknown.push_back(attempt("linux-distros", nullptr, i));
  }
  CHECK(known == unknown);
  CHECK(unknown.front() == AuthStatus::challenge);
  CHECK(unknown.back() == AuthStatus::throttled);  // 429 for both, not only for a name that exists
}

TEST_CASE("Authenticator: Digest") {
  Fixture f;
  for (auto a : {DigestAlgorithm::sha256, DigestAlgorithm::md5}) {
    CAPTURE(to_string(a));
    std::string h = f.digest_header(a, f.issued.password, "00000001");
    CHECK(f.digest(h).status == AuthStatus::ok);
    SUBCASE("replaying the same nc fails") {
      auto r = f.digest(h);
      CHECK(r.status == AuthStatus::challenge);
      CHECK(r.reason.find("replay") != std::string::npos);
    }
    SUBCASE("wrong password") {
      CHECK(f.digest(f.digest_header(a, "nope", "00000001")).failure);
    }
    SUBCASE("another uri than the request's") {
      f.target = "/embargo/EMB-2026-0001/g";
      std::string other = h;
      CHECK(f.auth.verify(f.request(), f.auth.parse(other), &f.issued.usercode).status == AuthStatus::challenge);
    }
    SUBCASE("a nonce we did not issue") {
      std::string forged = h;
      auto pos = forged.find("nonce=\"") + 7 + 20;
      forged[pos] = forged[pos] == 'a' ? 'b' : 'a';
      auto r = f.digest(forged);
      CHECK(r.failure);
      CHECK(r.reason.find("nonce") != std::string::npos);
    }
  }
  SUBCASE("an expired nonce is stale: no failure, and the retry with a fresh nonce works") {
    std::string old = f.digest_header(DigestAlgorithm::sha256, f.issued.password, "00000002");
    f.clock.set(f.clock.now() + std::chrono::seconds(301));
    auto r = f.digest(old);
    CHECK(r.status == AuthStatus::challenge);
    CHECK(r.stale);
    CHECK(!r.failure);
    CHECK(f.auth.challenges("EMB-2026-0001", true, false)[0].find("stale=true") != std::string::npos);
    auto wrong = f.digest(f.header_for(DigestAlgorithm::sha256, "nope", "x", "y", "00000001"));
    CHECK(wrong.failure);  // a nonce we never issued
    CHECK(f.digest(f.digest_header(DigestAlgorithm::sha256, f.issued.password, "00000001")).status == AuthStatus::ok);
  }
  SUBCASE("an expired nonce with a wrong password is a failure, not a stale retry") {
    std::string old = f.digest_header(DigestAlgorithm::md5, "nope", "00000002");
    f.clock.set(f.clock.now() + std::chrono::seconds(301));
    auto r = f.digest(old);
    CHECK(r.failure);
    CHECK(!r.stale);
  }
  SUBCASE("a Digest answer for another realm or with another opaque fails") {
    std::string h = f.digest_header(DigestAlgorithm::sha256, f.issued.password, "00000003");
    std::string other_realm = h;
    other_realm.replace(other_realm.find("EMB-2026-0001\", nonce"), 13, "EMB-2026-0002");
    CHECK(f.digest(other_realm).failure);
    std::string other_opaque = h;
    other_opaque.insert(other_opaque.rfind('"'), "x");
    CHECK(f.digest(other_opaque).failure);
  }
  SUBCASE("without the key, Digest is refused") {
    Authenticator no_key(nullptr, f.limits, std::chrono::seconds(300));
    CHECK(no_key.challenges("EMB-2026-0001", false, true).size() == 1);
  }
}
