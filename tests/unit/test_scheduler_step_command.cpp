// The configured release steps ([[publish.steps]], scheduler/step_command.hpp)
// on the memory store: their jobs at the plan's moments plus the offset and
// after what they wait for; the command run with the case's data (variables
// and JSON file) and its output's last lines as the result; a non-zero exit
// as the step's failure, retried by the job runner and done once; a dry run
// with EMBARGO_DRY_RUN=1 in its sink; a step no longer configured skipped.

#include <algorithm>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/scheduler/step_command.hpp>
#include <embargo/util/file.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using core::Job;
using core::JobState;
using testutil::unwrap;
namespace fs = std::filesystem;
namespace planner = core::planner;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

config::CommandStep command(std::string name, planner::Step at, std::string script) {
  config::CommandStep s;
  s.name = std::move(name);
  s.at = at;
  s.command = {"/bin/sh", "-c", std::move(script)};
  return s;
}

struct Fixture {
  testutil::TempDir data;
  testutil::MemoryStore store;
  config::ConfigFile config;
  util::FixedClock clock{ts("2026-03-02T09:00Z")};
  core::CaseService service{config.project, clock};
  std::string id;

  Fixture() {
    config.project.project_name = "Exim";
    config.publish.web_dir = "web";
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::NewCase input{"heap overflow", unwrap(core::parse_reporter("Jane <jane@example.org>")), {}, {}};
      TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
      id = c.id;
      core::NewVulnerability nv;
      nv.title = "heap overflow";
      nv.identifier = "CVE-2026-1234";
      TRY(service.add_vulnerability(tx, id, nv, "alice"));
      planner::Plan plan;
      plan.events = {{planner::Step::fix_to_packagers, ts("2026-03-03T14:00Z"), "given"},
                     {planner::Step::release, ts("2026-03-05T14:00Z"), "given"}};
      return planner::save_case_plan(service, tx, id, plan, "alice", clock.now()).map([](auto) {});
    }));
  }

  std::vector<Job> schedule() {
    std::vector<Job> jobs;
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(jobs, scheduler::schedule_release(service, tx, id, "alice"));
      TRY_ASSIGN(auto added, scheduler::schedule_configured_steps(config, service, tx, id, "alice"));
      jobs.insert(jobs.end(), added.begin(), added.end());
      return {};
    }));
    return jobs;
  }

  Job job_of(std::string_view kind) {
    Job found;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto jobs, tx.list_jobs(id));
      auto it = std::find_if(jobs.begin(), jobs.end(), [&](const Job& j) { return j.kind == kind; });
      REQUIRE(it != jobs.end());
      found = *it;
      return {};
    }));
    return found;
  }

  Result<std::string> act(const scheduler::ReleaseSteps& steps, const Job& job) {
    std::string out;
    TRY(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, steps.act(tx, job));
      return {};
    }));
    return out;
  }

  std::string read(const fs::path& p) { return unwrap(util::read_file(p)); }
};

bool contains(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

// The script that writes the variables and the JSON file where it runs.
const char* const k_dump = "env | grep '^EMBARGO_' | sort > env.txt; cp \"$EMBARGO_CASE_JSON\" seen.json; "
                           "echo \"greeting from $EMBARGO_STEP\"; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line $i; done";

}  // namespace

TEST_CASE("schedule_configured_steps") {
  Fixture f;
  config::CommandStep web = command("website-git", planner::Step::release, "true");
  web.offset_minutes = 10;
  web.after = {"publish-advisory"};
  config::CommandStep early = command("tell-mirror", planner::Step::fix_to_packagers, "true");
  early.offset_minutes = -30;
  config::CommandStep none = command("heads-up-chat", planner::Step::heads_up, "true");  // the plan has no heads-up
  f.config.publish.steps = {web, early, none};
  std::vector<Job> jobs = f.schedule();
  Job w = f.job_of("run:website-git");
  CHECK(w.due_at == ts("2026-03-05T14:10Z"));
  CHECK(w.depends_on == std::vector<std::int64_t>{f.job_of("publish-advisory").id});
  Job m = f.job_of("run:tell-mirror");
  CHECK(m.due_at == ts("2026-03-03T13:30Z"));
  CHECK(m.depends_on.empty());
  CHECK(std::none_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.kind == "run:heads-up-chat"; }));
  CHECK(scheduler::command_step_due(none, planner::Plan{}) == std::nullopt);

  // A second call adds nothing; the timeline says what was added, once.
  unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto again, scheduler::schedule_configured_steps(f.config, f.service, tx, f.id, "alice"));
    CHECK(again.empty());
    TRY_ASSIGN(auto entries, core::load_timeline(tx, f.id));
    auto n = std::count_if(entries.begin(), entries.end(), [](const core::TimelineEntry& e) {
      return e.kind == scheduler::entry::k_scheduled && contains(e.text, "2 configured steps");
    });
    CHECK(n == 1);
    return {};
  }));
}

