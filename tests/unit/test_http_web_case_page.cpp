#include <doctest/doctest.h>

#include <embargo/core/cvss/cvss.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/http/web/web_cvss_script.hpp>
#include <embargo/http/web/web_schedule.hpp>

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

namespace {

scheduler::ScheduleRow row(std::string_view kind, const char* due, core::JobState state) {
  scheduler::ScheduleRow r;
  r.job.kind = std::string(kind);
  r.job.due_at = at(due);
  r.job.state = state;
  return r;
}

}  // namespace

TEST_CASE("schedule_disagreements") {
  core::planner::StoredPlan stored = two_steps();  // advance-notice 03-05, release 03-12 14:00
  core::Case c;
  c.release_at = at("2030-03-12T14:00:00Z");
  SUBCASE("pending steps at their plan step's time, history at any time: nothing") {
    std::vector<scheduler::ScheduleRow> rows{row("publish-files", "2030-03-12T14:00:00Z", core::JobState::pending),
                                             row("announce", "2030-03-01T14:00:00Z", core::JobState::done),
                                             row("my-own-step", "2030-01-01T00:00:00Z", core::JobState::pending)};
    CHECK(schedule_disagreements(rows, c, stored).empty());
  }
  SUBCASE("a pending step off its time, one the plan lacks, the case's release off the plan's") {
    std::vector<scheduler::ScheduleRow> rows{row("make-public", "2030-03-10T14:00:00Z", core::JobState::pending),
                                             row("notice-fix", "2030-03-09T14:00:00Z", core::JobState::pending)};
    c.release_at = at("2030-03-10T14:00:00Z");
    auto lines = schedule_disagreements(rows, c, stored);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "the case's release is 2030-03-10 14:00 UTC but plan 2 releases at 2030-03-12 14:00 UTC");
    CHECK(lines[1] == "make-public is due at 2030-03-10 14:00 UTC but plan 2 puts release at 2030-03-12 14:00 UTC");
    CHECK(lines[2] == "notice-fix is pending at 2030-03-09 14:00 UTC but plan 2 has no fix-to-packagers step");
  }
  SUBCASE("pending steps without a stored plan") {
    std::vector<scheduler::ScheduleRow> rows{row("announce", "2030-03-12T14:00:00Z", core::JobState::pending)};
    auto lines = schedule_disagreements(rows, c, std::nullopt);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("no stored plan") != std::string::npos);
  }
}

TEST_CASE("schedule_section") {
  SUBCASE("each step with its time in every zone, its state, attempts and last error; no banner") {
    CaseSchedule s;
    s.rows = {row("announce", "2030-03-12T14:00:00Z", core::JobState::failed),
              row("publish-cve", "2030-03-12T14:00:00Z", core::JobState::pending)};
    s.rows[0].job.attempts = 3;
    s.rows[0].job.last_error = "smtp: <refused>";
    s.rows[1].skipped_why = "publish.cve is false";
    std::string html = schedule_section(s, {"Europe/London", "America/New_York"});
    CHECK(html.find("<h2>Schedule</h2>") == 0);  // the page puts it in <section id="schedule">
    CHECK(html.find("Tuesday 2030-03-12 10:00 EDT") != std::string::npos);
    CHECK(html.find("<td>failed<div class=\"meta\">last error: smtp: &lt;refused&gt;</div></td><td>3</td>") !=
          std::string::npos);
    CHECK(html.find("skipped (publish.cve is false)") != std::string::npos);
    CHECK(html.find("banner") == std::string::npos);
  }
  SUBCASE("the banner names each disagreement; nothing scheduled says so") {
    CaseSchedule s;
    s.disagrees = {"notice-fix is due at <then>"};
    std::string html = schedule_section(s, {});
    CHECK(html.find("class=\"error banner\"") != std::string::npos);
    CHECK(html.find("<li>notice-fix is due at &lt;then&gt;</li>") != std::string::npos);
    CHECK(html.find("Nothing scheduled") != std::string::npos);
  }
}

TEST_CASE("plan_refused_section and plan_stored_section") {
  AuthContext who;
  who.csrf = "t";
  PlanOutcome out;
  out.plan = two_steps().plan;
  out.objections = {"failing rules: weekday", "release <x> is in the past"};
  FormFields form{{"release", "2030-03-09"}, {"reason", "the \"fix\""}};
  std::string html = plan_refused_section(out, {"Europe/London"}, at("2030-03-08T12:00:00Z"), "EMB-1", who, form);
  CHECK(html.find("not stored") != std::string::npos);
  CHECK(html.find("<li>failing rules: weekday</li>") != std::string::npos);
  CHECK(html.find("release &lt;x&gt; is in the past") != std::string::npos);
  CHECK(html.find("value=\"2030-03-09\"") != std::string::npos);
  CHECK(html.find("value=\"the &quot;fix&quot;\"") != std::string::npos);
  CHECK(html.find("name=\"override\" value=\"1\">") != std::string::npos);  // not ticked
  core::planner::SavedPlan saved;
  saved.stored = two_steps();
  saved.follow_up.moves = {{"announce", at("2030-03-10T14:00:00Z"), at("2030-03-12T14:00:00Z")}};
  saved.follow_up.notes = {"date-change notice queued for distros"};
  out.saved = saved;
  html = plan_stored_section(out, "EMB-1");
  CHECK(html.find("Plan 2 stored") != std::string::npos);
  CHECK(html.find("<li>announce 2030-03-10 14:00 UTC -&gt; 2030-03-12 14:00 UTC</li>") != std::string::npos);
  CHECK(html.find("date-change notice queued for distros") != std::string::npos);
}
