// CSAF 2.0 mandatory tests 6.1.3-6.1.33 (csaf_*_tests.cpp): for each, the
// failing example of the standard (section 6.1) on a minimal valid security
// advisory, and the same document passing once corrected.

#include <algorithm>
#include <fstream>

#include <doctest/doctest.h>

#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/core/advisory/language_tag.hpp>
#include <embargo/core/advisory/purl.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/iso_codes.hpp>
#include <embargo/schema/json_schema.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core::advisory;
using Json = nlohmann::json;

namespace {

const LanguageCodes& codes() {
  static const LanguageCodes k_codes = testutil::unwrap(schema::load_iso_codes(schema::iso_codes_dir()));
  return k_codes;
}

const CweNames& cwes() {
  static const CweNames k_cwes =
      testutil::unwrap(schema::load_cwe_names(testutil::unwrap(schema::find_schema_dir())));
  return k_cwes;
}

std::vector<std::string> failed(const Json& doc) {
  std::vector<std::string> out;
  for (const auto& f : run_csaf_mandatory_tests(doc, &codes(), &cwes())) {
    out.push_back(f.test);
  }
  return out;
}

bool fails(const Json& doc, const std::string& test) {
  auto list = failed(doc);
  return std::find(list.begin(), list.end(), test) != list.end();
}

// Passes every test: what each case below breaks and then mends.
Json base() {
  return Json::parse(R"({
    "document": {
      "category": "csaf_security_advisory", "csaf_version": "2.0", "lang": "en-US", "title": "Test",
      "publisher": {"category": "vendor", "name": "Example", "namespace": "https://example.com"},
      "tracking": {"id": "T-1", "status": "final", "version": "1",
        "initial_release_date": "2021-07-21T10:00:00.000Z", "current_release_date": "2021-07-21T10:00:00.000Z",
        "revision_history": [{"date": "2021-07-21T10:00:00.000Z", "number": "1", "summary": "Initial version."}]}
    },
    "product_tree": {
      "full_product_names": [{"product_id": "CSAFPID-9080700", "name": "Product A"},
                             {"product_id": "CSAFPID-9080701", "name": "Product B"}],
      "product_groups": [{"group_id": "CSAFGID-0001", "product_ids": ["CSAFPID-9080700", "CSAFPID-9080701"]}]
    },
    "vulnerabilities": [{
      "notes": [{"category": "description", "text": "A flaw."}],
      "product_status": {"known_affected": ["CSAFPID-9080700"], "known_not_affected": ["CSAFPID-9080701"]}
    }]
  })");
}

Json cvss31(const std::string& vector, double score, const std::string& severity) {
  return {{"version", "3.1"}, {"vectorString", vector}, {"baseScore", score}, {"baseSeverity", severity}};
}

}  // namespace

TEST_CASE("CSAF 6.1: the base document passes every test") {
  CHECK(failed(base()).empty());
}

TEST_CASE("CSAF 6.1.3-6.1.5: relationships and product groups") {
  Json doc = base();
  doc["product_tree"]["relationships"] = Json::parse(R"([{"category": "installed_on",
      "full_product_name": {"name": "Product B on A", "product_id": "CSAFPID-9080702"},
      "product_reference": "CSAFPID-9080701", "relates_to_product_reference": "CSAFPID-9080700"}])");
  CHECK(failed(doc).empty());
  doc["product_tree"]["relationships"][0]["relates_to_product_reference"] = "CSAFPID-9080702";  // Example 51
  CHECK(fails(doc, "6.1.3"));

  Json groups = base();
  groups["vulnerabilities"][0]["threats"] =
      Json::parse(R"([{"category": "exploit_status", "details": "In Metasploit.", "group_ids": ["CSAFGID-1020301"]}])");
  CHECK(fails(groups, "6.1.4"));
  groups["vulnerabilities"][0]["threats"][0]["group_ids"][0] = "CSAFGID-0001";
  CHECK(failed(groups).empty());

  groups["product_tree"]["product_groups"].push_back(groups["product_tree"]["product_groups"][0]);  // Example 53
  CHECK(fails(groups, "6.1.5"));
}

