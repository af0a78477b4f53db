#include <fstream>

#include <doctest/doctest.h>

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
  SUBCASE("CISA's ADP container: KEV makes the case actively exploited (the CRA clock starts at the import)") {
    Json r = record("CVE-2019-10149.json");
    CHECK(testutil::unwrap(map_cve_record(r)).case_input.exploitation == Exploitation::none);
    // The shape CISA's "Vulnrichment" ADP container has in the CVE list (CVE-2019-10149 is in the KEV catalog).
    Json ssvc = {
        {"other",
         {{"type", "ssvc"},
          {"content",
           {{"id", "CVE-2019-10149"},
            {"role", "CISA Coordinator"},
            {"version", "2.0.3"},
            {"timestamp", "2024-06-28T00:00:00Z"},
            {"options",
             Json::array({{{"Exploitation", "poc"}}, {{"Automatable", "yes"}}, {{"Technical Impact", "total"}}})}}}}}};
    Json kev = {
        {"other",
         {{"type", "kev"},
          {"content",
           {{"dateAdded", "2021-11-03"},
            {"reference", "https://www.cisa.gov/known-exploited-vulnerabilities-catalog?search=CVE-2019-10149"}}}}}};
    Json adp = {{"title", "CISA ADP Vulnrichment"},
                {"providerMetadata", {{"orgId", "134c704f-9b21-4f2e-91b3-4a467353bcc0"}, {"shortName", "CISA-ADP"}}},
                {"metrics", Json::array({ssvc})}};
    r["containers"]["adp"] = Json::array({adp});
    auto poc = testutil::unwrap(map_cve_record(r));
    CHECK(poc.case_input.exploitation == Exploitation::poc_public);
    CHECK(poc.exploitation_evidence == "SSVC Exploitation: poc");
    r["containers"]["adp"][0]["metrics"].push_back(kev);
    auto active = testutil::unwrap(map_cve_record(r));
    CHECK(active.case_input.exploitation == Exploitation::active);
    CHECK(active.exploitation_evidence == "CISA KEV, added 2021-11-03");
    r["containers"]["adp"][0]["metrics"] = Json::array({{{"other", {{"type", "kev"}, {"content", "odd"}}}}, 7});
    CHECK(testutil::unwrap(map_cve_record(r)).exploitation_evidence == "CISA KEV");
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
