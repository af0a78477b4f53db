// Two-step login (http/totp_gate.hpp) in the web pages: the account page
// where a user turns it on and off, and the code step of the login.
//
//   GET  /account                       status and the forms
//   POST /account/totp/{start,confirm,disable}
//   GET  /login/code  POST /login/code  the one-time code after the password

#include <fmt/format.h>

#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_html.hpp>

namespace embargo::http {

namespace {

constexpr std::string_view k_pending_cookie = "embargo_pending";

using web_html::e;

std::string code_input() {
  return "<label>Code from your authenticator app <input name=\"code\" inputmode=\"numeric\" "
         "autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required></label>";
}

std::string code_form(std::string_view action, std::string_view csrf, std::string_view button) {
  return fmt::format(
      "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">{}"
      "<button>{}</button></form>",
      action, e(csrf), code_input(), button);
}

// The base32 key inside an otpauth:// URI, in groups of four, for apps
// where it is typed by hand.
std::string typed_key(std::string_view uri) {
  auto at = uri.find("secret=");
  if (at == std::string_view::npos) {
    return "";
  }
  std::string_view key = uri.substr(at + 7, uri.find('&', at) - at - 7);
  std::string out;
  for (std::size_t i = 0; i < key.size(); i += 4) {
    out += (out.empty() ? "" : " ") + std::string(key.substr(i, 4));
  }
  return out;
}

void no_store(Response& res) {
  std::get<StringResponse>(res.message).set(beast_http::field::cache_control, "no-store");
}

}  // namespace

Response WebApp::account(const Request& req) {
  auto who = m_d.auth.authenticate(req, false);
  if (!who) {
    return redirect(req, "/login");
  }
  if (who->who.via_link() || m_d.totp == nullptr) {
    return error_page(req, beast_http::status::not_found, "No such page.", &*who);
  }
  std::string_view path = req.path();
  if (path == "/account") {
    if (req.message.method() != beast_http::verb::get && req.message.method() != beast_http::verb::head) {
      return error_page(req, beast_http::status::method_not_allowed, "GET only.", &*who);
    }
    return account_page(req, *who, "", "");
  }
  constexpr std::string_view prefix = "/account/totp/";
  std::string_view action = path.substr(std::min(path.size(), prefix.size()));
  if (!path.starts_with(prefix) || (action != "start" && action != "confirm" && action != "disable")) {
    return error_page(req, beast_http::status::not_found, "No such page.", &*who);
  }
  if (req.message.method() != beast_http::verb::post) {
    return error_page(req, beast_http::status::method_not_allowed, "POST only.", &*who);
  }
  Response out = redirect(req, "/account");
  auto form = checked_form(req, *who, out);
  if (!form) {
    return out;
  }
  const std::string& name = who->who.name;
  if (action == "start") {
    auto uri = m_d.totp->start_enrolment(name);
    if (!uri) {
      return account_page(req, *who, "", uri.error().message());
    }
    return account_page(req, *who, *uri, "");
  }
  auto done = action == "confirm" ? m_d.totp->confirm(name, field(*form, "code"), req.address)
                                  : m_d.totp->disable(name, field(*form, "code"), req.address);
  if (!done) {
    if (done.error().code() == ErrorCode::busy) {
      return error_page(req, beast_http::status::too_many_requests, done.error().message(), &*who);
    }
    return account_page(req, *who, "", done.error().message());
  }
  return redirect(req, "/account");
}

Response WebApp::account_page(const Request& req, const AuthContext& who, std::string_view uri,
                              std::string_view error) {
  std::optional<core::TotpEnrolment> enrolment;
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(enrolment, tx.find_totp(who.who.name));
    return {};
  });
  if (!read) {
    return from_error(req, read.error(), &who);
  }
  std::string body = fmt::format("<p>Signed in as <strong>{}</strong> ({}).</p><h2>Two-step login</h2>",
                                 e(who.who.name), e(core::to_string(who.who.role)));
  if (!error.empty()) {
    body += fmt::format("<p class=\"error\">{}</p>", e(error));
  }
  std::string start = fmt::format(
      "<form method=\"post\" action=\"/account/totp/start\"><input type=\"hidden\" "
      "name=\"csrf\" value=\"{}\"><button>{}</button></form>",
      e(who.csrf), "{}");
  if (!uri.empty()) {
    body += fmt::format(
        "<p>Add this key to your authenticator app (it is shown only now; copy the whole line):</p>"
        "<pre id=\"otpauth\">{}</pre><p>Or type this key into the app (time-based, 6 digits, 30 s):</p>"
        "<pre id=\"totp-key\">{}</pre><p>Then enter the code the app shows to turn two-step login on.</p>{}",
        e(uri), e(typed_key(uri)), code_form("/account/totp/confirm", who.csrf, "Turn on"));
  } else if (enrolment && enrolment->confirmed) {
    body +=
        "<p class=\"notice\">On: logging in asks for a code from your authenticator app.</p>"
        "<p>To turn it off, enter a current code.</p>" +
        code_form("/account/totp/disable", who.csrf, "Turn off");
  } else if (enrolment) {
    body +=
        "<p>Started but not confirmed: enter a code from the app to turn it on, or start again with a new key."
        "</p>" +
        code_form("/account/totp/confirm", who.csrf, "Turn on") +
        fmt::format(fmt::runtime(start), "Start again with a new key");
  } else {
    body += "<p>Off. With it on, logging in also asks for a six-digit code from an authenticator app.</p>" +
            fmt::format(fmt::runtime(start), "Turn on two-step login");
  }
  Response res =
      page(req, error.empty() ? beast_http::status::ok : beast_http::status::bad_request, "Account", body, &who);
  no_store(res);
  return res;
}

