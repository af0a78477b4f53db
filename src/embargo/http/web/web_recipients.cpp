#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/project.hpp>
#include <embargo/http/server/form.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/http/web/web_recipients.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

using json = nlohmann::json;

using web_html::e;

beast_http::status status_of(const Error& error) {
  switch (error.code()) {
    case ErrorCode::not_found:
      return beast_http::status::not_found;
    case ErrorCode::invalid_argument:
      return beast_http::status::bad_request;
    case ErrorCode::unauthorized:
      return beast_http::status::forbidden;
    case ErrorCode::conflict:
      return beast_http::status::conflict;
    case ErrorCode::busy:
      return beast_http::status::service_unavailable;
    default:
      return beast_http::status::internal_server_error;
  }
}

std::string message_of(const Error& error) {
  switch (error.code()) {
    case ErrorCode::not_found:
      return "not found";  // the same for a missing case and one the caller may not see
    case ErrorCode::invalid_argument:
    case ErrorCode::unauthorized:
    case ErrorCode::conflict:
      return error.message();
    default:
      return "internal error";
  }
}

Response html(const Request& req, beast_http::status status, std::string_view project, std::string_view title,
              const std::string& body, std::string_view user) {
  std::string text = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>{0} - {1}</title><link rel=\"stylesheet\" "
      "href=\"/static/style.css\"></head><body><header><strong>{1}</strong><span class=\"meta\">{2}</span>"
      "</header><main><h1>{0}</h1>{3}</main></body></html>\n",
      e(title), e(project), e(user), body);
  Response res = text_response(req, status, std::move(text), "text/html; charset=utf-8");
  auto& m = std::get<StringResponse>(res.message);
  m.set("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'");
  m.set("Referrer-Policy", "no-referrer");
  m.set("X-Frame-Options", "DENY");
  res.user = std::string(user);
  return res;
}

