// Issue 21 on the web face: the plan form and POST /api/v1/cases/{id}/plan plan as `embargo
// case plan` does (from what already happened; refused with its objections unless overridden
// with a why; storing moves the scheduled release's pending steps and says what moved), and
// the schedule shown where people look (the case page, GET /api/v1/cases/{id}, the lists),
// with a banner when it disagrees with the stored plan. Through the real routes over the
// memory store, so the access checks are the served ones.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/scheduler/plan_follower.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/util/secret.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using nlohmann::json;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

const std::string& password_hash() {
  static const std::string hash = unwrap(util::hash_password("correct horse"));  // argon2id: once
  return hash;
}

struct Answer {
  unsigned status = 0;
  std::string body;
  std::string location;
  json j() const { return json::parse(body); }
};

// A scheduled case (fix to packagers 2026-12-08 14:00, release Thursday 2026-12-10 14:00 UTC),
// seen on Saturday 2026-12-05 09:00 by tina (team), max (maintainer, no grant) and
// rita-ro (maintainer with a read-only grant), behind embargod's routes.
struct Site {
  testutil::MemoryStore store;
  util::FixedClock clock{ts("2026-12-05T09:00Z")};
  core::ProjectConfig project;
  config::ConfigFile config;
  core::CaseService service{project, clock};
  scheduler::ReleasePlanFollower follower{config, ".", clock};
  http::FailureLimiter limiter{http::RateLimits{50, 1, 50, 1}};
  http::WebAuth auth{store, clock, limiter};
  http::AccessLog log{nullptr};
  http::WebApp app{http::WebAppDeps{store, service, auth, log, clock, "embargo", {}}};
  http::Router router;
  std::string id;
  std::map<std::string, std::string> tokens;
  std::map<std::string, std::string> sessions;

  Site() {
    core::planner::set_plan_follower(&follower);
    app.add_routes(router);
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      for (auto [name, role] : {std::pair{"tina", core::Role::team}, std::pair{"max", core::Role::maintainer},
                                std::pair{"rita-ro", core::Role::maintainer}}) {
        core::User u;
        u.name = name;
        u.role = role;
        u.password_hash = password_hash();
        TRY(tx.insert_user(u));
        TRY_ASSIGN(tokens[name], http::WebAuth::issue_api_token(tx, name, "test", clock.now()));
      }
      core::NewCase input;
      input.title = "heap overflow";
      input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
      TRY_ASSIGN(core::Case c, service.create(tx, input, "tina"));
      id = c.id;
      TRY(tx.put_grant({id, "rita-ro", false}));
      core::planner::Plan plan;
      plan.events = {{core::planner::Step::fix_to_packagers, ts("2026-12-08T14:00Z"), "given"},
                     {core::planner::Step::release, ts("2026-12-10T14:00Z"), "given"}};
      TRY(core::planner::save_case_plan(service, tx, id, plan, "tina", clock.now()));
      TRY(scheduler::schedule_release(service, tx, id, "tina"));
      return {};
    }));
  }
  ~Site() { core::planner::set_plan_follower(nullptr); }
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  Answer send(http::beast_http::verb method, const std::string& target, const std::string& body,
              const std::vector<std::pair<http::beast_http::field, std::string>>& headers) {
    http::RequestMessage m;
    m.method(method);
    m.target(target);
    m.version(11);
    for (const auto& [f, v] : headers) {
      m.set(f, v);
    }
    m.body() = body;
    m.prepare_payload();
    http::Response res = router.dispatch(http::Request{m, "10.0.0.1", false});
    auto& s = std::get<http::StringResponse>(res.message);
    auto loc = s.find(http::beast_http::field::location);
    return {res.status(), s.body(), loc == s.end() ? std::string() : std::string(loc->value())};
  }
  Answer api(http::beast_http::verb method, const std::string& path, const std::string& user,
             const std::string& body = "") {
    return send(method, "/api/v1" + path, body, {{http::beast_http::field::authorization, "Bearer " + tokens[user]}});
  }
  // A session of `user` (one per user and site): the cookie header and its CSRF token.
  std::pair<std::string, std::string> session(const std::string& user) {
    auto& secret = sessions[user];
    if (secret.empty()) {
      secret = unwrap(auth.login(user, "correct horse", "10.0.0.1"));
    }
    return {"embargo_session=" + secret, http::WebAuth::csrf_for(secret)};
  }
  Answer page(const std::string& user, const std::string& path) {
    return send(http::beast_http::verb::get, path, "", {{http::beast_http::field::cookie, session(user).first}});
  }
  Answer form(const std::string& user, const std::string& path, const std::string& fields) {
    auto [cookie, csrf] = session(user);
    return send(http::beast_http::verb::post, path, "csrf=" + csrf + "&" + fields,
                {{http::beast_http::field::cookie, cookie},
                 {http::beast_http::field::content_type, "application/x-www-form-urlencoded"}});
  }

  std::int64_t plans() {
    std::int64_t seq = 0;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto p, tx.latest_plan(id));
      seq = p ? p->seq : 0;
      return {};
    }));
    return seq;
  }
  core::Job job(std::string_view kind) {
    core::Job out;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto jobs, tx.list_jobs(id));
      for (const auto& j : jobs) {
        if (j.kind == kind) {
          out = j;
        }
      }
      return {};
    }));
    REQUIRE(out.kind == kind);
    return out;
  }
};

