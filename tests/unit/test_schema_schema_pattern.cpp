#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>

#include <embargo/schema/json_schema.hpp>
#include <embargo/schema/schema_pattern.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::schema;
using Json = nlohmann::json;

namespace {

void collect_patterns(const Json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    if (node.contains("pattern") && node["pattern"].is_string()) {
      out.insert(node["pattern"].get<std::string>());
    }
  }
  if (node.is_object() || node.is_array()) {
    for (const Json& child : node) {
      collect_patterns(child, out);
    }
  }
}

// Every "pattern" of the schemas embargo ships.
std::set<std::string> shipped_patterns() {
  auto dir = testutil::unwrap(find_schema_dir());
  std::set<std::string> out;
  for (const char* file : {"cve/CVE_JSON_bundled_5.1.1.json", "cve/CVE_JSON_cnaPublishedContainer_5.1.1.json",
                           "osv/schema-v1.7.5.json", "csaf/csaf_json_schema.json", "cvss/cvss-v3.1.json",
                           "cvss/cvss-v3.0.json", "cvss/cvss-v2.0.json"}) {
    std::ifstream in(dir / file);
    REQUIRE(in);
    collect_patterns(Json::parse(in), out);
  }
  return out;
}

// Strings that the shipped patterns accept or reject, and the edge cases of
// the two grammars ('$' before a final newline, '\r' for '.', empty input).
const std::vector<std::string> k_probes = {
    "", "\n", "x", "x_", "x_generator", "x_a.b", "x_a\rb", "x_a\nb", "y_x_", "CVE-2019-10149",
    "CVE-2019-10149\n", "CVE-2019-123", "cve-2019-10149", "CVE-2026-12345678901234567890", "CWE-20", "CWE-0",
    "CAPEC-123", "CAPEC-123456", "en", "en-US", "en_Latn_GB", "de-DE", "english", "fr-", "5.1", "5.1.1", "5.01",
    "2019-06-05T12:00:00", "2019-06-05T12:00:00Z", "2019-06-05T12:00:00.123+02:00", "2019-02-29T00:00:00",
    "2020-02-29T00:00:00", "2019-13-01T00:00:00", "2019-06-05", "2019-06-05 ", "b2e6ff8c-f1fe-4c88-a3b4-5c6d2b01b09a",
    "b2e6ff8c-f1fe-5c88-a3b4-5c6d2b01b09a", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "AV:N/AC:L/Au:N/C:C/I:C/A:C", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "cpe:2.3:a:exim:exim:4.91:*:*:*:*:*:*:*", "cpe:/a:exim:exim:4.91", "cpe:2.3:a:exim", "pkg:deb/debian/exim4@4.96",
    "https://www.exim.org/", "GHSA-xxxx-yyyy-zzzz", "CSAFPID-0001", "\xc3\xa9t\xc3\xa9", "a b\tc",
};

}  // namespace

TEST_CASE("CompiledPattern answers as std::regex did for every shipped pattern") {
  std::set<std::string> patterns = shipped_patterns();
  REQUIRE(patterns.size() >= 15);
  for (const std::string& pattern : patterns) {
    CAPTURE(pattern);
    auto compiled = CompiledPattern::compile(pattern);
    REQUIRE(compiled.has_value());
    std::regex reference(pattern);
    for (const std::string& probe : k_probes) {
      CAPTURE(probe);
      CHECK((*compiled)->search(probe) == std::regex_search(probe, reference));
    }
  }
}

TEST_CASE("CompiledPattern follows ECMAScript where PCRE2's defaults differ") {
  auto compile = [](const std::string& p) {
    auto compiled = CompiledPattern::compile(p);
    REQUIRE(compiled.has_value());
    return *compiled;
  };
  SUBCASE("'$' only at the very end, not before a final newline") {
    CHECK_FALSE(compile("^CVE-[0-9]{4}$")->search("CVE-2019\n"));
    CHECK(compile("^CVE-[0-9]{4}$")->search("CVE-2019"));
  }
  SUBCASE("'.' matches neither \\n nor \\r") {
    CHECK_FALSE(compile("^x_.*$")->search("x_a\rb"));
    CHECK_FALSE(compile("^x_.*$")->search("x_a\nb"));
    CHECK(compile("^x_.*$")->search("x_a b"));
  }
  SUBCASE("a search, not a full match") {
    CHECK(compile("[0-9]")->search("a1b"));
    CHECK_FALSE(compile("[0-9]")->search("ab"));
  }
  SUBCASE("[] matches nothing, [^] any character") {
    CHECK_FALSE(compile("a[]")->search("a]"));
    CHECK(compile("^a[^]$")->search("a\n"));
  }
  SUBCASE("a pattern std::regex rejects is not taken over") {
    CHECK_FALSE(CompiledPattern::compile("(unclosed").has_value());
    CHECK_FALSE(CompiledPattern::compile("a{2,1}").has_value());
  }
}

