#include <doctest/doctest.h>

#include <embargo/core/version.hpp>

using namespace embargo::core;

namespace {

Version v(const char* text) {
  auto r = parse_version(text);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("parse_version and compare") {
  SUBCASE("ordering") {
    CHECK(compare(v("4.99"), v("4.99.0")) == 0);
    CHECK(compare(v("4.99"), v("4.99.1")) < 0);
    CHECK(compare(v("4.100"), v("4.99.1")) > 0);
    CHECK(compare(v("4.97-RC2"), v("4.97")) < 0);
    CHECK(compare(v("4.97-rc2"), v("4.97-RC10")) < 0);
    CHECK(compare(v("4.97-RC1"), v("4.96.2")) > 0);
  }
  SUBCASE("normalised text") {
    CHECK(v("4.97-rc2").to_string() == "4.97-RC2");
    CHECK(v(" 4.99.1 ").to_string() == "4.99.1");
  }
  SUBCASE("malformed") {
    for (const char* bad : {"", "4..1", "4.x", "4.99-", "4.99-R C", "1.2.3.4.5.6.7", ".1", "4.99."}) {
      CAPTURE(bad);
      CHECK(!parse_version(bad));
    }
  }
}

TEST_CASE("parse_version_range") {
  SUBCASE("the issue's example") {
    auto r = parse_version_range(">=4.92,<4.99.1", "affected");
    REQUIRE(r);
    CHECK(r->to_string() == ">=4.92,<4.99.1");
    CHECK(r->contains(v("4.92")));
    CHECK(r->contains(v("4.99")));
    CHECK(r->contains(v("4.99.1-RC1")));
    CHECK_FALSE(r->contains(v("4.99.1")));
    CHECK_FALSE(r->contains(v("4.91")));
  }
  SUBCASE("spaces, bare version, exact") {
    auto r = parse_version_range(" >= 4.92 , <= 4.98 ", "affected");
    REQUIRE(r);
    CHECK(r->to_string() == ">=4.92,<=4.98");
    auto exact = parse_version_range("4.98", "fixed");
    REQUIRE(exact);
    CHECK(exact->to_string() == "=4.98");
  }
  SUBCASE("errors name the field") {
    auto empty = parse_version_range("", "affected");
    REQUIRE(!empty);
    CHECK(empty.error().message().rfind("affected:", 0) == 0);
    auto op = parse_version_range("~>4.9", "fixed");
    REQUIRE(!op);
    CHECK(op.error().message().find("unknown operator") != std::string::npos);
    auto none = parse_version_range(">=5,<4", "affected");
    REQUIRE(!none);
    CHECK(none.error().message().find("contains no version") != std::string::npos);
    CHECK(!parse_version_range(">4.9,<4.9", "affected"));
    CHECK(parse_version_range(">=4.9,<=4.9", "affected"));
    CHECK(!parse_version_range("=4.9,>4.9", "affected"));
    CHECK(!parse_version_range(">=4.9,", "affected"));
  }
}
