// CSAF revisions (issue 25): the revision an export records, a document of
// three revisions through the schema and the mandatory tests 6.1.14-6.1.22,
// tampered histories that those tests catch, and revisions kept on the
// timeline.

#include <doctest/doctest.h>

#include <algorithm>

#include <fmt/format.h>

#include <embargo/core/advisory/csaf.hpp>
#include <embargo/core/advisory/csaf_tests.hpp>
#include <embargo/schema/cwe_catalogue.hpp>
#include <embargo/schema/iso_codes.hpp>
#include <embargo/schema/json_schema.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using namespace embargo::core::advisory;
using Json = nlohmann::json;

namespace {

util::Timestamp revision_time(const char* text) {
  return *util::parse_timestamp(text);
}

std::vector<std::string> revision_tests_failed(const Json& doc) {
  static const LanguageCodes k_codes = testutil::unwrap(schema::load_iso_codes(schema::iso_codes_dir()));
  std::vector<std::string> out;
  for (const auto& f : run_csaf_mandatory_tests(doc, &k_codes, testutil::unwrap(schema::shipped_cwe_names()))) {
    out.push_back(f.test);
  }
  return out;
}

bool revision_test_fails(const Json& doc, const std::string& test) {
  auto failed = revision_tests_failed(doc);
  return std::find(failed.begin(), failed.end(), test) != failed.end();
}

struct RevisedCase {
  CsafCaseData data;
  AdvisoryConfig config;

  RevisedCase() {
    data.c.id = "EXIM-2026-0001";
    data.c.title = "heap overflow in BDAT";
    data.c.state = CaseState::public_;
    data.c.release_at = revision_time("2026-03-10T14:00:00Z");
    Vulnerability v;
    v.case_id = data.c.id;
    v.ordinal = 1;
    v.title = "heap overflow in BDAT";
    v.identifier = "CVE-2026-1234";
    v.affected = ">=4.97,<4.99.1";
    v.fixed = ">=4.99.1";
    data.vulns.push_back(v);
    config.vendor = "Exim";
    config.product = "Exim";
    config.advisory_url = "https://www.exim.org/static/doc/security/{id}.txt";
  }

  // Exports at `now`, recording the new revision as the export command does.
  Result<CsafExport> export_at(const char* now, const std::string& summary = "") {
    CsafRequest request{config, {}, nullptr};
    request.released = true;
    request.now = revision_time(now);
    request.summary = summary;
    TRY_ASSIGN(CsafExport out, revised_csaf_advisory(data, request));
    if (out.record) {
      data.revisions.push_back(*out.record);
    }
    return out;
  }
};

// A public case revised twice after its release.
Json three_revisions() {
  RevisedCase s;
  testutil::unwrap(s.export_at("2026-03-10T15:00:00Z"));
  s.data.vulns[0].fixed = ">=4.99.2";
  testutil::unwrap(s.export_at("2026-03-12T09:00:00Z", "Fixed in 4.99.2"));
  s.data.vulns[0].mitigation = "Disable CHUNKING.";
  return testutil::unwrap(s.export_at("2026-03-20T09:00:00Z", "A mitigation")).doc;
}

}  // namespace

TEST_CASE("next_csaf_revision") {
  auto first = revision_time("2026-03-10T14:00:00.250Z");
  auto now = revision_time("2026-03-11T08:00:00Z");
  SUBCASE("none recorded: revision 1, dated at the release in whole seconds") {
    auto r = testutil::unwrap(next_csaf_revision({}, "aa", first, now, "", "EXIM-2026-0001"));
    REQUIRE(r);
    CHECK(r->number == 1);
    CHECK(r->date == revision_time("2026-03-10T14:00:00Z"));
    CHECK(r->summary == "Initial release");
  }
  std::vector<CsafRevision> have{{1, revision_time("2026-03-10T14:00:00Z"), "Initial release", "aa"}};
  SUBCASE("unchanged: nothing to record, and a summary is refused") {
    CHECK(!testutil::unwrap(next_csaf_revision(have, "aa", first, now, "", "EXIM-2026-0001")));
    auto refused = next_csaf_revision(have, "aa", first, now, "more", "EXIM-2026-0001");
    REQUIRE(!refused);
    CHECK(refused.error().message().find("has not changed since revision 1") != std::string::npos);
  }
  SUBCASE("changed without a summary: refused, naming --summary and the next revision") {
    auto refused = next_csaf_revision(have, "bb", first, now, "", "EXIM-2026-0001");
    REQUIRE(!refused);
    CHECK(refused.error().message() ==
          "the CSAF advisory of EXIM-2026-0001 changed since revision 1 (published 2026-03-10 14:00:00 UTC): give "
          "--summary \"what changed\" to publish revision 2");
  }
  SUBCASE("changed with a summary: the next revision, dated now, and never before the last") {
    auto r = testutil::unwrap(next_csaf_revision(have, "bb", first, now, "Fixed in 4.99.2", "X"));
    REQUIRE(r);
    CHECK(r->number == 2);
    CHECK(r->date == now);
    CHECK(r->digest == "bb");
    auto early = testutil::unwrap(next_csaf_revision(have, "bb", first, first, "s", "X"));
    CHECK(early->date == revision_time("2026-03-10T14:00:01Z"));
  }
}

