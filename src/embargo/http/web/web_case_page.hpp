#pragma once

// The parts of the team's case page that show what the other subsystems add: the
// vulnerabilities with their CVSS scores and the calculator (/static/cvss.js,
// web_cvss_script.hpp), the plan drawn as a timeline in the configured time zones, the notices
// with a preview, the release files and the download area's usercodes. Plus the changes the
// page's forms make (vulnerabilities, CVSS vectors, the plan), shared with the JSON API
// (web_api_case.cpp). HTML only through html_escape.
//
// How the page is put together (issue 26; web_pages.cpp, WebApp::case_page, with
// web_case_head.hpp): a header with the state, the next step and its time in the zones, and the
// time left under embargo; then one <section id="..."> per part in the process's order
// (schedule, plan, duties, vulnerabilities, notices, questions, release, recipients, reporter,
// files from mail, sharing, timeline), listed in the header's table of contents. Each section
// function here returns its part starting with its <h2> and without an id: the page wraps it
// in the section that carries the anchor (#plan, #notices, ...), and its forms sit inside it.
//
// Who sees what: everyone who may read the case page (admin, team, maintainers it is shared
// with) sees the vulnerabilities, the plan and the release files; the notice previews and the
// usercodes (which name the lists under embargo) only admin and team. No secret goes into a
// URL: usercodes are shown by list name and generation, never a password.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <embargo/config/config_file.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/core/planner/planner.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/http/server/form.hpp>
#include <embargo/http/auth/web_auth.hpp>

