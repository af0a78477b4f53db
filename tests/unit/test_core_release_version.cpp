#include <doctest/doctest.h>

#include <embargo/core/release/release_version.hpp>

#include "testutil.hpp"

using namespace embargo::core::release;
using testutil::unwrap;

TEST_CASE("parse_release_version") {
  SUBCASE("Exim's forms") {
    CHECK(unwrap(parse_release_version("4.99")).text() == "4.99");
    CHECK(unwrap(parse_release_version("4.99.1")).text() == "4.99.1");
    CHECK(unwrap(parse_release_version("4.90.0.4")).text() == "4.90.0.4");
    auto rc = unwrap(parse_release_version("4.97-RC2"));
    CHECK(rc.rc == 2);
    CHECK(rc.release_text() == "4.97");
    CHECK(unwrap(parse_release_version("4.100.1")).minor == 100);
  }
  SUBCASE("malformed versions are refused with the reason") {
    for (const char* bad : {"", "4", "4.", ".4", "4.99.1.2.3", "4.099", "4.99-rc1", "4.99-RC", "4.99-beta",
                            "4.a", "4..1", "-RC1", "4.99 ", "1234567890.1"}) {
      auto r = parse_release_version(bad);
      CHECK_MESSAGE(!r, bad);
    }
    CHECK(parse_release_version("4.099").error().message().find("'4.099'") != std::string::npos);
  }
}

TEST_CASE("version_from_tag") {
  ReleaseSettings s;
  SUBCASE("dotted and underscore tags") {
    CHECK(unwrap(version_from_tag("exim-4.99.1", s.tag_patterns)).text() == "4.99.1");
    CHECK(unwrap(version_from_tag("exim-4_90_1", s.tag_patterns)).text() == "4.90.1");
    CHECK(unwrap(version_from_tag("exim-4_90_RC1", s.tag_patterns)).text() == "4.90-RC1");
    CHECK(unwrap(version_from_tag("exim-4.97-RC2", s.tag_patterns)).text() == "4.97-RC2");
  }
  SUBCASE("other names are not release tags") {
    auto r = version_from_tag("v4.99.1", s.tag_patterns);
    REQUIRE(!r);
    CHECK(r.error().code() == embargo::ErrorCode::not_found);
    CHECK(!version_from_tag("exim-", s.tag_patterns));
    CHECK(!version_from_tag("exim-4.99_1", s.tag_patterns));
    auto bad = version_from_tag("exim-4.99.x", s.tag_patterns);
    REQUIRE(!bad);
    CHECK(bad.error().code() == embargo::ErrorCode::invalid_argument);
  }
  SUBCASE("a configured pattern with a suffix") {
    std::vector<std::string> p = {"release/{version}-final"};
    CHECK(unwrap(version_from_tag("release/2.1-final", p)).text() == "2.1");
    CHECK(!version_from_tag("release/2.1", p));
  }
}

TEST_CASE("check_version_file") {
  ReleaseSettings s;
  auto v = unwrap(parse_release_version("4.99.1"));
  SUBCASE("Exim's version.sh agrees") {
    unwrap(check_version_file("version.sh", "# comment\nEXIM_RELEASE_VERSION=\"4.99.1\"\nEXIM_VARIANT_VERSION=\"\"\n",
                              v, s));
    unwrap(check_version_file("version.sh", "EXIM_RELEASE_VERSION=4.99.1\n", v, s));
  }
  SUBCASE("a mismatch names the file and both versions") {
    auto r = check_version_file("version.sh", "EXIM_RELEASE_VERSION=\"4.99\"\n", v, s);
    REQUIRE(!r);
    CHECK(r.error().message() == "version mismatch: version.sh says 4.99 but the tag is version 4.99.1");
  }
  SUBCASE("the RC variant must agree too") {
    auto rc = unwrap(parse_release_version("4.97-RC2"));
    unwrap(check_version_file("v", "EXIM_RELEASE_VERSION=4.97\nEXIM_VARIANT_VERSION=RC2\n", rc, s));
    CHECK(!check_version_file("v", "EXIM_RELEASE_VERSION=4.97\nEXIM_VARIANT_VERSION=\n", rc, s));
    CHECK(!check_version_file("v", "EXIM_RELEASE_VERSION=4.99.1\nEXIM_VARIANT_VERSION=RC1\n", v, s));
  }
  SUBCASE("no matching line") {
    auto r = check_version_file("version.sh", "VERSION=4.99.1\n", v, s);
    REQUIRE(!r);
    CHECK(r.error().message().find("no line matches") != std::string::npos);
  }
  SUBCASE("a broken pattern is an error, not a crash") {
    s.version_pattern = "([";
    CHECK(!check_version_file("v", "x\n", v, s));
  }
}
