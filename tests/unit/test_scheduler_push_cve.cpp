// The push-public and publish-cve release steps through the job runner, on
// the memory store with real git repositories made here: nothing is pushed
// before the release, the push at the release, skips when not configured,
// and the dry run into a sink. (Publishing against the CVE Services test
// server is in tests/integration/suites/release_push.bash.)

#include <cstdio>
#include <cstdlib>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using core::Job;
using core::JobState;
using testutil::unwrap;
namespace fs = std::filesystem;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

void sh(const std::string& command) { REQUIRE(std::system(command.c_str()) == 0); }

std::string capture(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) {
    out += buf;
  }
  return pclose(p) == 0 ? std::string(util::trim(out)) : std::string();
}

// A private repository with exim-4.99 and the fix tagged exim-4.99.1, and a
// bare public one holding exim-4.99 on master. Returns the fix's commit.
std::string make_repos(const fs::path& dir) {
  std::string g = "git -c user.name=T -c user.email=t@example.org -C " + (dir / "private").string() + " ";
  sh("git init -q -b main " + (dir / "private").string());
  unwrap(util::write_file_atomic(dir / "private/exim.c", "int main(void) { return 0; }\n"));
  sh(g + "add -A && " + g + "commit -q -m 4.99 && " + g + "tag -a -m 4.99 exim-4.99");
  sh("git init -q --bare -b master " + (dir / "public.git").string());
  sh(g + "push -q " + (dir / "public.git").string() + " main:refs/heads/master refs/tags/exim-4.99");
  unwrap(util::write_file_atomic(dir / "private/exim.c", "int main(void) { return 1; }\n"));
  sh(g + "commit -q -am fix && " + g + "tag -a -m 4.99.1 exim-4.99.1");
  return capture(g + "rev-parse HEAD");
}

std::string public_master(const fs::path& bare) {
  return capture("git -C " + bare.string() + " rev-parse master");
}

struct Fixture {
  testutil::TempDir dir;
  std::string fix = make_repos(dir.path());
  config::ConfigFile file = [] {
    config::ConfigFile f;
    f.project.advisory.cna_org_id = "b7c3e2a1-1c2d-4e5f-8a9b-0123456789ab";
    f.project.advisory.cna_short_name = "Exim";
    f.project.advisory.advisory_url = "https://www.exim.org/static/doc/security/{id}.txt";
    return f;
  }();
  util::FixedClock clock{ts("2026-03-02T09:00Z")};
  core::CaseService service{file.project, clock};
  testutil::MemoryStore store;
  std::string id;

  // A case with two vulnerabilities (one with a CVE id), a recorded release
  // of exim-4.99.1 from the private repository, and a plan.
  Fixture() {
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::NewCase input;
      input.title = "heap overflow";
      input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
      TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
      id = c.id;
      TRY(service.add_vulnerability(tx, id, {"heap overflow", "", "CVE-2026-1001", "787", ">=4.92,<4.99.1", "", ""},
                                    "alice"));
      TRY(service.add_vulnerability(tx, id, {"use after free", "", "", "", "<4.99.1", "", ""}, "alice"));
      nlohmann::json data = {{"repository", (dir.path() / "private").string()},
                             {"tag", "exim-4.99.1"},
                             {"tag_commit", fix}};
      TRY_ASSIGN(c, tx.get_case(id));
      TRY(service.record(tx, c, "release", "release exim 4.99.1", "alice", data.dump()));
      core::planner::Plan p;
      p.events = {{core::planner::Step::fix_to_packagers, ts("2026-03-03T14:00Z"), "given"},
                  {core::planner::Step::release, ts("2026-03-05T14:00Z"), "given"}};
      return core::planner::save_case_plan(service, tx, id, p, "alice", clock.now()).map([](auto) {});
    }));
  }

  Job job_of(std::string_view kind) {
    Job found;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto jobs, tx.list_jobs(id));
      for (const Job& j : jobs) {
        if (j.kind == kind) {
          found = j;
        }
      }
      return {};
    }));
    REQUIRE(found.kind == kind);
    return found;
  }

  std::string act(const scheduler::ReleaseSteps& steps, std::string_view kind) {
    Job j;
    j.case_id = id;
    j.kind = std::string(kind);
    std::string said;
    unwrap(store.read([&](core::StoreTx& view) -> Result<void> {
      TRY_ASSIGN(said, steps.act(view, j));
      return {};
    }));
    return said;
  }
};

}  // namespace

