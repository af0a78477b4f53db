#include <doctest/doctest.h>

#include <fstream>

#include <embargo/core/advisory/csaf.hpp>
#include <embargo/core/advisory/cve_record.hpp>
#include <embargo/core/advisory/osv.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/json_schema.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using namespace embargo::core::advisory;

namespace {

struct Sample {
  Case c;
  Vulnerability v;
  AdvisoryConfig config;

  Sample() {
    c.id = "EMB-2026-0001";
    c.reporter.name = "Jane Roe";
    c.reporter.credit = "Jane Roe (Example Lab)";
    c.release_at = *util::parse_timestamp("2026-03-10T14:00:00Z");
    v.case_id = c.id;
    v.ordinal = 1;
    v.title = "heap overflow in string_vformat";
    v.identifier = "CVE-2026-1234";
    v.cwe = "CWE-787";
    v.affected = ">=4.92,<4.99.1";
    v.mitigation = "disable the feature";
    config.vendor = "Exim";
    config.product = "Exim";
    config.cna_org_id = "b7c3e2a1-1c2d-4e5f-8a9b-0123456789ab";
    config.cna_short_name = "Exim";
    config.advisory_url = "https://www.exim.org/static/doc/security/{id}.txt";
    config.repository_url = "https://git.exim.org/exim.git";
  }
  AdvisoryInput input() const { return AdvisoryInput{c, v, config, {}}; }
};

std::shared_ptr<const schema::SchemaSet> schemas() {
  static auto loaded = testutil::unwrap(schema::SchemaSet::load(testutil::unwrap(schema::find_schema_dir())));
  return loaded;
}

void check_valid(schema::SchemaKind kind, const nlohmann::json& doc) {
  auto problems = schemas()->validate(kind, doc);
  for (const auto& p : problems) {
    CAPTURE(p.pointer);
    FAIL_CHECK(p.reason);
  }
  CHECK(problems.empty());
}

}  // namespace

TEST_CASE("cve_versions") {
  CHECK(cve_versions(">=4.92,<4.99.1") ==
        nlohmann::json::parse(R"([{"version":"4.92","lessThan":"4.99.1","status":"affected","versionType":"custom"}])"));
  CHECK(cve_versions("<=4.98")[0]["lessThanOrEqual"] == "4.98");
  CHECK(cve_versions("<=4.98")[0]["version"] == "0");
  CHECK(cve_versions(">=4.92")[0]["lessThan"] == "*");
  CHECK(cve_versions("=4.98") ==
        nlohmann::json::parse(R"([{"version":"4.98","status":"affected","versionType":"custom"}])"));
}

