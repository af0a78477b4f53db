// The team's pages: the case list, and the case page: which parts a viewer gets (read or write access,
// staff, who may share) in the release process's order; web_case_head.hpp draws its frame.

#include <array>

#include <fmt/format.h>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/project.hpp>
#include <embargo/core/recipient.hpp>
#include <embargo/core/state_machine.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_case_head.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/http/web/web_schedule.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

constexpr std::size_t k_list_limit = 500;  // rows per state on the list page
constexpr std::array k_states{core::CaseState::reported, core::CaseState::confirmed,  core::CaseState::fixing,
                              core::CaseState::notified, core::CaseState::fix_shared, core::CaseState::public_,
                              core::CaseState::closed,   core::CaseState::rejected};

using web_html::e;

const std::vector<std::string>& default_zones() {
  static const std::vector<std::string> zones = core::ProjectConfig{}.time_zones;
  return zones;
}

std::string case_row(const core::Case& c, util::Timestamp now, const NextSteps& next) {
  auto deadline = next_deadline(c, now);
  auto step = next.find(c.id);
  return fmt::format("<tr><td><a href=\"/cases/{0}\">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td></tr>",
                     e(c.id), e(c.title), e(core::to_string(c.impact)), deadline ? e(short_time(*deadline)) : "-",
                     step == next.end()
                         ? std::string("-")
                         : fmt::format("{} <time>{}</time>", e(step->second.kind), e(short_time(step->second.due_at))));
}

std::string reporter_section(const core::Reporter& r) {
  return fmt::format("<h2>Reporter</h2><p>{}<br>Credit: {}<br>Their deadline: {}<br>Own CVE: {}<br>OpenPGP key: {}</p>",
                     e(core::format_reporter(r)),
                     r.anonymous ? "anonymous" : (r.credit.empty() ? "not stated" : e(r.credit)),
                     r.deadline ? e(util::format_date(*r.deadline)) : "none", e(r.own_cve.empty() ? "-" : r.own_cve),
                     r.key_fingerprint.empty() ? "none (mail to them is not encrypted)" : e(r.key_fingerprint));
}

// The timeline, oldest first, then `forms` (the note and reply forms for writers).
std::string timeline_section(const std::vector<core::TimelineEntry>& entries, const std::string& forms) {
  std::string out = "<h2>Timeline</h2>";
  for (const auto& t : entries) {
    out +=
        fmt::format("<div class=\"entry\"><div class=\"meta\">#{} {} &middot; {} &middot; {}</div><pre>{}</pre></div>",
                    t.seq, e(short_time(t.at)), e(t.kind), e(t.actor), e(t.text));
  }
  return out + forms;
}

// Who is ready: each recipient's recorded status per vulnerability (issue 12).
std::string recipients_section(const std::string& id, const core::StatusMap& statuses) {
  std::string out =
      fmt::format("<h2>Recipients</h2><p><a href=\"/recipients/{}\">All recipients; set a status</a></p>", e(id));
  if (statuses.empty()) {
    return out + "<p>No status recorded yet.</p>";
  }
  out += "<table><tr><th>Recipient</th><th>#</th><th>Status</th><th>Statement</th></tr>";
  for (const auto& [key, s] : statuses) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", e(s.recipient), s.vulnerability,
                       e(core::to_string(s.status)), e(s.statement));
  }
  return out + "</table>";
}

// "Project: Exim (exim)" for a project's case, the server's name for its own.
std::string project_text(const std::string& project, const CasePageSettings& settings, const std::string& own) {
  if (project.empty()) {
    return e(own);
  }
  if (settings.config != nullptr) {
    if (auto p = core::find_project(settings.config->project, project)) {
      return fmt::format("{} ({})", e((*p)->display_name), e(project));
    }
  }
  return e(project);
}

