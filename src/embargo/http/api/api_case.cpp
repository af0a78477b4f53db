// The JSON API's parts of a case beyond its fields (web_api.cpp dispatches here):
//
//   GET   /cases/{id}/vulnerabilities        read: each with its CVSS vectors scored
//   POST  /cases/{id}/vulnerabilities        write: add one (optional "cvss": [vectors])
//   PATCH /cases/{id}/vulnerabilities/{n}    write: change fields, set CVSS vectors
//   GET   /cases/{id}/grants                 admin, team: who the case is shared with
//   POST  /cases/{id}/grants                 admin, team: share it ({"user", "write"})
//   GET   /cases/{id}/plan                   read: the current plan, times in every configured zone, and the
//                                            release kind (recorded, or proposed from the impact)
//   POST  /cases/{id}/plan                   write: propose from the case's history and store it, as
//                                            `embargo case plan` (422 with the objections: nothing stored)
//   POST  /cases/{id}/plan/propose           read: the same proposal and objections, without storing
//   POST  /cases/{id}/plan/check             read: check a given timeline against the policy and history
//
// The same checks as the pages: a case the token may not see (and a reporter's, which has no
// such parts) is 404; read-only access to a change is 403; sharing needs admin or team (403).

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_json.hpp>
#include <embargo/core/cvss/cvss.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/core/project.hpp>
#include <embargo/http/web/web_app.hpp>

