#pragma once

// The web face of embargod: the team's pages, the reporter portal and the
// JSON API (doc/ARCHITECTURE.md, "src/embargo/http"). Server-rendered HTML,
// no external resources; every dynamic value goes through
// html_escape; the case page's CVSS calculator is the one script. Routes:
//
//   GET  /                      the team's front page (web_front.hpp); /login, or a reporter's portal
//   GET  /login  POST /login    POST /logout (field everywhere=1: every session)
//   GET|POST /login/code  GET /account  POST /account/totp/...  (web_totp.cpp)
//   GET  /cases[?state=S]       cases by state with their next deadline and next release step
//   GET  /cases/ID              the case page (read access), organised around the release process
//                               (web_case_head.hpp): header with state, next step and time left, then
//                               schedule, plan, vulnerabilities, notices, release, recipients, timeline
//   POST /cases/ID/{note,move,edit,reply}   (write access)
//   POST /cases/ID/{share,link}             (admin, team)
//   GET  /report  POST /report  the public report form -> a case and a private link
//   GET  /portal/open?t=SECRET  a reporter's link -> a session for that case
//   GET  /portal/ID             the reporter's view; POST /portal/ID/{message,preferences}
//   GET  /cases/ID?notice=KIND&list=LIST   the case page with a notice's preview
//   POST /cases/ID/{vuln,cvss,ids,plan}     (write access; web_case_page.hpp; a refused plan: 422)
//   GET  /cases/ID/mailfiles/NAME  a file the case received by mail, as a download (web_mail_files.cpp)
//   GET  /cases/ID/files/NAME   a release file recorded on the case, as a download (web_release_files.cpp)
//   POST /cases/ID/tested-on    "tested on PLATFORM: ok|failed" (read access: the maintainers it is shared with too)
//   GET  /static/style.css  /static/cvss.js (the CVSS calculator, the only script)
//   /api/v1/...                 web_api.cpp (bearer tokens), /api/v1/openapi.json
//
// Authorisation (core/access.hpp): a case the caller may not see answers 404,
// exactly like a case that does not exist. Every read of a case is logged in
// the access log (AccessLog::case_read), not on the timeline: reads must not
// write to the hash chain, and the access log is where requests are audited.
// Every change goes through CaseService and so onto the timeline.

#include <functional>
#include <set>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/store.hpp>
#include <embargo/http/auth/web_auth.hpp>
#include <embargo/http/server/access_log.hpp>
#include <embargo/http/server/form.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/http/web/page_cache.hpp>
#include <embargo/http/web/report_encryption.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/mail/list_reply.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

struct FrontPage;  // web_front.hpp

// Checks and imports a reporter's pasted armored public key into the GnuPG
// home of case `case_id`'s project (pgp::Gpg::import_encryption_key): its
// fingerprint, or InvalidArgument naming the problem.
using ReporterKeyImporter =
    std::function<Result<std::string>(core::StoreTx& tx, std::string_view case_id, std::string_view armored)>;

// Queues the team's answer to a list member's question on case `case_id`
// (mail::queue_list_reply with that case's project's mailer).
using ListReplier = std::function<Result<mail::QueuedReply>(core::StoreTx& tx, const std::string& case_id,
                                                            const mail::ListReply& reply, std::string_view actor)>;

struct WebAppDeps {
  core::Store& store;
  const core::CaseService& cases;
  WebAuth& auth;
  AccessLog& log;
  const util::Clock& clock;
  std::string project_name;
  CasePageSettings page_settings{};              // web_case_page.hpp: configuration of the case page
  TotpGate* totp = nullptr;                      // two-step login (web_totp.cpp); off when null
  const ReportEncryption* encryption = nullptr;  // in-browser encryption of reports; off when null
  // The portal's key form (issue 23); unset: the portal offers none.
  ReporterKeyImporter reporter_keys = nullptr;
  // The case page's answer form and POST .../replies (issue 23); unset: neither.
  ListReplier list_replies = nullptr;
};

