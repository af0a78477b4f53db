#include <doctest/doctest.h>

#include <embargo/http/auth/auth_header.hpp>

using namespace embargo::http;

TEST_CASE("parse_authorization") {
  SUBCASE("Basic (RFC 7617 example)") {
    auto c = parse_authorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    REQUIRE(c.has_value());
    const auto& b = std::get<BasicCredentials>(*c);
    CHECK(b.user == "Aladdin");
    CHECK(b.password.view() == "open sesame");
  }
  SUBCASE("Basic scheme is case-insensitive and the password may hold colons") {
    auto c = parse_authorization("bAsIc " + base64_encode("distros:a:b:c"));
    REQUIRE(c.has_value());
    CHECK(std::get<BasicCredentials>(*c).user == "distros");
    CHECK(std::get<BasicCredentials>(*c).password.view() == "a:b:c");
  }
  SUBCASE("Basic errors") {
    CHECK(!parse_authorization("Basic !!!!"));
    CHECK(!parse_authorization("Basic " + base64_encode("nocolon")));
    CHECK(!parse_authorization("Basic"));
    CHECK(!parse_authorization("Basic QWxh ZGRp"));
  }
  SUBCASE("Digest (RFC 7616 section 3.9.1)") {
    auto c = parse_authorization(
        "Digest username=\"Mufasa\",\n realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
        "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
        "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
        "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
        "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    // The RFC folds the header over lines; a real one arrives unfolded.
    CHECK(!c.has_value());
    c = parse_authorization(
        "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
        "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
        "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
        "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
        "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    REQUIRE(c.has_value());
    const auto& d = std::get<DigestCredentials>(*c);
    CHECK(d.username == "Mufasa");
    CHECK(d.realm == "http-auth@example.org");
    CHECK(d.uri == "/dir/index.html");
    CHECK(d.algorithm == "SHA-256");
    CHECK(d.nc == "00000001");
    CHECK(d.qop == "auth");
    CHECK(d.opaque == "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
    CHECK(!d.userhash);
  }
  SUBCASE("Digest quoted-pair escapes and empty list elements") {
    auto c = parse_authorization(
        R"(Digest ,username="a\"b", realm="r", nonce="n",, uri="/x", response="00", USERHASH=true)");
    REQUIRE(c.has_value());
    const auto& d = std::get<DigestCredentials>(*c);
    CHECK(d.username == "a\"b");
    CHECK(d.userhash);
  }
  SUBCASE("Digest errors name the problem") {
    auto missing = parse_authorization(R"(Digest username="a", realm="r", nonce="n", uri="/")");
    REQUIRE(!missing);
    CHECK(missing.error().message().find("response") != std::string::npos);
    CHECK(!parse_authorization(R"(Digest username="a", username="b", realm="r", nonce="n", uri="/", response="x")"));
    CHECK(!parse_authorization(R"(Digest username="a)"));
    CHECK(!parse_authorization(R"(Digest username)"));
    CHECK(!parse_authorization(R"(Digest username= , realm="r")"));
    CHECK(!parse_authorization(R"(Digest username="a" realm="r")"));
    CHECK(!parse_authorization("Digest username=\"a\x01\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\""));
  }
  SUBCASE("other schemes and garbage") {
    CHECK(!parse_authorization("Bearer abc"));
    CHECK(!parse_authorization(""));
    CHECK(!parse_authorization("   "));
    CHECK(!parse_authorization("Basic\x01" "abc"));
  }
}

TEST_CASE("base64") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_decode("Zm9vYg==").value() == "foob");
  CHECK(!base64_decode("Zm9vYg"));
  CHECK(!base64_decode("Zm9v YmFy"));
}
