// The JSON API under /api/v1/ (documented by /api/v1/openapi.json, served
// from web_openapi.cpp). Authenticated by API tokens only ("Authorization:
// Bearer emb_..."), never by the session cookie, so no CSRF token is needed.
// Same authorisation as the pages: a case the token may not see is 404.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_json.hpp>
#include <embargo/core/project.hpp>
#include <embargo/http/api/openapi.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_schedule.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

using json = nlohmann::json;

Response json_response(const Request& req, beast_http::status status, const json& body, std::string_view user) {
  Response res =
      text_response(req, status, body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n", "application/json");
  res.user = std::string(user);
  return res;
}

Response api_error(const Request& req, const Error& error, std::string_view user) {
  beast_http::status status = beast_http::status::internal_server_error;
  switch (error.code()) {
    case ErrorCode::not_found:
      status = beast_http::status::not_found;
      break;
    case ErrorCode::invalid_argument:
      status = beast_http::status::bad_request;
      break;
    case ErrorCode::conflict:
      status = beast_http::status::conflict;
      break;
    case ErrorCode::unauthorized:
      status = beast_http::status::forbidden;
      break;
    case ErrorCode::busy:
      status = beast_http::status::service_unavailable;
      break;
    default:
      break;
  }
  std::string message = status == beast_http::status::internal_server_error ? "internal error" : error.message();
  if (error.code() == ErrorCode::not_found) {
    message = "not found";  // the same for a case that does not exist and one the caller may not see
  }
  return json_response(req, status, json{{"error", std::string(to_string(error.code()))}, {"message", message}}, user);
}

Result<json> body_object(const Request& req) {
  auto parsed = json::parse(req.message.body(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return make_error(ErrorCode::invalid_argument, "body: not a JSON object");
  }
  return parsed;
}

Result<std::optional<std::string>> string_member(const json& j, const char* name) {
  if (!j.contains(name)) {
    return std::optional<std::string>();
  }
  if (!j[name].is_string()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: must be a string", name));
  }
  return std::optional<std::string>(j[name].get<std::string>());
}

Result<std::string> required_string(const json& j, const char* name) {
  TRY_ASSIGN(auto v, string_member(j, name));
  if (!v) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: missing", name));
  }
  return *v;
}

Result<core::CaseEdit> edit_from(const json& j) {
  core::CaseEdit edit;
  TRY_ASSIGN(edit.title, string_member(j, "title"));
  TRY_ASSIGN(auto impact, string_member(j, "impact"));
  if (impact) {
    TRY_ASSIGN(edit.impact, core::parse_impact(*impact));
  }
  TRY_ASSIGN(auto exploitation, string_member(j, "exploitation"));
  if (exploitation) {
    TRY_ASSIGN(edit.exploitation, core::parse_exploitation(*exploitation));
  }
  TRY_ASSIGN(edit.credit, string_member(j, "credit"));
  TRY_ASSIGN(edit.own_cve, string_member(j, "own_cve"));
  if (j.contains("anonymous")) {
    if (!j["anonymous"].is_boolean()) {
      return make_error(ErrorCode::invalid_argument, "anonymous: must be true or false");
    }
    edit.anonymous = j["anonymous"].get<bool>();
  }
  TRY_ASSIGN(auto deadline, string_member(j, "deadline"));
  if (deadline) {
    std::optional<util::Date> d;
    if (!deadline->empty()) {
      auto parsed = util::parse_date(*deadline);
      if (!parsed) {
        return make_error(ErrorCode::invalid_argument, "deadline: " + parsed.error().message());
      }
      d = *parsed;
    }
    edit.deadline = d;
  }
  return edit;
}

json credit_json(const core::CreditState& s) {
  return {{"line", s.line},
          {"decision", core::to_string(s.decision)},
          {"decided_at", s.decided_at ? json(util::format_timestamp(*s.decided_at)) : json(nullptr)}};
}

json portal_json(const core::Case& c, const std::vector<core::TimelineEntry>& entries) {
  json messages = json::array();
  for (const auto& t : entries) {
    if (t.kind == core::entry_kind::k_reporter_message || t.kind == core::entry_kind::k_reply) {
      messages.push_back({{"at", util::format_timestamp(t.at)},
                          {"from", t.kind == core::entry_kind::k_reply ? "team" : "reporter"},
                          {"text", t.text}});
    }
  }
  return {{"id", c.id},
          {"title", c.title},
          {"state", core::to_string(c.state)},
          {"reporter", core::to_json(c.reporter)},
          {"credit", credit_json(core::credit_state(c, entries))},
          {"messages", messages}};
}

// The schedule exactly as `embargo case show --format json` gives it (cli/case_show_command.cpp).
json schedule_json(const std::vector<scheduler::ScheduleRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back({{"kind", r.job.kind},
                   {"due_at", util::format_timestamp(r.job.due_at)},
                   {"state", core::to_string(r.job.state)},
                   {"skipped", r.skipped_why ? json(*r.skipped_why) : json()},
                   {"attempts", r.job.attempts},
                   {"last_error", r.job.last_error}});
  }
  return out;
}