TEST_CASE("CVE record") {
  Sample s;
  SUBCASE("full record and container are CVE 5.2 and validate against the 5.2 schema") {
    REQUIRE(check_publishable(s.input()));
    REQUIRE(check_cna(s.config));
    auto record = cve_record(s.input());
    CHECK(record["dataVersion"] == "5.2");
    CHECK(testutil::unwrap(schema::cve_record_kind(record)) == schema::SchemaKind::cve_record);
    check_valid(schema::SchemaKind::cve_record, record);
    check_valid(schema::SchemaKind::cve_cna_container, cna_container(s.input()));
    CHECK(!record["containers"]["cna"]["affected"][0].contains("packageURL"));
    CHECK(record["cveMetadata"]["cveId"] == "CVE-2026-1234");
    CHECK(record["containers"]["cna"]["datePublic"] == "2026-03-10T14:00:00.000Z");
    CHECK(record["containers"]["cna"]["references"][0]["url"] ==
          "https://www.exim.org/static/doc/security/CVE-2026-1234.txt");
    CHECK(record["containers"]["cna"]["credits"][0]["value"] == "Jane Roe (Example Lab)");
  }
  SUBCASE("advisory.purl becomes the affected product's packageURL") {
    s.config.purl = "pkg:github/Exim/exim";
    auto record = cve_record(s.input());
    CHECK(record["containers"]["cna"]["affected"][0]["packageURL"] == "pkg:github/Exim/exim");
    check_valid(schema::SchemaKind::cve_record, record);
    check_valid(schema::SchemaKind::cve_cna_container, record["containers"]["cna"]);
  }
  SUBCASE("a CWE is written with its catalogue name when the names are given") {
    auto bare = cna_container(s.input());
    CHECK(bare["problemTypes"][0]["descriptions"][0]["description"] == "CWE-787");
    AdvisoryInput in = s.input();
    in.cwes = testutil::unwrap(schema::shipped_cwe_names());
    REQUIRE(in.cwes != nullptr);
    auto named = cna_container(in);
    CHECK(named["problemTypes"][0]["descriptions"][0]["description"] == "CWE-787 Out-of-bounds Write");
    CHECK(named["problemTypes"][0]["descriptions"][0]["cweId"] == "CWE-787");
    check_valid(schema::SchemaKind::cve_cna_container, named);
  }
  SUBCASE("an anonymous reporter is not credited") {
    s.c.reporter.anonymous = true;
    auto cna = cna_container(s.input());
    CHECK(!cna.contains("credits"));
    check_valid(schema::SchemaKind::cve_cna_container, cna);
  }
  SUBCASE("metrics come from the CVSS hook") {
    s.v.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
    AdvisoryInput in = s.input();
    in.cvss = [](std::string_view vector) -> std::optional<std::pair<std::string, nlohmann::json>> {
      return std::make_pair(std::string("cvssV3_1"),
                            nlohmann::json{{"version", "3.1"}, {"vectorString", std::string(vector)},
                                           {"baseScore", 9.8}, {"baseSeverity", "CRITICAL"}});
    };
    auto cna = cna_container(in);
    REQUIRE(cna["metrics"].size() == 1);
    CHECK(cna["metrics"][0]["cvssV3_1"]["baseScore"] == 9.8);
    check_valid(schema::SchemaKind::cve_cna_container, cna);
  }
  SUBCASE("what a published record needs is checked first") {
    s.v.identifier.clear();
    auto r = check_publishable(s.input());
    REQUIRE(!r);
    CHECK(r.error().message().find("no identifier") != std::string::npos);
    Sample t;
    t.v.affected.clear();
    CHECK(!check_publishable(t.input()));
    Sample u;
    u.config.advisory_url.clear();
    CHECK(!check_publishable(u.input()));
    u.config.cna_org_id = "not-a-uuid";
    auto cna = check_cna(u.config);
    REQUIRE(!cna);
    CHECK(cna.error().message().find("not a UUID") != std::string::npos);
  }
  SUBCASE("a broken record is caught by the schema, naming the pointer") {
    auto record = cve_record(s.input());
    record["containers"]["cna"]["affected"][0]["versions"][0]["status"] = "maybe";
    auto problems = schemas()->validate(schema::SchemaKind::cve_record, record);
    REQUIRE(!problems.empty());
    CHECK(problems.front().pointer == "/containers/cna/affected/0/versions/0/status");
  }
}

TEST_CASE("cve_record_kind and validate_cve_record: the schema of the declared version") {
  nlohmann::json r = {{"dataVersion", "5.2"}};
  CHECK(testutil::unwrap(schema::cve_record_kind(r)) == schema::SchemaKind::cve_record);
  for (const char* v : {"5.0", "5.1", "5.1.1", "5.0.0"}) {
    r["dataVersion"] = v;
    CHECK(testutil::unwrap(schema::cve_record_kind(r)) == schema::SchemaKind::cve_record_5_1);
  }
  r["dataVersion"] = "5.2.0";
  CHECK(testutil::unwrap(schema::cve_record_kind(r)) == schema::SchemaKind::cve_record);
  for (const char* v : {"5.3", "4.0", "5.21", "5.2.x", "5.1."}) {
    r["dataVersion"] = v;
    auto refused = schema::cve_record_kind(r);
    REQUIRE(!refused);
    CHECK(refused.error().message() ==
          "dataVersion '" + std::string(v) + "' is not a CVE Record Format version embargo reads (5.0, 5.1, 5.2)");
  }
  r["dataVersion"] = 5.2;
  CHECK(schema::cve_record_kind(r).error().message() == "dataVersion is not a string");
  CHECK(schema::cve_record_kind(nlohmann::json::object()).error().message() == "dataVersion is missing");

  Sample s;
  s.config.purl = "pkg:github/Exim/exim";
  auto record = cve_record(s.input());
  CHECK(schemas()->validate_cve_record(record).empty());
  // 5.2 refuses properties it does not know on an affected product; 5.1.1 let them through.
  record["containers"]["cna"]["affected"][0]["note"] = "not a CVE 5.2 property";
  auto problems = schemas()->validate_cve_record(record);
  REQUIRE(!problems.empty());
  CHECK(problems.front().pointer.starts_with("/containers/cna/affected/0"));
  record["dataVersion"] = "5.1";
  CHECK(schemas()->validate_cve_record(record).empty());
  record["dataVersion"] = "6.0";
  problems = schemas()->validate_cve_record(record);
  REQUIRE(!problems.empty());
  CHECK(problems.front().pointer == "/dataVersion");
}

