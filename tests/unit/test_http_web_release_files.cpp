// Issue 22 on the web face: the release files of a case through the team's own login (GET
// /cases/ID/files/NAME) and "tested on PLATFORM: ok|failed" from the case page (POST
// /cases/ID/tested-on) and the API (POST /api/v1/cases/{id}/tested-on), for who may open the
// case page (its team, the maintainers it is shared with) and 404 for everyone else, exactly as
// for the case. Through the real routes over the memory store and a file store in a temporary
// directory, so the access checks are the served ones.

#include <algorithm>
#include <fstream>
#include <map>
#include <tuple>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <embargo/core/case_service.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/storage/file_store.hpp>
#include <embargo/util/secret.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using nlohmann::json;
using testutil::unwrap;
using verb = http::beast_http::verb;

namespace {

const std::string& release_files_password() {
  static const std::string hash = unwrap(util::hash_password("correct horse"));  // argon2id: once
  return hash;
}

struct FileAnswer {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  json j() const { return json::parse(body); }
};

// The body a FileResponse would send.
std::string file_body(const http::FileResponse& f) {
  std::string out(f.length, '\0');
  std::size_t done = 0;
  while (done < f.length) {
    ssize_t n = ::pread(f.file->fd(), out.data() + done, f.length - done, static_cast<off_t>(f.offset + done));
    REQUIRE(n > 0);
    done += static_cast<std::size_t>(n);
  }
  return out;
}

// Case C (the server's own) with release file exim-4.99.1.tar.xz, shared read-only with
// rita (maintainer) and as a portal with rhea (a reporter's account); case O of project
// "other" (olga's team) with other-1.0.tar.gz. tina is a team account outside "other", max
// a maintainer C is not shared with; `link` is a session of C's reporter link.
struct FilesSite {
  testutil::TempDir dir;
  testutil::MemoryStore store;
  util::FixedClock clock{unwrap(util::parse_timestamp("2026-12-05T09:00Z"))};
  core::ProjectConfig project;
  core::CaseService service{project, clock};
  http::FailureLimiter limiter{http::RateLimits{50, 1, 50, 1}};
  http::WebAuth auth{store, clock, limiter};
  http::AccessLog log{nullptr};
  http::WebApp app{http::WebAppDeps{store, service, auth, log, clock, "embargo", {nullptr, dir.path()}}};
  http::Router router;
  std::string c, o;
  std::string content = "the release tarball's bytes\n";
  std::string sha256;
  std::map<std::string, std::string> tokens, sessions;

