// The CLI's reading of the API's answers (cli/remote.hpp): the inverse of
// core::to_json for cases, vulnerabilities and timeline entries, and clear
// errors for answers that are not what the API sends.

#include <doctest/doctest.h>

#include <embargo/cli/remote.hpp>
#include <embargo/core/case_json.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("case_from_json reads back what to_json writes") {
  core::Case c;
  c.id = "EMB-2026-0007";
  c.title = "heap overflow <b>";
  c.state = core::CaseState::fixing;
  c.impact = core::ImpactClass::rce;
  c.exploitation = core::Exploitation::poc_public;
  c.reporter.name = "Jane Roe";
  c.reporter.email = "jane@example.org";
  c.reporter.credit = "Jane Roe (Lab)";
  c.reporter.deadline = util::Date{2027, 1, 31};
  c.created_at = util::Timestamp(std::chrono::seconds(1'800'000'000));
  c.updated_at = c.created_at + std::chrono::seconds(60);
  c.release_at = c.created_at + std::chrono::hours(24 * 30);
  c.timeline_count = 4;
  c.timeline_head = std::string(64, 'a');
  core::Case back = unwrap(cli::remote::case_from_json(core::to_json(c)));
  CHECK(core::to_json(back) == core::to_json(c));

  core::Vulnerability v;
  v.case_id = c.id;
  v.ordinal = 2;
  v.title = "overflow";
  v.cwe = "CWE-787";
  v.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
  CHECK(core::to_json(unwrap(cli::remote::vulnerability_from_json(core::to_json(v)))) == core::to_json(v));

  core::TimelineEntry e;
  e.case_id = c.id;
  e.seq = 3;
  e.at = c.created_at;
  e.actor = "tina";
  e.kind = "note";
  e.text = "reproduced";
  e.hash = std::string(64, 'b');
  e.prev_hash = std::string(64, 'c');
  CHECK(core::to_json(unwrap(cli::remote::entry_from_json(core::to_json(e)))) == core::to_json(e));
}

TEST_CASE("malformed answers are errors naming the field, never exceptions") {
  core::Case c;
  c.id = "EMB-2026-0001";
  c.title = "t";
  nlohmann::json good = core::to_json(c);
  auto refused = [](const nlohmann::json& j, const char* field) {
    auto r = cli::remote::case_from_json(j);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::invalid_argument);
    CHECK(r.error().message().find(field) != std::string::npos);
  };
  refused(nlohmann::json::array(), "not an object");
  auto j = good;
  j["state"] = "sleeping";
  refused(j, "state");
  j = good;
  j["created_at"] = 12;
  refused(j, "created_at");
  j = good;
  j.erase("id");
  refused(j, "id");
  j = good;
  j["reporter"]["deadline"] = "2026-02-30";
  refused(j, "reporter.deadline");
  j = good;
  j["timeline_count"] = "many";
  refused(j, "timeline_count");
  CHECK(!cli::remote::vulnerability_from_json(nlohmann::json{{"case_id", "x"}, {"ordinal", "one"}}));
  CHECK(!cli::remote::entry_from_json(nlohmann::json(42)));
}