TEST_CASE("CSAF 6.1.7-6.1.10: scores") {
  Json doc = base();
  Json& scores = doc["vulnerabilities"][0]["scores"];
  scores.push_back({{"products", {"CSAFPID-9080700"}},
                    {"cvss_v3", cvss31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10, "CRITICAL")}});
  CHECK(failed(doc).empty());
  SUBCASE("6.1.7: two v3.1 scores for one product (Example 55)") {
    scores.push_back({{"products", {"CSAFPID-9080700"}},
                      {"cvss_v3", cvss31("CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H", 6.5, "MEDIUM")}});
    CHECK(fails(doc, "6.1.7"));
    scores[1]["products"][0] = "CSAFPID-9080701";
    CHECK(failed(doc).empty());
  }
  SUBCASE("6.1.8: a required member missing, a vector that does not parse or of the wrong version") {
    scores[0]["cvss_v3"].erase("baseSeverity");  // Example 56
    CHECK(fails(doc, "6.1.8"));
    scores[0]["cvss_v3"]["baseSeverity"] = "CRITICAL";
    scores[0]["cvss_v3"]["vectorString"] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H";
    CHECK(fails(doc, "6.1.8"));
    scores[0]["cvss_v3"]["vectorString"] = "AV:N/AC:L/Au:N/C:C/I:C/A:C";
    CHECK(fails(doc, "6.1.8"));
  }
  SUBCASE("6.1.9: scores and severities computed from the vector (Example 57)") {
    scores[0]["cvss_v3"] = cvss31("CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H", 10.0, "LOW");
    CHECK(fails(doc, "6.1.9"));
    scores[0]["cvss_v3"] = cvss31("CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H", 6.5, "MEDIUM");
    scores[0]["cvss_v3"]["temporalScore"] = 6.5;
    CHECK(failed(doc).empty());
    scores[0]["cvss_v3"]["temporalScore"] = 6.0;
    CHECK(fails(doc, "6.1.9"));
  }
  SUBCASE("6.1.9 for v2: a temporal score without temporal metrics is the base score") {
    scores[0].erase("cvss_v3");
    scores[0]["cvss_v2"] = {
        {"version", "2.0"}, {"vectorString", "AV:N/AC:L/Au:N/C:P/I:P/A:P"}, {"baseScore", 7.5}, {"temporalScore", 7.5}};
    CHECK(failed(doc).empty());
    scores[0]["cvss_v2"]["baseScore"] = 7.0;
    CHECK(fails(doc, "6.1.9"));
  }
  SUBCASE("6.1.10: properties that contradict the vector (Example 58)") {
    Json& v3 = scores[0]["cvss_v3"];
    v3 = cvss31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL");
    v3.update(Json{{"attackVector", "NETWORK"},
                   {"scope", "UNCHANGED"},
                   {"availabilityImpact", "HIGH"},
                   {"exploitCodeMaturity", "NOT_DEFINED"}});
    CHECK(failed(doc).empty());
    v3["attackVector"] = "LOCAL";
    CHECK(fails(doc, "6.1.10"));
    v3["attackVector"] = "NETWORK";
    v3["version"] = "3.0";
    CHECK(fails(doc, "6.1.10"));
  }
}

TEST_CASE("CSAF 6.1.12, 6.1.15, 6.1.28: languages") {
  Json doc = base();
  for (const char* good : {"en", "en-US", "de-CH-1996", "zh-Hant-TW", "gsw", "x-private", "es-419", "sr-Latn"}) {
    doc["document"]["lang"] = good;
    CHECK_MESSAGE(failed(doc).empty(), good);
  }
  for (const char* bad : {"EZ", "eng", "en-ZY", "en-Abcd", "zz"}) {
    doc["document"]["lang"] = bad;
    CHECK_MESSAGE(fails(doc, "6.1.12"), bad);
  }
  CHECK(run_csaf_mandatory_tests(doc).empty());  // without the codes, 6.1.12 does not run
  doc = base();
  doc["document"]["publisher"]["category"] = "translator";  // Example 63
  CHECK(fails(doc, "6.1.15"));
  doc["document"]["source_lang"] = "en-US";  // Example 87
  CHECK(fails(doc, "6.1.28"));
  doc["document"]["source_lang"] = "en-GB";
  CHECK(failed(doc).empty());
}