  FilesSite() {
    app.add_routes(router);
    sha256 = store_file("exim-4.99.1.tar.xz", content);
    std::string other_sha = store_file("other-1.0.tar.gz", "other project\n");
    std::string link_secret;
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      for (auto [name, role] : {std::pair{"tina", core::Role::team}, std::pair{"olga", core::Role::team},
                                std::pair{"rita", core::Role::maintainer}, std::pair{"max", core::Role::maintainer},
                                std::pair{"rhea", core::Role::reporter}}) {
        core::User u;
        u.name = name;
        u.role = role;
        u.password_hash = release_files_password();
        TRY(tx.insert_user(u));
        TRY_ASSIGN(tokens[name], http::WebAuth::issue_api_token(tx, name, "test", clock.now()));
      }
      TRY_ASSIGN(c, make_case(tx, "heap overflow"));
      TRY_ASSIGN(o, make_case(tx, "other's overflow"));
      TRY(tx.set_case_project(o, "other"));
      TRY(tx.put_project_member("other", "olga"));
      TRY(tx.put_grant({c, "rita", false}));
      TRY(tx.put_grant({c, "rhea", false}));
      TRY(tx.insert_artifact(
          {c, "exim-4.99.1.tar.xz", sha256, static_cast<std::int64_t>(content.size()), true, clock.now()}));
      TRY(tx.insert_artifact({o, "other-1.0.tar.gz", other_sha, 14, true, clock.now()}));
      TRY_ASSIGN(link_secret, auth.issue_link(tx, c));
      return {};
    }));
    sessions["link"] = unwrap(auth.open_link(link_secret));
  }

  Result<std::string> make_case(core::StoreTx& tx, const std::string& title) {
    core::NewCase input;
    input.title = title;
    TRY_ASSIGN(core::Case made, service.create(tx, input, "tina"));
    return made.id;
  }
  std::string store_file(const std::string& name, const std::string& text) {
    auto path = dir.path() / name;
    std::ofstream(path) << text;
    return unwrap(storage::FileStore(dir.path() / "files").add(path)).sha256;
  }

  FileAnswer send(verb method, const std::string& target, const std::string& body,
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
    FileAnswer a;
    a.status = res.status();
    auto collect = [&](const auto& head) {
      for (const auto& h : head) {
        std::string name(h.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
        a.headers[name] = std::string(h.value());
      }
    };
    if (auto* f = std::get_if<http::FileResponse>(&res.message)) {
      collect(f->head);
      a.body = file_body(*f);
    } else {
      auto& s = std::get<http::StringResponse>(res.message);
      collect(s);
      a.body = s.body();
    }
    return a;
  }
  // A session of `user` ("link": the reporter link's): the cookie header and its CSRF token.
  std::pair<std::string, std::string> session(const std::string& user) {
    auto& secret = sessions[user];
    if (secret.empty()) {
      secret = unwrap(auth.login(user, "correct horse", "10.0.0.1"));
    }
    return {"embargo_session=" + secret, http::WebAuth::csrf_for(secret)};
  }
  FileAnswer page(const std::string& user, const std::string& path, verb method = verb::get) {
    std::vector<std::pair<http::beast_http::field, std::string>> h;
    if (!user.empty()) {
      h.emplace_back(http::beast_http::field::cookie, session(user).first);
    }
    return send(method, path, "", h);
  }
  FileAnswer form(const std::string& user, const std::string& path, const std::string& fields) {
    auto [cookie, csrf] = session(user);
    return send(verb::post, path, "csrf=" + csrf + "&" + fields,
                {{http::beast_http::field::cookie, cookie},
                 {http::beast_http::field::content_type, "application/x-www-form-urlencoded"}});
  }
  FileAnswer api(const std::string& user, const std::string& path, const std::string& body) {
    return send(verb::post, "/api/v1" + path, body,
                {{http::beast_http::field::authorization, "Bearer " + tokens[user]}});
  }
  std::vector<core::TimelineEntry> tests_of(const std::string& id) {
    std::vector<core::TimelineEntry> out;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
      for (auto& e : entries) {
        if (e.kind == "release-tested-on") {
          out.push_back(std::move(e));
        }
      }
      return {};
    }));
    return out;
  }
};

}  // namespace

TEST_CASE("GET /cases/ID/files/NAME: a release file through the web login") {
  FilesSite s;
  std::string file = "/cases/" + s.c + "/files/exim-4.99.1.tar.xz";
  SUBCASE("the case's team and a maintainer it is shared with download it, as an attachment") {
    for (const std::string user : {"tina", "rita", "olga"}) {  // olga: team account, the server's own case
      CAPTURE(user);
      FileAnswer a = s.page(user, file);
      REQUIRE(a.status == 200);
      CHECK(a.body == s.content);
      CHECK(a.header("content-type") == "application/octet-stream");
      CHECK(a.header("content-disposition") == "attachment; filename=\"exim-4.99.1.tar.xz\"");
      CHECK(a.header("x-content-type-options") == "nosniff");
      CHECK(a.header("content-security-policy") == "default-src 'none'; sandbox");
      CHECK(a.header("cache-control") == "private, no-store");
    }
    FileAnswer head = s.page("rita", file, verb::head);
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.header("content-length") == std::to_string(s.content.size()));
    FileAnswer other = s.page("olga", "/cases/" + s.o + "/files/other-1.0.tar.gz");
    CHECK(other.status == 200);
    CHECK(other.body == "other project\n");
  }
  SUBCASE("the case page links each release file there") {
    for (const std::string user : {"tina", "rita"}) {
      FileAnswer a = s.page(user, "/cases/" + s.c);
      REQUIRE(a.status == 200);
      CHECK(a.body.find("<a href=\"" + file + "\" download>exim-4.99.1.tar.xz</a>") != std::string::npos);
    }
  }
  SUBCASE("everyone else gets the 404 they get for the case itself") {
    // max: a maintainer it is not shared with; rhea: a reporter's account with the case's portal;
    // link: the reporter's link session; tina on project other's case.
    for (auto [user, id, name] :
         {std::tuple{"max", s.c, "exim-4.99.1.tar.xz"}, std::tuple{"rhea", s.c, "exim-4.99.1.tar.xz"},
          std::tuple{"link", s.c, "exim-4.99.1.tar.xz"}, std::tuple{"tina", s.o, "other-1.0.tar.gz"}}) {
      CAPTURE(user);
      FileAnswer as_case = s.page(user, "/cases/" + id);
      FileAnswer denied = s.page(user, "/cases/" + id + "/files/" + name);
      CHECK(as_case.status == 404);
      CHECK(denied.status == 404);
      CHECK(denied.body == as_case.body);
      CHECK(denied.body.find("bytes") == std::string::npos);
      CHECK(s.page(user, "/cases/" + id + "/files/" + name, verb::head).status == 404);
    }
    FileAnswer nobody = s.page("", file);
    CHECK(nobody.status == 303);
    CHECK(nobody.header("location") == "/login");
  }
  SUBCASE("a name the case does not have, another case's file: 404; POST: 405") {
    CHECK(s.page("tina", "/cases/" + s.c + "/files/other-1.0.tar.gz").status == 404);
    CHECK(s.page("olga", "/cases/" + s.o + "/files/exim-4.99.1.tar.xz").status == 404);
    CHECK(s.page("tina", "/cases/" + s.c + "/files/nothing.tar.gz").status == 404);
    CHECK(s.page("tina", "/cases/" + s.c + "/files/..%2Ffiles").status == 404);
    CHECK(s.page("tina", file, verb::post).status == 405);
  }
  SUBCASE("a damaged store file is a 500, never served") {
    auto path = unwrap(storage::FileStore(s.dir.path() / "files").path_of(s.sha256));
    std::filesystem::permissions(path, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
    std::ofstream(path) << "the release tarball's byteS\n";  // same size, other content
    FileAnswer a = s.page("tina", file);
    CHECK(a.status == 500);
    CHECK(a.body.find("byteS") == std::string::npos);
  }
}

