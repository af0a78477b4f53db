#include <algorithm>

#include <fmt/format.h>

#include <embargo/http/server/form.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/http/web/web_nav.hpp>
#include <embargo/http/web/web_quarantine.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

constexpr std::size_t k_shown_bytes = 64 * 1024;

using web_html::not_found;

using web_html::e;

}  // namespace

void QuarantinePages::add_routes(Router& router) {
  router.add("/quarantine", [this](const Request& r) { return handle(r); });
}

Response QuarantinePages::html(const Request& req, beast_http::status status, std::string_view title,
                               const std::string& body, const AuthContext& who) {
  std::string page = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>{} - {}</title><link rel=\"stylesheet\" "
      "href=\"/static/style.css\"></head><body><header><strong>{}</strong>{}<span class=\"meta\">{}</span>"
      "</header><main><h1>{}</h1>{}</main></body></html>\n",
      e(title), e(m_d.project_name), e(m_d.project_name), team_nav(m_d.store, who.who), e(who.who.name), e(title),
      body);
  Response res = text_response(req, status, std::move(page), "text/html; charset=utf-8");
  auto& m = std::get<StringResponse>(res.message);
  m.set("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'");
  m.set("Referrer-Policy", "no-referrer");
  m.set("X-Frame-Options", "DENY");
  m.set(beast_http::field::cache_control, "private, no-store");
  res.user = who.who.name;
  return res;
}

Response QuarantinePages::handle(const Request& req) {
  std::string_view path = req.path();
  if (path != "/quarantine" && path != "/quarantine/" && !path.starts_with("/quarantine/")) {
    return not_found(req);
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who || who->who.via_link() || who->who.role == core::Role::reporter) {
    return not_found(req);
  }
  Viewer v{*who, {}};
  auto read = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(v.projects, tx.list_user_projects(who->who.name));
    return {};
  });
  if (!read) {
    return text_response(req, beast_http::status::service_unavailable, "The store is busy; try again.\n");
  }
  if (!may_open_quarantine(who->who, v.projects)) {
    return not_found(req);  // on no team: no quarantined mail is theirs (the same rule as the nav, web_nav.hpp)
  }
  if (path == "/quarantine" || path == "/quarantine/") {
    return list(req, v);
  }
  auto parts = util::split(path.substr(12), '/');
  std::string id;
  if (parts.size() > 2 || !decode_path_segment(parts[0], id) || !mail::validate_quarantine_id(id)) {
    return not_found(req);
  }
  if (parts.size() == 2) {
    return act(req, v, id, parts[1]);
  }
  auto m = req.message.method();
  if (m != beast_http::verb::get && m != beast_http::verb::head) {
    return text_response(req, beast_http::status::method_not_allowed, "GET only.\n");
  }
  return show(req, v, id, "");
}

Result<mail::QuarantinedMessage> QuarantinePages::find_for(const Viewer& v, const std::string& id) const {
  TRY_ASSIGN(mail::QuarantinedMessage m, m_quarantine.find(id));
  if (!mail::may_handle_quarantined(v.auth.who, m.project, v.projects)) {
    return make_error(ErrorCode::not_found, fmt::format("no quarantined message {}", id));
  }
  return m;
}

Response QuarantinePages::list(const Request& req, const Viewer& v) {
  auto all = m_quarantine.list();
  if (!all) {
    return text_response(req, beast_http::status::internal_server_error, "The quarantine cannot be read.\n");
  }
  std::string rows;
  std::size_t shown = 0;
  for (const auto& m : *all) {
    if (!mail::may_handle_quarantined(v.auth.who, m.project, v.projects)) {
      continue;
    }
    ++shown;
    rows += fmt::format(
        "<tr><td><a href=\"/quarantine/{0}\">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td>"
        "<td>{5}</td></tr>\n",
        e(m.id), e(util::format_timestamp_human(m.at)), e(m.project.empty() ? "-" : m.project), e(m.from), e(m.subject),
        e(m.reason));
  }
  std::string body = shown == 0
                         ? std::string("<p>No quarantined mail.</p>")
                         : fmt::format(
                               "<p>Mail the intake could not read. Release it once the key or limit is fixed, or "
                               "discard it saying why.</p><table><tr><th>Id</th><th>Kept</th><th>Project</th>"
                               "<th>From</th><th>Subject</th><th>Why</th></tr>\n{}</table>",
                               rows);
  m_d.log.event("quarantine", fmt::format("list by {} ({} shown)", v.auth.who.name, shown));
  return html(req, beast_http::status::ok, "Quarantined mail", body, v.auth);
}