Response WebApp::login_code(const Request& req) {
  if (req.path() != "/login/code") {
    return error_page(req, beast_http::status::not_found, "No such page.");
  }
  auto pending = cookie(req.message, k_pending_cookie);
  if (!pending || pending->empty() || pending->size() > 128) {
    return redirect(req, "/login");
  }
  std::string csrf = WebAuth::csrf_for(*pending);
  std::string error;
  auto status = beast_http::status::ok;
  if (req.message.method() == beast_http::verb::post) {
    auto form = parse_form(req.message.body());
    if (!form || !WebAuth::csrf_ok(csrf, field(*form, "csrf"))) {
      return error_page(req, beast_http::status::forbidden, "csrf: the form's token is missing or stale; reload");
    }
    auto session = m_d.auth.finish_login(*pending, field(*form, "code"), req.address);
    if (session) {
      Response res = redirect(req, "/", set_cookie(k_session_cookie, *session, req.secure));
      std::get<StringResponse>(res.message)
          .insert(beast_http::field::set_cookie, set_cookie(k_pending_cookie, "", req.secure, 0));
      return res;
    }
    switch (session.error().code()) {
      case ErrorCode::busy:
        return error_page(req, beast_http::status::too_many_requests, session.error().message());
      case ErrorCode::not_found: {
        Response res = redirect(req, "/login");
        std::get<StringResponse>(res.message)
            .insert(beast_http::field::set_cookie, set_cookie(k_pending_cookie, "", req.secure, 0));
        return res;
      }
      default:
        error = session.error().message();
        status = beast_http::status::unauthorized;
    }
  } else if (req.message.method() != beast_http::verb::get && req.message.method() != beast_http::verb::head) {
    return error_page(req, beast_http::status::method_not_allowed, "GET or POST only.");
  }
  std::string body = (error.empty() ? std::string() : fmt::format("<p class=\"error\">{}</p>", e(error))) +
                     "<p>This account uses two-step login.</p>" + code_form("/login/code", csrf, "Log in");
  Response res = page(req, status, "One-time code", body, nullptr);
  no_store(res);
  return res;
}

Response WebApp::after_password(const Request& req, const WebAuth::LoginStep& step) {
  if (!step.pending.empty()) {
    return redirect(req, "/login/code", set_cookie(k_pending_cookie, step.pending, req.secure));
  }
  return redirect(req, "/", set_cookie(k_session_cookie, step.session, req.secure));
}

}  // namespace embargo::http