TEST_CASE("OSV record") {
  Sample s;
  s.v.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
  OsvExtras extras;
  extras.fix_commit = "0123456789abcdef0123456789abcdef01234567";
  extras.modified = *util::parse_timestamp("2026-03-10T15:00:00Z");
  auto osv = testutil::unwrap(osv_record(s.input(), extras));
  check_valid(schema::SchemaKind::osv, osv);
  CHECK(osv["id"] == "CVE-2026-1234");
  CHECK(osv["affected"][0]["ranges"][0]["events"] ==
        nlohmann::json::parse(R"([{"introduced":"4.92"},{"fixed":"4.99.1"}])"));
  CHECK(osv["affected"][0]["ranges"][1]["type"] == "GIT");
  CHECK(osv["severity"][0]["type"] == "CVSS_V3");
  s.v.identifier = "GCVE-1-2026-0001";
  auto refused = osv_record(s.input(), extras);
  REQUIRE(!refused);
  CHECK(refused.error().message().find("needs a CVE identifier") != std::string::npos);
}

TEST_CASE("a CVE and a GCVE on one vulnerability go through every export (issue 25)") {
  Sample s;
  s.c.title = "heap overflow in string_vformat";  // CSAF's summary note
  s.v.aliases = {"GCVE-1-2026-0007"};
  SUBCASE("CVE record: the CVE drives it") {
    REQUIRE(check_publishable(s.input()));
    auto record = cve_record(s.input());
    CHECK(record["cveMetadata"]["cveId"] == "CVE-2026-1234");
    check_valid(schema::SchemaKind::cve_record, record);
  }
  SUBCASE("OSV: the CVE is the id, the GCVE an alias") {
    OsvExtras extras;
    extras.modified = *util::parse_timestamp("2026-03-10T15:00:00Z");
    s.c.reporter.own_cve = "CVE-2026-0999";
    auto osv = testutil::unwrap(osv_record(s.input(), extras));
    CHECK(osv["id"] == "CVE-2026-1234");
    CHECK(osv["aliases"] == nlohmann::json::array({"GCVE-1-2026-0007", "CVE-2026-0999"}));
    check_valid(schema::SchemaKind::osv, osv);
  }
  SUBCASE("CSAF: cve and ids") {
    std::vector<Vulnerability> vulns{s.v};
    CsafInput in{s.c, vulns, s.config, {}, *util::parse_timestamp("2026-03-10T15:00:00Z")};
    auto doc = testutil::unwrap(csaf_advisory(in));
    CHECK(doc["vulnerabilities"][0]["cve"] == "CVE-2026-1234");
    CHECK(doc["vulnerabilities"][0]["ids"] ==
          nlohmann::json::parse(R"([{"system_name":"GCVE","text":"GCVE-1-2026-0007"}])"));
    check_valid(schema::SchemaKind::csaf, doc);
  }
  SUBCASE("a GCVE alone: no CVE record, saying how to get a CVE") {
    s.v.identifier = "GCVE-1-2026-0007";
    s.v.aliases.clear();
    auto refused = check_publishable(s.input());
    REQUIRE(!refused);
    CHECK(refused.error().message() ==
          "vulnerability 1 of EMB-2026-0001: no CVE identifier (has GCVE-1-2026-0007); a CVE record needs one: "
          "embargo vuln set EMB-2026-0001 1 --id CVE-YYYY-NNNN, or embargo cve reserve EMB-2026-0001");
    std::vector<Vulnerability> vulns{s.v};
    CsafInput in{s.c, vulns, s.config, {}, *util::parse_timestamp("2026-03-10T15:00:00Z")};
    auto doc = testutil::unwrap(csaf_advisory(in));
    CHECK(!doc["vulnerabilities"][0].contains("cve"));
    CHECK(doc["vulnerabilities"][0]["ids"][0]["text"] == "GCVE-1-2026-0007");
  }
}