// A case's next pending step for the list: {kind, due_at}, or null.
json next_step_json(const NextSteps& next, const std::string& case_id) {
  auto it = next.find(case_id);
  if (it == next.end()) {
    return nullptr;
  }
  return {{"kind", it->second.kind}, {"due_at", util::format_timestamp(it->second.due_at)}};
}

}  // namespace

Response WebApp::api(const Request& req) {
  std::string_view path = req.path();
  auto method = req.message.method();
  if (path == "/api/v1/openapi.json") {
    return text_response(req, beast_http::status::ok, std::string(openapi_document()), "application/json");
  }
  if (!path.starts_with("/api/v1/")) {
    return json_response(req, beast_http::status::not_found, {{"error", "not_found"}, {"message", "not found"}}, "");
  }
  auto who = m_d.auth.authenticate(req, true);
  if (!who) {
    Response res = json_response(req, beast_http::status::unauthorized,
                                 {{"error", "unauthorized"}, {"message", "an API token is needed (Bearer)"}}, "");
    std::get<StringResponse>(res.message).set(beast_http::field::www_authenticate, "Bearer realm=\"embargo\"");
    return res;
  }
  const std::string& user = who->who.name;
  auto parts = util::split(path.substr(8), '/');
  std::string id;
  if (parts.size() >= 3 && parts[0] == "cases" &&
      (parts[2] == "vulnerabilities" || parts[2] == "grants" || parts[2] == "plan")) {
    // web_api_case.cpp
    if (method != beast_http::verb::get && method != beast_http::verb::head && method != beast_http::verb::post &&
        method != beast_http::verb::patch) {
      return json_response(req, beast_http::status::method_not_allowed,
                           {{"error", "invalid_argument"}, {"message", "method not allowed here"}}, user);
    }
    json out;
    beast_http::status status = beast_http::status::ok;
    Result<void> done = decode_path_segment(parts[1], id) ? api_case_part(req, *who, id, parts, out, status)
                                                          : Result<void>(make_error(ErrorCode::not_found, ""));
    return done ? json_response(req, status, out, user) : api_error(req, done.error(), user);
  }
  if (parts.size() > 3 || (parts.size() >= 2 && !decode_path_segment(parts[1], id))) {
    return api_error(req, Error(ErrorCode::not_found, ""), user);
  }
  json out;
  beast_http::status status = beast_http::status::ok;
  Result<void> done = make_error(ErrorCode::not_found, "");
  auto is = [&](beast_http::verb v) { return method == v; };
  auto segment = [&](std::size_t i) { return i < parts.size() ? parts[i] : std::string_view("\x01"); };
  if (segment(0) == "me" && parts.size() == 1 && is(beast_http::verb::get)) {
    out = {{"name", user}, {"role", core::to_string(who->who.role)}};
    done = {};
  } else if (segment(0) == "cases" && parts.size() == 1 && is(beast_http::verb::get)) {
    done = api_list(req, *who, out);
  } else if (segment(0) == "cases" && parts.size() == 1 && is(beast_http::verb::post)) {
    done = api_create(req, *who, out);
    status = beast_http::status::created;
  } else if (segment(0) == "cases" && parts.size() == 2 && is(beast_http::verb::get)) {
    done = api_case(req, *who, id, out);
  } else if (segment(0) == "cases" && parts.size() == 3 && segment(2) == "tested-on" && is(beast_http::verb::post)) {
    done = api_tested_on(req, *who, id, out);
    status = beast_http::status::created;
  } else if (segment(0) == "cases" && parts.size() >= 2 &&
             (is(beast_http::verb::post) || is(beast_http::verb::patch))) {
    done = api_change(req, *who, id, parts.size() == 3 ? segment(2) : std::string_view(), out);
  } else if (segment(0) == "cases" || segment(0) == "me") {
    return json_response(req, beast_http::status::method_not_allowed,
                         {{"error", "invalid_argument"}, {"message", "method not allowed here"}}, user);
  }
  if (!done) {
    return api_error(req, done.error(), user);
  }
  return json_response(req, status, out, user);
}