TEST_CASE("compile_patterns_of renames schema patterns, not data") {
  Json schema = Json::parse(R"({
    "properties": {"id": {"type": "string", "pattern": "^A$"}, "pattern": {"type": "string"}},
    "enum": [{"pattern": "^B$"}], "default": {"pattern": "^C$"}, "items": [{"pattern": "(bad"}]})");
  compile_patterns_of(schema);
  CHECK(schema["properties"]["id"][k_compiled_pattern_keyword] == "^A$");
  CHECK_FALSE(schema["properties"]["id"].contains("pattern"));
  CHECK(schema["properties"]["pattern"] == Json{{"type", "string"}});
  CHECK(schema["enum"][0]["pattern"] == "^B$");
  CHECK(schema["default"]["pattern"] == "^C$");
  CHECK(schema["items"][0]["pattern"] == "(bad");
}

TEST_CASE("a CVE record failing a pattern names the pointer and the reason") {
  static auto schemas = testutil::unwrap(SchemaSet::load(testutil::unwrap(find_schema_dir())));
  std::ifstream in(std::string(EMBARGO_TEST_DATA_DIR) + "/cve/CVE-2019-10149.json");
  REQUIRE(in);
  Json record = Json::parse(in);
  REQUIRE(schemas->validate(SchemaKind::cve_record, record).empty());
  record["cveMetadata"]["cveId"] = "CVE-2019-1";
  record["containers"]["cna"]["problemTypes"][0]["descriptions"][0]["cweId"] = "CWE-020";
  auto problems = schemas->validate(SchemaKind::cve_record, record);
  std::set<std::string> pointers;
  for (const SchemaProblem& p : problems) {
    if (p.reason == "Failed to match regex specified by 'pattern' constraint.") {
      pointers.insert(p.pointer);
    }
  }
  CHECK(pointers.count("/cveMetadata/cveId") == 1);
  CHECK(pointers.count("/containers/cna/problemTypes/0/descriptions/0/cweId") == 1);
}

TEST_CASE("patternProperties with additionalProperties false: the same answers and message") {
  static auto schemas = testutil::unwrap(SchemaSet::load(testutil::unwrap(find_schema_dir())));
  std::ifstream in(std::string(EMBARGO_TEST_DATA_DIR) + "/cve/CVE-2019-10149.json");
  REQUIRE(in);
  const Json record = Json::parse(in);
  auto with_cna_member = [&](const std::string& name) {
    Json r = record;
    r["containers"]["cna"][name] = Json{{"any", "value"}};
    return schemas->validate(SchemaKind::cve_record, r);
  };
  CHECK(with_cna_member("x_generator").empty());
  CHECK(with_cna_member("x_").empty());
  auto has = [](const std::vector<SchemaProblem>& problems, const std::string& pointer, const std::string& name) {
    for (const SchemaProblem& p : problems) {
      if (p.pointer == pointer && p.reason.find("could not be validated") != std::string::npos &&
          p.reason.find("'" + name + "'") != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  CHECK(has(with_cna_member("x_a.b"), "/containers/cna", "x_a.b"));
  CHECK(has(with_cna_member("generator"), "/containers/cna", "generator"));
  CHECK(has(with_cna_member("X_generator"), "/containers/cna", "X_generator"));
}

TEST_CASE("compile_patterns_of closes objects only when the pattern subschemas are empty") {
  Json schema = Json::parse(R"({"definitions": {
    "closed": {"properties": {"a": {}}, "patternProperties": {"^x_": {}}, "additionalProperties": false},
    "typed": {"properties": {"a": {}}, "patternProperties": {"^x_": {"type": "string"}}, "additionalProperties": false},
    "open": {"properties": {"a": {}}, "patternProperties": {"^x_": {}}}}})");
  compile_patterns_of(schema);
  const Json& d = schema["definitions"];
  CHECK(d["closed"][k_closed_object_keyword] == Json{{"names", {"a"}}, {"patterns", {"^x_"}}});
  CHECK_FALSE(d["closed"].contains("patternProperties"));
  CHECK_FALSE(d["closed"].contains("additionalProperties"));
  CHECK(d["typed"].contains("patternProperties"));
  CHECK_FALSE(d["typed"].contains(k_closed_object_keyword));
  CHECK(d["open"].contains("patternProperties"));
  CHECK_FALSE(d["open"].contains(k_closed_object_keyword));
}