TEST_CASE("the advisory page and every reference use one template (issue 25)") {
  AdvisoryConfig config;
  config.advisory_url = "https://www.exim.org/static/doc/security/{id}.txt";
  CHECK(advisory_url(config, "EMB-2026-0001", "CVE-2026-1234") ==
        "https://www.exim.org/static/doc/security/CVE-2026-1234.txt");
  CHECK(advisory_page_file(config, "EMB-2026-0001", "CVE-2026-1234") == "CVE-2026-1234.txt");
  CHECK(advisory_page_file(config, "EMB-2026-0001", "") == "EMB-2026-0001.txt");  // no identifier yet: the case
  config.advisory_url = "https://example.org/{case}/{id}.html?from=feed";
  CHECK(advisory_url(config, "EMB-2026-0001", "CVE-2026-1234") ==
        "https://example.org/EMB-2026-0001/CVE-2026-1234.html?from=feed");
  CHECK(advisory_page_file(config, "EMB-2026-0001", "CVE-2026-1234") == "CVE-2026-1234.html");
  config.advisory_url.clear();
  CHECK(advisory_page_file(config, "EMB-2026-0001", "CVE-2026-1234") == "EMB-2026-0001.html");

  Vulnerability first;
  first.ordinal = 1;
  Vulnerability second;
  second.ordinal = 2;
  second.identifier = "GCVE-1-2026-0007";
  CHECK(page_identifier({first, second}) == "GCVE-1-2026-0007");
  CHECK(page_identifier({first}).empty());

  // Each vulnerability of a case references the case's one page.
  Sample s;
  s.config.advisory_url = "https://www.exim.org/static/doc/security/{id}.html";
  s.v.identifier = "CVE-2026-1235";
  AdvisoryInput in = s.input();
  in.page_id = "CVE-2026-1234";
  CHECK(cve_record(in)["containers"]["cna"]["references"][0]["url"] ==
        "https://www.exim.org/static/doc/security/CVE-2026-1234.html");
}

TEST_CASE("a CVE record before the release is a draft without publication dates") {
  Sample s;
  AdvisoryInput in = s.input();
  CHECK(before_release(s.c, *util::parse_timestamp("2026-03-10T13:59:59Z")));
  CHECK(!before_release(s.c, *util::parse_timestamp("2026-03-10T14:00:00Z")));
  in.draft = true;
  auto draft = cve_record(in);
  CHECK(!draft["cveMetadata"].contains("datePublished"));
  CHECK(!draft["containers"]["cna"].contains("datePublic"));
  CHECK(draft["cveMetadata"]["state"] == "PUBLISHED");
  check_valid(schema::SchemaKind::cve_record, draft);
  s.c.state = CaseState::public_;
  CHECK(!before_release(s.c, *util::parse_timestamp("2026-03-01T00:00:00Z")));
}

TEST_CASE("OSV package from the purl; GIT range with the introducing and fixing commits") {
  CHECK(osv_ecosystem("pkg:pypi/django") == "PyPI");
  CHECK(osv_ecosystem("pkg:github/Exim/exim").empty());
  CHECK(osv_ecosystem("github/Exim/exim").empty());
  Sample s;
  OsvExtras extras;
  extras.modified = *util::parse_timestamp("2026-03-10T15:00:00Z");
  extras.introduced_commit = std::string(40, 'a');
  s.config.purl = "pkg:maven/org.example/lib";
  auto osv = testutil::unwrap(osv_record(s.input(), extras));
  CHECK(osv["affected"][0]["package"] ==
        nlohmann::json::parse(R"({"ecosystem":"Maven","name":"org.example:lib","purl":"pkg:maven/org.example/lib"})"));
  CHECK(osv["affected"][0]["ranges"][1]["events"] == nlohmann::json::parse(R"([{"introduced":")" +
                                                                           std::string(40, 'a') + R"("}])"));
  check_valid(schema::SchemaKind::osv, osv);
  s.config.purl = "pkg:github/Exim/exim";
  osv = testutil::unwrap(osv_record(s.input(), extras));
  CHECK(!osv["affected"][0].contains("package"));
  CHECK(osv["affected"][0]["database_specific"]["purl"] == "pkg:github/Exim/exim");
  check_valid(schema::SchemaKind::osv, osv);
}

TEST_CASE("the shipped CSAF examples pass the CSAF schema") {
  for (const char* name : {"bsi-2022-0001.json", "rhsa-2021_5217.json", "rhsa-2022_0011.json"}) {
    CAPTURE(name);
    std::ifstream in(std::string(EMBARGO_TEST_DATA_DIR) + "/csaf/" + name);
    REQUIRE(in);
    check_valid(schema::SchemaKind::csaf, nlohmann::json::parse(in));
  }
}