Response json_reply(const Request& req, beast_http::status status, const json& body, std::string_view user) {
  Response res =
      text_response(req, status, body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n", "application/json");
  res.user = std::string(user);
  return res;
}

// "/recipients/ID" or "/api/v1/recipients/ID" -> ID; false when malformed.
bool case_id_of(std::string_view path, std::string_view prefix, std::string& id) {
  std::string_view rest = path.substr(prefix.size());
  return !rest.empty() && rest.find('/') == std::string_view::npos && decode_path_segment(rest, id) && !id.empty();
}

Result<int> vulnerability_field(std::string_view text) {
  if (text.empty() || text == "all") {
    return 0;
  }
  int n = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || n > 100000) {
      return make_error(ErrorCode::invalid_argument, "vulnerability: a number or 'all'");
    }
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

struct WebRecipients::View {
  const core::RecipientService* service = nullptr;  // the case's project's recipients
  core::Case c;
  std::vector<core::Vulnerability> vulns;
  std::vector<const core::Recipient*> shown;
  std::vector<const core::Recipient*> settable;
  core::StatusMap statuses;
};

WebRecipients::WebRecipients(WebRecipientsDeps deps) : m_d(std::move(deps)) {
  for (const auto& [project, recipients] : m_d.recipients) {
    m_services.emplace(project, core::RecipientService(m_d.cases, recipients));
  }
}

void WebRecipients::add_routes(Router& router) {
  router.add("/recipients/", [this](const Request& r) { return page(r); });
  router.add("/api/v1/recipients/", [this](const Request& r) { return api(r); });
}

Result<WebRecipients::View> WebRecipients::view(core::StoreTx& tx, const core::Principal& who, const std::string& id) {
  if (who.via_link() || id.size() > 64) {
    return make_error(ErrorCode::not_found, "no such case");
  }
  View v;
  TRY_ASSIGN(std::string project, tx.case_project(id));
  auto service = m_services.find(project);
  if (service == m_services.end()) {
    return make_error(ErrorCode::not_found, "no such case");
  }
  v.service = &service->second;
  // The case's team (admin and team on the server's own cases, the project's
  // team on a project's) sees and sets every recipient; a maintainer granted
  // the case sees them all.
  auto level = core::case_access(tx, who, id);
  if (!level && level.error().code() != ErrorCode::not_found) {
    return tl::unexpected(level.error());
  }
  bool granted = level && *level != core::CaseAccess::portal;
  bool team = false;
  if (level && *level == core::CaseAccess::write) {
    TRY_ASSIGN(auto projects, tx.list_user_projects(who.name));
    team = project.empty() ? who.is_staff() : std::find(projects.begin(), projects.end(), project) != projects.end();
  }
  if (granted) {
    for (const auto& r : v.service->recipients()) {
      v.shown.push_back(&r);
      if (team) {
        v.settable.push_back(&r);
      }
    }
  }
  auto own = v.service->of_user(who.name);
  if (!own.empty() && !team) {
    TRY_ASSIGN(auto outbox, tx.list_case_outbox(id));
    for (const core::Recipient* r : own) {
      bool notified = std::any_of(outbox.begin(), outbox.end(), [&](const core::OutboxEntry& o) {
        return o.case_id == id && o.list_name == r->list && o.kind != "ack";
      });
      if (notified || granted) {
        if (std::find(v.shown.begin(), v.shown.end(), r) == v.shown.end()) {
          v.shown.push_back(r);
        }
        v.settable.push_back(r);
      }
    }
  }
  if (v.shown.empty() && !team) {
    return make_error(ErrorCode::not_found, "no such case");
  }
  TRY_ASSIGN(v.c, tx.get_case(id));
  TRY_ASSIGN(v.vulns, tx.list_vulnerabilities(id));
  TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
  v.statuses = core::current_statuses(entries);
  return v;
}

Result<void> WebRecipients::change(core::StoreTx& tx, const core::Principal& who, const std::string& id,
                                   const core::StatusChange& change) {
  TRY_ASSIGN(View v, view(tx, who, id));
  TRY_ASSIGN(const core::Recipient* r, v.service->find(change.recipient));
  if (std::find(v.settable.begin(), v.settable.end(), r) == v.settable.end()) {
    return make_error(ErrorCode::unauthorized, "recipient: you may set only your own recipient's status");
  }
  TRY(v.service->set_status(tx, id, change, who.name));
  return {};
}

std::string WebRecipients::render(const View& v, const AuthContext& who, const std::string& notice) const {
  std::string out = notice.empty() ? "" : fmt::format("<p class=\"notice\">{}</p>", e(notice));
  out += fmt::format("<p>Case <strong>{}</strong>: {}. Release: {}.</p>", e(v.c.id), e(v.c.title),
                     v.c.release_at ? e(util::format_timestamp(*v.c.release_at)) : "not planned");
  out +=
      "<table id=\"recipients\"><tr><th>Recipient</th><th>List</th><th>Vulnerability</th><th>Status</th>"
      "<th>Statement</th><th>Since</th></tr>";
  for (const core::Recipient* r : v.shown) {
    for (const auto& vuln : v.vulns) {
      auto it = v.statuses.find({r->name, vuln.ordinal});
      bool has = it != v.statuses.end();
      out += fmt::format(
          "<tr data-recipient=\"{0}\" data-vulnerability=\"{2}\"><td>{0}{1}</td><td>{3}</td><td>{2} {4}</td>"
          "<td class=\"status\">{5}</td><td>{6}</td><td>{7}</td></tr>",
          e(r->name), r->important ? " (important)" : "", vuln.ordinal, e(r->list), e(vuln.title),
          has ? e(core::to_string(it->second.status)) : "-", has ? e(it->second.statement) : "",
          has ? e(util::format_timestamp(it->second.at)) + " " + e(it->second.actor) : "");
    }
  }
  out += "</table>";
  if (v.settable.empty() || v.vulns.empty()) {
    return out;
  }
  std::string names;
  for (const core::Recipient* r : v.settable) {
    names += fmt::format("<option>{}</option>", e(r->name));
  }
  std::string vulns = "<option value=\"all\">all</option>";
  for (const auto& vuln : v.vulns) {
    vulns += fmt::format("<option value=\"{0}\">{0}: {1}</option>", vuln.ordinal, e(vuln.title));
  }
  out += fmt::format(
      "<form method=\"post\" action=\"/recipients/{0}\"><input type=\"hidden\" name=\"csrf\" value=\"{1}\">"
      "<fieldset><legend>Set a status</legend><label>Recipient <select name=\"recipient\">{2}</select></label>"
      "<label>Vulnerability <select name=\"vulnerability\">{3}</select></label><label>Status <select "
      "name=\"status\"><option>notified</option><option>acknowledged</option><option>packages-ready</option>"
      "<option>not-affected</option></select></label><label>Statement <textarea name=\"statement\"></textarea>"
      "</label><button>Save status</button></fieldset></form>",
      e(v.c.id), e(who.csrf), names, vulns);
  return out;
}

json WebRecipients::to_json(const View& v) const {
  json rows = json::array();
  for (const core::Recipient* r : v.shown) {
    for (const auto& vuln : v.vulns) {
      json row = {{"recipient", r->name},
                  {"list", r->list},
                  {"important", r->important},
                  {"vulnerability", vuln.ordinal},
                  {"status", nullptr}};
      if (auto it = v.statuses.find({r->name, vuln.ordinal}); it != v.statuses.end()) {
        row["status"] = core::to_string(it->second.status);
        row["statement"] = it->second.statement;
        row["at"] = util::format_timestamp(it->second.at);
        row["actor"] = it->second.actor;
        row["via"] = it->second.via;
      }
      rows.push_back(row);
    }
  }
  return {{"case", v.c.id}, {"recipients", rows}};
}

Response WebRecipients::page(const Request& req) {
  std::string id;
  if (!case_id_of(req.path(), "/recipients/", id)) {
    return html(req, beast_http::status::not_found, m_d.project_name, "Not Found", "<p>No such page.</p>", "");
  }
  auto who = m_d.auth.authenticate(req, false);
  if (!who) {
    Response res = text_response(req, beast_http::status::see_other, "", "text/plain; charset=utf-8");
    std::get<StringResponse>(res.message).set(beast_http::field::location, "/login");
    return res;
  }
  auto method = req.message.method();
  std::string notice;
  Result<void> done{};
  if (method == beast_http::verb::post) {
    auto form = parse_form(req.message.body());
    if (!form) {
      done = tl::unexpected(form.error());
    } else if (!WebAuth::csrf_ok(who->csrf, field(*form, "csrf"))) {
      done = make_error(ErrorCode::unauthorized, "csrf: the form's token is missing or stale; reload the page");
    } else {
      core::StatusChange c{field(*form, "recipient"), 0, {}, field(*form, "statement"), "web"};
      done = vulnerability_field(field(*form, "vulnerability")).and_then([&](int n) -> Result<void> {
        c.vulnerability = n;
        TRY_ASSIGN(c.status, core::parse_recipient_status(field(*form, "status")));
        return m_d.store.write([&](core::StoreTx& tx) { return change(tx, who->who, id, c); });
      });
      notice = fmt::format("Saved: {} {}.", c.recipient, core::to_string(c.status));
    }
  } else if (method != beast_http::verb::get && method != beast_http::verb::head) {
    done = make_error(ErrorCode::invalid_argument, "GET or POST only");
  }
  std::string body;
  if (done) {
    done = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(View v, view(tx, who->who, id));
      body = render(v, *who, notice);
      return {};
    });
  }
  if (!done) {
    return html(req, status_of(done.error()), m_d.project_name, "Recipients",
                fmt::format("<p class=\"error\">{}</p>", e(message_of(done.error()))), who->who.name);
  }
  m_d.log.case_read(req.address, id, who->who.name, "recipients");
  return html(req, beast_http::status::ok, m_d.project_name, "Recipients of " + id, body, who->who.name);
}