namespace embargo::http {

namespace {

using json = nlohmann::json;
namespace planner = core::planner;

Result<std::optional<std::string>> optional_string(const json& j, const char* name) {
  if (!j.contains(name)) {
    return std::optional<std::string>();
  }
  if (!j[name].is_string()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: must be a string", name));
  }
  return std::optional<std::string>(j[name].get<std::string>());
}

Result<std::optional<std::vector<std::string>>> cvss_member(const json& j) {
  if (!j.contains("cvss")) {
    return std::optional<std::vector<std::string>>();
  }
  const json& c = j["cvss"];
  std::vector<std::string> out;
  if (c.is_string()) {
    out.push_back(c.get<std::string>());
  } else if (c.is_array()) {
    for (const auto& v : c) {
      if (!v.is_string()) {
        return make_error(ErrorCode::invalid_argument, "cvss: must be a vector string or an array of them");
      }
      out.push_back(v.get<std::string>());
    }
  } else {
    return make_error(ErrorCode::invalid_argument, "cvss: must be a vector string or an array of them");
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

// Member `key` as a list of strings (absent: empty); the error names it.
Result<std::vector<std::string>> identifier_list(const json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key)) {
    return out;
  }
  const json& list = j[key];
  if (!list.is_array()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: must be an array of identifiers", key));
  }
  for (const auto& v : list) {
    if (!v.is_string()) {
      return make_error(ErrorCode::invalid_argument, fmt::format("{}: must be an array of identifiers", key));
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<json> object_of(const Request& req) {
  auto parsed = json::parse(req.message.body(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return make_error(ErrorCode::invalid_argument, "body: not a JSON object");
  }
  return parsed;
}

json vuln_json(const core::Vulnerability& v) {
  json out = core::to_json(v);
  json scores = json::array();
  for (const auto& vector : v.cvss) {
    auto s = core::cvss::score_vector(vector);
    if (s) {
      scores.push_back({{"vector", vector},
                        {"version", core::cvss::version_text(s->vector.version)},
                        {"base", s->base},
                        {"severity", core::cvss::severity_json(core::cvss::severity_of(s->base))}});
    }
  }
  out["scores"] = scores;
  return out;
}

Result<core::VulnerabilityEdit> vuln_edit(const json& body) {
  core::VulnerabilityEdit edit;
  TRY_ASSIGN(edit.title, optional_string(body, "title"));
  TRY_ASSIGN(edit.description, optional_string(body, "description"));
  TRY_ASSIGN(edit.identifier, optional_string(body, "identifier"));
  TRY_ASSIGN(edit.more_ids, identifier_list(body, "add_identifiers"));
  TRY_ASSIGN(edit.remove_ids, identifier_list(body, "remove_identifiers"));
  TRY_ASSIGN(edit.cwe, optional_string(body, "cwe"));
  TRY_ASSIGN(edit.affected, optional_string(body, "affected"));
  TRY_ASSIGN(edit.fixed, optional_string(body, "fixed"));
  TRY_ASSIGN(edit.mitigation, optional_string(body, "mitigation"));
  TRY_ASSIGN(edit.cvss, cvss_member(body));
  return edit;
}

Result<int> vuln_number(std::string_view text) {
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1) {
    return make_error(ErrorCode::not_found, "");
  }
  return n;
}

std::vector<planner::Zone> zones_of(const CasePageSettings& settings) {
  std::vector<planner::Zone> zones;
  const auto& names =
      settings.config != nullptr ? settings.config->project.time_zones : core::ProjectConfig{}.time_zones;
  for (const auto& name : names) {
    if (auto z = planner::Zone::find(name)) {
      zones.push_back(*z);
    }
  }
  return zones;
}

json plan_json(const planner::Plan& plan, const CasePageSettings& settings) {
  return json::parse(planner::to_json(plan, zones_of(settings)).dump());
}

Result<std::optional<util::Timestamp>> time_member(const CasePageSettings& settings, const json& body,
                                                   const char* name) {
  TRY_ASSIGN(auto text, optional_string(body, name));
  if (!text || text->empty()) {
    return std::optional<util::Timestamp>();
  }
  TRY_ASSIGN(util::Timestamp t, parse_plan_time(settings, *text, name));
  return std::optional<util::Timestamp>(t);
}

Result<util::Timestamp> required_time(const CasePageSettings& settings, const json& body, const char* name) {
  TRY_ASSIGN(auto t, time_member(settings, body, name));
  if (!t) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: missing", name));
  }
  return *t;
}

json strings_json(const std::vector<std::string>& lines) {
  json out = json::array();
  for (const auto& l : lines) {
    out.push_back(l);
  }
  return out;
}

// The body's release, fix_ready, override (boolean), why (required with it) and reason.
Result<PlanRequest> plan_request(const CasePageSettings& settings, const json& body) {
  PlanRequest r;
  TRY_ASSIGN(r.release, time_member(settings, body, "release"));
  TRY_ASSIGN(r.fix_ready, time_member(settings, body, "fix_ready"));
  if (body.contains("override")) {
    if (!body["override"].is_boolean()) {
      return make_error(ErrorCode::invalid_argument, "override: must be true or false");
    }
    r.options.override_rules = body["override"].get<bool>();
  }
  TRY_ASSIGN(auto why, optional_string(body, "why"));
  TRY_ASSIGN(auto reason, optional_string(body, "reason"));
  r.options.why = why.value_or("");
  r.options.reason = reason.value_or("");
  return r;
}

Result<planner::Plan> check(const CasePageSettings& settings, const core::Case& c, const json& body,
                            util::Timestamp now) {
  TRY_ASSIGN(planner::Planner p, web_planner(settings, now));
  planner::CheckRequest r;
  TRY_ASSIGN(r.timeline.release, required_time(settings, body, "release"));
  TRY_ASSIGN(r.timeline.fix_to_packagers, required_time(settings, body, "fix_to_packagers"));
  TRY_ASSIGN(r.timeline.advance_notice, required_time(settings, body, "advance_notice"));
  TRY_ASSIGN(r.timeline.heads_up, time_member(settings, body, "heads_up"));
  r.exploitation = c.exploitation;
  r.reporter_deadline = c.reporter.deadline;
  return p.check(r);
}

// One call of the API on a part of a case, after the access checks.
struct PartCall {
  core::StoreTx& tx;
  const core::CaseService& cases;
  const CasePageSettings& settings;
  const core::Case& c;
  bool get, post, patch;
  std::string_view sub;
  const json& body;
  const std::string& actor;
  util::Timestamp now;
  json& out;
  beast_http::status& status;
};

Result<void> add_vuln(const PartCall& k) {
  TRY_ASSIGN(core::VulnerabilityEdit edit, vuln_edit(k.body));
  if (!edit.title || edit.title->empty()) {
    return make_error(ErrorCode::invalid_argument, "title: missing");
  }
  core::NewVulnerability in{*edit.title,
                            edit.description.value_or(""),
                            edit.identifier.value_or(""),
                            edit.cwe.value_or(""),
                            edit.affected.value_or(""),
                            edit.fixed.value_or(""),
                            edit.mitigation.value_or(""),
                            edit.more_ids};
  TRY_ASSIGN(core::Vulnerability v, k.cases.add_vulnerability(k.tx, k.c.id, in, k.actor));
  if (edit.cvss && !edit.cvss->empty()) {
    core::VulnerabilityEdit set_cvss;
    set_cvss.cvss = edit.cvss;
    TRY_ASSIGN(v, k.cases.edit_vulnerability(k.tx, k.c.id, v.ordinal, set_cvss, k.actor));
  }
  k.out = vuln_json(v);
  k.status = beast_http::status::created;
  return {};
}

Result<void> vulns_part(const PartCall& k) {
  if (k.get && k.sub.empty()) {
    TRY_ASSIGN(auto vulns, k.tx.list_vulnerabilities(k.c.id));
    k.out = json::array();
    for (const auto& v : vulns) {
      k.out.push_back(vuln_json(v));
    }
    return {};
  }
  if (k.post && k.sub.empty()) {
    return add_vuln(k);
  }
  if (k.patch && !k.sub.empty()) {
    TRY_ASSIGN(int number, vuln_number(k.sub));
    TRY_ASSIGN(core::VulnerabilityEdit edit, vuln_edit(k.body));
    TRY_ASSIGN(core::Vulnerability v, k.cases.edit_vulnerability(k.tx, k.c.id, number, edit, k.actor));
    k.out = vuln_json(v);
    return {};
  }
  return make_error(ErrorCode::not_found, "");
}

Result<void> grants_part(const PartCall& k) {
  if (k.get) {
    TRY_ASSIGN(auto grants, k.tx.list_grants(k.c.id));
    k.out = json::array();
    for (const auto& g : grants) {
      k.out.push_back({{"user", g.user}, {"write", g.write}});
    }
    return {};
  }
  TRY_ASSIGN(auto user, optional_string(k.body, "user"));
  if (!user || user->empty()) {
    return make_error(ErrorCode::invalid_argument, "user: missing");
  }
  if (k.body.contains("write") && !k.body["write"].is_boolean()) {
    return make_error(ErrorCode::invalid_argument, "write: must be true or false");
  }
  core::CaseGrant grant{k.c.id, *user, k.body.value("write", false)};
  TRY(k.tx.put_grant(grant).map_error([](const Error& e) {
    return e.code() == ErrorCode::not_found ? Error(ErrorCode::invalid_argument, "user: no such account") : e;
  }));
  core::Case c = k.c;
  TRY(k.cases.record(k.tx, c, core::entry_kind::k_access,
                     fmt::format("shared with {} ({})", grant.user, grant.write ? "read and write" : "read only"),
                     k.actor));
  k.out = {{"user", grant.user}, {"write", grant.write}};
  k.status = beast_http::status::created;
  return {};
}

// POST /plan: stored (201, with what moved), or refused with its objections and the
// proposal (422, nothing stored), as `embargo case plan`.
Result<void> store_plan(const PartCall& k) {
  TRY_ASSIGN(PlanRequest request, plan_request(k.settings, k.body));
  TRY_ASSIGN(PlanOutcome outcome, plan_and_store_case(k.cases, k.tx, k.settings, k.now, k.c.id, request, k.actor));
  if (!outcome.saved) {
    k.out = {{"error", "invalid_argument"},
             {"message", fmt::format("the plan is refused and nothing was stored: {}; fix the plan or give override "
                                     "(true) and why",
                                     fmt::join(outcome.objections, "; "))},
             {"objections", strings_json(outcome.objections)},
             {"plan", plan_json(outcome.plan, k.settings)}};
    k.status = beast_http::status::unprocessable_entity;
    return {};
  }
  const planner::SavedPlan& saved = *outcome.saved;
  std::vector<std::string> moved;
  for (const planner::StepMove& m : saved.follow_up.moves) {
    moved.push_back(m.describe());
  }
  k.out = {{"seq", saved.stored.seq},
           {"actor", saved.stored.actor},
           {"plan", plan_json(saved.stored.plan, k.settings)},
           {"moved", strings_json(moved)},
           {"notes", strings_json(saved.follow_up.notes)}};
  k.status = beast_http::status::created;
  return {};
}

// The recorded release kind (core/release_kind.hpp), or null.
json release_kind_json(const std::optional<core::ReleaseKind>& d) {
  if (!d) {
    return nullptr;
  }
  return {{"kind", core::to_string(d->kind)}, {"base", d->base},         {"target", d->target},
          {"branch", d->branch},              {"why", d->why},           {"decided_by", d->decided_by},
          {"decided_at", util::format_timestamp(d->decided_at)}};
}

Result<void> plan_part(const PartCall& k) {
  if (k.get && k.sub.empty()) {
    TRY_ASSIGN(auto stored, k.tx.latest_plan(k.c.id));
    k.out = stored ? json{{"seq", stored->seq},
                          {"actor", stored->actor},
                          {"created_at", util::format_timestamp(stored->created_at)},
                          {"plan", plan_json(stored->plan, k.settings)}}
                   : json{{"plan", nullptr}};
    TRY_ASSIGN(auto timeline, core::load_timeline(k.tx, k.c.id));
    k.out["release_kind"] = release_kind_json(core::latest_release_kind(timeline));
    core::ReleaseKindProposal proposal = core::propose_release_kind(k.c);
    k.out["release_kind_proposed"] = {{"kind", core::to_string(proposal.kind)}, {"reason", proposal.reason}};
    return {};
  }
  if (!k.post) {
    return make_error(ErrorCode::not_found, "");
  }
  if (k.sub == "check") {
    TRY_ASSIGN(planner::Plan plan, check(k.settings, k.c, k.body, k.now));
    TRY_ASSIGN(planner::DoneSteps done, planner::plan_history(k.tx, k.c));
    k.out = {{"plan", plan_json(plan, k.settings)},
             {"objections", strings_json(planner::plan_objections(plan, done, k.now))}};
    return {};
  }
  if (k.sub == "propose") {
    TRY_ASSIGN(PlanRequest request, plan_request(k.settings, k.body));
    TRY_ASSIGN(PlanOutcome outcome, propose_case_plan(k.tx, k.settings, k.now, k.c, request));
    k.out = {{"plan", plan_json(outcome.plan, k.settings)}, {"objections", strings_json(outcome.objections)}};
    return {};
  }
  return store_plan(k);
}

// The access list: admin and team accounts read it; who may share the case
// (its project's team, the server team with write access: core::may_share)
// reads and changes it.
Result<void> grants_allowed(core::StoreTx& tx, const core::Principal& who, const std::string& id,
                            core::CaseAccess level, bool get) {
  TRY_ASSIGN(bool share, core::may_share_case(tx, who, id, level));
  if (share || (get && who.is_staff())) {
    return {};
  }
  return make_error(ErrorCode::unauthorized,
                    "only the case's project team or the server team sees and shares a case's access list");
}

}  // namespace

Result<void> WebApp::api_case_part(const Request& req, const AuthContext& who, const std::string& id,
                                   const std::vector<std::string_view>& parts, nlohmann::json& out,
                                   beast_http::status& status) {
  auto method = req.message.method();
  bool get = method == beast_http::verb::get || method == beast_http::verb::head;
  bool post = method == beast_http::verb::post;
  bool patch = method == beast_http::verb::patch;
  std::string_view what = parts[2];
  std::string_view sub = parts.size() > 3 ? parts[3] : std::string_view();
  if (parts.size() > 4 || (what != "vulnerabilities" && patch) || (what == "grants" && !sub.empty()) ||
      (what == "plan" && !sub.empty() && sub != "propose" && sub != "check")) {
    return make_error(ErrorCode::not_found, "");
  }
  json body = json::object();
  if (post || patch) {
    TRY_ASSIGN(body, object_of(req));
  } else if (!get) {
    return make_error(ErrorCode::invalid_argument, "method not allowed here");
  }
  auto work = [&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::CaseAccess level, access(tx, who.who, id));
    if (level == core::CaseAccess::portal) {
      return make_error(ErrorCode::not_found, "");
    }
    bool changes = (what == "vulnerabilities" && !get) || (what == "plan" && post && sub.empty());
    if (changes && level != core::CaseAccess::write) {
      return make_error(ErrorCode::unauthorized, "this token may read the case, not change it");
    }
    if (what == "grants") {
      TRY(grants_allowed(tx, who.who, id, level, get));
    }
    TRY_ASSIGN(core::Case c, tx.get_case(id));
    TRY_ASSIGN(CasePageSettings settings, settings_for_case(m_d.page_settings, tx, id));
    PartCall call{tx, m_d.cases, settings, c, get, post, patch, sub, body, who.who.name, m_d.clock.now(), out, status};
    if (what == "vulnerabilities") {
      return vulns_part(call);
    }
    return what == "grants" ? grants_part(call) : plan_part(call);
  };
  if (get || (what == "plan" && !sub.empty())) {
    TRY(m_d.store.read(work));
    m_d.log.case_read(req.address, id, who.who.name, "api");
    return {};
  }
  return m_d.store.write(work);
}

}  // namespace embargo::http
