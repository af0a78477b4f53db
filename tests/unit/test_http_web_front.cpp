// The team's front page, its pure parts (web_front.hpp): who has not
// acknowledged, and each section's rendering. The page over HTTP, with
// access rules, is in tests/integration/suites/team_web.bash.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/http/web/web_front.hpp>

using namespace embargo;
using namespace embargo::http;

namespace {

util::Timestamp at(const char* text) {
  return util::parse_timestamp(text).value();
}

core::TimelineEntry sent(const char* list, const char* kind, const char* when) {
  core::TimelineEntry e;
  e.kind = "mail-sent";
  e.at = at(when);
  e.data = nlohmann::json{{"list", list}, {"kind", kind}}.dump();
  return e;
}

core::TimelineEntry status(const char* recipient, int ordinal, const char* value) {
  core::TimelineEntry e;
  e.kind = "recipient-status";
  e.data = nlohmann::json{{"recipient", recipient}, {"list", "distros"}, {"vulnerability", ordinal},
                          {"status", value},        {"statement", ""},   {"via", "web"}}
               .dump();
  return e;
}

std::vector<core::Vulnerability> two_vulns() {
  std::vector<core::Vulnerability> v(2);
  v[0].ordinal = 1;
  v[1].ordinal = 2;
  return v;
}

}  // namespace

TEST_CASE("relative_time") {
  util::Timestamp now = at("2030-03-10T12:00:00Z");
  CHECK(relative_time(at("2030-03-13T16:30:00Z"), now) == "in 3 d 4 h");
  CHECK(relative_time(at("2030-03-10T09:55:00Z"), now) == "2 h 5 min ago");
  CHECK(relative_time(now, now) == "0 min ago");
  CHECK(relative_time(at("2030-03-10T12:07:00Z"), now) == "in 7 min");
}

TEST_CASE("unacknowledged: recipients whose list was told and who have not answered") {
  std::vector<core::Recipient> recipients{{"debian", "distros", {}, {}, {}, true},
                                          {"suse", "distros", {}, {}, {}, false},
                                          {"vendor", "vendors", {}, {}, {}, false}};
  std::vector<core::TimelineEntry> entries{
      sent("reporter", "ack", "2030-03-01T10:00:00Z"), sent("distros", "advance", "2030-03-02T10:00:00Z"),
      sent("distros", "fix", "2030-03-05T10:00:00Z"), sent("vendors", "heads-up", "2030-03-06T10:00:00Z")};
  SUBCASE(
      "nobody answered: each recipient of the list told under embargo, for every vulnerability; a heads-up tells "
      "nobody") {
    auto out = unacknowledged(recipients, two_vulns(), entries);
    REQUIRE(out.size() == 2);
    CHECK(out[0].recipient == "debian");
    CHECK(out[0].important);
    CHECK(out[0].told_at == at("2030-03-02T10:00:00Z"));
    CHECK(out[0].vulnerabilities == std::vector<int>{1, 2});
    CHECK(out[1].recipient == "suse");
  }
  SUBCASE("an answer for one vulnerability leaves the other; notified is not an answer") {
    entries.push_back(status("debian", 1, "acknowledged"));
    entries.push_back(status("suse", 1, "not-affected"));
    entries.push_back(status("suse", 2, "packages-ready"));
    entries.push_back(status("debian", 2, "notified"));
    auto out = unacknowledged(recipients, two_vulns(), entries);
    REQUIRE(out.size() == 1);
    CHECK(out[0].recipient == "debian");
    CHECK(out[0].vulnerabilities == std::vector<int>{2});
  }
  SUBCASE("only mail to the reporter: nobody was told; data of the wrong shape is passed over") {
    entries.resize(1);
    core::TimelineEntry odd;
    odd.kind = "mail-sent";
    odd.data = R"({"list": "distros", "kind": 7})";
    entries.push_back(odd);
    odd.data = "not json";
    entries.push_back(odd);
    CHECK(unacknowledged(recipients, two_vulns(), entries).empty());
  }
}