class WebApp {
 public:
  explicit WebApp(WebAppDeps deps) : m_d(std::move(deps)) {}

  void add_routes(Router& router);

 private:
  // web_app.cpp: shared pieces
  Response root(const Request& req);
  Response static_file(const Request& req);
  Response login(const Request& req);
  Response logout(const Request& req);
  Response page(const Request& req, beast_http::status status, std::string_view title, const std::string& body,
                const AuthContext* who);
  Response redirect(const Request& req, std::string_view location, const std::string& set_cookie_value = {});
  Response error_page(const Request& req, beast_http::status status, std::string_view message,
                      const AuthContext* who = nullptr);
  Response from_error(const Request& req, const Error& error, const AuthContext* who);
  // The form of a POST after checking its CSRF token; nullopt -> answered in `out`.
  std::optional<FormFields> checked_form(const Request& req, const AuthContext& who, Response& out);
  Result<core::CaseAccess> access(core::StoreTx& tx, const core::Principal& who, std::string_view case_id);

  // web_front.cpp, web_front_data.cpp: the team's front page (GET / for an account)
  Response front_page(const Request& req, const AuthContext& who);
  Result<FrontPage> front_data(const core::Principal& who, util::Timestamp now);
  Result<void> front_case(core::StoreTx& tx, const core::Case& c, util::Timestamp now, FrontPage& out);
  Result<void> front_due(core::StoreTx& tx, const std::set<std::string>& visible, util::Timestamp now, FrontPage& out);

  // web_pages.cpp: the team's pages
  Response cases(const Request& req);
  Response case_list(const Request& req, const AuthContext& who);
  Result<std::string> render_case_list(core::StoreTx& tx, const AuthContext& who, std::optional<core::CaseState> only,
                                       util::Timestamp now);
  Response case_page(const Request& req, const AuthContext& who, const std::string& id);
  Response case_action(const Request& req, const AuthContext& who, const std::string& id, std::string_view action);
  // What an action shows instead of the redirect back to the case: a reporter's link (shown
  // once), or the plan form's outcome (refused with its objections, or what the new plan moved).
  struct ActionShown {
    std::string link;
    std::optional<PlanOutcome> plan;
    std::vector<std::string> zones;           // the case's [time] zones, for the plan's answer
    std::optional<mail::QueuedReply> answer;  // an answer to a list queued
    std::string anchor;                       // where on the case page to go back to ("#release"), or ""
  };
  Result<ActionShown> apply_action(core::StoreTx& tx, const AuthContext& who, const std::string& id,
                                   std::string_view action, const FormFields& form);
  Response plan_answer(const Request& req, const AuthContext& who, const std::string& id, const ActionShown& shown,
                       const FormFields& form);
  Result<void> api_answer(core::StoreTx& tx, const AuthContext& who, const std::string& id, const nlohmann::json& body,
                          nlohmann::json& out);
  // web_answers.cpp: the team's answer to a list (case page and API); staff only.
  Result<mail::QueuedReply> answer_list(core::StoreTx& tx, const AuthContext& who, const std::string& id,
                                        const mail::ListReply& reply);
  // web_mail_files.cpp: GET /cases/ID/mailfiles/NAME (read access, not reporters)
  Response mail_file(const Request& req, const AuthContext& who, const std::string& id, std::string_view name);
  // web_release_files.cpp: GET /cases/ID/files/NAME (read access, not reporters)
  Response release_file(const Request& req, const AuthContext& who, const std::string& id, std::string_view name);
  // What mail_file and release_file share (web_file_download.cpp): GET or HEAD only, the name
  // decoded, check_case_reader and `find` (NotFound: no such file) in one read transaction, the
  // content checked (500 when damaged, logged as `what`), an access-log line with view
  // "<view>:NAME", then the attachment.
  struct StoredFileRef {
    std::string name;
    std::string sha256;
    std::int64_t size = -1;
  };
  Response case_file_download(const Request& req, const AuthContext& who, const std::string& id,
                              std::string_view encoded_name, std::string_view view, std::string_view what,
                              const std::function<Result<StoredFileRef>(core::StoreTx&, const std::string&)>& find);
  // NotFound unless `who` may open case `id`'s page (read or write access; a reporter's portal
  // view is not): who may fetch its files and record a test of its release (web_release_files.cpp).
  Result<void> check_case_reader(core::StoreTx& tx, const AuthContext& who, const std::string& id);
  // POST /cases/ID/tested-on and /api/v1/cases/{id}/tested-on: check_case_reader, then
  // core::release::parse_tested_on and record_tested_on (web_release_files.cpp).
  Result<core::TimelineEntry> record_test(core::StoreTx& tx, const AuthContext& who, const std::string& id,
                                          std::string_view platform, std::string_view result, std::string_view note);

