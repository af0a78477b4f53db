// The reporter's side: the public report form and the portal, where a
// reporter sees the public-facing status of their own case, the messages
// between them and the team, and states their credit and deadline
// preferences. Internal notes, vulnerabilities, plans and other cases are
// never shown here.

#include <fmt/format.h>

#include <embargo/core/credit.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

// The credit line as it will be published and the reporter's decision
// (core/credit.hpp): accept it, accept it edited, or decline credit.
std::string credit_form(const std::string& id, const std::string& csrf, const core::CreditState& s) {
  std::string shown = s.line.empty() ? "(no name given yet)" : s.line;
  std::string decided = s.decision == core::CreditDecision::accepted ? "You accepted this line."
                        : s.decision == core::CreditDecision::declined
                            ? "You declined credit: we publish \"anonymous\"."
                            : "Not accepted yet: until you accept, we publish \"anonymous\".";
  return fmt::format(
      "<form method=\"post\" action=\"/portal/{0}/credit\" id=\"credit\">{1}<fieldset><legend>Credit</legend>"
      "<p>We will publish this credit line in the announcement, the advisory and the CVE record:</p>"
      "<p><strong class=\"credit-line\">{2}</strong></p><p class=\"credit-decision\">{3}</p>"
      "<button name=\"decision\" value=\"accept\">Accept this line</button> <button name=\"decision\" "
      "value=\"decline\">No credit, stay anonymous</button><label>Or credit me as <input name=\"line\" "
      "maxlength=\"200\"></label><button name=\"decision\" value=\"edit\">Use this line</button></fieldset></form>",
      html_escape(id), csrf, html_escape(shown), html_escape(decided));
}

using web_html::e;

// Issue 23: the reporter's OpenPGP key, so that our mail to them is encrypted.
std::string key_form(const std::string& id, const std::string& csrf, const core::Reporter& r) {
  std::string status = r.key_fingerprint.empty()
                           ? std::string("No key yet: our mail to you is not encrypted.")
                           : fmt::format("Our mail to you is encrypted to the key {}.", e(r.key_fingerprint));
  return fmt::format(
      "<form method=\"post\" action=\"/portal/{0}/key\" id=\"key\">{1}<fieldset><legend>Your OpenPGP key</legend>"
      "<p class=\"meta\">{2}</p><label>Your public key (-----BEGIN PGP PUBLIC KEY BLOCK-----)<textarea name=\"key\" "
      "required></textarea></label><button>Use this key</button></fieldset></form>",
      e(id), csrf, status);
}

std::string_view public_status(core::CaseState s) {
  switch (s) {
    case core::CaseState::reported:
      return "received; the team has not assessed it yet";
    case core::CaseState::confirmed:
      return "confirmed as a security problem";
    case core::CaseState::fixing:
      return "a fix is being prepared";
    case core::CaseState::notified:
    case core::CaseState::fix_shared:
      return "a fix exists; distributions are preparing under embargo";
    case core::CaseState::public_:
      return "published";
    case core::CaseState::closed:
      return "closed";
    case core::CaseState::rejected:
      return "not treated as a security problem";
  }
  return "unknown";
}

// The "encrypt in this browser" box, hidden until report.js shows it.
std::string encryption_box(const ReportEncryption* enc) {
  if (enc == nullptr) {
    return "";
  }
  return fmt::format(
      "<fieldset id=\"encrypt-box\" hidden><legend>Encryption</legend><label><input type=\"checkbox\" "
      "id=\"encrypt\" checked> Encrypt the details in this browser to the security team's OpenPGP key before "
      "sending</label><p class=\"meta\" id=\"encrypt-status\" role=\"status\"></p><details><summary>The team's "
      "key</summary><pre id=\"team-key\">{}</pre></details></fieldset><script src=\"/static/openpgp.min.js\">"
      "</script><script src=\"/static/report.js\"></script>",
      e(enc->team_key));
}

std::string report_form(const std::string& token, std::string_view error, const ReportEncryption* enc) {
  return fmt::format(
      "{}<p>Report a security problem privately. Only the security team reads it. You get a private link to "
      "follow your report.</p><form method=\"post\" action=\"/report\"><input type=\"hidden\" name=\"csrf\" "
      "value=\"{}\"><label>Summary <input name=\"title\" maxlength=\"200\" required></label><label>Details "
      "(what, where, how to reproduce)<textarea name=\"details\" required></textarea></label><label>Your name "
      "<input name=\"name\"></label><label>Your e-mail address <input name=\"email\" type=\"email\"></label>"
      "<label>Credit as <input name=\"credit\"></label><label><input type=\"checkbox\" name=\"anonymous\" "
      "value=\"1\"> no credit, stay anonymous</label><label>Your disclosure deadline (YYYY-MM-DD) <input "
      "name=\"deadline\" placeholder=\"2026-12-31\"></label>{}<button>Send the report</button></form>",
      error.empty() ? "" : fmt::format("<p class=\"error\">{}</p>", e(error)), token, encryption_box(enc));
}