bool has(const json& array, std::string_view text) {
  for (const auto& v : array) {
    if (v.get<std::string>().find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("POST /api/v1/cases/{id}/plan plans as `embargo case plan`") {
  Site s;
  using verb = http::beast_http::verb;
  SUBCASE("a re-plan of a scheduled case stores it and says what moved") {
    Answer a = s.api(verb::post, "/cases/" + s.id + "/plan", "tina", R"({"release":"2026-12-16T14:00Z"})");
    REQUIRE(a.status == 201);
    json j = a.j();
    CHECK(j["seq"] == 2);
    CHECK(has(j["moved"], "publish-files 2026-12-10 14:00 UTC -> 2026-12-16 14:00 UTC"));
    CHECK(has(j["moved"], "make-public 2026-12-10 14:00 UTC -> 2026-12-16 14:00 UTC"));
    CHECK(j["notes"].is_array());
    CHECK(j.contains("plan"));
    CHECK(s.plans() == 2);
    CHECK(s.job("announce").due_at == ts("2026-12-16T14:00Z"));
  }
  SUBCASE("a release in the past is refused with its objections and the proposal: 422, nothing stored") {
    Answer a = s.api(verb::post, "/cases/" + s.id + "/plan", "tina", R"({"release":"2026-12-01T14:00Z"})");
    REQUIRE(a.status == 422);
    json j = a.j();
    CHECK(has(j["objections"], "release 2026-12-01 14:00 UTC is in the past and has not happened"));
    CHECK(j["message"].get<std::string>().find("nothing was stored") != std::string::npos);
    CHECK(j["plan"].contains("events"));
    CHECK(s.plans() == 1);
    CHECK(s.job("announce").due_at == ts("2026-12-10T14:00Z"));
  }
  SUBCASE("a release on a Saturday fails the weekday rule; override with a why stores it") {
    std::string saturday = R"("release":"2026-12-12T14:00Z")";
    Answer a = s.api(verb::post, "/cases/" + s.id + "/plan", "tina", "{" + saturday + "}");
    REQUIRE(a.status == 422);
    CHECK(has(a.j()["objections"], "weekday"));
    CHECK(s.plans() == 1);
    Answer no_why = s.api(verb::post, "/cases/" + s.id + "/plan", "tina", "{" + saturday + R"(,"override":true})");
    CHECK(no_why.status == 400);
    CHECK(no_why.j()["message"].get<std::string>().starts_with("why:"));
    CHECK(s.plans() == 1);
    Answer bad = s.api(verb::post, "/cases/" + s.id + "/plan", "tina", "{" + saturday + R"(,"override":"yes"})");
    CHECK(bad.status == 400);
    CHECK(bad.j()["message"].get<std::string>().starts_with("override:"));
    Answer ok = s.api(verb::post, "/cases/" + s.id + "/plan", "tina",
                      "{" + saturday + R"(,"override":true,"why":"the distros agreed","reason":"fix late"})");
    REQUIRE(ok.status == 201);
    CHECK(s.plans() == 2);
    CHECK(s.job("announce").due_at == ts("2026-12-12T14:00Z"));
  }
  SUBCASE("propose and check start from history and name the objections, storing nothing") {
    Answer p = s.api(verb::post, "/cases/" + s.id + "/plan/propose", "tina", R"({"release":"2026-12-01T14:00Z"})");
    REQUIRE(p.status == 200);
    CHECK(has(p.j()["objections"], "in the past"));
    Answer fine = s.api(verb::post, "/cases/" + s.id + "/plan/propose", "rita-ro", "{}");
    REQUIRE(fine.status == 200);
    CHECK(fine.j()["objections"].empty());
    CHECK(s.plans() == 1);
  }
  SUBCASE("access: read-only is 403, a case not shared is 404") {
    CHECK(s.api(verb::post, "/cases/" + s.id + "/plan", "rita-ro", "{}").status == 403);
    CHECK(s.api(verb::post, "/cases/" + s.id + "/plan", "max", "{}").status == 404);
    CHECK(s.api(verb::get, "/cases/" + s.id, "max").status == 404);
    CHECK(s.plans() == 1);
  }
}

TEST_CASE("GET /api/v1/cases/{id}/plan carries the release kind: proposed, then the recorded decision") {
  Site s;
  using verb = http::beast_http::verb;
  Answer before = s.api(verb::get, "/cases/" + s.id + "/plan", "rita-ro");
  REQUIRE(before.status == 200);
  CHECK(before.j()["release_kind"].is_null());
  CHECK(before.j()["release_kind_proposed"]["kind"].is_string());
  core::ReleaseKind d{core::ReleaseKindName::patch_level, "exim-4.98.1", "4.98.2", "", "RCE: only the fix", {}, {}};
  unwrap(s.store.write([&](core::StoreTx& tx) { return core::record_release_kind(s.service, tx, s.id, d, "tina"); }));
  Answer after = s.api(verb::get, "/cases/" + s.id + "/plan", "rita-ro");
  REQUIRE(after.status == 200);
  json k = after.j()["release_kind"];
  CHECK(k["kind"] == "patch-level");
  CHECK(k["base"] == "exim-4.98.1");
  CHECK(k["target"] == "4.98.2");
  CHECK(k["decided_by"] == "tina");
  CHECK(s.api(verb::get, "/cases/" + s.id + "/plan", "max").status == 404);
}

TEST_CASE("the plan form plans as `embargo case plan`") {
  Site s;
  std::string path = "/cases/" + s.id + "/plan";
  SUBCASE("a re-plan stores it and the answer lists what moved") {
    Answer a = s.form("tina", path, "release=2026-12-16T14%3A00Z");
    REQUIRE(a.status == 200);
    CHECK(a.body.find("Plan 2 stored") != std::string::npos);
    CHECK(a.body.find("announce 2026-12-10 14:00 UTC -&gt; 2026-12-16 14:00 UTC") != std::string::npos);
    CHECK(s.plans() == 2);
  }
  SUBCASE("a refused plan: 422 listing the objections, the form again with the override, nothing stored") {
    Answer a = s.form("tina", path, "release=2026-12-12T14%3A00Z&reason=late");
    REQUIRE(a.status == 422);
    CHECK(a.body.find("The plan was not stored") != std::string::npos);
    CHECK(a.body.find("failing rules: weekday") != std::string::npos);
    CHECK(a.body.find("name=\"override\"") != std::string::npos);
    CHECK(a.body.find("value=\"late\"") != std::string::npos);
    CHECK(s.plans() == 1);
    Answer no_why = s.form("tina", path, "release=2026-12-12T14%3A00Z&override=1&why=+");
    CHECK(no_why.status == 400);
    CHECK(no_why.body.find("why: an override must say why") != std::string::npos);
    CHECK(s.plans() == 1);
    Answer ok = s.form("tina", path, "release=2026-12-12T14%3A00Z&override=1&why=distros+agreed");
    CHECK(ok.status == 200);
    CHECK(s.plans() == 2);
  }
  SUBCASE("the same plan again moves nothing: back to the case") {
    Answer first = s.form("tina", path, "release=2026-12-16T14%3A00Z");
    REQUIRE(first.status == 200);
    Answer again = s.form("tina", path, "release=2026-12-16T14%3A00Z");
    CHECK(again.status == 303);
    CHECK(again.location == "/cases/" + s.id);
  }
  SUBCASE("access: read-only is 403, a case not shared is 404, nothing stored") {
    CHECK(s.form("rita-ro", path, "release=2026-12-16T14%3A00Z").status == 403);
    CHECK(s.form("max", path, "release=2026-12-16T14%3A00Z").status == 404);
    CHECK(s.plans() == 1);
  }
}

TEST_CASE("the schedule on the case page, in GET /api/v1/cases/{id} and in the lists") {
  Site s;
  using verb = http::beast_http::verb;
  SUBCASE("each step as `embargo case show --format json` has it; nothing disagrees") {
    Answer a = s.api(verb::get, "/cases/" + s.id, "rita-ro");
    REQUIRE(a.status == 200);
    json j = a.j();
    REQUIRE(j["schedule"].is_array());
    REQUIRE(!j["schedule"].empty());
    json first = j["schedule"][0];
    CHECK(first["kind"] == "open-downloads");
    CHECK(first["due_at"] == "2026-12-08T14:00:00.000000Z");  // util::format_timestamp, as the CLI
    CHECK(first["state"] == "pending");
    CHECK(first["attempts"] == 0);
    CHECK(first["last_error"] == "");
    CHECK(first.contains("skipped"));
    CHECK(first.size() == 6);
    CHECK(j["schedule_disagrees"] == json::array());
    Answer page = s.page("tina", "/cases/" + s.id);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("<section id=\"schedule\"><h2>Schedule</h2>") != std::string::npos);
    // The header (issue 26): the schedule's first pending step, with its time.
    CHECK(page.body.find("Next step: <strong>open-downloads</strong> at <time datetime=\"2026-12-08T14:00:00Z\">") !=
          std::string::npos);
    CHECK(page.body.find("Under embargo: <strong>release in ") != std::string::npos);
    CHECK(page.body.find("skipped (publish.files_dir is not set)") != std::string::npos);
    CHECK(page.body.find("Thursday 2026-12-10 14:00 GMT") != std::string::npos);
    CHECK(page.body.find("disagrees") == std::string::npos);
  }
  SUBCASE("a pending step off its plan time: the banner and schedule_disagrees name it") {
    core::Job j = s.job("notice-fix");
    j.due_at = ts("2026-12-07T14:00Z");
    unwrap(s.store.write([&](core::StoreTx& tx) { return tx.update_job(j); }));
    json api = s.api(verb::get, "/cases/" + s.id, "tina").j();
    REQUIRE(api["schedule_disagrees"].size() == 1);
    CHECK(api["schedule_disagrees"][0] ==
          "notice-fix is due at 2026-12-07 14:00 UTC but plan 1 puts fix-to-packagers at 2026-12-08 14:00 UTC");
    Answer page = s.page("tina", "/cases/" + s.id);
    CHECK(page.body.find("class=\"error banner\"") != std::string::npos);
    CHECK(page.body.find("notice-fix is due at 2026-12-07 14:00 UTC but plan 1") != std::string::npos);
    CHECK(page.body.find("<script>") == std::string::npos);
  }
  SUBCASE("the lists show each case's next pending step") {
    Answer list = s.page("tina", "/cases");
    REQUIRE(list.status == 200);
    CHECK(list.body.find("open-downloads <time>2026-12-08 14:00 UTC</time>") != std::string::npos);
    json plain = s.api(verb::get, "/cases", "tina").j();
    CHECK_FALSE(plain[0].contains("next_step"));  // what `embargo case list --format json` prints
    json with = s.api(verb::get, "/cases?next_step=1", "tina").j();
    REQUIRE(with.size() == 1);
    CHECK(with[0]["next_step"]["kind"] == "open-downloads");
    CHECK(with[0]["next_step"]["due_at"] == "2026-12-08T14:00:00.000000Z");  // util::format_timestamp, as the CLI
    CHECK(s.api(verb::get, "/cases?next_step=2", "tina").status == 400);
    CHECK(s.api(verb::get, "/cases?next_step=1", "max").j() == json::array());
  }
  SUBCASE("a user without access gets 404 for the page and the API, as before") {
    CHECK(s.page("max", "/cases/" + s.id).status == 404);
    CHECK(s.api(verb::get, "/cases/" + s.id, "max").status == 404);
  }
}