// What the case page is drawn from besides the store (WebApp::case_page).
struct CasePageView {
  const AuthContext& who;
  core::CaseAccess level;  // read or write (portal access never gets here)
  const core::Case& c;
  const CasePageSettings& settings;  // the server's; the case's project's are looked up
  const std::string& own_project;    // the server's name, for its own cases
  bool answers;                      // the server sends answers to the lists
  std::string notice, list;          // the notice preview asked for
  util::Timestamp now;
};

// The parts after the header, in the process's order (web_case_head.hpp), each only for who
// may see it: notices and questions for staff, sharing for who may share the case.
Result<std::vector<PagePart>> case_page_parts(core::StoreTx& tx, const CasePageView& v,
                                              const CasePageSettings& settings,
                                              const std::optional<core::planner::StoredPlan>& plan,
                                              const CaseSchedule& schedule,
                                              const std::vector<core::TimelineEntry>& entries) {
  const std::string& id = v.c.id;
  const AuthContext* writer = v.level == core::CaseAccess::write ? &v.who : nullptr;
  const auto& zones = settings.config != nullptr ? settings.config->project.time_zones : default_zones();
  bool staff = v.who.who.is_staff();
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(id));
  TRY_ASSIGN(auto duties, case_duties(tx, settings, v.c, v.now));
  std::vector<PagePart> parts{{"schedule", "Schedule", schedule_section(schedule, zones)},
                              {"plan", "Plan", plan_timeline_section(plan, zones, v.now, id, writer) +
                                                           release_kind_paragraph(v.c, entries)},
                              {"duties", "Disclosure duties", duties_section(duties)},
                              {"vulnerabilities", "Vulnerabilities", cvss_section(vulns, id, writer)}};
  if (staff) {
    TRY_ASSIGN(std::string notices, notices_section(tx, v.c, settings, v.now, v.notice, v.list));
    TRY_ASSIGN(std::string answers, answers_section(tx, v.c, settings, v.answers ? writer : nullptr));
    parts.push_back({"notices", "Notices", std::move(notices)});
    parts.push_back({"answers", "Questions", std::move(answers)});
  }
  TRY_ASSIGN(std::string release, release_section(tx, id, staff, v.now));
  release += release_testing_section(entries, id, &v.who);  // who reads the page may record a test
  parts.push_back({"release", staff ? "Release files and downloads" : "Release files", std::move(release)});
  parts.push_back({"recipients", "Recipients", recipients_section(id, core::current_statuses(entries))});
  parts.push_back({"reporter", "Reporter", reporter_section(v.c.reporter)});
  parts.push_back({"mail-files", "Files from mail", mail_files_section(entries, id)});
  if (writer != nullptr) {
    TRY_ASSIGN(bool share, core::may_share_case(tx, v.who.who, id, v.level));
    if (share) {
      TRY_ASSIGN(std::string links, reporter_links_section(tx, id, v.now, v.who));
      std::string sharing = "<h2>Sharing and the reporter's links</h2>" + share_forms(id, v.who) + links;
      parts.push_back({"links", "Sharing", std::move(sharing)});
    }
  }
  parts.push_back({"timeline", "Timeline", timeline_section(entries, writer ? message_forms(id, *writer) : "")});
  return parts;
}

// The whole case page: the header ("summary": facts, next step, time left under embargo, the
// banner, the table of contents, the move and edit forms for writers), then the parts.
Result<std::string> render_case_page(core::StoreTx& tx, const CasePageView& v) {
  const std::string& id = v.c.id;
  TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
  TRY_ASSIGN(auto plan, tx.latest_plan(id));
  TRY_ASSIGN(std::string project, tx.case_project(id));
  TRY_ASSIGN(CasePageSettings settings, settings_for_case(v.settings, tx, id));
  const auto& zones = settings.config != nullptr ? settings.config->project.time_zones : default_zones();
  TRY_ASSIGN(CaseSchedule schedule, case_schedule(tx, settings, v.c, plan));
  TRY_ASSIGN(std::vector<PagePart> parts, case_page_parts(tx, v, settings, plan, schedule, entries));
  CaseHead head{project_text(project, v.settings, v.own_project), next_step(schedule.rows, plan, v.c, v.now),
                !schedule.disagrees.empty()};
  std::string forms = v.level == core::CaseAccess::write ? state_forms(v.c, v.who) : std::string();
  std::string summary = case_head_section(v.c, head, zones, v.now) + case_toc(parts) + forms;
  return "<section id=\"summary\" class=\"case-head\">" + summary + "</section>" + case_parts(parts);
}