TEST_CASE("POST /api/v1/cases/{id}/tested-on") {
  FilesSite s;
  std::string path = "/cases/" + s.c + "/tested-on";
  SUBCASE("the case's team and a maintainer it is shared with record one: 201 with the entry") {
    FileAnswer a = s.api("rita", path, R"({"platform":"Debian 12 amd64","result":"ok","note":"make test"})");
    REQUIRE(a.status == 201);
    json j = a.j();
    CHECK(j["kind"] == "release-tested-on");
    CHECK(j["actor"] == "rita");
    CHECK(j["text"] == "tested on Debian 12 amd64: ok (make test)");
    CHECK(j["data"] == json{{"platform", "Debian 12 amd64"}, {"result", "ok"}, {"note", "make test"}, {"version", ""}});
    CHECK(s.api("tina", path, R"({"platform":"OpenBSD 7.6","result":"failed"})").status == 201);
    CHECK(s.api("olga", "/cases/" + s.o + "/tested-on", R"({"platform":"x","result":"ok"})").status == 201);
    auto tests = s.tests_of(s.c);
    REQUIRE(tests.size() == 2);
    CHECK(tests[0].seq == j["seq"]);
  }
  SUBCASE("bad input: 400 naming the field, nothing recorded") {
    for (auto [body, field] :
         {std::pair{R"({"result":"ok"})", "platform: missing"},
          std::pair{R"({"platform":7,"result":"ok"})", "platform: must be a string"},
          std::pair{R"({"platform":"","result":"ok"})", "platform: "},
          std::pair{R"({"platform":"a\u0007b","result":"ok"})", "platform: "},
          std::pair{R"({"platform":"Debian 12"})", "result: missing"},
          std::pair{R"({"platform":"Debian 12","result":"passed"})", "result: must be ok or failed"},
          std::pair{R"({"platform":"Debian 12","result":"ok","note":5})", "note: must be a string"},
          std::pair{R"(["platform"])", "body: "}}) {
      CAPTURE(body);
      FileAnswer a = s.api("rita", path, body);
      CHECK(a.status == 400);
      CHECK(a.j()["message"].get<std::string>().starts_with(field));
    }
    FileAnswer long_note =
        s.api("rita", path, json{{"platform", "Debian"}, {"result", "ok"}, {"note", std::string(2001, 'n')}}.dump());
    CHECK(long_note.status == 400);
    CHECK(long_note.j()["message"].get<std::string>().starts_with("note: "));
    CHECK(s.tests_of(s.c).empty());
  }
  SUBCASE("who may not see the case: 404 as for the case, whatever the body; nothing recorded") {
    for (auto [user, id] : {std::pair{"max", s.c}, std::pair{"rhea", s.c}, std::pair{"tina", s.o}}) {
      CAPTURE(user);
      FileAnswer read = s.send(verb::get, "/api/v1/cases/" + id, "",
                               {{http::beast_http::field::authorization, "Bearer " + s.tokens[user]}});
      std::string tested = "/cases/" + id + "/tested-on";
      if (std::string(user) != "rhea") {  // a reporter's account reads the case's portal view
        CHECK(read.status == 404);
      }
      FileAnswer good = s.api(user, tested, R"({"platform":"Debian 12","result":"ok"})");
      CHECK(good.status == 404);
      CHECK(good.j()["message"] == "not found");
      CHECK(s.api(user, tested, R"({"result":"maybe"})").status == 404);
      CHECK(s.api(user, tested, "not json").status == 404);
    }
    CHECK(s.send(verb::post, "/api/v1" + path, R"({"platform":"x","result":"ok"})", {}).status == 401);
    CHECK(s.tests_of(s.c).empty());
    CHECK(s.tests_of(s.o).empty());
  }
}