TEST_CASE("CSAF 6.1.13 and 6.1.25: product identification helpers") {
  Json doc = base();
  Json& helper = doc["product_tree"]["full_product_names"][0]["product_identification_helper"];
  helper["purl"] = "pkg:maven/@1.3.4";  // Example 61
  CHECK(fails(doc, "6.1.13"));
  helper["purl"] = "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?repository_url=repo.spring.io%2Frelease";
  CHECK(failed(doc).empty());
  helper["hashes"] = Json::parse(R"([{"filename": "product_a.so", "file_hashes": [
      {"algorithm": "sha256", "value": "026a37919b182ef7c63791e82c9645e2f897a3f0b73c7a6028c7febf62e93838"},
      {"algorithm": "sha256", "value": "0a853ce2337f0608489ac596a308dc5b7b19d35a52b10bf31261586ac368b175"}]}])");
  CHECK(fails(doc, "6.1.25"));  // Example 73
  helper["hashes"][0]["file_hashes"][1]["algorithm"] = "sha512";
  CHECK(failed(doc).empty());
}

TEST_CASE("purl_problem") {
  CHECK(!purl_problem("pkg:deb/debian/exim4@4.96-15?arch=amd64&distro=bookworm"));
  CHECK(!purl_problem("pkg:generic/exim@4.99.1"));
  CHECK(!purl_problem("pkg:github/Exim/exim@exim-4.99.1#src"));
  CHECK(purl_problem("pkg:generic/"));
  CHECK(purl_problem("pkg:1bad/name"));
  CHECK(purl_problem("pkg:generic/name?arch="));
  CHECK(purl_problem("pkg:generic/name?a=1&A=2"));
  CHECK(purl_problem("pkg:generic/na%zzme"));
  CHECK(purl_problem("pkg:golang/name@1"));
  CHECK(purl_problem("http:generic/name"));
}

TEST_CASE("CSAF 6.1.19 and 6.1.30: revision numbers") {
  Json doc = base();
  auto& tracking = doc["document"]["tracking"];
  tracking["version"] = "1.0.0";
  tracking["revision_history"] = Json::parse(R"([
      {"date": "2021-04-22T10:00:00.000Z", "number": "1.0.0-rc", "summary": "Release candidate."},
      {"date": "2021-04-23T10:00:00.000Z", "number": "1.0.0", "summary": "Initial version."}])");  // Example 67
  CHECK(fails(doc, "6.1.19"));
  tracking["revision_history"].erase(0);
  CHECK(failed(doc).empty());
  tracking["revision_history"].push_back(
      {{"date", "2021-07-21T10:00:00.000Z"}, {"number", "2"}, {"summary", "Second version."}});
  tracking["version"] = "2";  // Example 89
  CHECK(fails(doc, "6.1.30"));
}

TEST_CASE("CSAF 6.1.24: involvements") {
  Json doc = base();
  doc["vulnerabilities"][0]["involvements"] = Json::parse(R"([
      {"date": "2021-04-23T10:00:00.000Z", "party": "vendor", "status": "completed"},
      {"date": "2021-04-23T10:00:00Z", "party": "vendor", "status": "in_progress"}])");  // Example 72
  CHECK(fails(doc, "6.1.24"));
  doc["vulnerabilities"][0]["involvements"][1]["date"] = "2021-04-24T10:00:00.000Z";
  CHECK(failed(doc).empty());
}

TEST_CASE("CSAF 6.1.26: prohibited category names, only outside the five profiles") {
  Json doc = base();
  doc.erase("vulnerabilities");
  doc.erase("product_tree");
  for (const char* bad : {"Csaf_a", "Informational Advisory", "security-incident-response", "Security      Advisory",
                          "veX", "V_eX", "Security_Incident_Response"}) {
    doc["document"]["category"] = bad;
    CHECK_MESSAGE(fails(doc, "6.1.26"), bad);
  }
  for (const char* good : {"generic_csaf", "csaf_base", "csaf_vex", "Exim advisory"}) {
    doc["document"]["category"] = good;
    CHECK_MESSAGE(!fails(doc, "6.1.26"), good);
  }
}

TEST_CASE("CSAF 6.1.27.11: a security advisory has vulnerabilities") {
  Json doc = base();
  doc.erase("vulnerabilities");
  CHECK(fails(doc, "6.1.27.11"));
}

