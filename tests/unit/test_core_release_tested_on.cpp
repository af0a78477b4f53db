// Issue 22: "tested on <platform>: ok|failed" on a case (core/release/release_tested_on.hpp),
// the case page's list of tests, and the warning of `embargo release schedule` when the release
// to be shared has no passing test after it (scheduler::schedule_warnings).

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/release/release_record.hpp>
#include <embargo/core/release/release_tested_on.hpp>
#include <embargo/scheduler/schedule_checks.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;
namespace rel = core::release;

namespace {

// A case and the entries a release's testing leaves on it.
struct TestedCase {
  testutil::MemoryStore store;
  util::FixedClock clock{unwrap(util::parse_timestamp("2026-12-05T09:00Z"))};
  core::ProjectConfig project;
  core::CaseService service{project, clock};
  std::string id;

  TestedCase() {
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::NewCase input;
      input.title = "heap overflow";
      TRY_ASSIGN(core::Case c, service.create(tx, input, "tina"));
      id = c.id;
      return {};
    }));
  }

  void entry(std::string_view kind, const nlohmann::json& data, std::string_view text = "an entry") {
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(id));
      return service.record(tx, c, kind, text, "tina", data.dump());
    }));
  }
  void release(std::string_view version) { entry(rel::k_release_entry_kind, {{"version", version}}, "release"); }
  void release_test(bool ok) {
    rel::ReleaseTestReport report;
    report.tarball = "exim-4.99.1.tar.xz";
    report.version = "4.99.1";
    report.ok = ok;
    report.problem = ok ? "" : "exit status 2";
    unwrap(store.write([&](core::StoreTx& tx) { return rel::record_release_test(tx, service, id, report, "tina"); }));
  }
  core::TimelineEntry tested_on(std::string_view platform, std::string_view result, std::string_view note = "",
                                std::string_view actor = "max") {
    auto t = unwrap(rel::parse_tested_on(platform, result, note));
    core::TimelineEntry e;
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(e, rel::record_tested_on(tx, service, id, t, actor));
      return {};
    }));
    return e;
  }
  std::vector<core::TimelineEntry> entries() {
    std::vector<core::TimelineEntry> out;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, core::load_timeline(tx, id));
      return {};
    }));
    return out;
  }
  std::vector<std::string> warnings() {
    std::vector<std::string> out;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, scheduler::schedule_warnings(tx, id));
      return {};
    }));
    return out;
  }
};

std::string error_of(std::string_view platform, std::string_view result, std::string_view note = "") {
  auto r = rel::parse_tested_on(platform, result, note);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == ErrorCode::invalid_argument);
  return r.error().message();
}

}  // namespace

TEST_CASE("parse_tested_on") {
  SUBCASE("platform, result and note as given, trimmed; UTF-8 and a multi-line note are fine") {
    auto t = unwrap(rel::parse_tested_on("  Debian 12 amd64 ", "ok", " make test passed\n\tall 412 "));
    CHECK(t.platform == "Debian 12 amd64");
    CHECK(t.ok);
    CHECK(t.note == "make test passed\n\tall 412");
    CHECK_FALSE(unwrap(rel::parse_tested_on("FreeBSD 14 — arm64", "failed", "")).ok);
    CHECK(unwrap(rel::parse_tested_on(std::string(200, 'x'), "ok", std::string(2000, 'n'))).platform.size() == 200);
  }
  SUBCASE("each bad field is named") {
    CHECK(error_of("", "ok").starts_with("platform: "));
    CHECK(error_of("   ", "ok").starts_with("platform: "));
    CHECK(error_of(std::string(201, 'x'), "ok").starts_with("platform: "));
    CHECK(error_of("Debian\n12", "ok").starts_with("platform: "));
    CHECK(error_of("Debian\x1b[31m", "ok").starts_with("platform: "));
    CHECK(error_of("Debian \xff", "ok").starts_with("platform: "));
    CHECK(error_of("Debian \xc0\xaf", "ok").starts_with("platform: "));  // overlong '/'
    CHECK(error_of("Debian 12", "").starts_with("result: "));
    CHECK(error_of("Debian 12", "OK").starts_with("result: "));
    CHECK(error_of("Debian 12", "passed").starts_with("result: "));
    CHECK(error_of("Debian 12", "ok", std::string(2001, 'n')).starts_with("note: "));
    CHECK(error_of("Debian 12", "ok", "bell\a").starts_with("note: "));
    CHECK(error_of("Debian 12", "ok", "bad \xe2\x82").starts_with("note: "));
  }
}