Result<std::optional<util::Date>> optional_date(std::string_view text) {
  text = util::trim(text);
  if (text.empty()) {
    return std::optional<util::Date>();
  }
  auto d = util::parse_date(text);
  if (!d) {
    return make_error(ErrorCode::invalid_argument, "deadline: " + d.error().message());
  }
  return std::optional<util::Date>(*d);
}

Result<core::NewCase> new_case_from(const FormFields& f) {
  core::NewCase in;
  in.title = field(f, "title");
  if (in.title.size() > 200) {
    return make_error(ErrorCode::invalid_argument, "title: longer than 200 characters");
  }
  in.reporter.name = std::string(util::trim(field(f, "name")));
  in.reporter.email = std::string(util::trim(field(f, "email")));
  if (in.reporter.name.size() > 200) {
    return make_error(ErrorCode::invalid_argument, "name: longer than 200 characters");
  }
  if (!in.reporter.email.empty()) {
    TRY(core::validate_mail_address(in.reporter.email, "email"));
  }
  in.reporter.anonymous = field(f, "anonymous") == "1";
  in.reporter.credit = in.reporter.anonymous ? "" : std::string(util::trim(field(f, "credit")));
  TRY_ASSIGN(in.reporter.deadline, optional_date(field(f, "deadline")));
  return in;
}

}  // namespace

Response WebApp::report(const Request& req) {
  if (req.path() != "/report") {
    return error_page(req, beast_http::status::not_found, "No such page.");
  }
  auto method = req.message.method();
  std::string error;
  if (method == beast_http::verb::post) {
    auto form = parse_form(req.message.body());
    auto sent = cookie(req.message, k_csrf_cookie);
    if (!form || !sent || !m_d.auth.form_token_ok(*sent, field(*form, "csrf"))) {
      return error_page(req, beast_http::status::forbidden, "csrf: the form's token is missing or stale; reload");
    }
    auto now = std::chrono::steady_clock::now();
    if (!m_reports.address_allowed(req.address, now) || !m_reports.usercode_allowed("report", req.address, now)) {
      Response res = error_page(req, beast_http::status::too_many_requests,
                                "Too many reports were sent from here just now. Try again in a few minutes, or "
                                "write to the security address by mail.");
      std::get<StringResponse>(res.message).set(beast_http::field::retry_after, "120");
      return res;
    }
    std::string link;
    std::string case_id;
    auto made = m_d.store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::NewCase in, new_case_from(*form));
      TRY_ASSIGN(core::Case c, m_d.cases.create(tx, in, "reporter"));
      TRY(post_message(m_d.cases, tx, c.id, core::entry_kind::k_reporter_message, field(*form, "details"), "reporter"));
      TRY_ASSIGN(link, m_d.auth.issue_link(tx, c.id, "report form"));
      case_id = c.id;
      return {};
    });
    if (made) {
      m_reports.record_failure(req.address, "report", now);  // a report spends one of the address's and the server's
      std::string url = origin(req) + "/portal/open?t=" + link;
      return page(req, beast_http::status::created, "Thank you",
                  fmt::format("<p class=\"notice\">Your report is {}. Keep this private link to follow it; it "
                              "is shown only once and is the only way back in:</p><pre>{}</pre><p><a href=\"{}\">"
                              "Open it now</a></p>",
                              e(case_id), e(url), e(url)),
                  nullptr);
    }
    if (made.error().code() != ErrorCode::invalid_argument) {
      return from_error(req, made.error(), nullptr);
    }
    error = made.error().message();
  } else if (method != beast_http::verb::get && method != beast_http::verb::head) {
    return error_page(req, beast_http::status::method_not_allowed, "GET or POST only.");
  }
  std::string token = m_d.auth.new_form_token();
  Response res = page(req, error.empty() ? beast_http::status::ok : beast_http::status::bad_request,
                      "Report a security problem", report_form(token, error, m_d.encryption), nullptr);
  auto& m = std::get<StringResponse>(res.message);
  m.insert(beast_http::field::set_cookie, set_cookie(k_csrf_cookie, token, req.secure));
  if (m_d.encryption != nullptr) {
    // Scripts from this server only (OpenPGP.js and report.js), nothing inline.
    m.set("Content-Security-Policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
          "frame-ancestors 'none'; base-uri 'none'");
  }
  return res;
}

