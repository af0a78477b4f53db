#include <doctest/doctest.h>

#include <fstream>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf.hpp>
#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/json_schema.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using namespace embargo::core::advisory;
using Json = nlohmann::json;

namespace {

std::vector<std::string> tests_failed(const Json& doc) {
  std::vector<std::string> out;
  for (const auto& f : run_csaf_mandatory_tests(doc)) {
    out.push_back(f.test);
  }
  return out;
}

bool fails(const Json& doc, const std::string& test) {
  auto failed = tests_failed(doc);
  return std::find(failed.begin(), failed.end(), test) != failed.end();
}

struct CaseSample {
  Case c;
  std::vector<Vulnerability> vulns;
  AdvisoryConfig config;

  CaseSample() {
    c.id = "EMB-2026-0001";
    c.title = "heap overflow in string_vformat";
    c.reporter.credit = "Jane Roe (Example Lab)";
    c.release_at = *util::parse_timestamp("2026-03-10T14:00:00Z");
    for (int i = 1; i <= 2; ++i) {
      Vulnerability v;
      v.case_id = c.id;
      v.ordinal = i;
      v.title = i == 1 ? "heap overflow" : "use after free";
      v.identifier = fmt::format("CVE-2026-123{}", i);
      v.affected = i == 1 ? ">=4.92,<4.99.1" : "<4.99.1";
      v.fixed = ">=4.99.1";
      vulns.push_back(v);
    }
    config.vendor = "Exim";
    config.product = "Exim";
    config.advisory_url = "https://www.exim.org/static/doc/security/{id}.txt";
  }
  Json make() const {
    CsafInput in{c, vulns, config, {}, *util::parse_timestamp("2026-03-10T15:00:00Z")};
    return testutil::unwrap(csaf_advisory(in));
  }
};

Json example() {
  std::ifstream in(std::string(EMBARGO_TEST_DATA_DIR) + "/csaf/rhsa-2022_0011.json");
  REQUIRE(in);
  return Json::parse(in);
}

}  // namespace

TEST_CASE("csaf_advisory") {
  CaseSample s;
  auto schemas = testutil::unwrap(schema::SchemaSet::load(testutil::unwrap(schema::find_schema_dir())));
  SUBCASE("a draft before release: schema-valid and passes the implemented tests") {
    Json doc = s.make();
    CHECK(schemas->validate(schema::SchemaKind::csaf, doc).empty());
    CHECK(tests_failed(doc).empty());
    CHECK(doc["document"]["tracking"]["status"] == "draft");
    CHECK(doc["document"]["publisher"]["namespace"] == "https://www.exim.org");
    // One fixed version shared by both vulnerabilities: one product id.
    CHECK(doc["vulnerabilities"][0]["product_status"]["fixed"] == doc["vulnerabilities"][1]["product_status"]["fixed"]);
    CHECK(doc["vulnerabilities"][0]["acknowledgments"][0]["names"][0] == "Jane Roe (Example Lab)");
  }
  SUBCASE("final once public") {
    s.c.state = CaseState::public_;
    Json doc = s.make();
    CHECK(doc["document"]["tracking"]["status"] == "final");
    CHECK(schemas->validate(schema::SchemaKind::csaf, doc).empty());
    CHECK(tests_failed(doc).empty());
  }
  SUBCASE("a vulnerability's CWE with its catalogue name, which test 6.1.11 then accepts") {
    s.vulns[0].cwe = "CWE-787";
    s.vulns[1].cwe = "CWE-1";  // deprecated: no name to give, so no cwe
    CsafInput in{s.c, s.vulns, s.config, {}, {}, testutil::unwrap(schema::shipped_cwe_names())};
    Json doc = testutil::unwrap(csaf_advisory(in));
    CHECK(doc["vulnerabilities"][0]["cwe"] == Json{{"id", "CWE-787"}, {"name", "Out-of-bounds Write"}});
    CHECK(!doc["vulnerabilities"][1].contains("cwe"));
    CHECK(schemas->validate(schema::SchemaKind::csaf, doc).empty());
    CHECK(run_csaf_mandatory_tests(doc, nullptr, testutil::unwrap(schema::shipped_cwe_names())).empty());
    CHECK(!s.make()["vulnerabilities"][0].contains("cwe"));  // without the names
  }
  SUBCASE("refusals") {
    s.config.advisory_url.clear();
    CsafInput in{s.c, s.vulns, s.config, {}, {}};
    CHECK(!csaf_advisory(in));
    CaseSample t;
    t.vulns[1].affected.clear();
    CsafInput in2{t.c, t.vulns, t.config, {}, {}};
    auto r = csaf_advisory(in2);
    REQUIRE(!r);
    CHECK(r.error().message().find("affected versions unknown; this export needs them: embargo vuln set") != std::string::npos);
  }
}