TEST_CASE("a CSAF advisory of three revisions passes the schema and the mandatory tests") {
  Json doc = three_revisions();
  auto schemas = testutil::unwrap(schema::SchemaSet::load(testutil::unwrap(schema::find_schema_dir())));
  CHECK(schemas->validate(schema::SchemaKind::csaf, doc).empty());
  CHECK(revision_tests_failed(doc).empty());
  const Json& tracking = doc["document"]["tracking"];
  CHECK(tracking["status"] == "final");
  CHECK(tracking["version"] == "3");
  CHECK(tracking["initial_release_date"] == "2026-03-10T14:00:00.000Z");
  CHECK(tracking["current_release_date"] == "2026-03-20T09:00:00.000Z");
  CHECK(tracking["revision_history"] == Json::parse(R"([
    {"date": "2026-03-10T14:00:00.000Z", "number": "1", "summary": "Initial release"},
    {"date": "2026-03-12T09:00:00.000Z", "number": "2", "summary": "Fixed in 4.99.2"},
    {"date": "2026-03-20T09:00:00.000Z", "number": "3", "summary": "A mitigation"}])"));
  CHECK(tracking["generator"]["date"] == "2026-03-20T09:00:00.000Z");
}

TEST_CASE("tampered revision histories fail the mandatory tests 6.1.14-6.1.22") {
  Json doc = three_revisions();
  auto& tracking = doc["document"]["tracking"];
  auto& history = tracking["revision_history"];
  SUBCASE("6.1.14: numbers not ascending by date") {
    std::swap(history[1]["date"], history[2]["date"]);
    CHECK(revision_test_fails(doc, "6.1.14"));
  }
  SUBCASE("6.1.16: the version is not the latest revision") {
    tracking["version"] = "2";
    CHECK(revision_test_fails(doc, "6.1.16"));
  }
  SUBCASE("6.1.17 and 6.1.18: a final document at version 0, a revision 0") {
    tracking["version"] = "0";
    history[2]["number"] = "0";
    history[2]["date"] = "2026-03-01T00:00:00.000Z";
    CHECK(revision_test_fails(doc, "6.1.17"));
    CHECK(revision_test_fails(doc, "6.1.18"));
  }
  SUBCASE("6.1.19 and 6.1.20: pre-release versions in a final document") {
    tracking["version"] = "3.0.0-rc1";
    for (std::size_t i = 0; i < history.size(); ++i) {
      history[i]["number"] = fmt::format("{}.0.0", i + 1);
    }
    history[2]["number"] = "3.0.0-rc1";
    CHECK(revision_test_fails(doc, "6.1.19"));
    CHECK(revision_test_fails(doc, "6.1.20"));
  }
  SUBCASE("6.1.21: a revision missing") {
    history.erase(1);
    CHECK(revision_test_fails(doc, "6.1.21"));
  }
  SUBCASE("6.1.22: a number twice") {
    history[2]["number"] = "2";
    CHECK(revision_test_fails(doc, "6.1.22"));
  }
}