// GET /portal/open?t=SECRET: a page with one button that POSTs the link back
// with a form token (and sets the token's cookie); the POST opens the session
// and sends the browser on to the case. A link opened from a mail is a
// cross-site navigation, which is why the session is not made on the way in
// either: the POST from this page is same-site, so the SameSite=Strict cookie
// it sets goes along with the redirect that follows.
Response WebApp::open_link(const Request& req) {
  auto method = req.message.method();
  if (method == beast_http::verb::post) {
    auto form = parse_form(req.message.body());
    auto sent = cookie(req.message, k_csrf_cookie);
    if (!form || !sent || !m_d.auth.form_token_ok(*sent, field(*form, "csrf"))) {
      return error_page(req, beast_http::status::forbidden,
                        "csrf: the form's token is missing or stale; open your private link again");
    }
    auto case_id = m_d.auth.link_case(field(*form, "t"));
    auto secret = case_id ? m_d.auth.open_link(field(*form, "t")) : Result<std::string>();
    if (!case_id || !secret) {
      return error_page(req, beast_http::status::not_found, "This link is unknown or was revoked.");
    }
    return redirect(req, "/portal/" + encode_path_segment(*case_id), set_cookie(k_session_cookie, *secret, req.secure));
  }
  if (method != beast_http::verb::get && method != beast_http::verb::head) {
    return error_page(req, beast_http::status::method_not_allowed, "GET or POST only.");
  }
  auto query = parse_form(query_of(std::string_view(req.message.target().data(), req.message.target().size())));
  std::string link = query ? std::string(field(*query, "t")) : std::string();
  auto case_id = m_d.auth.link_case(link);
  if (!case_id) {
    return error_page(req, beast_http::status::not_found, "This link is unknown or was revoked.");
  }
  std::string token = m_d.auth.new_form_token();
  Response res = page(req, beast_http::status::ok, "Your report",
                      fmt::format("<form method=\"post\" action=\"/portal/open\"><input type=\"hidden\" "
                                  "name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"t\" value=\"{}\">"
                                  "<button>Open {}</button></form>",
                                  e(token), e(link), e(*case_id)),
                      nullptr);
  std::get<StringResponse>(res.message)
      .insert(beast_http::field::set_cookie, set_cookie(k_csrf_cookie, token, req.secure));
  return res;
}

Response WebApp::portal(const Request& req) {
  std::string_view path = req.path();
  auto method = req.message.method();
  if (path == "/portal/open") {
    return open_link(req);
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who) {
    return error_page(req, beast_http::status::not_found, "No such page: open your private link again.");
  }
  auto parts = util::split(path.substr(8), '/');
  std::string id;
  if (parts.size() > 2 || !decode_path_segment(parts[0], id)) {
    return error_page(req, beast_http::status::not_found, "No such page.", &*who);
  }
  if (id.empty()) {
    if (who->who.via_link()) {
      return redirect(req, "/portal/" + who->who.link_case);
    }
    std::string body = "<ul>";
    auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto grants, tx.list_user_grants(who->who.name));
      for (const auto& g : grants) {
        body += fmt::format("<li><a href=\"/portal/{0}\">{0}</a></li>", e(g.case_id));
      }
      return {};
    });
    if (!read) {
      return from_error(req, read.error(), &*who);
    }
    return page(req, beast_http::status::ok, "Your reports", body + "</ul>", &*who);
  }
  if (parts.size() == 2) {
    return portal_action(req, *who, id, parts[1]);
  }
  if (method != beast_http::verb::get && method != beast_http::verb::head) {
    return error_page(req, beast_http::status::method_not_allowed, "GET only.", &*who);
  }
  return portal_page(req, *who, id, "");
}