namespace embargo::http {

// What the sections need besides the store.
struct CasePageSettings {
  const config::ConfigFile* config = nullptr;  // null: the defaults
  std::filesystem::path data_path;             // for notice templates and the holidays file
};

// `s` with the settings of case `case_id`'s project (config::config_for_case):
// its lists, templates, policy and zones. NotFound when its project is no
// longer configured. With s.config null, `s`.
Result<CasePageSettings> settings_for_case(const CasePageSettings& s, core::StoreTx& tx, std::string_view case_id);

// The files the case received by mail (core/mail_files.hpp), linked to
// /cases/ID/mailfiles/NAME; "" when there are none (web_mail_files.cpp).
std::string mail_files_section(const std::vector<core::TimelineEntry>& entries, const std::string& case_id);

// `writer` is null when the viewer may only read: no forms then.
std::string cvss_section(const std::vector<core::Vulnerability>& vulns, const std::string& case_id,
                         const AuthContext* writer);
// The plan as a timeline: each step with its time in UTC and in every configured zone, "NOW"
// where now falls; the checks; with `writer`, the form that plans again.
// The case's release kind under its plan (core/release_kind.hpp): the
// decision, or the proposal and the command that records it.
std::string release_kind_paragraph(const core::Case& c, const std::vector<core::TimelineEntry>& entries);
std::string plan_timeline_section(const std::optional<core::planner::StoredPlan>& stored,
                                  const std::vector<std::string>& zone_names, util::Timestamp now,
                                  const std::string& case_id, const AuthContext* writer);
// Instant `t` in each of `zones` ("Tuesday 2030-03-12 14:00 GMT"), as a list: how the plan and
// the schedule show times.
std::string zone_times(const std::vector<core::planner::Zone>& zones, util::Timestamp t);
// The notice kinds and lists, with a GET form choosing one, and the preview of `kind` to
// `list` ("reporter" or a [[mail.lists]] name) when `kind` is not empty: what `embargo notice
// preview` shows. A notice that cannot be rendered shows its error instead.
// web_links.cpp: the live reporter links of case `case_id` with a revoke
// button each (action "revoke-link", field "link": an id or "all"), for who
// may share the case; revoke_link_action does it and records it.
Result<std::string> reporter_links_section(core::StoreTx& tx, const std::string& case_id, util::Timestamp now,
                                           const AuthContext& who);
Result<void> revoke_link_action(const core::CaseService& cases, core::StoreTx& tx, const std::string& case_id,
                                const FormFields& form, const std::string& actor);

// web_answers.cpp: the questions list members sent about case `c` (mail on it
// from neither the reporter nor the team), newest first, and with `writer`
// the form answering one (action "answer"): the list, the question, the
// text, whether it carries exploit material.
Result<std::string> answers_section(core::StoreTx& tx, const core::Case& c, const CasePageSettings& settings,
                                    const AuthContext* writer);
Result<std::string> notices_section(core::StoreTx& tx, const core::Case& c, const CasePageSettings& settings,
                                    util::Timestamp now, std::string_view kind, std::string_view list);
// Release files (name linked to GET /cases/ID/files/NAME, size, SHA-256, signature) and, when
// `staff`, the download window and the usercodes per list with their downloads.
Result<std::string> release_section(core::StoreTx& tx, const std::string& case_id, bool staff, util::Timestamp now);
// web_release_files.cpp: the release's tests (core::release::release_tests: `release test`
// runs and maintainers' "tested on PLATFORM"), who, when, result; with `tester`, the form
// recording one (POST /cases/ID/tested-on: platform, result ok|failed, note).
std::string release_testing_section(const std::vector<core::TimelineEntry>& entries, const std::string& case_id,
                                    const AuthContext* tester);

// The planner of the configured policy, with the holidays of policy.holidays_file.
Result<core::planner::Planner> web_planner(const CasePageSettings& settings, util::Timestamp now);
// Time of a form or API field: RFC 3339 with a zone, or a local time in the policy's release
// zone ("2026-03-10 14:00", "2026-03-10"); InvalidArgument naming `field`.
Result<util::Timestamp> parse_plan_time(const CasePageSettings& settings, std::string_view text,
                                        std::string_view field);

// What the plan form and POST /api/v1/cases/{id}/plan ask for: the CLI's `case plan` options.
struct PlanRequest {
  std::optional<util::Timestamp> release;    // fixed already: plan the rest around it
  std::optional<util::Timestamp> fix_ready;  // unset: now
  core::planner::SaveOptions options;        // override_rules, why (required with it), reason
};

// What planning did. `saved` unset with `objections`: refused, nothing stored.
struct PlanOutcome {
  core::planner::Plan plan;              // the proposal (the stored plan when saved)
  std::vector<std::string> objections;   // plan_objections: why it may not be stored
  std::optional<core::planner::SavedPlan> saved;
};

// The proposal for case `c` starting from what already happened (plan_history,
// propose_from_history) with its objections (plan_objections); stores nothing.
// Read-only: the plan form's preview, /plan/propose and /plan/check use it.
Result<PlanOutcome> propose_case_plan(core::StoreTx& tx, const CasePageSettings& settings, util::Timestamp now,
                                      const core::Case& c, const PlanRequest& request);
// As `embargo case plan`: propose_case_plan, then, unless there are objections
// and no override, save_case_plan (case_replan.hpp: moves the pending release
// steps and the download window, records it all) in `tx`. InvalidArgument
// naming `why` for an override without a why, before anything else.
Result<PlanOutcome> plan_and_store_case(const core::CaseService& service, core::StoreTx& tx,
                                        const CasePageSettings& settings, util::Timestamp now, const std::string& id,
                                        const PlanRequest& request, const std::string& actor);
// The plan form's fields: release, fix_ready (parse_plan_time), override ("1"), why, reason.
Result<PlanRequest> plan_request_from_form(const CasePageSettings& settings, const FormFields& form);

// The page's forms that change vulnerabilities (action "vuln": add one; "cvss": set a vector of
// vulnerability `number`) and the plan ("plan": plan_and_store_case from the form's fields; its
// outcome is returned, refused or stored). Errors name the field.
Result<std::optional<PlanOutcome>> apply_case_page_action(const core::CaseService& service, core::StoreTx& tx,
                                                          const CasePageSettings& settings, util::Timestamp now,
                                                          const std::string& id, std::string_view action,
                                                          const FormFields& form, const std::string& actor);
bool is_case_page_action(std::string_view action);

// The answer to the plan form: what a refused plan objects to (with the proposal and the form
// again, with the override), or what a stored plan moved. HTML through html_escape.
std::string plan_refused_section(const PlanOutcome& outcome, const std::vector<std::string>& zone_names,
                                 util::Timestamp now, const std::string& case_id, const AuthContext& writer,
                                 const FormFields& form);
std::string plan_stored_section(const PlanOutcome& outcome, const std::string& case_id);

// Extra rules for the stylesheet.
std::string_view case_page_style();

}  // namespace embargo::http