  // web_portal.cpp: reporters
  Response report(const Request& req);
  Response portal(const Request& req);
  Response open_link(const Request& req);
  Response portal_page(const Request& req, const AuthContext& who, const std::string& id, std::string_view notice);
  Response portal_action(const Request& req, const AuthContext& who, const std::string& id, std::string_view action);

  // web_totp.cpp: the account page (two-step login) and the code step of a login
  Response account(const Request& req);
  Response account_page(const Request& req, const AuthContext& who, std::string_view uri, std::string_view error);
  Response login_code(const Request& req);
  Response after_password(const Request& req, const WebAuth::LoginStep& step);

  // http/api/api.cpp: /api/v1/
  Response api(const Request& req);
  Result<void> api_list(const Request& req, const AuthContext& who, nlohmann::json& out);
  Result<void> api_case(const Request& req, const AuthContext& who, const std::string& id, nlohmann::json& out);
  Result<void> api_create(const Request& req, const AuthContext& who, nlohmann::json& out);
  Result<void> api_change(const Request& req, const AuthContext& who, const std::string& id, std::string_view what,
                          nlohmann::json& out);
  // POST /cases/{id}/tested-on {platform, result, note?}: record_test; the entry (201).
  Result<void> api_tested_on(const Request& req, const AuthContext& who, const std::string& id, nlohmann::json& out);
  // http/api/api_case.cpp: /cases/{id}/vulnerabilities[/{n}], /grants, /plan[/propose|/check]
  Result<void> api_case_part(const Request& req, const AuthContext& who, const std::string& id,
                             const std::vector<std::string_view>& parts, nlohmann::json& out,
                             beast_http::status& status);

  WebAppDeps m_d;
  PageCache m_list_cache;  // rendered case lists (page_cache.hpp)
  // Reports accepted through /report, as token buckets (issue 24, finding 4): 5 per address at once, then one
  // every 2 minutes; 30 for the whole server at once (key "report"), then one every 30 s. Each report queues
  // mail to the team, so a script cannot flood it; reporters past the limit are told to write by mail.
  FailureLimiter m_reports{RateLimits{5, 1.0 / 120, 30, 1.0 / 30}};
};

// "http(s)://HOST" of the request, from its Host header, for links shown to people.
std::string origin(const Request& req);
// A message between the team and the reporter (`kind` core::entry_kind::k_reply or
// k_reporter_message) on the case's timeline; InvalidArgument when empty or over 20,000 bytes.
Result<void> post_message(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                          std::string_view kind, std::string_view text, std::string_view actor);
// The reporter's decision on their credit (`decision`: accept, edit with
// `line`, or decline; core/credit.hpp) on the case's timeline.
Result<core::CreditState> decide_credit(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                                        std::string_view decision, std::string_view line, std::string_view actor);
// Shared by the pages: "YYYY-MM-DD HH:MM UTC".
std::string short_time(util::Timestamp t);
// The earliest of the planned release and the reporter's deadline still ahead of `now`, if any.
std::optional<util::Timestamp> next_deadline(const core::Case& c, util::Timestamp now);

}  // namespace embargo::http