TEST_CASE("POST /cases/ID/tested-on and the case page's Testing list") {
  FilesSite s;
  std::string path = "/cases/" + s.c + "/tested-on";
  SUBCASE("a maintainer it is shared with (read only) records one and goes back to the release section") {
    FileAnswer a = s.form("rita", path, "platform=Debian+12+amd64&result=failed&note=cc+missing");
    CHECK(a.status == 303);
    CHECK(a.header("location") == "/cases/" + s.c + "#release");
    auto tests = s.tests_of(s.c);
    REQUIRE(tests.size() == 1);
    CHECK(tests[0].actor == "rita");
    CHECK(tests[0].text == "tested on Debian 12 amd64: failed (cc missing)");
    FileAnswer page = s.page("tina", "/cases/" + s.c);
    REQUIRE(page.status == 200);
    auto testing = page.body.find("<h3>Testing</h3>");
    REQUIRE(testing != std::string::npos);
    CHECK(page.body.find("<td>rita</td><td>Debian 12 amd64</td>", testing) != std::string::npos);
    CHECK(page.body.find("tested on Debian 12 amd64: failed (cc missing)", testing) != std::string::npos);
    CHECK(page.body.find("action=\"/cases/" + s.c + "/tested-on\"", testing) != std::string::npos);
  }
  SUBCASE("no test yet: said so, with the form for every reader") {
    for (const std::string user : {"tina", "rita"}) {
      FileAnswer page = s.page(user, "/cases/" + s.c);
      CHECK(page.body.find("No test recorded yet.") != std::string::npos);
      CHECK(page.body.find("action=\"/cases/" + s.c + "/tested-on\"") != std::string::npos);
    }
  }
  SUBCASE("bad input: 400 naming the field; no CSRF token: 403; nothing recorded") {
    FileAnswer bad = s.form("tina", path, "platform=&result=ok");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("platform: ") != std::string::npos);
    CHECK(s.form("tina", path, "platform=Debian&result=fine").body.find("result: must be ok or failed") !=
          std::string::npos);
    auto [cookie, csrf] = s.session("tina");
    FileAnswer no_csrf = s.send(verb::post, path, "platform=Debian&result=ok",
                                {{http::beast_http::field::cookie, cookie},
                                 {http::beast_http::field::content_type, "application/x-www-form-urlencoded"}});
    CHECK(no_csrf.status == 403);
    CHECK(s.tests_of(s.c).empty());
  }
  SUBCASE("everyone else: the 404 of the case; nothing recorded") {
    for (auto [user, id] :
         {std::pair{"max", s.c}, std::pair{"rhea", s.c}, std::pair{"link", s.c}, std::pair{"tina", s.o}}) {
      CAPTURE(user);
      FileAnswer as_case = s.page(user, "/cases/" + id);
      FileAnswer denied = s.form(user, "/cases/" + id + "/tested-on", "platform=Debian&result=ok");
      CHECK(denied.status == 404);
      CHECK(denied.body == as_case.body);
    }
    CHECK(s.tests_of(s.c).empty());
    CHECK(s.tests_of(s.o).empty());
  }
}