TEST_CASE("the front page's sections") {
  util::Timestamp now = at("2030-03-10T12:00:00Z");
  SUBCASE("due: overdue first and in red, escaped, unassigned named") {
    std::string html = due_section({{"EMB-1", "acknowledge the <reporter>", at("2030-03-09T12:00:00Z"), "alice"},
                                    {"EMB-2", "the release", at("2030-03-11T12:00:00Z"), ""}},
                                   now);
    auto overdue = html.find("<tr class=\"error\"><td><strong>OVERDUE</strong>");
    CHECK(overdue != std::string::npos);
    CHECK(html.find("EMB-1") > overdue);
    CHECK(html.find("acknowledge the &lt;reporter&gt;") != std::string::npos);
    CHECK(html.find("1 d 0 h ago") != std::string::npos);
    CHECK(html.find("<td>unassigned</td>") != std::string::npos);
    CHECK(html.find("OVERDUE", html.find("</tr>", overdue)) == std::string::npos);  // the coming one is not
    CHECK(due_section({}, now).find("Nothing is due.") != std::string::npos);
  }
  SUBCASE("releases: each step in the zones, NOW between the steps it falls between") {
    ComingRelease r;
    r.c.id = "EMB-1";
    r.c.title = "Heap overflow";
    r.c.release_at = at("2030-03-12T14:00:00Z");
    r.zones = {core::planner::Zone::find("Europe/London").value(), core::planner::Zone::find("Asia/Tokyo").value()};
    scheduler::ScheduleRow done;
    done.job.kind = "notice-advance";
    done.job.state = core::JobState::done;
    done.job.due_at = at("2030-03-05T14:00:00Z");
    scheduler::ScheduleRow pending;
    pending.job.kind = "publish-web";
    pending.job.state = core::JobState::pending;
    pending.job.due_at = at("2030-03-12T14:00:00Z");
    r.rows = {done, pending};
    std::string html = releases_section({r}, now);
    auto advance = html.find("notice-advance");
    auto now_row = html.find("<strong>NOW</strong>");
    auto publish = html.find("publish-web");
    CHECK(advance < now_row);
    CHECK(now_row < publish);
    CHECK(publish != std::string::npos);
    CHECK(html.find("JST") != std::string::npos);  // the step in Tokyo's time
    CHECK(html.find("in 2 d 2 h") != std::string::npos);
    CHECK(releases_section({}, now).find("No release is scheduled in the next 14 days.") != std::string::npos);
  }
  SUBCASE("quarantine, recipients and duties name what they list, and say when there is none") {
    mail::QuarantinedMessage m;
    m.id = "20300310T110000Z-0011223344556677";
    m.reason = "no From";
    m.at = at("2030-03-10T11:00:00Z");
    std::string q = quarantine_section({m});
    CHECK(q.find("href=\"/quarantine/20300310T110000Z-0011223344556677\"") != std::string::npos);
    CHECK(q.find("no From") != std::string::npos);
    CHECK(quarantine_section({}).find("No mail is quarantined.") != std::string::npos);
    UnacknowledgedRecipient u{"debian", "distros", true, at("2030-03-02T10:00:00Z"), {1, 2}};
    std::string rec = unacknowledged_section({{"EMB-1", u}}, now);
    CHECK(rec.find("debian <strong>(important)</strong>") != std::string::npos);
    CHECK(rec.find("vulnerability 1, 2") != std::string::npos);
    notice::Duty d{"max-embargo", "distros", "fail", "overdue: the release", at("2030-03-09T12:00:00Z")};
    std::string duties = open_duties_section({{"EMB-1", d}}, now);
    CHECK(duties.find("<tr class=\"error\">") != std::string::npos);
    CHECK(duties.find("max-embargo") != std::string::npos);
    CHECK(open_duties_section({}, now).find("No disclosure duty is open.") != std::string::npos);
  }
}
