#include <doctest/doctest.h>

#include <fstream>

#include <embargo/core/advisory/cve_import.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using namespace embargo::core::advisory;
using Json = nlohmann::json;

namespace {

Json record(const std::string& name) {
  std::ifstream in(std::string(EMBARGO_TEST_DATA_DIR) + "/cve/" + name);
  REQUIRE(in);
  return Json::parse(in);
}

// The vulnerability as `embargo import cve` stores it.
Vulnerability stored(const ImportedCve& m) {
  Vulnerability v;
  v.case_id = "EMB-2026-0001";
  v.ordinal = 1;
  v.title = m.vuln.title;
  v.description = m.vuln.description;
  v.identifier = m.vuln.identifier;
  v.cwe = m.vuln.cwe;
  v.affected = m.vuln.affected;
  v.mitigation = m.vuln.mitigation;
  v.cvss = m.cvss;
  return v;
}

}  // namespace

TEST_CASE("map_cve_record") {
  SUBCASE("a 5.0 record from the CVE list") {
    auto m = testutil::unwrap(map_cve_record(record("CVE-2019-10149.json")));
    CHECK(m.vuln.identifier == "CVE-2019-10149");
    CHECK(m.state == CaseState::public_);
    CHECK(m.vuln.description.find("deliver_message") != std::string::npos);
    CHECK(m.case_input.title.size() <= 120);
    CHECK(m.case_input.title.find('\n') == std::string::npos);
  }
  SUBCASE("a record converted from format 4, with sparse n/a fields") {
    auto m = testutil::unwrap(map_cve_record(record("CVE-2017-16943-v4-converted.json")));
    CHECK(m.vuln.identifier == "CVE-2017-16943");
    CHECK(!m.case_input.reporter.name.empty());
    // "n/a" versions are not a range we can state: left empty, not invented.
    CHECK(m.vuln.affected.empty());
  }
  SUBCASE("what is missing is named") {
    Json r = record("CVE-2019-10149.json");
    r["cveMetadata"].erase("cveId");
    auto refused = map_cve_record(r);
    REQUIRE(!refused);
    CHECK(refused.error().message() == "CVE record: /cveMetadata/cveId is missing");
    r = record("CVE-2019-10149.json");
    r["containers"].erase("cna");
    refused = map_cve_record(r);
    REQUIRE(!refused);
    CHECK(refused.error().message() == "CVE record: /containers/cna is missing");
  }
}

TEST_CASE("overlay_cve_record") {
  for (const char* name : {"CVE-2019-10149.json", "CVE-2017-16943-v4-converted.json", "CVE-2019-10149-cvelistV5.json",
                           "CVE-2017-16943-cvelistV5.json"}) {
    CAPTURE(name);
    Json original = record(name);
    auto m = testutil::unwrap(map_cve_record(original));
    Vulnerability v = stored(m);
    Case c;
    c.id = v.case_id;
    AdvisoryConfig config;
    Json snapshot = managed_fields(v);
    SUBCASE("unchanged: the original record comes back, declared as 5.2") {
      Json expected = original;
      expected["dataVersion"] = "5.2";
      CHECK(overlay_cve_record(original, snapshot, AdvisoryInput{c, v, config, {}}) == expected);
    }
    SUBCASE("a changed title replaces the title and nothing else") {
      v.title = "a better title";
      Json out = overlay_cve_record(original, snapshot, AdvisoryInput{c, v, config, {}});
      CHECK(out["containers"]["cna"]["title"] == "a better title");
      out["containers"]["cna"].erase("title");
      Json expected = original;
      expected["containers"]["cna"].erase("title");
      expected["dataVersion"] = "5.2";
      CHECK(out == expected);
    }
    SUBCASE("a changed range rewrites affected from the team's data") {
      v.affected = ">=4.87,<4.92";
      Json out = overlay_cve_record(original, snapshot, AdvisoryInput{c, v, config, {}});
      CHECK(out["containers"]["cna"]["affected"] != original["containers"]["cna"]["affected"]);
      CHECK(out["containers"]["cna"]["descriptions"] == original["containers"]["cna"]["descriptions"]);
      CHECK(out["cveMetadata"] == original["cveMetadata"]);
    }
  }
}
