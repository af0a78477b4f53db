#include <doctest/doctest.h>

#include <embargo/core/case.hpp>
#include <embargo/core/vulnerability.hpp>

using namespace embargo::core;

TEST_CASE("parse_reporter") {
  SUBCASE("name and address") {
    auto r = parse_reporter("Jane Roe <jane@example.org>");
    REQUIRE(r);
    CHECK(r->name == "Jane Roe");
    CHECK(r->email == "jane@example.org");
    CHECK(format_reporter(*r) == "Jane Roe <jane@example.org>");
  }
  SUBCASE("quoted name, bare address, bare name") {
    auto q = parse_reporter("\"Roe, Jane\" <jane@example.org>");
    REQUIRE(q);
    CHECK(q->name == "Roe, Jane");
    auto a = parse_reporter("jane@example.org");
    REQUIRE(a);
    CHECK(a->name.empty());
    CHECK(a->email == "jane@example.org");
    auto n = parse_reporter("Jane Roe");
    REQUIRE(n);
    CHECK(n->email.empty());
  }
  SUBCASE("bad input names the field") {
    for (const char* bad : {"", "Jane <jane@example.org", "Jane <not-an-address>", "Jane <a@b> trailing", "x@"}) {
      CAPTURE(bad);
      auto r = parse_reporter(bad);
      REQUIRE(!r);
      CHECK(r.error().message().rfind("reporter:", 0) == 0);
    }
  }
}

TEST_CASE("enum names round-trip") {
  for (CaseState s : {CaseState::reported, CaseState::confirmed, CaseState::fixing, CaseState::notified,
                      CaseState::fix_shared, CaseState::public_, CaseState::closed, CaseState::rejected}) {
    CHECK(parse_case_state(to_string(s)) == s);
  }
  CHECK(to_string(CaseState::fix_shared) == "fix-shared");
  CHECK(to_string(CaseState::public_) == "public");
  auto bad = parse_case_state("published");
  REQUIRE(!bad);
  CHECK(bad.error().message() ==
        "state: unknown value 'published' (one of: reported, confirmed, fixing, notified, fix-shared, public, "
        "closed, rejected)");
  CHECK(parse_impact("rce") == ImpactClass::rce);
  CHECK(!parse_impact("RCE"));
  CHECK(parse_exploitation("poc-public") == Exploitation::poc_public);
  CHECK(!parse_exploitation("maybe"));
}

TEST_CASE("case ids, prefixes and titles") {
  CHECK(format_case_id("EMB", 2026, 1) == "EMB-2026-0001");
  CHECK(format_case_id("EXIM", 2026, 12345) == "EXIM-2026-12345");
  CHECK(validate_case_prefix("EXIM2"));
  CHECK(!validate_case_prefix(""));
  CHECK(!validate_case_prefix("emb"));
  CHECK(!validate_case_prefix("E-M"));
  CHECK(validate_title("heap overflow"));
  CHECK(!validate_title("   "));
  CHECK(!validate_title("two\nlines"));
  CHECK(!validate_title(std::string(301, 'x')));
}

TEST_CASE("identifiers and CWE") {
  CHECK(validate_identifier("CVE-2019-10149"));
  CHECK(validate_identifier("GCVE-1-2026-0001"));
  CHECK(!validate_identifier("CVE-19-10149"));
  CHECK(!validate_identifier("CVE-2019-149"));
  CHECK(!validate_identifier("cve-2019-10149"));
  CHECK(normalise_cwe("787") == std::string("CWE-787"));
  CHECK(normalise_cwe("cwe-787") == std::string("CWE-787"));
  CHECK(!normalise_cwe("CWE-"));
  CHECK(!normalise_cwe("buffer overflow"));
}