// Shares case `id` with an account or makes a new reporter link (shown
// once: returned), each recorded on the timeline. The caller checked that
// `actor` may (core::may_share_case).
Result<std::string> share_action(const core::CaseService& cases, WebAuth& auth, core::StoreTx& tx,
                                 const std::string& id, std::string_view action, const FormFields& form,
                                 const std::string& actor) {
  TRY_ASSIGN(core::Case c, tx.get_case(id));
  if (action == "link") {
    TRY_ASSIGN(std::string secret, auth.issue_link(tx, id));
    TRY(cases.record(tx, c, core::entry_kind::k_access, "new private link for the reporter", actor));
    return "/portal/open?t=" + secret;
  }
  core::CaseGrant grant{id, field(form, "user"), field(form, "write") == "1"};
  TRY(tx.put_grant(grant));
  TRY(cases.record(tx, c, core::entry_kind::k_access,
                   fmt::format("shared with {} ({})", grant.user, grant.write ? "read and write" : "read only"),
                   actor));
  return std::string();
}

}  // namespace

Response WebApp::cases(const Request& req) {
  std::string_view path = req.path();
  if (path != "/cases" && path != "/cases/" && !path.starts_with("/cases/")) {
    return error_page(req, beast_http::status::not_found, "No such page.");
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who) {
    return redirect(req, "/login");
  }
  if (who->who.via_link() || who->who.role == core::Role::reporter) {
    return error_page(req, beast_http::status::not_found, "No such page.", &*who);
  }
  if (path == "/cases" || path == "/cases/") {
    return case_list(req, *who);
  }
  auto parts = util::split(path.substr(7), '/');
  std::string id;
  if (parts.size() > 3 || !decode_path_segment(parts[0], id) || id.empty()) {
    return error_page(req, beast_http::status::not_found, "No such page.", &*who);
  }
  if (parts.size() == 3) {
    if (parts[1] != "mailfiles" && parts[1] != "files") {
      return error_page(req, beast_http::status::not_found, "No such page.", &*who);
    }
    return parts[1] == "files" ? release_file(req, *who, id, parts[2]) : mail_file(req, *who, id, parts[2]);
  }
  if (parts.size() == 1) {
    auto m = req.message.method();
    if (m != beast_http::verb::get && m != beast_http::verb::head) {
      return error_page(req, beast_http::status::method_not_allowed, "GET only.", &*who);
    }
    return case_page(req, *who, id);
  }
  return case_action(req, *who, id, parts[1]);
}

Response WebApp::case_list(const Request& req, const AuthContext& who) {
  std::optional<core::CaseState> only;
  auto query = parse_form(query_of(std::string_view(req.message.target().data(), req.message.target().size())));
  if (query && !field(*query, "state").empty()) {
    auto s = core::parse_case_state(field(*query, "state"));
    if (!s) {
      return error_page(req, beast_http::status::bad_request, s.error().message(), &who);
    }
    only = *s;
  }
  auto now = m_d.clock.now();
  // The next-deadline column depends on the time: a new fragment each minute.
  std::string key = fmt::format("cases\n{}\n{}\n{}\n{}", who.who.name, core::to_string(who.who.role),
                                only ? core::to_string(*only) : "all",
                                std::chrono::floor<std::chrono::minutes>(now).time_since_epoch().count());
  std::shared_ptr<const std::string> body;
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(std::int64_t version, tx.change_counter());
    body = m_list_cache.find(key, version);
    if (!body) {
      TRY_ASSIGN(std::string rendered, render_case_list(tx, who, only, now));
      body = std::make_shared<const std::string>(std::move(rendered));
      m_list_cache.put(key, version, body);
    }
    return {};
  });
  if (!read) {
    return from_error(req, read.error(), &who);
  }
  return page(req, beast_http::status::ok, "Cases", *body, &who);
}