namespace {

// A case as the team sees it: core::to_json and its project ("" is the
// server's own).
Result<json> team_case_json(core::StoreTx& tx, const core::Case& c) {
  TRY_ASSIGN(std::string project, tx.case_project(c.id));
  return core::to_json(c, project);
}

}  // namespace

Result<void> WebApp::api_list(const Request& req, const AuthContext& who, nlohmann::json& out) {
  std::optional<core::CaseState> only;
  TRY_ASSIGN(auto query,
             parse_form(query_of(std::string_view(req.message.target().data(), req.message.target().size()))));
  if (!field(query, "state").empty()) {
    TRY_ASSIGN(only, core::parse_case_state(field(query, "state")));
  }
  // ?next_step=1 adds each case's next pending release step. Opt-in: without it the list stays
  // what `embargo case list --format json` prints (cli/remote.hpp prints the answer as is).
  std::string next_field = field(query, "next_step");
  if (!next_field.empty() && next_field != "0" && next_field != "1") {
    return make_error(ErrorCode::invalid_argument, "next_step: must be 0 or 1");
  }
  bool with_next = next_field == "1";
  out = json::array();
  return m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(std::vector<core::Case> list, core::visible_cases(tx, who.who, only, 0));
    bool portal_only = who.who.role == core::Role::reporter;
    NextSteps next;
    if (with_next && !portal_only) {
      TRY_ASSIGN(next, next_due_steps(tx));  // one query for every case
    }
    for (const auto& c : list) {
      if (portal_only) {
        out.push_back(json{{"id", c.id}, {"title", c.title}, {"state", core::to_string(c.state)}});
      } else {
        TRY_ASSIGN(json one, team_case_json(tx, c));
        if (with_next) {
          one["next_step"] = next_step_json(next, c.id);
        }
        out.push_back(std::move(one));
      }
    }
    return {};
  });
}

Result<void> WebApp::api_case(const Request& req, const AuthContext& who, const std::string& id, nlohmann::json& out) {
  TRY(m_d.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::CaseAccess level, access(tx, who.who, id));
    TRY_ASSIGN(core::Case c, tx.get_case(id));
    TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
    if (level == core::CaseAccess::portal) {
      out = portal_json(c, entries);
      return {};
    }
    TRY_ASSIGN(out, team_case_json(tx, c));
    out["credit"] = credit_json(core::credit_state(c, entries));
    TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(id));
    out["vulnerabilities"] = json::array();
    for (const auto& v : vulns) {
      out["vulnerabilities"].push_back(core::to_json(v));
    }
    out["timeline"] = json::array();
    for (const auto& t : entries) {
      out["timeline"].push_back(core::to_json(t));
    }
    TRY_ASSIGN(CasePageSettings settings, settings_for_case(m_d.page_settings, tx, id));
    TRY_ASSIGN(auto plan, tx.latest_plan(id));
    TRY_ASSIGN(CaseSchedule schedule, case_schedule(tx, settings, c, plan));
    out["schedule"] = schedule_json(schedule.rows);
    out["schedule_disagrees"] = schedule.disagrees;
    TRY_ASSIGN(auto duties, case_duties(tx, settings, c, m_d.clock.now()));
    out["duties"] = notice::duties_json(duties);
    return {};
  }));
  m_d.log.case_read(req.address, id, who.who.name, "api");
  return {};
}

Result<void> WebApp::api_create(const Request& req, const AuthContext& who, nlohmann::json& out) {
  if (!who.who.is_staff()) {
    return make_error(ErrorCode::unauthorized, "only admin and team accounts open cases here; reporters use /report");
  }
  TRY_ASSIGN(json body, body_object(req));
  core::NewCase in;
  TRY_ASSIGN(in.title, required_string(body, "title"));
  TRY_ASSIGN(auto reporter, string_member(body, "reporter"));
  if (reporter) {
    TRY_ASSIGN(in.reporter, core::parse_reporter(*reporter));
  }
  return m_d.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, m_d.cases.create(tx, in, who.who.name));
    out = core::to_json(c);
    return {};
  });
}