TEST_CASE("record_tested_on") {
  TestedCase k;
  SUBCASE("before any release: version empty; the entry as stored") {
    core::TimelineEntry e = k.tested_on("Debian 12 amd64", "ok", "all tests pass");
    CHECK(e.kind == "release-tested-on");
    CHECK(e.text == "tested on Debian 12 amd64: ok (all tests pass)");
    CHECK(e.actor == "max");
    auto stored = k.entries().back();
    CHECK(stored.seq == e.seq);
    CHECK(stored.hash == e.hash);
    CHECK(stored.prev_hash == e.prev_hash);
    CHECK(stored.text == e.text);
    auto data = nlohmann::json::parse(stored.data);
    CHECK(data == nlohmann::json{
                      {"platform", "Debian 12 amd64"}, {"result", "ok"}, {"note", "all tests pass"}, {"version", ""}});
  }
  SUBCASE("the latest release's version; no note: no parentheses") {
    k.release("4.99.0");
    k.release("4.99.1");
    core::TimelineEntry e = k.tested_on("OpenBSD 7.6", "failed");
    CHECK(e.text == "tested on OpenBSD 7.6: failed");
    CHECK(nlohmann::json::parse(e.data)["version"] == "4.99.1");
  }
  SUBCASE("an unknown case is NotFound") {
    auto t = unwrap(rel::parse_tested_on("Debian 12", "ok", ""));
    auto r = k.store.write([&](core::StoreTx& tx) -> Result<void> {
      return rel::record_tested_on(tx, k.service, "EMB-2026-9999", t, "max").map([](auto&&) {});
    });
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == ErrorCode::not_found);
  }
}

TEST_CASE("release_tests") {
  TestedCase k;
  k.release("4.99.1");
  k.release_test(false);
  k.tested_on("Debian 12 amd64", "ok", "", "max");
  k.entry("release-tested-on", nlohmann::json::array());  // data of the wrong shape: read as failed
  auto tests = rel::release_tests(k.entries());
  REQUIRE(tests.size() == 3);
  CHECK(tests[0].platform.empty());
  CHECK(tests[0].version == "4.99.1");
  CHECK_FALSE(tests[0].ok);
  CHECK(tests[0].actor == "tina");
  CHECK(tests[1].platform == "Debian 12 amd64");
  CHECK(tests[1].ok);
  CHECK(tests[1].actor == "max");
  CHECK(tests[1].seq > tests[0].seq);
  CHECK_FALSE(tests[2].ok);
}

TEST_CASE("schedule_warnings: the release to be shared was never tested") {
  TestedCase k;
  SUBCASE("no release recorded: no warning (publish-files is schedule_problems' business)") {
    k.tested_on("Debian 12", "failed");
    CHECK(k.warnings().empty());
  }
  SUBCASE("a release and no test: a warning naming the release and both commands") {
    k.release("4.99.1");
    auto w = k.warnings();
    REQUIRE(w.size() == 1);
    CHECK(w[0].starts_with("release-untested: "));
    CHECK(w[0].find("4.99.1") != std::string::npos);
    CHECK(w[0].find("never tested") != std::string::npos);
    CHECK(w[0].find("embargo release test OUT --case " + k.id) != std::string::npos);
    CHECK(w[0].find("embargo release tested-on " + k.id + " --platform") != std::string::npos);
  }
  SUBCASE("a passing test before the latest release does not count") {
    k.release("4.99.0");
    k.tested_on("Debian 12", "ok");
    k.release("4.99.1");
    REQUIRE(k.warnings().size() == 1);
  }
  SUBCASE("only failed tests after it: each is named") {
    k.release("4.99.1");
    k.release_test(false);
    k.tested_on("OpenBSD 7.6", "failed", "make: cc not found");
    auto w = k.warnings();
    REQUIRE(w.size() == 1);
    CHECK(w[0].find("only failed ones") != std::string::npos);
    CHECK(w[0].find("tested on OpenBSD 7.6: failed (make: cc not found)") != std::string::npos);
    CHECK(w[0].find("release tested") != std::string::npos);  // the release-test entry's text
  }
  SUBCASE("a maintainer's ok after it, even after a failure: no warning") {
    k.release("4.99.1");
    k.tested_on("OpenBSD 7.6", "failed");
    k.tested_on("Debian 12 amd64", "ok");
    CHECK(k.warnings().empty());
  }
  SUBCASE("`release test` passing after it: no warning") {
    k.release("4.99.1");
    k.release_test(true);
    CHECK(k.warnings().empty());
  }
}
