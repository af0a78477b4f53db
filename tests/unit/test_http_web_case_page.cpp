#include <doctest/doctest.h>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/http/web/web_cvss_script.hpp>

using namespace embargo;
using namespace embargo::http;

namespace {

util::Timestamp at(const char* text) {
  return util::parse_timestamp(text).value();
}

core::planner::StoredPlan two_steps() {
  core::planner::StoredPlan p;
  p.case_id = "EMB-1";
  p.seq = 2;
  p.actor = "tina";
  p.created_at = at("2030-03-01T09:00:00Z");
  p.plan.events = {{core::planner::Step::advance_notice, at("2030-03-05T14:00:00Z"), "policy"},
                   {core::planner::Step::release, at("2030-03-12T14:00:00Z"), "given"}};
  return p;
}

}  // namespace

TEST_CASE("plan_timeline_section") {
  std::vector<std::string> zones{"Europe/London", "America/New_York"};
  SUBCASE("each step in every zone, NOW between the steps it falls between") {
    std::string html = plan_timeline_section(two_steps(), zones, at("2030-03-08T12:00:00Z"), "EMB-1", nullptr);
    auto advance = html.find("advance-notice");
    auto now = html.find("<strong>NOW</strong>");
    auto release = html.find("<strong>release</strong>");
    REQUIRE(advance != std::string::npos);
    REQUIRE(now != std::string::npos);
    REQUIRE(release != std::string::npos);
    CHECK(advance < now);
    CHECK(now < release);
    CHECK(html.find("Tuesday 2030-03-12 14:00 GMT") != std::string::npos);
    CHECK(html.find("Tuesday 2030-03-12 10:00 EDT") != std::string::npos);
    CHECK(html.find("Friday 2030-03-08 07:00 EST") != std::string::npos);  // now, before the US change
    CHECK(html.find("<form") == std::string::npos);                        // read only: no form
  }
  SUBCASE("NOW after every step comes last; an unknown zone is named, the others shown") {
    zones.push_back("Mars/Olympus");
    std::string html = plan_timeline_section(two_steps(), zones, at("2030-04-01T00:00:00Z"), "EMB-1", nullptr);
    CHECK(html.find("<strong>NOW</strong>") > html.find("<strong>release</strong>"));
    CHECK(html.find("Mars/Olympus") != std::string::npos);
    CHECK(html.find("Europe/London") != std::string::npos);
  }
  SUBCASE("without a plan, and the form for a writer") {
    AuthContext who;
    who.csrf = "tok\"en";
    std::string html = plan_timeline_section(std::nullopt, zones, at("2030-03-08T12:00:00Z"), "EMB-<1>", &who);
    CHECK(html.find("No plan yet") != std::string::npos);
    CHECK(html.find("action=\"/cases/EMB-&lt;1&gt;/plan\"") != std::string::npos);
    CHECK(html.find("tok&quot;en") != std::string::npos);
  }
}

TEST_CASE("cvss_section") {
  core::Vulnerability v;
  v.ordinal = 1;
  v.title = "<b>overflow</b>";
  v.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"};
  SUBCASE("scores each vector with core/cvss; readers get no form and no script") {
    std::string html = cvss_section({v}, "EMB-1", nullptr);
    CHECK(html.find("CVSS 3.1 base 9.8 Critical") != std::string::npos);
    CHECK(html.find("CVSS 4.0 base 9.3 Critical") != std::string::npos);
    CHECK(html.find("&lt;b&gt;overflow") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("cvss-calc") == std::string::npos);
  }
  SUBCASE("writers get the calculator's form, posting to the server") {
    AuthContext who;
    who.csrf = "t";
    std::string html = cvss_section({v}, "EMB-1", &who);
    CHECK(html.find("<form class=\"cvss-calc\" method=\"post\" action=\"/cases/EMB-1/cvss\">") != std::string::npos);
    CHECK(html.find("<script src=\"/static/cvss.js\"></script>") != std::string::npos);
  }
}

TEST_CASE("cvss_script carries core/cvss's tables") {
  std::string_view js = cvss_script();
  CHECK(js.starts_with("(typeof globalThis"));
  CHECK(js.find("\"lookup\":[[[[[[10.0,9.9]") != std::string_view::npos);
  CHECK(js.find("\"abbr\":\"MSI\"") != std::string_view::npos);
  CHECK(js.find("root.EmbargoCvss = api") != std::string_view::npos);
  CHECK(js.find("@EMBARGO") == std::string_view::npos);  // CMake substituted the file
}