TEST_CASE("push-public: nothing before the release, the push at the release, once") {
  Fixture f;
  fs::path bare = f.dir.path() / "public.git";
  std::string before = public_master(bare);
  f.file.publish.git_remote = "public.git";  // relative: to the data directory
  scheduler::ReleaseSteps steps({f.service, f.file, f.dir.path(), f.clock, {}, "embargod"});
  scheduler::RunnerOptions options;
  options.owner = "node-a";
  scheduler::JobRunner runner(
      f.store, f.service, f.clock, [&](core::StoreTx& tx, const Job& j) { return steps.record(tx, j); }, options,
      [&](core::StoreTx& view, const Job& j) { return steps.act(view, j); });
  unwrap(f.store.write([&](core::StoreTx& tx) {
    return scheduler::schedule_release(f.service, tx, f.id, "alice").map([](auto) {});
  }));
  Job push = f.job_of(scheduler::kind::k_push_public);
  CHECK(push.due_at == ts("2026-03-05T14:00Z"));
  CHECK(std::find(f.job_of(scheduler::kind::k_make_public).depends_on.begin(),
                  f.job_of(scheduler::kind::k_make_public).depends_on.end(),
                  push.id) != f.job_of(scheduler::kind::k_make_public).depends_on.end());

  f.clock.set(ts("2026-03-05T13:59Z"));  // downloads open, notices out; the release is not due
  int due = 0;
  unwrap(f.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto all, tx.list_jobs(f.id));
    for (const Job& j : all) {
      due += j.due_at <= f.clock.now() ? 1 : 0;
    }
    return {};
  }));
  CHECK(due >= 1);
  CHECK(unwrap(runner.run_due()) == due);
  CHECK(f.job_of(scheduler::kind::k_push_public).state == JobState::pending);
  CHECK(public_master(bare) == before);

  f.store.force_case_state(f.id, core::CaseState::fix_shared);
  f.clock.set(ts("2026-03-05T14:00Z"));
  unwrap(runner.run_due());
  Job done = f.job_of(scheduler::kind::k_push_public);
  CHECK(done.state == JobState::done);
  CHECK(done.result.find("pushed " + f.fix.substr(0, 12) + " to master and tag exim-4.99.1") == 0);
  CHECK(public_master(bare) == f.fix);
  CHECK(f.job_of(scheduler::kind::k_publish_cve).result == "skipped: publish.cve is false");
  CHECK(f.job_of(scheduler::kind::k_make_public).state == JobState::done);
  // Run again (as after a crash before the commit): already pushed.
  CHECK(f.act(steps, scheduler::kind::k_push_public).find("already pushed") == 0);
}