TEST_CASE("command step: act runs the command with the case's data") {
  Fixture f;
  f.config.publish.steps = {command("website-git", planner::Step::release, k_dump)};
  f.config.publish.steps[0].env = {{"GREETING", "hello"}};
  f.schedule();
  Job job = f.job_of("run:website-git");
  job.attempts = 1;
  scheduler::ReleaseSteps steps({f.service, f.config, f.data.path(), f.clock, {}, "embargod"});

  SUBCASE("exit 0: the result ends with the output's last lines") {
    std::string r = unwrap(f.act(steps, job));
    CHECK(r.starts_with("/bin/sh: exit 0 after "));
    CHECK(contains(r, "; output ends:\nline 3\nline 4\n"));
    CHECK(r.ends_with("line 11\nline 12"));
    CHECK_FALSE(contains(r, "greeting"));  // only the last 10 lines
    fs::path out = f.data.path() / "steps" / f.id / "website-git";
    CHECK(contains(f.read(out / "output.log"), "greeting from website-git\n"));
    std::string env = f.read(f.data.path() / "env.txt");  // the working directory: the data directory
    for (const std::string& want : std::vector<std::string>
         {"EMBARGO_DRY_RUN=0", "EMBARGO_CASE=" + f.id, "EMBARGO_STEP=website-git", "EMBARGO_ATTEMPT=1",
          "EMBARGO_JOB=" + std::to_string(job.id), "EMBARGO_RELEASE_AT=2026-03-05T14:00:00Z",
          "EMBARGO_DUE_AT=2026-03-05T14:00:00Z", "EMBARGO_CVE_IDS=CVE-2026-1234",
          "EMBARGO_CASE_JSON=" + (out / "case.json").string(), "EMBARGO_OUT_DIR=" + out.string(),
          "EMBARGO_WEB_DIR=" + (f.data.path() / "web").string(), "EMBARGO_FILES_DIR=\n",
          "EMBARGO_ADVISORY_PAGE=" + f.id + ".html", "EMBARGO_DATA_DIR=" + f.data.path().string()}) {
      CHECK_MESSAGE(contains(env, want), want);
    }
    auto json = nlohmann::json::parse(f.read(f.data.path() / "seen.json"));
    CHECK(json["dry_run"] == false);
    CHECK(json["case"]["id"] == f.id);
    CHECK(json["case"]["title"] == "heap overflow");
    CHECK(json["vulnerabilities"][0]["identifier"] == "CVE-2026-1234");
    CHECK(json["plan"]["fix-to-packagers"] == "2026-03-03T14:00:00Z");
    CHECK(json["step"]["at"] == "release");
    CHECK(json["job"]["attempt"] == 1);
  }
  SUBCASE("the step's env, and no EMBARGO_* of the caller's") {
    f.config.publish.steps[0].command = {"/bin/sh", "-c", "echo \"$GREETING ${EMBARGO_FAULT_POINT-unset}\""};
    ::setenv("EMBARGO_FAULT_POINT", "7", 1);
    std::string r = unwrap(f.act(steps, job));
    ::unsetenv("EMBARGO_FAULT_POINT");
    CHECK(r.ends_with("output ends:\nhello unset"));
  }
  SUBCASE("a non-zero exit is the step's failure, with the output's last lines") {
    f.config.publish.steps[0].command = {"/bin/sh", "-c", "echo 'fatal: could not read from remote' >&2; exit 128"};
    auto r = f.act(steps, job);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == ErrorCode::io_error);
    CHECK(r.error().message().starts_with("/bin/sh: exit 128 after "));
    CHECK(r.error().message().ends_with(" s; output ends:\nfatal: could not read from remote"));
  }
  SUBCASE("a program that cannot be started") {
    f.config.publish.steps[0].command = {"no-such-command-anywhere"};
    auto r = f.act(steps, job);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message() == "cannot run no-such-command-anywhere: No such file or directory");
  }
  SUBCASE("a relative cwd is in the data directory") {
    fs::create_directories(f.data.path() / "site");
    f.config.publish.steps[0].cwd = "site";
    f.config.publish.steps[0].command = {"/bin/sh", "-c", "pwd"};
    CHECK(unwrap(f.act(steps, job)).ends_with("\n" + fs::canonical(f.data.path() / "site").string()));
  }
  SUBCASE("a dry run: EMBARGO_DRY_RUN=1, its folders in the sink") {
    fs::path sink = f.data.path() / "sink";
    scheduler::ReleaseSteps dry({f.service, f.config, f.data.path(), f.clock, sink, "embargod"});
    unwrap(f.act(dry, job));
    std::string env = f.read(f.data.path() / "env.txt");
    CHECK(contains(env, "EMBARGO_DRY_RUN=1\n"));
    CHECK(contains(env, "EMBARGO_OUT_DIR=" + (sink / "run-website-git").string() + "\n"));
    CHECK(contains(env, "EMBARGO_WEB_DIR=" + (sink / "publish-advisory").string() + "\n"));
    CHECK(fs::exists(sink / "run-website-git" / "output.log"));
    CHECK(nlohmann::json::parse(f.read(f.data.path() / "seen.json"))["dry_run"] == true);
    CHECK_FALSE(fs::exists(f.data.path() / "steps"));
  }
  SUBCASE("a step no longer configured is skipped") {
    f.config.publish.steps.clear();
    CHECK(unwrap(f.act(steps, job)) == "skipped: [[publish.steps]] has no step 'website-git' any more");
  }
}

