#include <doctest/doctest.h>

#include <embargo/http/web/web_case_head.hpp>

using namespace embargo;
using namespace embargo::http;

namespace {

util::Timestamp head_at(const char* text) {
  return util::parse_timestamp(text).value();
}

scheduler::ScheduleRow head_row(std::string_view kind, const char* due, core::JobState state) {
  scheduler::ScheduleRow r;
  r.job.kind = std::string(kind);
  r.job.due_at = head_at(due);
  r.job.state = state;
  return r;
}

core::planner::StoredPlan head_plan() {
  core::planner::StoredPlan p;
  p.seq = 3;
  p.plan.events = {{core::planner::Step::advance_notice, head_at("2030-03-05T14:00:00Z"), "policy"},
                   {core::planner::Step::release, head_at("2030-03-12T14:00:00Z"), "given"}};
  return p;
}

}  // namespace

TEST_CASE("duration_text") {
  using namespace std::chrono_literals;
  CHECK(duration_text(30s) == "less than a minute");
  CHECK(duration_text(1min) == "1 minute");
  CHECK(duration_text(61min) == "1 hour 1 minute");
  CHECK(duration_text(2h) == "2 hours");
  CHECK(duration_text(24h) == "1 day");
  CHECK(duration_text(76h + 59min) == "3 days 4 hours");
}

TEST_CASE("next_step") {
  core::Case c;
  c.state = core::CaseState::fixing;
  auto now = head_at("2030-03-01T12:00:00Z");
  SUBCASE("the earliest pending step of the schedule, one that does something before one skipped") {
    std::vector<scheduler::ScheduleRow> rows{head_row("notice-advance", "2030-02-28T14:00:00Z", core::JobState::done),
                                             head_row("publish-cve", "2030-03-04T14:00:00Z", core::JobState::pending),
                                             head_row("notice-fix", "2030-03-05T14:00:00Z", core::JobState::pending)};
    rows[1].skipped_why = "publish.cve is false";
    NextStep n = next_step(rows, head_plan(), c, now);
    CHECK(n.what == "notice-fix");
    CHECK(n.due == head_at("2030-03-05T14:00:00Z"));
    CHECK(n.source == "schedule");
  }
  SUBCASE("nothing scheduled: the plan's first step still ahead") {
    NextStep n = next_step({}, head_plan(), c, head_at("2030-03-06T00:00:00Z"));
    CHECK(n.what == "release");
    CHECK(n.source == "plan");
  }
  SUBCASE("nothing ahead: what the state asks for") {
    CHECK(next_step({}, std::nullopt, c, now).what == "plan the release");
    CHECK(next_step({}, head_plan(), c, head_at("2030-04-01T00:00:00Z")).what ==
          "plan again (every step of plan 3 has passed)");
    c.state = core::CaseState::reported;
    CHECK(next_step({}, std::nullopt, c, now).what == "confirm the report (or reject it)");
    c.state = core::CaseState::public_;
    NextStep n = next_step({}, head_plan(), c, now);
    CHECK(n.what == "close the case");
    CHECK(!n.due);
  }
}

TEST_CASE("embargo_left") {
  core::Case c;
  c.state = core::CaseState::fixing;
  auto now = head_at("2030-03-09T09:01:00Z");
  CHECK(embargo_left(c, now) == "not planned");
  c.release_at = head_at("2030-03-12T14:00:00Z");
  CHECK(embargo_left(c, now) == "release in 3 days 4 hours");
  CHECK(embargo_left(c, head_at("2030-03-12T16:00:00Z")) == "release was due 2 hours ago; the case is not public yet");
  c.state = core::CaseState::public_;
  CHECK(embargo_left(c, now) == "released");
  c.state = core::CaseState::rejected;
  CHECK(embargo_left(c, now) == "rejected: no embargo");
}

