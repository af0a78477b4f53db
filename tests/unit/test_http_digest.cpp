#include <doctest/doctest.h>

#include <embargo/http/auth/digest.hpp>

using namespace embargo::http;

TEST_CASE("digest_response: RFC 7616 section 3.9.1 test vectors") {
  const std::string a1 = "Mufasa:http-auth@example.org:Circle of Life";
  auto input = [](const std::string& ha1) {
    return DigestInput{ha1,
                       "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                       "00000001",
                       "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                       "auth",
                       "GET",
                       "/dir/index.html"};
  };
  SUBCASE("MD5") {
    std::string ha1 = digest_hash(DigestAlgorithm::md5, a1);
    CHECK(digest_response(DigestAlgorithm::md5, input(ha1)) == "8ca523f5e9506fed4657c9700eebdbec");
  }
  SUBCASE("SHA-256") {
    std::string ha1 = digest_hash(DigestAlgorithm::sha256, a1);
    CHECK(digest_response(DigestAlgorithm::sha256, input(ha1)) ==
          "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }
}

TEST_CASE("parse_digest_algorithm") {
  CHECK(parse_digest_algorithm("").value() == DigestAlgorithm::md5);
  CHECK(parse_digest_algorithm("md5").value() == DigestAlgorithm::md5);
  CHECK(parse_digest_algorithm("SHA-256").value() == DigestAlgorithm::sha256);
  CHECK(!parse_digest_algorithm("MD5-sess"));
  CHECK(!parse_digest_algorithm("SHA-512-256"));
}

TEST_CASE("parse_nc") {
  CHECK(parse_nc("00000001").value() == 1u);
  CHECK(parse_nc("0000000A").value() == 10u);
  CHECK(parse_nc("ffffffff").value() == 0xffffffffu);
  CHECK(!parse_nc("1"));
  CHECK(!parse_nc("0000000g"));
}

TEST_CASE("NonceAuthority") {
  using namespace std::chrono_literals;
  NonceAuthority nonces(300s);
  SystemTime t0{std::chrono::seconds(1'800'000'000)};
  std::string n = nonces.issue(t0);

  SUBCASE("a fresh nonce is valid, an old one stale, a forged one invalid") {
    CHECK(nonces.check(n, t0 + 10s) == NonceAuthority::State::valid);
    CHECK(nonces.check(n, t0 + 301s) == NonceAuthority::State::stale);
    std::string forged = n;
    forged[3] = forged[3] == '1' ? '2' : '1';
    CHECK(nonces.check(forged, t0) == NonceAuthority::State::invalid);
    CHECK(nonces.check("short", t0) == NonceAuthority::State::invalid);
    NonceAuthority other(300s);
    CHECK(other.check(n, t0) == NonceAuthority::State::invalid);
  }
  SUBCASE("every nonce is different") { CHECK(nonces.issue(t0) != n); }
  SUBCASE("nc must grow: a replay is refused") {
    CHECK(nonces.accept_nc(n, 1, t0));
    CHECK(!nonces.accept_nc(n, 1, t0));
    CHECK(nonces.accept_nc(n, 2, t0));
    CHECK(!nonces.accept_nc(n, 1, t0));
    CHECK(nonces.accept_nc(nonces.issue(t0), 1, t0));
  }
}

TEST_CASE("challenges") {
  CHECK(digest_challenge("embargo X", DigestAlgorithm::sha256, "n", "o", false) ==
        "Digest realm=\"embargo X\", qop=\"auth\", algorithm=SHA-256, nonce=\"n\", opaque=\"o\"");
  CHECK(digest_challenge("r", DigestAlgorithm::md5, "n", "o", true).find("stale=true") != std::string::npos);
  CHECK(basic_challenge("r") == "Basic realm=\"r\", charset=\"UTF-8\"");
}
