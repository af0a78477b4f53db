#include <doctest/doctest.h>

#include <fstream>

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
  SUBCASE("full record and container validate against CVE 5.1.1") {
    REQUIRE(check_publishable(s.input()));
    REQUIRE(check_cna(s.config));
    auto record = cve_record(s.input());
    check_valid(schema::SchemaKind::cve_record, record);
    check_valid(schema::SchemaKind::cve_cna_container, cna_container(s.input()));
    CHECK(record["cveMetadata"]["cveId"] == "CVE-2026-1234");
    CHECK(record["containers"]["cna"]["datePublic"] == "2026-03-10T14:00:00.000Z");
    CHECK(record["containers"]["cna"]["references"][0]["url"] ==
          "https://www.exim.org/static/doc/security/CVE-2026-1234.txt");
    CHECK(record["containers"]["cna"]["credits"][0]["value"] == "Jane Roe (Example Lab)");
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

TEST_CASE("the shipped CSAF examples pass the CSAF schema") {
  for (const char* name : {"bsi-2022-0001.json", "rhsa-2021_5217.json", "rhsa-2022_0011.json"}) {
    CAPTURE(name);
    std::ifstream in(std::string(EMBARGO_TEST_DATA_DIR) + "/csaf/" + name);
    REQUIRE(in);
    check_valid(schema::SchemaKind::csaf, nlohmann::json::parse(in));
  }
}