TEST_CASE("CSAF 6.1.29, 6.1.32, 6.1.33: remediations and flags") {
  Json doc = base();
  Json& vuln = doc["vulnerabilities"][0];
  vuln["remediations"] = Json::parse(R"([{"category": "no_fix_planned", "details": "End of life."}])");  // Ex. 88
  CHECK(fails(doc, "6.1.29"));
  vuln["remediations"][0]["group_ids"] = {"CSAFGID-0001"};
  CHECK(failed(doc).empty());
  vuln["flags"] = Json::parse(R"([{"label": "component_not_present"}])");  // Example 91
  CHECK(fails(doc, "6.1.32"));
  vuln["flags"][0]["group_ids"] = {"CSAFGID-0001"};
  CHECK(failed(doc).empty());
  vuln["flags"].push_back(  // Example 92: one flag through the group, one direct
      {{"label", "vulnerable_code_cannot_be_controlled_by_adversary"}, {"product_ids", {"CSAFPID-9080700"}}});
  CHECK(fails(doc, "6.1.33"));
  vuln["flags"][0] = {{"label", "component_not_present"}, {"product_ids", {"CSAFPID-9080701"}}};
  CHECK(failed(doc).empty());
}

TEST_CASE("CSAF 6.1.31: version ranges in product_version") {
  Json doc = base();
  doc["product_tree"]["branches"] = Json::parse(R"([{"category": "vendor", "name": "Example", "branches": [
      {"category": "product_name", "name": "Product C", "branches": [
        {"category": "product_version", "name": "prior to 4.2",
         "product": {"name": "Product C prior to 4.2", "product_id": "CSAFPID-9080703"}}]}]}])");  // Ex. 90
  CHECK(fails(doc, "6.1.31"));
  Json& branch = doc["product_tree"]["branches"][0]["branches"][0]["branches"][0];
  branch["category"] = "product_version_range";
  branch["name"] = "vers:generic/<4.2";
  CHECK(failed(doc).empty());
  branch["category"] = "product_version";
  branch["name"] = "4.1";
  CHECK(failed(doc).empty());
}

TEST_CASE("CSAF 6.1.8: the schema step checks CVSS objects against FIRST's schemas") {
  auto schemas = testutil::unwrap(schema::SchemaSet::load(testutil::unwrap(schema::find_schema_dir())));
  Json doc = base();
  doc["vulnerabilities"][0]["scores"] =
      Json::array({{{"products", {"CSAFPID-9080700"}},
                    {"cvss_v3", cvss31("CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H", 6.5, "MEDIUM")}}});
  CHECK(schemas->validate(schema::SchemaKind::csaf, doc).empty());
  doc["vulnerabilities"][0]["scores"][0]["cvss_v3"].erase("baseSeverity");
  CHECK(!schemas->validate(schema::SchemaKind::csaf, doc).empty());
}

TEST_CASE("CSAF examples of the standard pass every mandatory test") {
  for (const char* name : {"bsi-2022-0001.json", "rhsa-2021_5217.json", "rhsa-2022_0011.json"}) {
    std::ifstream in(std::string(EMBARGO_TEST_DATA_DIR) + "/csaf/" + name);
    REQUIRE(in);
    Json doc = Json::parse(in);
    std::string list;
    for (const auto& f : run_csaf_mandatory_tests(doc, &codes())) {
      list += f.test + " " + f.pointer + ": " + f.message + "\n";
    }
    CHECK_MESSAGE(list.empty(), name, "\n", list);
  }
}

TEST_CASE("CSAF 6.1.11: a CWE exists, is not deprecated, and has its catalogue name") {
  CHECK(cwes().version == "CWE 4.15 (2024-07-16)");
  CHECK(cwes().entries.size() > 1000);
  Json doc = base();
  doc["vulnerabilities"][0]["cwe"] = {{"id", "CWE-79"}, {"name", "Improper Input Validation"}};  // Example 59
  CHECK(fails(doc, "6.1.11"));
  auto findings = run_csaf_mandatory_tests(doc, nullptr, &cwes());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].pointer == "/vulnerabilities/0/cwe");
  CHECK(findings[0].message.find("Cross-site Scripting") != std::string::npos);
  doc["vulnerabilities"][0]["cwe"]["name"] =
      "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')";
  CHECK(failed(doc).empty());
  doc["vulnerabilities"][0]["cwe"] = {{"id", "CWE-99999"}, {"name", "Nothing"}};
  CHECK(fails(doc, "6.1.11"));
  doc["vulnerabilities"][0]["cwe"] = {{"id", "CWE-1"}, {"name", "DEPRECATED: Location"}};
  CHECK(fails(doc, "6.1.11"));
  CHECK(run_csaf_mandatory_tests(doc, &codes()).empty());  // without the names, 6.1.11 does not run
}
