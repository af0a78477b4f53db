// Parsing of CVSS vectors: every version's syntax and each kind of invalid vector.

#include <string>

#include <doctest/doctest.h>

#include <embargo/core/cvss/vector_parser.hpp>

#include "testutil.hpp"

namespace cvss = embargo::core::cvss;
using namespace std::string_literals;

namespace {

std::string error_of(const std::string& vector) {
  auto parsed = cvss::parse_vector(vector);
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().code() == embargo::ErrorCode::invalid_argument);
  return parsed.error().message();
}

bool contains(const std::string& s, const std::string& needle) {
  return s.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("parse_vector") {
  SUBCASE("detects each version from its prefix") {
    CHECK(testutil::unwrap(cvss::parse_vector("AV:N/AC:L/Au:N/C:P/I:P/A:P")).version == cvss::Version::v2_0);
    CHECK(testutil::unwrap(cvss::parse_vector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).version ==
          cvss::Version::v3_0);
    CHECK(testutil::unwrap(cvss::parse_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).version ==
          cvss::Version::v3_1);
    CHECK(testutil::unwrap(cvss::parse_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"))
              .version == cvss::Version::v4_0);
  }

  SUBCASE("records the value of each metric given and marks the others absent") {
    auto v = testutil::unwrap(cvss::parse_vector("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:C/C:N/I:L/A:H/E:U/MS:X"));
    auto table = cvss::metric_table(v.version);
    CHECK(table[0].values[v[0]].abbr == "P");
    CHECK(table[4].values[v[4]].abbr == "C");
    CHECK(table[8].values[v[8]].abbr == "U");  // E
    CHECK_FALSE(v.has(9));                     // RL
    CHECK(table[18].abbr == "MS");
    CHECK(table[18].values[v[18]].abbr == "X");
  }

  SUBCASE("v2 and v3 accept any order, with every optional metric") {
    CHECK(cvss::parse_vector("A:C/I:N/C:N/Au:N/AC:L/AV:N/AR:H/IR:M/CR:M/TD:H/CDP:H/RC:C/RL:OF/E:F"));
    CHECK(cvss::parse_vector("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N"));
    CHECK(
        cvss::parse_vector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:H/RL:U/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/"
                           "MPR:N/MUI:N/MS:U/MC:H/MI:H/MA:H"));
  }

  SUBCASE("v4 accepts every metric in the specification's order") {
    CHECK(
        cvss::parse_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/"
                           "MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/"
                           "RE:H/U:Red"));
    CHECK(cvss::parse_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Clear"));
  }

  SUBCASE("unknown metric") {
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y"), "XX: unknown metric for CVSS 3.1"));
    CHECK(contains(error_of("AV:N/AC:L/PR:N/UI:N/C:P/I:P/A:P"), "PR: unknown metric for CVSS 2.0"));
    CHECK(contains(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O"), "RL: unknown"));
  }

  SUBCASE("duplicate metric") {
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L"), "AV: given twice"));
    CHECK(contains(error_of("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/E:F"), "E: given twice"));
  }

  SUBCASE("missing mandatory metric") {
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"), "S: missing (Scope"));
    CHECK(contains(error_of("AV:N/AC:L/C:P/I:P/A:P"), "Au: missing"));
    CHECK(contains(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N"), "SA: missing"));
  }

  SUBCASE("bad value") {
    CHECK(
        contains(error_of("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "AV: bad value 'Q' (expected N, A, L or P"));
    CHECK(contains(error_of("CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "AV: bad value 'n'"));
    CHECK(contains(error_of("CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "AV: bad value ''"));
    CHECK(contains(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N"), "SI: bad value 'S'"));
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:ND"), "E: bad value 'ND'"));
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H:H"), "A: bad value 'H:H'"));
  }

  SUBCASE("wrong prefix") {
    CHECK(contains(error_of("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "prefix: unsupported CVSS version"));
    CHECK(contains(error_of("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"), "prefix: unsupported CVSS version 'CVSS:2.0'"));
    CHECK(contains(error_of("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "prefix: 'cvss:3.1' is not a CVSS"));
    CHECK(contains(error_of("CVSS3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "prefix: 'CVSS3.1' is not a CVSS vector"));
    CHECK(contains(error_of("CVSS:3.1"), "prefix: 'CVSS:3.1' is not followed by '/'"));
    CHECK(contains(error_of(" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "prefix"));
  }

  SUBCASE("trailing junk") {
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/"), "trailing '/' after A"));
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H "), "A: bad value 'H '"));
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/junk"), "'junk': not a METRIC:VALUE pair"));
    CHECK(contains(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"), "A: bad value 'H\\x0a'"));
    CHECK(contains(error_of("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "empty metric"));
  }

  SUBCASE("v4 metrics out of order") {
    CHECK(contains(error_of("CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), "AV: out of order"));
    CHECK(contains(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H/E:A"),
                   "E: out of order"));
  }

  SUBCASE("a NUL byte is part of the value, not padding") {
    CHECK(contains(error_of("CVSS:3.1/AV:\0N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"s), "AV: bad value '\\x00N'"));
    CHECK(contains(error_of("CVSS:3.1/\0AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"s), "unknown metric"));
  }

  SUBCASE("the fast path and the general parser agree, valid or not") {
    for (const std::string& text :
         {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"s, "CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X"s,
          "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/U:Amber"s,
          "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/RL:OF/RC:C/CDP:LM/TD:H/CR:M/IR:M/AR:ND"s,
          "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:N"s, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"s,
          "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"s, "AV:N/AC:L/Au:N/C:P/I:P/A:P/"s}) {
      CAPTURE(text);
      auto fast = cvss::parse_vector(text);
      auto slow = cvss::detail::parse_vector_slowly(text);
      REQUIRE(fast.has_value() == slow.has_value());
      if (fast) {
        CHECK(fast->values == slow->values);
      } else {
        CHECK(fast.error().message() == slow.error().message());
      }
    }
  }

  SUBCASE("empty input") {
    CHECK(contains(error_of(""), "vector: empty"));
    CHECK(contains(error_of("CVSS:3.1/"), "no metrics"));
  }
}