// The body of the case list: per state, at most k_list_limit rows of the
// cases `who` may see (projects and grants decide: core/project.hpp).
Result<std::string> WebApp::render_case_list(core::StoreTx& tx, const AuthContext& who,
                                             std::optional<core::CaseState> only, util::Timestamp now) {
  std::map<core::CaseState, std::vector<core::Case>> by_state;
  for (auto state : k_states) {
    if (!only || *only == state) {
      TRY_ASSIGN(auto some, core::visible_cases(tx, who.who, state, k_list_limit + 1));
      if (!some.empty()) {
        by_state[state] = std::move(some);
      }
    }
  }
  std::string body = "<p>Filter: <a href=\"/cases\">all</a>";
  for (auto s : k_states) {
    body += fmt::format(" <a href=\"/cases?state={0}\">{0}</a>", e(core::to_string(s)));
  }
  body += "</p>";
  TRY_ASSIGN(NextSteps next, next_due_steps(tx));
  for (const auto& [state, list] : by_state) {
    body += fmt::format(
        "<h2>{} ({}{})</h2><table><tr><th>Case</th><th>Title</th><th>Impact</th><th>Next "
        "deadline</th><th>Next step</th></tr>",
        e(core::to_string(state)), std::min(list.size(), k_list_limit), list.size() > k_list_limit ? "+" : "");
    for (std::size_t i = 0; i < list.size() && i < k_list_limit; ++i) {
      body += case_row(list[i], now, next);
    }
    body += "</table>";
    if (list.size() > k_list_limit) {
      body += fmt::format("<p>Only the first {} are shown.</p>", k_list_limit);
    }
  }
  if (by_state.empty()) {
    body += "<p>No cases.</p>";
  }
  return body;
}

Response WebApp::case_page(const Request& req, const AuthContext& who, const std::string& id) {
  std::string body;
  core::Case c;
  auto query = parse_form(query_of(std::string_view(req.message.target().data(), req.message.target().size())));
  if (!query) {
    return error_page(req, beast_http::status::bad_request, query.error().message(), &who);
  }
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::CaseAccess level, access(tx, who.who, id));
    if (level == core::CaseAccess::portal) {
      return make_error(ErrorCode::not_found, "no such case");
    }
    TRY_ASSIGN(c, tx.get_case(id));
    bool answers = static_cast<bool>(m_d.list_replies);
    CasePageView view{who,
                      level,
                      c,
                      m_d.page_settings,
                      m_d.project_name,
                      answers,
                      field(*query, "notice"),
                      field(*query, "list"),
                      m_d.clock.now()};
    TRY_ASSIGN(body, render_case_page(tx, view));
    return {};
  });
  if (!read) {
    return from_error(req, read.error(), &who);
  }
  m_d.log.case_read(req.address, id, who.who.name, "case");
  return page(req, beast_http::status::ok, c.id + ": " + c.title, body, &who);
}

