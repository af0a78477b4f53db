#pragma once

// The case page's layout (issue 26): the page follows the security-release process. At the top a
// header ("summary") with the case's project, state, impact and exploitation, its next step with
// the step's time in UTC and in each configured zone, and the time left under embargo; the banner
// when the schedule disagrees with the stored plan; with write access, the forms that move the
// case and edit its facts. Then one <section id="..."> per part, in process order, each listed in
// the table of contents under the title: schedule, plan, disclosure duties, vulnerabilities,
// notices and the lists' questions (staff), release files and downloads, recipients, reporter,
// files from mail, sharing and the reporter's links (who may share), timeline with the note and
// reply forms. web_pages.cpp (WebApp::case_page) decides which parts a viewer gets; this file
// only draws them. Pure functions; every text through html_escape.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/http/auth/web_auth.hpp>
#include <embargo/scheduler/schedule_view.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

// What the case waits for next.
struct NextStep {
  std::string what;                    // a schedule step's kind, a plan step, or what the state asks for
  std::optional<util::Timestamp> due;  // unset: no time (what the state asks for)
  std::string source;                  // "schedule", "plan" or "state": where `what` comes from
};

// The earliest pending step of `rows` (a step that will do something before one skipped); else,
// for an open case, the stored plan's first step after `now` (not scheduled yet); else what the
// state asks for: "confirm the report", "plan the release", "plan again (...)", "close the case",
// "nothing (...)".
NextStep next_step(const std::vector<scheduler::ScheduleRow>& rows,
                   const std::optional<core::planner::StoredPlan>& plan, const core::Case& c, util::Timestamp now);

// The time left under embargo for people: "release in 3 days 4 hours", "release was due 2 hours
// ago; the case is not public yet", "not planned", "released", "closed", "rejected: no embargo".
std::string embargo_left(const core::Case& c, util::Timestamp now);
// `d` for people, to the hour from a day up, to the minute below: "3 days 4 hours", "1 hour 5
// minutes", "7 minutes", "less than a minute".
std::string duration_text(std::chrono::microseconds d);

// One part of the page: its anchor, its title in the table of contents, its HTML (which starts
// with its <h2>). A part with empty `html` is left out of both.
struct PagePart {
  std::string id;
  std::string title;
  std::string html;
};

// The header's facts. `project_html` is already escaped.
struct CaseHead {
  std::string project_html;
  NextStep next;
  bool schedule_disagrees = false;  // the banner, linking to #schedule
};

// The header's content (the page puts it in <section id="summary" class="case-head"> with the
// table of contents and, for writers, state_forms): the facts ("Project: <strong>..."), the
// next step with its time in UTC and in `zone_names` (unknown names left out), the time left
// under embargo, and the banner when `head`.schedule_disagrees.
std::string case_head_section(const core::Case& c, const CaseHead& head, const std::vector<std::string>& zone_names,
                              util::Timestamp now);
// The table of contents: a <nav class="toc"> linking to each part with HTML.
std::string case_toc(const std::vector<PagePart>& parts);
// Each part with HTML as <section id="ID">HTML</section>, in order.
std::string case_parts(const std::vector<PagePart>& parts);

// The page's generic forms, each posting to /cases/ID/ACTION with the session's CSRF token:
// move (to, why, override) and edit (title, impact, exploitation) for the header; note (text)
// and reply (text) for the timeline; share (user, write) and link for the sharing part.
std::string state_forms(const core::Case& c, const AuthContext& who);
std::string message_forms(const std::string& case_id, const AuthContext& who);
std::string share_forms(const std::string& case_id, const AuthContext& who);

}  // namespace embargo::http