// POST /cases/{id}/replies {list, message, in_reply_to?, exploit?}: the team's
// answer to a list member's question, queued (web_answers.cpp).
Result<void> WebApp::api_answer(core::StoreTx& tx, const AuthContext& who, const std::string& id, const json& body,
                                nlohmann::json& out) {
  mail::ListReply reply;
  TRY_ASSIGN(reply.list, required_string(body, "list"));
  TRY_ASSIGN(reply.message, required_string(body, "message"));
  TRY_ASSIGN(auto in_reply_to, string_member(body, "in_reply_to"));
  reply.in_reply_to = in_reply_to.value_or("");
  if (body.contains("exploit") && !body["exploit"].is_boolean()) {
    return make_error(ErrorCode::invalid_argument, "exploit: must be true or false");
  }
  reply.exploit = body.value("exploit", false);
  TRY_ASSIGN(mail::QueuedReply queued, answer_list(tx, who, id, reply));
  out = {{"message_id", queued.message_id},
         {"in_reply_to", queued.question_id},
         {"list", reply.list},
         {"state", "queued"}};
  return {};
}

// Read access is enough (the maintainers a case is shared with test it); a
// reporter, and whoever may not see the case, gets 404 before the body is
// looked at.
Result<void> WebApp::api_tested_on(const Request& req, const AuthContext& who, const std::string& id,
                                   nlohmann::json& out) {
  return m_d.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY(check_case_reader(tx, who, id));
    TRY_ASSIGN(json body, body_object(req));
    TRY_ASSIGN(std::string platform, required_string(body, "platform"));
    TRY_ASSIGN(std::string result, required_string(body, "result"));
    TRY_ASSIGN(auto note, string_member(body, "note"));
    TRY_ASSIGN(core::TimelineEntry entry, record_test(tx, who, id, platform, result, note.value_or("")));
    out = core::to_json(entry);
    return {};
  });
}

Result<void> WebApp::api_change(const Request& req, const AuthContext& who, const std::string& id,
                                std::string_view what, nlohmann::json& out) {
  TRY_ASSIGN(json body, body_object(req));
  bool patch = req.message.method() == beast_http::verb::patch;
  return m_d.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::CaseAccess level, access(tx, who.who, id));
    const std::string& actor = who.who.name;
    if ((level == core::CaseAccess::portal || level == core::CaseAccess::write) && what == "credit" && !patch) {
      TRY_ASSIGN(std::string decision, required_string(body, "decision"));
      TRY_ASSIGN(auto line, string_member(body, "line"));
      TRY_ASSIGN(core::CreditState s, decide_credit(m_d.cases, tx, id, decision, line.value_or(""),
                                                    level == core::CaseAccess::portal ? "reporter:" + actor : actor));
      out = credit_json(s);
      return {};
    }
    if (level == core::CaseAccess::portal) {
      if (what != "messages" || patch) {
        return make_error(ErrorCode::not_found, "");
      }
      TRY_ASSIGN(std::string text, required_string(body, "text"));
      TRY(post_message(m_d.cases, tx, id, core::entry_kind::k_reporter_message, text, "reporter:" + actor));
    } else if (level != core::CaseAccess::write) {
      return make_error(ErrorCode::unauthorized, "this token may read the case, not change it");
    } else if (patch && what.empty()) {
      TRY_ASSIGN(core::CaseEdit edit, edit_from(body));
      TRY(m_d.cases.edit(tx, id, edit, actor));
    } else if (!patch && (what == "notes" || what == "messages")) {
      TRY_ASSIGN(std::string text, required_string(body, "text"));
      if (what == "notes") {
        TRY(m_d.cases.add_note(tx, id, text, actor));
      } else {
        TRY(post_message(m_d.cases, tx, id, core::entry_kind::k_reply, text, actor));
      }
    } else if (!patch && what == "replies") {
      return api_answer(tx, who, id, body, out);
    } else if (!patch && what == "state") {
      TRY_ASSIGN(std::string to, required_string(body, "to"));
      TRY_ASSIGN(core::CaseState state, core::parse_case_state(to));
      TRY_ASSIGN(auto why, string_member(body, "why"));
      bool override_date = body.contains("override") && body["override"] == true;
      TRY(m_d.cases.move(tx, id, state, why.value_or(""), actor, override_date));
    } else {
      return make_error(ErrorCode::not_found, "");
    }
    TRY_ASSIGN(core::Case c, tx.get_case(id));
    out = core::to_json(c);
    return {};
  });
}

}  // namespace embargo::http
