// The case page's changes to vulnerabilities, CVSS vectors and the plan (web_case_page.hpp),
// the planner built from the configuration, and the page's extra style rules. Planning is the
// CLI's `case plan` (cli/case_plan_command.cpp): from what already happened, refused with its
// objections unless overridden with a why, and storing moves the release's pending steps.

#include <charconv>

#include <fmt/format.h>

#include <embargo/calendar/ics.hpp>
#include <embargo/core/planner/moment.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

namespace planner = core::planner;

constexpr int k_holiday_years = 3;

constexpr std::string_view k_case_style = R"css(
.plan-timeline{list-style:none;padding-left:1rem;border-left:3px solid #888;margin-left:.5rem}
.plan-timeline>li{position:relative;margin:.8rem 0;padding-left:.5rem}
.plan-timeline>li::before{content:"";position:absolute;left:-1.45rem;top:.35rem;width:.7rem;height:.7rem;border-radius:50%;background:#555}
.plan-timeline>li.now{background:#ffd;border:1px dashed #b90}.plan-timeline>li.now::before{background:#d80}
.zones{list-style:none;padding:0;margin:.2rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.9em}
.zone{color:#555}.checks .fail{color:#a00}.checks .warn{color:#850}
fieldset{min-width:0}legend{max-width:100%;white-space:normal;overflow-wrap:anywhere}
.cvss-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(14rem,100%),1fr));gap:0 1rem}
.cvss-grid label{font-size:.9em;min-width:0}.cvss-grid select{width:100%;min-width:0}
.cvss code,pre.notice-preview{overflow-wrap:anywhere;word-break:break-all}
form.inline label{display:inline-block;margin-right:.5rem}
pre.notice-preview{background:#f4f4f4;padding:.5rem;border:1px solid #ddd}
.banner{border:2px solid #a00}.banner p{margin:.2rem 0}table.schedule tr.failed td,table.testing tr.failed td{color:#a00}
.case-head{border:1px solid #bbb;border-radius:4px;background:#f7f7f7;padding:.2rem 1rem;margin:.5rem 0 1rem}
.case-head p{margin:.4rem 0}.next-step.overdue,.embargo-left.overdue{color:#a00}
nav.toc{display:flex;flex-wrap:wrap;gap:.2rem 1rem;border-top:1px solid #ddd;padding:.4rem 0}nav.toc a{margin:0}
main>section{margin-top:1.5rem}
)css";

int year_of(util::Timestamp t) {
  return static_cast<int>(date::year_month_day{std::chrono::floor<date::days>(t)}.year());
}

Result<void> add_vulnerability(const core::CaseService& service, core::StoreTx& tx, const std::string& id,
                               const FormFields& form, const std::string& actor) {
  core::NewVulnerability in;
  in.title = field(form, "title");
  if (in.title.empty()) {
    return make_error(ErrorCode::invalid_argument, "title: must not be empty");
  }
  in.identifier = field(form, "identifier");
  in.cwe = field(form, "cwe");
  in.affected = field(form, "affected");
  in.fixed = field(form, "fixed");
  in.description = field(form, "description");
  in.mitigation = field(form, "mitigation");
  TRY_ASSIGN(core::Vulnerability added, service.add_vulnerability(tx, id, in, actor));
  std::string vector = field(form, "vector");
  if (!vector.empty()) {
    core::VulnerabilityEdit edit;
    edit.cvss = std::vector<std::string>{vector};
    TRY(service.edit_vulnerability(tx, id, added.ordinal, edit, actor));
  }
  return {};
}

Result<int> vulnerability_number(const FormFields& form) {
  int number = 0;
  std::string text = field(form, "number");
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || number < 1) {
    return make_error(ErrorCode::invalid_argument, "number: not a vulnerability number (1, 2, ...)");
  }
  return number;
}

// The identifiers form: `remove` (one of the vulnerability's) then `add` (a
// CVE replaces its CVE), as `embargo vuln set --remove-id --id`.
Result<void> set_identifiers(const core::CaseService& service, core::StoreTx& tx, const std::string& id,
                             const FormFields& form, const std::string& actor) {
  TRY_ASSIGN(int number, vulnerability_number(form));
  core::VulnerabilityEdit edit;
  if (std::string remove(util::trim(field(form, "remove"))); !remove.empty()) {
    edit.remove_ids.push_back(std::move(remove));
  }
  if (std::string add(util::trim(field(form, "add"))); !add.empty()) {
    edit.more_ids.push_back(std::move(add));
  }
  if (edit.remove_ids.empty() && edit.more_ids.empty()) {
    return make_error(ErrorCode::invalid_argument, "add: give an identifier to add or one to remove");
  }
  TRY(service.edit_vulnerability(tx, id, number, edit, actor));
  return {};
}

Result<void> set_cvss(const core::CaseService& service, core::StoreTx& tx, const std::string& id,
                      const FormFields& form, const std::string& actor) {
  TRY_ASSIGN(int number, vulnerability_number(form));
  std::string vector = field(form, "vector");
  if (vector.empty()) {
    return make_error(ErrorCode::invalid_argument, "vector: must not be empty");
  }
  core::VulnerabilityEdit edit;
  edit.cvss = std::vector<std::string>{vector};
  TRY(service.edit_vulnerability(tx, id, number, edit, actor));
  return {};
}

}  // namespace

Result<planner::Planner> web_planner(const CasePageSettings& settings, util::Timestamp now) {
  planner::Policy policy = settings.config != nullptr ? settings.config->project.policy : planner::Policy{};
  if (!policy.holidays_file.empty()) {
    auto days = calendar::load_holidays(settings.data_path / policy.holidays_file, year_of(now) + k_holiday_years);
    if (!days) {
      return make_error(days.error().code(), "policy.holidays_file: " + days.error().message());
    }
    policy.holidays.insert(policy.holidays.end(), days->begin(), days->end());
  }
  return planner::Planner::create(std::move(policy));
}

Result<util::Timestamp> parse_plan_time(const CasePageSettings& settings, std::string_view text,
                                        std::string_view field) {
  planner::Policy defaults;
  const planner::Policy& policy = settings.config != nullptr ? settings.config->project.policy : defaults;
  TRY_ASSIGN(planner::Zone zone, planner::Zone::find(policy.release_zone));
  return planner::parse_moment(text, field, zone, policy.release_time);
}

Result<PlanOutcome> propose_case_plan(core::StoreTx& tx, const CasePageSettings& settings, util::Timestamp now,
                                      const core::Case& c, const PlanRequest& request) {
  TRY_ASSIGN(planner::Planner p, web_planner(settings, now));
  TRY_ASSIGN(planner::DoneSteps done, planner::plan_history(tx, c));
  PlanOutcome out;
  out.plan = planner::propose_from_history(
      p, planner::request_for_case(c, now, request.fix_ready.value_or(now), request.release), done);
  out.objections = planner::plan_objections(out.plan, done, now);
  return out;
}

Result<PlanOutcome> plan_and_store_case(const core::CaseService& service, core::StoreTx& tx,
                                        const CasePageSettings& settings, util::Timestamp now, const std::string& id,
                                        const PlanRequest& request, const std::string& actor) {
  if (request.options.override_rules && util::trim(request.options.why).empty()) {
    return make_error(ErrorCode::invalid_argument, "why: an override must say why (it goes on the timeline)");
  }
  TRY_ASSIGN(core::Case c, tx.get_case(id));
  TRY_ASSIGN(PlanOutcome out, propose_case_plan(tx, settings, now, c, request));
  if (!out.objections.empty() && !request.options.override_rules) {
    return out;  // refused: nothing stored
  }
  TRY_ASSIGN(out.saved, planner::save_case_plan(service, tx, id, out.plan, actor, now, request.options));
  return out;
}

Result<PlanRequest> plan_request_from_form(const CasePageSettings& settings, const FormFields& form) {
  PlanRequest r;
  if (auto text = field(form, "release"); !text.empty()) {
    TRY_ASSIGN(r.release, parse_plan_time(settings, text, "release"));
  }
  if (auto text = field(form, "fix_ready"); !text.empty()) {
    TRY_ASSIGN(r.fix_ready, parse_plan_time(settings, text, "fix_ready"));
  }
  r.options.override_rules = field(form, "override") == "1";
  r.options.why = util::trim(field(form, "why"));
  r.options.reason = util::trim(field(form, "reason"));
  if (!r.options.override_rules) {
    r.options.why.clear();  // a why only goes with an override
  }
  return r;
}

bool is_case_page_action(std::string_view action) {
  return action == "vuln" || action == "cvss" || action == "ids" || action == "plan";
}

Result<std::optional<PlanOutcome>> apply_case_page_action(const core::CaseService& service, core::StoreTx& tx,
                                                          const CasePageSettings& settings, util::Timestamp now,
                                                          const std::string& id, std::string_view action,
                                                          const FormFields& form, const std::string& actor) {
  if (action == "vuln") {
    TRY(add_vulnerability(service, tx, id, form, actor));
    return std::optional<PlanOutcome>();
  }
  if (action == "cvss") {
    TRY(set_cvss(service, tx, id, form, actor));
    return std::optional<PlanOutcome>();
  }
  if (action == "ids") {
    TRY(set_identifiers(service, tx, id, form, actor));
    return std::optional<PlanOutcome>();
  }
  if (action == "plan") {
    TRY_ASSIGN(PlanRequest request, plan_request_from_form(settings, form));
    TRY_ASSIGN(PlanOutcome out, plan_and_store_case(service, tx, settings, now, id, request, actor));
    return std::optional<PlanOutcome>(std::move(out));
  }
  return make_error(ErrorCode::not_found, "no such action");
}

// A refused plan: 422 with its objections, the proposal and the form again (nothing was
// stored). A stored plan that moved steps or queued notices: what it did (the timeline keeps
// it too). Otherwise back to the case.
Response WebApp::plan_answer(const Request& req, const AuthContext& who, const std::string& id,
                             const ActionShown& shown, const FormFields& form) {
  const PlanOutcome& outcome = *shown.plan;
  if (!outcome.saved) {
    return page(req, beast_http::status::unprocessable_entity, "Plan not stored",
                plan_refused_section(outcome, shown.zones, m_d.clock.now(), id, who, form), &who);
  }
  const auto& follow = outcome.saved->follow_up;
  if (follow.moves.empty() && follow.notes.empty()) {
    return redirect(req, "/cases/" + id);
  }
  return page(req, beast_http::status::ok, "Plan stored", plan_stored_section(outcome, id), &who);
}

std::string_view case_page_style() {
  return k_case_style;
}

}  // namespace embargo::http