Response WebRecipients::api(const Request& req) {
  std::string id;
  if (!case_id_of(req.path(), "/api/v1/recipients/", id)) {
    return json_reply(req, beast_http::status::not_found, {{"error", "not_found"}, {"message", "not found"}}, "");
  }
  auto who = m_d.auth.authenticate(req, true);
  if (!who) {
    Response res = json_reply(req, beast_http::status::unauthorized,
                              {{"error", "unauthorized"}, {"message", "an API token is needed (Bearer)"}}, "");
    std::get<StringResponse>(res.message).set(beast_http::field::www_authenticate, "Bearer realm=\"embargo\"");
    return res;
  }
  json out;
  Result<void> done{};
  auto method = req.message.method();
  if (method == beast_http::verb::post) {
    auto body = json::parse(req.message.body(), nullptr, false);
    done = [&]() -> Result<void> {
      if (!body.is_object()) {
        return make_error(ErrorCode::invalid_argument, "body: not a JSON object");
      }
      core::StatusChange c;
      c.via = "api";
      for (const char* key : {"recipient", "status", "statement"}) {
        if (body.contains(key) && !body[key].is_string()) {
          return make_error(ErrorCode::invalid_argument, fmt::format("{}: must be a string", key));
        }
      }
      if (body.contains("vulnerability") && !body["vulnerability"].is_number_unsigned()) {
        return make_error(ErrorCode::invalid_argument, "vulnerability: must be a positive number");
      }
      c.recipient = body.value("recipient", "");
      c.statement = body.value("statement", "");
      c.vulnerability = body.value("vulnerability", 0);
      TRY_ASSIGN(c.status, core::parse_recipient_status(body.value("status", "")));
      return m_d.store.write([&](core::StoreTx& tx) { return change(tx, who->who, id, c); });
    }();
  } else if (method != beast_http::verb::get) {
    done = make_error(ErrorCode::invalid_argument, "method not allowed here");
  }
  if (done) {
    done = m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(View v, view(tx, who->who, id));
      out = to_json(v);
      return {};
    });
  }
  if (!done) {
    return json_reply(req, status_of(done.error()),
                      {{"error", std::string(to_string(done.error().code()))}, {"message", message_of(done.error())}},
                      who->who.name);
  }
  m_d.log.case_read(req.address, id, who->who.name, "api");
  return json_reply(req, beast_http::status::ok, out, who->who.name);
}

}  // namespace embargo::http