Response WebApp::case_action(const Request& req, const AuthContext& who, const std::string& id,
                             std::string_view action) {
  if (req.message.method() != beast_http::verb::post) {
    return error_page(req, beast_http::status::method_not_allowed, "POST only.", &who);
  }
  Response out = error_page(req, beast_http::status::bad_request, "bad form", &who);
  auto form = checked_form(req, who, out);
  if (!form) {
    return out;
  }
  ActionShown shown;
  auto done = m_d.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(shown, apply_action(tx, who, id, action, *form));
    return {};
  });
  if (!done) {
    return from_error(req, done.error(), &who);
  }
  if (!shown.link.empty()) {
    return page(req, beast_http::status::ok, "Private link for the reporter",
                fmt::format("<p>Give this link to the reporter; it is shown only once:</p><pre>{}{}</pre>"
                            "<p><a href=\"/cases/{}\">Back to the case</a></p>",
                            e(origin(req)), e(shown.link), e(id)),
                &who);
  }
  if (shown.plan) {
    return plan_answer(req, who, id, shown, *form);
  }
  if (shown.answer) {
    return page(req, beast_http::status::ok, "Answer queued",
                fmt::format("<p>Your answer <code>&lt;{}&gt;</code> is queued, in reply to <code>&lt;{}&gt;</code>; "
                            "embargod's mail thread sends it at its next flush and records it on the timeline.</p>"
                            "<p><a href=\"/cases/{}#answers\">Back to the case</a></p>",
                            e(shown.answer->message_id), e(shown.answer->question_id), e(id)),
                &who);
  }
  return redirect(req, "/cases/" + id + shown.anchor);
}

Result<WebApp::ActionShown> WebApp::apply_action(core::StoreTx& tx, const AuthContext& who, const std::string& id,
                                                 std::string_view action, const FormFields& form) {
  if (action == "tested-on") {  // read access is enough: the maintainers it is shared with test it
    TRY(record_test(tx, who, id, field(form, "platform"), field(form, "result"), field(form, "note")));
    ActionShown shown;
    shown.anchor = "#release";
    return shown;
  }
  TRY_ASSIGN(core::CaseAccess level, access(tx, who.who, id));
  if (level != core::CaseAccess::write) {
    return make_error(level == core::CaseAccess::read ? ErrorCode::unauthorized : ErrorCode::not_found,
                      "you may read this case, not change it");
  }
  const std::string& actor = who.who.name;
  if (action == "share" || action == "link" || action == "revoke-link") {
    TRY_ASSIGN(bool share, core::may_share_case(tx, who.who, id, level));
    if (!share) {
      return make_error(ErrorCode::unauthorized,
                        "only the case's project team or the server team shares it and makes reporter links");
    }
    ActionShown shown;
    if (action == "revoke-link") {
      TRY(revoke_link_action(m_d.cases, tx, id, form, actor));
      return shown;
    }
    TRY_ASSIGN(shown.link, share_action(m_d.cases, m_d.auth, tx, id, action, form, actor));
    return shown;
  }
  if (is_case_page_action(action)) {
    TRY_ASSIGN(CasePageSettings settings, settings_for_case(m_d.page_settings, tx, id));
    ActionShown shown;
    TRY_ASSIGN(shown.plan, apply_case_page_action(m_d.cases, tx, settings, m_d.clock.now(), id, action, form, actor));
    shown.zones = settings.config != nullptr ? settings.config->project.time_zones : core::ProjectConfig{}.time_zones;
    return shown;
  }
  if (action == "note") {
    TRY(m_d.cases.add_note(tx, id, field(form, "text"), actor));
  } else if (action == "reply") {
    TRY(post_message(m_d.cases, tx, id, core::entry_kind::k_reply, field(form, "text"), actor));
  } else if (action == "answer") {
    ActionShown shown;
    TRY_ASSIGN(shown.answer, answer_list(tx, who, id,
                                         {field(form, "list"), field(form, "message"), field(form, "in_reply_to"),
                                          field(form, "exploit") == "1"}));
    return shown;
  } else if (action == "move") {
    TRY_ASSIGN(core::CaseState to, core::parse_case_state(field(form, "to")));
    TRY(m_d.cases.move(tx, id, to, field(form, "why"), actor, field(form, "override") == "1"));
  } else if (action == "edit") {
    core::CaseEdit edit;
    edit.title = field(form, "title");
    TRY_ASSIGN(edit.impact, core::parse_impact(field(form, "impact")));
    TRY_ASSIGN(edit.exploitation, core::parse_exploitation(field(form, "exploitation")));
    TRY(m_d.cases.edit(tx, id, edit, actor));
  } else {
    return make_error(ErrorCode::not_found, "no such action");
  }
  return ActionShown{};
}

}  // namespace embargo::http