TEST_CASE("revised_csaf_advisory") {
  RevisedCase s;
  SUBCASE("the first export after the release is revision 1; again, nothing new") {
    auto first = testutil::unwrap(s.export_at("2026-03-10T15:00:00Z"));
    REQUIRE(first.record);
    CHECK(first.record->date == revision_time("2026-03-10T14:00:00Z"));
    CHECK(first.doc["document"]["tracking"]["version"] == "1");
    auto again = testutil::unwrap(s.export_at("2026-03-11T15:00:00Z"));
    CHECK(!again.record);
    CHECK(again.doc["document"]["tracking"]["version"] == "1");
    CHECK(csaf_content_digest(again.doc) == first.record->digest);
  }
  SUBCASE("a change needs a summary") {
    testutil::unwrap(s.export_at("2026-03-10T15:00:00Z"));
    s.data.vulns[0].fixed = ">=4.99.2";
    auto refused = s.export_at("2026-03-11T15:00:00Z");
    REQUIRE(!refused);
    CHECK(refused.error().message().find("give --summary") != std::string::npos);
    CHECK(s.data.revisions.size() == 1);
  }
  SUBCASE("a draft before the release: version 0, no revision, no summary") {
    s.data.c.state = CaseState::fix_shared;
    CsafRequest request{s.config, {}, nullptr};
    request.now = revision_time("2026-03-09T15:00:00Z");
    auto draft = testutil::unwrap(revised_csaf_advisory(s.data, request));
    CHECK(!draft.record);
    CHECK(draft.doc["document"]["tracking"]["status"] == "draft");
    CHECK(draft.doc["document"]["tracking"]["version"] == "0");
    CHECK(revision_tests_failed(draft.doc).empty());
    request.summary = "early";
    CHECK(!revised_csaf_advisory(s.data, request));
  }
  SUBCASE("the release publishes revision 1 before the case is public, with a stable generator date") {
    s.data.c.state = CaseState::fix_shared;
    CsafRequest request{s.config, {}, nullptr};
    request.released = true;
    request.stable_generator_date = true;
    request.now = revision_time("2026-03-10T14:00:00Z");
    auto published = testutil::unwrap(revised_csaf_advisory(s.data, request));
    CHECK(published.doc["document"]["tracking"]["status"] == "final");
    CHECK(published.doc["document"]["tracking"]["generator"]["date"] == "2026-03-10T14:00:00.000Z");
    CHECK(revision_tests_failed(published.doc).empty());
  }
}

TEST_CASE("CSAF revisions are kept on the case's timeline") {
  testutil::MemoryStore store;
  ProjectConfig config;
  util::FixedClock clock{revision_time("2026-03-10T15:00:00Z")};
  CaseService service{config, clock};
  std::string id;
  testutil::unwrap(store.write([&](StoreTx& tx) -> Result<void> {
    NewCase input;
    input.title = "heap overflow";
    input.reporter = *parse_reporter("Jane Roe <jane@example.org>");
    TRY_ASSIGN(Case c, service.create(tx, input, "alice"));
    id = c.id;
    TRY(record_csaf_revision(service, tx, id, {1, revision_time("2026-03-10T14:00:00Z"), "Initial release", "aa"},
                             "alice"));
    TRY_ASSIGN(c, tx.get_case(id));
    TRY(service.record(tx, c, entry_kind::k_csaf_revision, "broken", "alice", R"({"number": "x"})"));
    return record_csaf_revision(service, tx, id, {2, revision_time("2026-03-11T14:00:00Z"), "More", "bb"}, "bob");
  }));
  CsafCaseData data;
  testutil::unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(data, load_csaf_case(tx, id));
    return {};
  }));
  REQUIRE(data.revisions.size() == 2);  // the entry whose data does not parse is skipped
  CHECK(data.revisions[0].number == 1);
  CHECK(data.revisions[1].summary == "More");
  CHECK(data.revisions[1].date == revision_time("2026-03-11T14:00:00Z"));
  CHECK(data.revisions[1].digest == "bb");
}

TEST_CASE("csaf_file_stem: CSAF 2.0 section 5.1") {
  CHECK(csaf_file_stem("EXIM-2026-0001") == "exim-2026-0001");
  CHECK(csaf_file_stem("Example Company - 2019-YH3234") == "example_company_-_2019-yh3234");
  CHECK(csaf_file_stem("RHBA-2019:0024") == "rhba-2019_0024");
  CHECK(csaf_file_stem("cisco-sa-20190513-secureboot") == "cisco-sa-20190513-secureboot");
  CHECK(csaf_file_stem("a+b  c//d") == "a+b_c_d");
}
