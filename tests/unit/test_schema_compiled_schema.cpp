// The compiled schema (schema/compiled_schema.hpp) against valijson: the same
// answer on real documents and their mutants; the format check against
// valijson's regular expressions; the nesting limit.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>

#include <embargo/schema/compiled_schema.hpp>
#include <embargo/schema/json_schema.hpp>
#include <embargo/schema/schema_format.hpp>

#include "json_mutator.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::schema;
using Json = nlohmann::json;

namespace {

std::shared_ptr<const SchemaSet> shipped() {
  static const auto set = testutil::unwrap(SchemaSet::load(testutil::unwrap(find_schema_dir())));
  return set;
}

Json read(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return Json::parse(in);
}

// The real documents of tests/data, each with the schema it is checked against.
std::vector<std::pair<SchemaKind, Json>> real_documents() {
  const std::filesystem::path data = EMBARGO_TEST_DATA_DIR;
  std::vector<std::pair<SchemaKind, Json>> out;
  for (const auto& entry : std::filesystem::directory_iterator(data / "cve")) {
    Json record = read(entry.path());
    out.emplace_back(SchemaKind::cve_record, record);
    out.emplace_back(SchemaKind::cve_record_5_1, record);
    if (record["containers"].contains("cna") && record["cveMetadata"].value("state", "") == "PUBLISHED") {
      out.emplace_back(SchemaKind::cve_cna_container, record["containers"]["cna"]);
      out.emplace_back(SchemaKind::cve_cna_container_5_1, record["containers"]["cna"]);
    }
  }
  for (const char* dir : {"osv", "csaf"}) {
    for (const auto& entry : std::filesystem::directory_iterator(data / dir)) {
      out.emplace_back(std::string(dir) == "osv" ? SchemaKind::osv : SchemaKind::csaf, read(entry.path()));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every schema embargo ships compiles") {
  for (SchemaKind kind : {SchemaKind::cve_record, SchemaKind::cve_cna_container, SchemaKind::osv, SchemaKind::csaf,
                          SchemaKind::cve_record_5_1, SchemaKind::cve_cna_container_5_1}) {
    CAPTURE(static_cast<int>(kind));
    const CompiledSchema* compiled = shipped()->compiled(kind);
    REQUIRE(compiled != nullptr);
    CHECK(compiled->size() > 20);
  }
}

TEST_CASE("the compiled schema and valijson give the same answer on real documents and their mutants") {
  const auto values = fuzz::mutation_values();
  std::mt19937 rng(20261125);
  std::map<SchemaKind, std::pair<int, int>> counts;  // accepted, refused
  for (const auto& [kind, original] : real_documents()) {
    const CompiledSchema& compiled = *shipped()->compiled(kind);
    // Two of the CVE Services examples are not valid records (placeholder ids).
    REQUIRE(compiled.accepts(original) == shipped()->valijson_problems(kind, original).empty());
    int mutants = kind == SchemaKind::csaf ? 150 : 400;
    for (int i = 0; i < mutants; ++i) {
      Json doc = original;
      for (int changes = 1 + static_cast<int>(rng() % 3); changes > 0; --changes) {
        fuzz::mutate(doc, rng, values);
      }
      bool fast = compiled.accepts(doc);
      bool reference = shipped()->valijson_problems(kind, doc).empty();
      if (fast != reference) {
        FAIL("compiled says " << fast << ", valijson " << reference << " for " << doc.dump().substr(0, 3000));
      }
      (fast ? counts[kind].first : counts[kind].second) += 1;
    }
  }
  // Both answers must occur, or the comparison shows nothing.
  for (const auto& [kind, count] : counts) {
    CAPTURE(static_cast<int>(kind));
    CHECK(count.first > 10);
    CHECK(count.second > 10);
  }
}

TEST_CASE("validate() answers a valid document without valijson and gives valijson's problems otherwise") {
  Json record = read(std::filesystem::path(EMBARGO_TEST_DATA_DIR) / "cve/CVE-2019-10149.json");
  CHECK(shipped()->validate(SchemaKind::cve_record, record).empty());
  record["containers"]["cna"]["affected"][0]["versions"][0]["status"] = "broken";
  auto problems = shipped()->validate(SchemaKind::cve_record, record);
  REQUIRE_FALSE(problems.empty());
  CHECK(problems.size() == shipped()->valijson_problems(SchemaKind::cve_record, record).size());
  CHECK(problems[0].pointer == "/containers/cna/affected/0/versions/0/status");
}

TEST_CASE("a non-string where the schema names a format is refused with a message, not a crash") {
  Json record = read(std::filesystem::path(EMBARGO_TEST_DATA_DIR) / "cve/CVE-2019-10149.json");
  record["containers"]["cna"]["references"][0]["url"] = Json{{"a", 1}};
  auto problems = shipped()->validate(SchemaKind::cve_record, record);
  REQUIRE_FALSE(problems.empty());
  CHECK(problems[0].pointer == "/containers/cna/references/0/url");
}

TEST_CASE("a document nested too deeply for the validators' recursion is refused, not a crash") {
  // CSAF branches within branches: both validators recurse once per level, and
  // 50,000 levels overflowed the stack before this check.
  std::string text = R"({"document": {}, "product_tree": {"branches": )";
  for (int i = 0; i < 50000; ++i) {
    text += R"([{"category": "vendor", "name": "x", "branches": )";
  }
  text += "[]";
  for (int i = 0; i < 50000; ++i) {
    text += "}]";
  }
  text += "}}";
  Json deep = Json::parse(text);
  auto problems = shipped()->validate(SchemaKind::csaf, deep);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].reason == "the document is nested more than 200 levels deep");
  CHECK(shipped()->validate(SchemaKind::csaf, Json::parse(std::string(150, '[') + std::string(150, ']'))).size() > 0);
}

TEST_CASE("format: date, time and date-time as valijson's regular expressions and day counts have them") {
  const std::regex date("^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$");
  const std::string time_part =
      "([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\\.[0-9]+)?(([Zz])|([\\+|\\-]([01][0-9]|2[0-3]):[0-5][0-9]))";
  const std::regex time("^" + time_part + "$");
  const std::regex date_time("^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[Tt]" + time_part + "$");
  auto day_exists = [](const std::smatch& m) {
    int month = std::stoi(m[2].str());
    int day = std::stoi(m[3].str());
    int limit = month == 2 ? 29 : (month <= 7 ? (month % 2 == 0 ? 30 : 31) : (month % 2 != 0 ? 30 : 31));
    return day <= limit;
  };
  auto reference = [&](StringFormat format, const std::string& s) {
    std::smatch m;
    switch (format) {
      case StringFormat::date: return std::regex_match(s, m, date) && day_exists(m);
      case StringFormat::time: return std::regex_match(s, time);
      case StringFormat::date_time: return std::regex_match(s, m, date_time) && day_exists(m);
      default: return true;
    }
  };
  const std::vector<std::string> seeds = {"2024-02-29",  "2023-02-30", "2024-04-31", "2024-08-31", "2024-09-31",
                                          "0-01-01",     "2024-1-01",  "12:00:00Z",  "23:59:60.123+14:00",
                                          "24:00:00Z",   "12:00:00|01:00", "2024-04-30T10:00:00Z",
                                          "2024-04-30t10:00:00.5-02:30", "2024-04-30T10:00:00", "2024-04-30T10:00:00."};
  const std::string alphabet = "0123456789-:+|.TtZz ";
  std::mt19937 rng(7);
  int matched = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s = seeds[rng() % seeds.size()];
    for (int edits = static_cast<int>(rng() % 3); edits > 0 && !s.empty(); --edits) {
      std::size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0: s[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: s.erase(at, 1); break;
        default: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
    }
    for (StringFormat format : {StringFormat::date, StringFormat::time, StringFormat::date_time}) {
      bool ours = format_matches(format, s);
      CHECK_MESSAGE(ours == reference(format, s), s);
      matched += ours ? 1 : 0;
    }
  }
  CHECK(matched > 1000);
  CHECK(format_matches(StringFormat::unchecked, "not a uri"));
}

TEST_CASE("CompiledSchema: the combining keywords") {
  auto compile = [](const char* text) { return testutil::unwrap(CompiledSchema::compile(Json::parse(text), {})); };
  auto one_of = compile(R"({"oneOf": [{"type": "integer"}, {"minimum": 2}]})");
  CHECK(one_of.accepts(1));
  CHECK_FALSE(one_of.accepts(3));  // both
  CHECK(one_of.accepts(2.5));
  CHECK_FALSE(one_of.accepts(1.5));  // neither
  auto conditional = compile(R"({"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"const": 1.0}})");
  CHECK(conditional.accepts("ab"));
  CHECK_FALSE(conditional.accepts("a"));
  CHECK(conditional.accepts(1));  // 1 equals 1.0, as valijson compares numbers
  CHECK_FALSE(conditional.accepts(2));
  auto items = compile(
      R"({"items": [{"type": "string"}], "additionalItems": false, "uniqueItems": true, "not": {"maxItems": 0}})");
  CHECK(items.accepts(Json::array({"a"})));
  CHECK_FALSE(items.accepts(Json::array()));
  CHECK_FALSE(items.accepts(Json::array({"a", "b"})));
  auto object = compile(R"({"properties": {"b": {"type": "integer"}}, "patternProperties": {"^x_": {"type": "string"}},
                            "additionalProperties": false, "required": ["b"]})");
  CHECK(object.accepts(Json{{"b", 1}, {"x_a", "s"}}));
  CHECK_FALSE(object.accepts(Json{{"b", 1}, {"x_a", 2}}));
  CHECK_FALSE(object.accepts(Json{{"b", 1}, {"c", 2}}));
  CHECK_FALSE(object.accepts(Json{{"x_a", "s"}}));
}

TEST_CASE("CompiledSchema: a schema with a keyword it does not compile, or a $ref to nothing, is refused") {
  for (const char* text : {R"({"dependencies": {"a": ["b"]}})", R"({"propertyNames": {"maxLength": 3}})",
                           R"({"multipleOf": 2})", R"({"$ref": "#/definitions/missing"})",
                           R"({"$ref": "https://example.org/remote.json"})", R"({"type": "decimal"})"}) {
    CAPTURE(text);
    CHECK_FALSE(CompiledSchema::compile(Json::parse(text), {}));
  }
  // A recursive schema compiles to a finite graph.
  auto tree = testutil::unwrap(CompiledSchema::compile(
      Json::parse(R"({"definitions": {"t": {"type": "array", "items": {"$ref": "#/definitions/t"}}},
                      "$ref": "#/definitions/t"})"),
      {}));
  CHECK(tree.accepts(Json::parse("[[], [[]]]")));
  CHECK_FALSE(tree.accepts(Json::parse("[[1]]")));
}