TEST_CASE("push-public: a diverged public branch is refused; the job keeps the error and is retried") {
  Fixture f;
  fs::path bare = f.dir.path() / "public.git";
  fs::path other = f.dir.path() / "other";
  sh("git clone -q " + bare.string() + " " + other.string());
  sh("git -c user.name=T -c user.email=t@example.org -C " + other.string() +
     " commit -q --allow-empty -m public && git -C " + other.string() + " push -q origin HEAD:master");
  std::string tip = public_master(bare);
  f.file.publish.git_remote = bare.string();
  scheduler::ReleaseSteps steps({f.service, f.file, f.dir.path(), f.clock, {}, "embargod"});
  scheduler::RunnerOptions options;
  options.owner = "node-a";
  scheduler::JobRunner runner(
      f.store, f.service, f.clock, [&](core::StoreTx& tx, const Job& j) { return steps.record(tx, j); }, options,
      [&](core::StoreTx& view, const Job& j) { return steps.act(view, j); });
  unwrap(f.store.write([&](core::StoreTx& tx) {
    return scheduler::schedule_release(f.service, tx, f.id, "alice").map([](auto) {});
  }));
  f.clock.set(ts("2026-03-05T14:00Z"));
  unwrap(runner.run_due());
  Job push = f.job_of(scheduler::kind::k_push_public);
  CHECK(push.state == JobState::pending);  // given back (a refusal is not a lost lease)
  CHECK(push.attempts == 1);
  CHECK(push.last_error.find("branch master is at " + tip + ", which has commits the release") != std::string::npos);
  CHECK(push.due_at == ts("2026-03-05T14:00:10Z"));
  CHECK(f.job_of(scheduler::kind::k_make_public).state == JobState::pending);
  CHECK(public_master(bare) == tip);
}

TEST_CASE("push-public and publish-cve: skipped when not configured, errors named") {
  Fixture f;
  scheduler::ReleaseSteps steps({f.service, f.file, f.dir.path(), f.clock, {}, "embargod"});
  CHECK(f.act(steps, scheduler::kind::k_push_public) == "skipped: publish.git_remote is not set");
  CHECK(f.act(steps, scheduler::kind::k_publish_cve) == "skipped: publish.cve is false");

  f.file.publish.cve = true;
  f.file.project.cve_services.user = "ph10@exim.org";
  ::unsetenv("EMBARGO_CVE_API_KEY");
  Job j;
  j.case_id = f.id;
  j.kind = std::string(scheduler::kind::k_publish_cve);
  auto r = f.store.read([&](core::StoreTx& view) { return steps.act(view, j).map([](auto) {}); });
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message().find("no CVE Services API key") != std::string::npos);

  f.file.publish.git_remote = (f.dir.path() / "public.git").string();
  unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(f.id));
    return f.service.record(tx, c, "release", "an old release entry", "alice",
                            nlohmann::json{{"tag", "exim-4.99.1"}}.dump());
  }));
  j.kind = std::string(scheduler::kind::k_push_public);
  r = f.store.read([&](core::StoreTx& view) { return steps.act(view, j).map([](auto) {}); });
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message().find("does not record its repository") != std::string::npos);
}

TEST_CASE("push-public and publish-cve: a dry run writes into the sink and touches no remote") {
  Fixture f;
  fs::path bare = f.dir.path() / "public.git";
  std::string before = public_master(bare);
  f.file.publish.git_remote = bare.string();
  f.file.publish.cve = true;
  f.file.project.cve_services.url = "http://127.0.0.1:9/api";  // nothing listens: a request would fail
  fs::path sink = f.dir.path() / "sink";
  scheduler::ReleaseSteps steps({f.service, f.file, f.dir.path(), f.clock, sink, "embargod"});

  std::string pushed = f.act(steps, scheduler::kind::k_push_public);
  CHECK(pushed.find("pushed " + f.fix.substr(0, 12)) == 0);
  CHECK(public_master(sink / "push-public/public.git") == f.fix);
  CHECK(public_master(bare) == before);

  std::string published = f.act(steps, scheduler::kind::k_publish_cve);
  CHECK(published.find(f.id + "#2 has no CVE id: not published") != std::string::npos);
  CHECK(published.find("would publish CVE-2026-1001") != std::string::npos);
  auto record = nlohmann::json::parse(unwrap(util::read_file(sink / "publish-cve/CVE-2026-1001.json")));
  CHECK(record["title"] == "heap overflow");
  CHECK(record["references"][0]["url"] == "https://www.exim.org/static/doc/security/CVE-2026-1001.txt");
  CHECK_FALSE(fs::exists(sink / "publish-cve/.json"));
}