Response QuarantinePages::show(const Request& req, const Viewer& v, const std::string& id, std::string_view message) {
  const AuthContext& who = v.auth;
  auto m = find_for(v, id);
  auto raw = m ? m_quarantine.raw(id) : Result<std::string>(tl::unexpected(m.error()));
  if (!m || !raw) {
    return not_found(req);
  }
  std::string shown = raw->substr(0, std::min(raw->size(), k_shown_bytes));
  std::string body = fmt::format(
      "{}<table><tr><th>Kept</th><td>{}</td></tr><tr><th>Why</th><td>{}</td></tr><tr><th>Project</th><td>{}</td></tr>"
      "<tr><th>From</th><td>{}</td></tr><tr><th>Subject</th><td>{}</td></tr><tr><th>Message-ID</th><td>{}</td></tr>"
      "<tr><th>Size</th><td>{} bytes</td></tr><tr><th>sha256</th><td><code>{}</code></td></tr></table>"
      "<form method=\"post\" action=\"/quarantine/{}/release\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
      "<button type=\"submit\">Release (run intake again)</button></form>"
      "<form method=\"post\" action=\"/quarantine/{}/discard\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
      "<label>Why discard <input name=\"why\" required maxlength=\"2000\"></label>"
      "<button type=\"submit\">Discard</button></form>"
      "<h2>As received{}</h2><pre>{}</pre>",
      message.empty() ? std::string() : fmt::format("<p class=\"notice\">{}</p>", e(message)),
      e(util::format_timestamp_human(m->at)), e(m->reason), e(m->project.empty() ? "(the server's own)" : m->project),
      e(m->from), e(m->subject), e(m->message_id), m->size, e(m->sha256), e(id), e(who.csrf), e(id), e(who.csrf),
      raw->size() > k_shown_bytes ? " (the first 64 KiB)" : "", e(shown));
  m_d.log.event("quarantine", fmt::format("show {} by {}", id, who.who.name));
  return html(req, beast_http::status::ok, "Quarantined " + id, body, who);
}

Response QuarantinePages::act(const Request& req, const Viewer& v, const std::string& id, std::string_view action) {
  const AuthContext& who = v.auth;
  if ((action != "release" && action != "discard") || !find_for(v, id)) {
    return not_found(req);  // absent, or another team's: the same answer
  }
  if (req.message.method() != beast_http::verb::post) {
    return text_response(req, beast_http::status::method_not_allowed, "POST only.\n");
  }
  auto form = parse_form(req.message.body());
  if (!form || who.csrf.empty() || !WebAuth::csrf_ok(who.csrf, field(*form, "csrf"))) {
    return html(req, beast_http::status::forbidden, "Refused",
                "<p>csrf: the form's token is missing or stale; reload the page.</p>", who);
  }
  return action == "discard" ? discard(req, v, id, field(*form, "why")) : release(req, v, id);
}

Response QuarantinePages::discard(const Request& req, const Viewer& v, const std::string& id, std::string_view why) {
  auto done = m_quarantine.discard(id, v.auth.who.name, why);
  if (!done) {
    return done.error().code() == ErrorCode::invalid_argument ? show(req, v, id, done.error().message())
                                                              : not_found(req);
  }
  m_d.log.event("quarantine", fmt::format("discard {} by {}", id, v.auth.who.name));
  return html(req, beast_http::status::ok, "Discarded",
              fmt::format("<p>{} was discarded (kept in quarantine/discarded/).</p>"
                          "<p><a href=\"/quarantine\">Back to the quarantine</a></p>",
                          e(id)),
              v.auth);
}

Response QuarantinePages::release(const Request& req, const Viewer& v, const std::string& id) {
  if (!m_d.receive) {
    return show(req, v, id, fmt::format("This server cannot run intake; run: embargo quarantine release {}", id));
  }
  std::lock_guard lock(m_release_mutex);
  auto released = m_quarantine.release(id, v.auth.who.name, m_d.receive);
  m_d.log.event("quarantine", fmt::format("release {} by {}: {}", id, v.auth.who.name,
                                          released ? (released->released ? "released" : "still quarantined")
                                                   : released.error().message()));
  if (!released) {
    return show(req, v, id, "Release failed, nothing changed: " + released.error().message());
  }
  if (!released->released) {
    return show(req, v, id, "Still quarantined: " + released->result.reason);
  }
  const auto& r = released->result;
  std::string link = r.case_id.empty() ? std::string("-") : fmt::format("<a href=\"/cases/{0}\">{0}</a>", e(r.case_id));
  return html(req, beast_http::status::ok, "Released",
              fmt::format("<p>{} was taken by intake: {} {}.</p><p><a href=\"/quarantine\">Back to the "
                          "quarantine</a></p>",
                          e(id), e(mail::to_string(r.outcome)), link),
              v.auth);
}

}  // namespace embargo::http