TEST_CASE("case_head_section, case_toc and case_parts") {
  core::Case c;
  c.id = "EMB-1";
  c.state = core::CaseState::fixing;
  c.release_at = head_at("2030-03-12T14:00:00Z");
  CaseHead head{"Exim &amp; co", NextStep{"notice-<fix>", head_at("2030-03-05T14:00:00Z"), "schedule"}, false};
  std::string html = case_head_section(c, head, {"Europe/London", "Mars/Olympus", "America/New_York"},
                                       head_at("2030-03-01T12:00:00Z"));
  CHECK(html.find("Project: <strong>Exim &amp; co</strong>") != std::string::npos);
  CHECK(html.find("state: <strong class=\"state\">fixing</strong>") != std::string::npos);
  CHECK(html.find("Next step: <strong>notice-&lt;fix&gt;</strong> at <time datetime=\"2030-03-05T14:00:00Z\">"
                  "2030-03-05 14:00 UTC</time> (in 4 days 2 hours; scheduled)") != std::string::npos);
  CHECK(html.find("Tuesday 2030-03-05 14:00 GMT") != std::string::npos);
  CHECK(html.find("Tuesday 2030-03-05 09:00 EST") != std::string::npos);
  CHECK(html.find("Mars") == std::string::npos);  // an unknown zone is left out (the plan names it)
  CHECK(html.find("Under embargo: <strong>release in 11 days 2 hours</strong> (release 2030-03-12 14:00 UTC)") !=
        std::string::npos);
  CHECK(html.find("banner") == std::string::npos);
  head.schedule_disagrees = true;
  head.next = NextStep{"plan the release", std::nullopt, "state"};
  html = case_head_section(c, head, {}, head_at("2030-03-13T12:00:00Z"));
  CHECK(html.find("class=\"error banner\"") != std::string::npos);
  CHECK(html.find("<p class=\"next-step\">Next step: <strong>plan the release</strong></p>") != std::string::npos);
  CHECK(html.find("<p class=\"embargo-left overdue\">") != std::string::npos);

  std::vector<PagePart> parts{{"schedule", "Schedule", "<h2>Schedule</h2>"},
                              {"duties", "Duties", ""},
                              {"timeline", "Timeline", "<h2>Timeline</h2>"}};
  CHECK(case_toc(parts) ==
        "<nav class=\"toc\" aria-label=\"On this page\"><a href=\"#schedule\">Schedule</a> <a "
        "href=\"#timeline\">Timeline</a> </nav>");
  CHECK(case_parts(parts) ==
        "<section id=\"schedule\"><h2>Schedule</h2></section><section id=\"timeline\"><h2>Timeline</h2></section>");
}

TEST_CASE("the case page's generic forms") {
  AuthContext who;
  who.csrf = "t\"k";
  core::Case c;
  c.id = "EMB-<1>";
  c.title = "a \"title\"";
  c.state = core::CaseState::reported;
  std::string html = state_forms(c, who);
  CHECK(html.find("action=\"/cases/EMB-&lt;1&gt;/move\"") != std::string::npos);
  CHECK(html.find("<option>confirmed</option>") != std::string::npos);
  CHECK(html.find("name=\"why\"") != std::string::npos);
  CHECK(html.find("name=\"override\"") != std::string::npos);
  CHECK(html.find("value=\"a &quot;title&quot;\"") != std::string::npos);
  CHECK(html.find("value=\"t&quot;k\"") != std::string::npos);
  c.state = core::CaseState::closed;
  CHECK(state_forms(c, who).find("/move") == std::string::npos);  // nowhere to move to
  html = message_forms("EMB-1", who);
  CHECK(html.find("action=\"/cases/EMB-1/note\"") != std::string::npos);
  CHECK(html.find("action=\"/cases/EMB-1/reply\"") != std::string::npos);
  html = share_forms("EMB-1", who);
  CHECK(html.find("action=\"/cases/EMB-1/share\"") != std::string::npos);
  CHECK(html.find("name=\"user\"") != std::string::npos);
  CHECK(html.find("action=\"/cases/EMB-1/link\"") != std::string::npos);
}