Response WebApp::portal_page(const Request& req, const AuthContext& who, const std::string& id,
                             std::string_view notice) {
  std::string body;
  core::Case c;
  core::CreditState credit;
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY(access(tx, who.who, id));
    TRY_ASSIGN(c, tx.get_case(id));
    TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
    credit = core::credit_state(c, entries);
    body =
        fmt::format("<p>Status: <strong>{}</strong></p><p class=\"meta\">Reported {}{}</p>", e(public_status(c.state)),
                    e(short_time(c.created_at)),
                    c.state == core::CaseState::public_ && c.release_at ? ", published " + e(short_time(*c.release_at))
                                                                        : std::string());
    body += "<h2>Messages</h2>";
    for (const auto& t : entries) {
      if (t.kind == core::entry_kind::k_reporter_message || t.kind == core::entry_kind::k_reply) {
        body +=
            fmt::format("<div class=\"entry\"><div class=\"meta\">{} &middot; {}</div><pre>{}</pre></div>",
                        e(short_time(t.at)), t.kind == core::entry_kind::k_reply ? "security team" : "you", e(t.text));
      }
    }
    return {};
  });
  if (!read) {
    return from_error(req, read.error(), &who);
  }
  m_d.log.case_read(req.address, id, who.who.name, "portal");
  const core::Reporter& r = c.reporter;
  std::string csrf = fmt::format("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", e(who.csrf));
  body += fmt::format(
      "<form method=\"post\" action=\"/portal/{0}/message\">{1}<label>Answer or add information<textarea "
      "name=\"text\" required></textarea></label><button>Send</button></form><form method=\"post\" "
      "action=\"/portal/{0}/preferences\">{1}<fieldset><legend>Your preferences</legend><label>Credit as <input "
      "name=\"credit\" value=\"{2}\"></label><label><input type=\"checkbox\" name=\"anonymous\" value=\"1\"{3}> no "
      "credit, stay anonymous</label><label>Your disclosure deadline (YYYY-MM-DD) <input name=\"deadline\" "
      "value=\"{4}\"></label><button>Save</button></fieldset></form>",
      e(id), csrf, e(r.credit), r.anonymous ? " checked" : "", r.deadline ? e(util::format_date(*r.deadline)) : "");
  body += credit_form(id, csrf, credit);
  if (m_d.reporter_keys) {
    body += key_form(id, csrf, r);
  }
  if (!notice.empty()) {
    body = fmt::format("<p class=\"notice\">{}</p>", e(notice)) + body;
  }
  return page(req, beast_http::status::ok, c.id + ": " + c.title, body, &who);
}

Response WebApp::portal_action(const Request& req, const AuthContext& who, const std::string& id,
                               std::string_view action) {
  if (req.message.method() != beast_http::verb::post) {
    return error_page(req, beast_http::status::method_not_allowed, "POST only.", &who);
  }
  Response out = error_page(req, beast_http::status::bad_request, "bad form", &who);
  auto form = checked_form(req, who, out);
  if (!form) {
    return out;
  }
  std::string actor = who.who.via_link() ? "reporter" : "reporter:" + who.who.name;
  auto done = m_d.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::CaseAccess level, access(tx, who.who, id));
    if (level != core::CaseAccess::portal) {
      return make_error(ErrorCode::unauthorized, "only the reporter writes here; the team uses the case page");
    }
    if (action == "message") {
      return post_message(m_d.cases, tx, id, core::entry_kind::k_reporter_message, field(*form, "text"), actor);
    }
    if (action == "preferences") {
      core::CaseEdit edit;
      edit.anonymous = field(*form, "anonymous") == "1";
      edit.credit = *edit.anonymous ? "" : std::string(util::trim(field(*form, "credit")));
      if (edit.credit->size() > 200) {
        return make_error(ErrorCode::invalid_argument, "credit: longer than 200 characters");
      }
      TRY_ASSIGN(edit.deadline, optional_date(field(*form, "deadline")));
      return m_d.cases.edit(tx, id, edit, actor).map([](const core::Case&) {});
    }
    if (action == "key" && m_d.reporter_keys) {
      auto fpr = m_d.reporter_keys(tx, id, field(*form, "key"));
      if (!fpr) {
        return make_error(ErrorCode::invalid_argument, "key: " + fpr.error().message());
      }
      core::CaseEdit edit;
      edit.reporter_key = *fpr;
      return m_d.cases.edit(tx, id, edit, actor).map([](const core::Case&) {});
    }
    if (action == "credit") {
      return decide_credit(m_d.cases, tx, id, field(*form, "decision"), field(*form, "line"), actor)
          .map([](const core::CreditState&) {});
    }
    return make_error(ErrorCode::not_found, "no such action");
  });
  if (!done) {
    return from_error(req, done.error(), &who);
  }
  return redirect(req, "/portal/" + id);
}

}  // namespace embargo::http