TEST_CASE("CSAF mandatory tests") {
  Json doc = example();
  REQUIRE(tests_failed(doc).empty());
  SUBCASE("6.1.1 and 6.1.2: product ids") {
    doc["vulnerabilities"][0]["product_status"]["fixed"].push_back("NO-SUCH-PRODUCT");
    CHECK(fails(doc, "6.1.1"));
    Json twice = example();
    auto& names = twice["product_tree"]["relationships"];
    names[1]["full_product_name"]["product_id"] = names[0]["full_product_name"]["product_id"];
    CHECK(fails(twice, "6.1.2"));
  }
  SUBCASE("6.1.6: contradicting status") {
    auto fixed = doc["vulnerabilities"][0]["product_status"]["fixed"][0];
    doc["vulnerabilities"][0]["product_status"]["known_affected"] = Json::array({fixed});
    CHECK(fails(doc, "6.1.6"));
  }
  SUBCASE("6.1.14, 6.1.16, 6.1.21, 6.1.22: revision history") {
    auto& history = doc["document"]["tracking"]["revision_history"];
    Json second = history[0];
    second["number"] = "3";
    second["date"] = "2030-01-01T00:00:00Z";
    history.push_back(second);
    CHECK(fails(doc, "6.1.16"));
    CHECK(fails(doc, "6.1.21"));
    Json dup = example();
    dup["document"]["tracking"]["revision_history"].push_back(dup["document"]["tracking"]["revision_history"][0]);
    CHECK(fails(dup, "6.1.22"));
    Json unsorted = example();
    auto& h = unsorted["document"]["tracking"]["revision_history"];
    Json older = h[0];
    older["number"] = "2";
    older["date"] = "2000-01-01T00:00:00Z";
    h.push_back(older);
    CHECK(fails(unsorted, "6.1.14"));
  }
  SUBCASE("6.1.17, 6.1.18, 6.1.20: drafts") {
    doc["document"]["tracking"]["version"] = "0";
    doc["document"]["tracking"]["revision_history"][0]["number"] = "0";
    CHECK(fails(doc, "6.1.17"));
    CHECK(fails(doc, "6.1.18"));
    doc["document"]["tracking"]["status"] = "draft";
    CHECK(tests_failed(doc).empty());
    Json pre = example();
    pre["document"]["tracking"]["version"] = "1.0.0-rc1";
    pre["document"]["tracking"]["revision_history"][0]["number"] = "1.0.0-rc1";
    CHECK(fails(pre, "6.1.20"));
  }
  SUBCASE("6.1.23: one CVE per vulnerability item") {
    doc["vulnerabilities"].push_back(doc["vulnerabilities"][0]);
    CHECK(fails(doc, "6.1.23"));
  }
  SUBCASE("6.1.27.4-6: security advisory profile") {
    doc["vulnerabilities"][0].erase("notes");
    doc["vulnerabilities"][0].erase("product_status");
    CHECK(fails(doc, "6.1.27.5"));
    CHECK(fails(doc, "6.1.27.6"));
    doc.erase("product_tree");
    CHECK(fails(doc, "6.1.27.4"));
  }
}
