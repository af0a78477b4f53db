#include <fmt/format.h>

#include <embargo/core/project.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_cvss_script.hpp>
#include <embargo/http/web/web_nav.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

constexpr std::string_view k_style = R"css(
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:0 1rem;line-height:1.45;color:#111}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;border-bottom:1px solid #ccc;padding:.5rem 0}
header form{margin:0}nav a{margin-right:1rem}label.inline{display:inline}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
label{display:block;margin:.4rem 0}input,select,textarea{font:inherit;max-width:100%;box-sizing:border-box}
textarea{width:100%;min-height:5rem}.entry{border-left:3px solid #999;padding-left:.5rem;margin:.6rem 0}
.meta{color:#555;font-size:.9em}.error{background:#fdd;padding:.5rem}.notice{background:#dfd;padding:.5rem}
pre{white-space:pre-wrap}h1,h2,p,td,pre,li{overflow-wrap:anywhere}fieldset{margin:1rem 0}
@media (max-width:40rem){td,th{display:block;border:0}tr{display:block;border-bottom:1px solid #ccc}}
)css";

}  // namespace

std::string origin(const Request& req) {
  auto host = req.message.find(beast_http::field::host);
  std::string h = host == req.message.end() ? std::string("localhost") : std::string(host->value());
  return (req.secure ? "https://" : "http://") + h;
}

Result<void> post_message(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                          std::string_view kind, std::string_view text, std::string_view actor) {
  if (util::trim(text).empty()) {
    return make_error(ErrorCode::invalid_argument, "text: must not be empty");
  }
  if (text.size() > 20000) {
    return make_error(ErrorCode::invalid_argument, "text: longer than 20,000 bytes");
  }
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  return service.record(tx, c, kind, text, actor);
}

Result<core::CreditState> decide_credit(const core::CaseService& service, core::StoreTx& tx, std::string_view case_id,
                                        std::string_view decision, std::string_view line, std::string_view actor) {
  core::CreditService credit(service);
  if (decision == "accept") {
    return credit.accept(tx, case_id, "", actor);
  }
  if (decision == "edit") {
    if (util::trim(line).empty()) {
      return make_error(ErrorCode::invalid_argument, "line: empty; type the credit line you want");
    }
    return credit.accept(tx, case_id, line, actor);
  }
  if (decision == "decline") {
    return credit.decline(tx, case_id, actor);
  }
  return make_error(ErrorCode::invalid_argument, "decision: must be accept, edit or decline");
}

std::string short_time(util::Timestamp t) {
  return util::format_timestamp(t).substr(0, 16).replace(10, 1, " ") + " UTC";
}

std::optional<util::Timestamp> next_deadline(const core::Case& c, util::Timestamp now) {
  std::optional<util::Timestamp> out;
  auto consider = [&](util::Timestamp t) {
    if (t >= now && (!out || t < *out)) {
      out = t;
    }
  };
  if (c.release_at) {
    consider(*c.release_at);
  }
  if (c.reporter.deadline) {
    consider(util::end_of_day_utc(*c.reporter.deadline));
  }
  return out;
}

void WebApp::add_routes(Router& router) {
  router.add("/", [this](const Request& r) { return root(r); });
  router.add("/static/", [this](const Request& r) { return static_file(r); });
  router.add("/login", [this](const Request& r) { return login(r); });
  router.add("/logout", [this](const Request& r) { return logout(r); });
  router.add("/login/code", [this](const Request& r) { return login_code(r); });
  router.add("/account", [this](const Request& r) { return account(r); });
  router.add("/cases", [this](const Request& r) { return cases(r); });
  router.add("/report", [this](const Request& r) { return report(r); });
  router.add("/portal/", [this](const Request& r) { return portal(r); });
  router.add("/api/", [this](const Request& r) { return api(r); });
}

Response WebApp::page(const Request& req, beast_http::status status, std::string_view title, const std::string& body,
                      const AuthContext* who) {
  std::string nav;
  if (who != nullptr) {
    nav = team_nav(m_d.store, who->who);  // web_nav.hpp: only the pages `who` may open
  }
  if (who != nullptr && !who->who.via_link() && m_d.totp != nullptr) {
    nav += "<a href=\"/account\">Account</a>";
  }
  if (who != nullptr) {
    nav += fmt::format(
        "<span class=\"meta\">{}</span><form method=\"post\" action=\"/logout\"><input type=\"hidden\" "
        "name=\"csrf\" value=\"{}\"><button>Log out</button> <label class=\"inline\"><input "
        "type=\"checkbox\" name=\"everywhere\" value=\"1\"> everywhere</label></form>",
        html_escape(who->who.name), html_escape(who->csrf));
  }
  std::string html = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>{} - {}</title><link rel=\"stylesheet\" "
      "href=\"/static/style.css\"></head><body><header><strong>{}</strong>{}</header><main><h1>{}</h1>{}</main>"
      "</body></html>\n",
      html_escape(title), html_escape(m_d.project_name), html_escape(m_d.project_name), nav, html_escape(title), body);
  Response res = text_response(req, status, std::move(html), "text/html; charset=utf-8");
  auto& m = std::get<StringResponse>(res.message);
  m.set("Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors "
        "'none'; "
        "base-uri 'none'");
  m.set("Referrer-Policy", "no-referrer");
  m.set("X-Frame-Options", "DENY");
  res.user = who != nullptr ? who->who.name : "";
  return res;
}

Response WebApp::redirect(const Request& req, std::string_view location, const std::string& set_cookie_value) {
  Response res = text_response(req, beast_http::status::see_other, "", "text/plain; charset=utf-8");
  auto& m = std::get<StringResponse>(res.message);
  m.set(beast_http::field::location, std::string(location));
  m.set("Referrer-Policy", "no-referrer");
  if (!set_cookie_value.empty()) {
    m.insert(beast_http::field::set_cookie, set_cookie_value);
  }
  return res;
}

Response WebApp::error_page(const Request& req, beast_http::status status, std::string_view message,
                            const AuthContext* who) {
  return page(req, status, std::string(beast_http::obsolete_reason(status)),
              fmt::format("<p class=\"error\">{}</p>", html_escape(message)), who);
}

Response WebApp::from_error(const Request& req, const Error& error, const AuthContext* who) {
  switch (error.code()) {
    case ErrorCode::not_found:
      return error_page(req, beast_http::status::not_found, "No such page or case.", who);
    case ErrorCode::invalid_argument:
      return error_page(req, beast_http::status::bad_request, error.message(), who);
    case ErrorCode::conflict:
      return error_page(req, beast_http::status::conflict, error.message(), who);
    case ErrorCode::unauthorized:
      return error_page(req, beast_http::status::forbidden, error.message(), who);
    case ErrorCode::busy:
      return error_page(req, beast_http::status::service_unavailable, "The store is busy; try again.", who);
    default:
      return error_page(req, beast_http::status::internal_server_error, "Internal error.", who);
  }
}

std::optional<FormFields> WebApp::checked_form(const Request& req, const AuthContext& who, Response& out) {
  auto form = parse_form(req.message.body());
  if (!form) {
    out = error_page(req, beast_http::status::bad_request, form.error().message(), &who);
    return std::nullopt;
  }
  if (!WebAuth::csrf_ok(who.csrf, field(*form, "csrf"))) {
    out = error_page(req, beast_http::status::forbidden, "csrf: the form's token is missing or stale; reload the page",
                     &who);
    return std::nullopt;
  }
  return std::move(*form);
}

Result<core::CaseAccess> WebApp::access(core::StoreTx& tx, const core::Principal& who, std::string_view case_id) {
  return core::case_access(tx, who, case_id);  // projects and grants (core/project.hpp)
}

Response WebApp::root(const Request& req) {
  if (req.path() != "/") {
    return error_page(req, beast_http::status::not_found, "No such page.");
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who) {
    return redirect(req, "/login");
  }
  if (who->who.via_link() || who->who.role == core::Role::reporter) {
    return redirect(req, who->who.via_link() ? "/portal/" + who->who.link_case : "/portal/");
  }
  auto m = req.message.method();
  if (m != beast_http::verb::get && m != beast_http::verb::head) {
    return error_page(req, beast_http::status::method_not_allowed, "GET only.", &*who);
  }
  return front_page(req, *who);
}

Response WebApp::static_file(const Request& req) {
  Response res = error_page(req, beast_http::status::not_found, "No such file.");
  std::string_view path = req.path();
  if (path == "/static/cvss.js") {
    res = text_response(req, beast_http::status::ok, std::string(cvss_script()), "text/javascript; charset=utf-8");
  } else if (path == "/static/style.css") {
    res = text_response(req, beast_http::status::ok, std::string(k_style) + std::string(case_page_style()),
                        "text/css; charset=utf-8");
  } else if (m_d.encryption != nullptr && (path == "/static/openpgp.min.js" || path == "/static/report.js")) {
    res = text_response(req, beast_http::status::ok,
                        path == "/static/openpgp.min.js" ? m_d.encryption->openpgp_js : std::string(report_script()),
                        "text/javascript; charset=utf-8");
  } else {
    return res;
  }
  std::get<StringResponse>(res.message).set(beast_http::field::cache_control, "max-age=3600");
  return res;
}

Response WebApp::login(const Request& req) {
  if (req.path() != "/login") {
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
    auto secret = m_d.auth.begin_login(field(*form, "name"), field(*form, "password"), req.address);
    if (secret) {
      return after_password(req, *secret);
    }
    if (secret.error().code() == ErrorCode::busy) {
      return error_page(req, beast_http::status::too_many_requests, secret.error().message());
    }
    error = secret.error().message();
  } else if (method != beast_http::verb::get && method != beast_http::verb::head) {
    return error_page(req, beast_http::status::method_not_allowed, "GET or POST only.");
  }
  std::string token = m_d.auth.new_form_token();
  std::string body = fmt::format(
      "{}<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
      "<label>Name <input name=\"name\" autocomplete=\"username\" required></label>"
      "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
      "</label><button>Log in</button></form><p><a href=\"/report\">Report a security problem</a></p>",
      error.empty() ? "" : fmt::format("<p class=\"error\">{}</p>", html_escape(error)), token);
  Response res =
      page(req, error.empty() ? beast_http::status::ok : beast_http::status::unauthorized, "Log in", body, nullptr);
  std::get<StringResponse>(res.message)
      .insert(beast_http::field::set_cookie, set_cookie(k_csrf_cookie, token, req.secure));
  return res;
}

Response WebApp::logout(const Request& req) {
  if (req.message.method() != beast_http::verb::post) {
    return error_page(req, beast_http::status::method_not_allowed, "POST only.");
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who) {
    return redirect(req, "/login");
  }
  Response out = redirect(req, "/login");
  auto form = checked_form(req, *who, out);
  if (!form) {
    return out;
  }
  if (auto done = m_d.auth.logout(*who, field(*form, "everywhere") == "1"); !done) {
    return from_error(req, done.error(), &*who);
  }
  return redirect(req, "/login", set_cookie(k_session_cookie, "", req.secure, 0));
}

}  // namespace embargo::http