TEST_CASE("command step: the job runner retries a failing command and does it once") {
  Fixture f;
  // Fails on its first run, succeeds on the second; counts its runs.
  f.config.publish.steps = {command("mirror", planner::Step::fix_to_packagers,
                                    "echo run >> runs.txt; if [ ! -e failed-once ]; then touch failed-once; "
                                    "echo 'rsync: connection refused'; exit 12; fi; echo synced")};
  f.schedule();
  scheduler::ReleaseSteps steps({f.service, f.config, f.data.path(), f.clock, {}, "embargod"});
  scheduler::RunnerOptions options;
  options.owner = "node-a";
  options.retry_delay = std::chrono::seconds(60);
  scheduler::JobRunner runner(
      f.store, f.service, f.clock, [&](core::StoreTx& tx, const Job& j) { return steps.record(tx, j); }, options,
      [&](core::StoreTx& view, const Job& j) { return steps.act(view, j); });

  f.clock.set(ts("2026-03-03T13:59Z"));
  unwrap(runner.run_due());
  CHECK_FALSE(fs::exists(f.data.path() / "runs.txt"));  // not before its time
  f.clock.set(ts("2026-03-03T14:00Z"));
  unwrap(runner.run_due());
  Job j = f.job_of("run:mirror");
  CHECK(j.state == JobState::pending);
  CHECK(j.attempts == 1);
  CHECK(contains(j.last_error, "exit 12 after"));
  CHECK(j.last_error.ends_with("output ends:\nrsync: connection refused"));
  CHECK(j.due_at == ts("2026-03-03T14:01Z"));
  unwrap(runner.run_due());  // not yet due again
  CHECK(f.read(f.data.path() / "runs.txt") == "run\n");

  f.clock.set(ts("2026-03-03T14:01Z"));
  unwrap(runner.run_due());
  j = f.job_of("run:mirror");
  CHECK(j.state == JobState::done);
  CHECK(j.attempts == 2);
  CHECK(j.result.ends_with("output ends:\nsynced"));
  f.clock.set(ts("2026-03-06T00:00Z"));
  unwrap(runner.run_due());
  CHECK(f.read(f.data.path() / "runs.txt") == "run\nrun\n");
  unwrap(f.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto entries, core::load_timeline(tx, f.id));
    auto n = std::count_if(entries.begin(), entries.end(), [](const core::TimelineEntry& e) {
      return e.kind == scheduler::entry::k_step_done && contains(e.text, "run:mirror");
    });
    CHECK(n == 1);
    return {};
  }));
}
