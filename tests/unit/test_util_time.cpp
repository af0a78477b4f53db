#include <doctest/doctest.h>

#include <embargo/util/time.hpp>

using embargo::util::format_timestamp;
using embargo::util::parse_date;
using embargo::util::parse_timestamp;

TEST_CASE("parse_timestamp") {
  SUBCASE("UTC with Z, minutes only") {
    auto t = parse_timestamp("2026-03-03T14:00Z");
    REQUIRE(t);
    CHECK(format_timestamp(*t) == "2026-03-03T14:00:00.000000Z");
  }
  SUBCASE("offset is applied") {
    auto t = parse_timestamp("2026-03-03T15:00:00+01:00");
    REQUIRE(t);
    CHECK(format_timestamp(*t) == "2026-03-03T14:00:00.000000Z");
    auto west = parse_timestamp("2026-03-03T06:00:00-08:00");
    REQUIRE(west);
    CHECK(*west == *t);
  }
  SUBCASE("fractions are kept to the microsecond") {
    auto t = parse_timestamp("2026-03-03T14:00:01.5Z");
    REQUIRE(t);
    CHECK(format_timestamp(*t) == "2026-03-03T14:00:01.500000Z");
  }
  SUBCASE("round trip of the stored form") {
    auto t = parse_timestamp("2024-02-29T23:59:59.999999Z");
    REQUIRE(t);
    CHECK(parse_timestamp(format_timestamp(*t)) == t);
  }
  SUBCASE("a time without a zone is refused with an example") {
    auto t = parse_timestamp("2026-03-03T14:00");
    REQUIRE(!t);
    CHECK(t.error().message().find("no zone") != std::string::npos);
    CHECK(t.error().message().find("2026-03-03T14:00Z") != std::string::npos);
  }
  SUBCASE("malformed input") {
    for (const char* bad : {"", "2026-03-03", "2026-02-30T10:00Z", "2026-03-03T25:00Z", "2026-03-03T14:00+1",
                            "2026-03-03T14:00:00.Z", "2026-03-03T14:60Z", "tomorrow", "2026-03-03T14:00Zjunk"}) {
      CAPTURE(bad);
      CHECK(!parse_timestamp(bad));
    }
  }
}

TEST_CASE("parse_date") {
  SUBCASE("valid, including a leap day") {
    auto d = parse_date("2028-02-29");
    REQUIRE(d);
    CHECK(d->year == 2028);
    CHECK(d->month == 2u);
    CHECK(d->day == 29u);
    CHECK(embargo::util::format_date(*d) == "2028-02-29");
  }
  SUBCASE("impossible or malformed dates") {
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-01", "01-03-2026", "2026/03/01", ""}) {
      CAPTURE(bad);
      CHECK(!parse_date(bad));
    }
  }
  SUBCASE("end of day in UTC") {
    auto d = parse_date("2026-03-01");
    REQUIRE(d);
    CHECK(format_timestamp(embargo::util::end_of_day_utc(*d)) == "2026-03-01T23:59:59.999999Z");
  }
}
