// Issue 21: the stored plan drives release day. A new plan moves every
// pending release step and the download window in the same transaction,
// keeps what is done, refuses a plan that would put an undone step in the
// past or move a done one (unless overridden, recorded), and races with a
// claim without a step ever running at its old time once the plan commits.

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/download_rule.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/scheduler/plan_follower.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/schedule_checks.hpp>
#include <embargo/scheduler/step_command.hpp>
#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

#include "memory_store.hpp"
#include "pg_server.hpp"
#include "testutil.hpp"

using namespace embargo;
using core::Job;
using core::JobState;
using core::planner::Plan;
using core::planner::SaveOptions;
using core::planner::Step;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

Plan plan_for(util::Timestamp packagers, util::Timestamp release) {
  Plan p;
  p.events = {{Step::fix_to_packagers, packagers, "given"}, {Step::release, release, "given"}};
  return p;
}

// A case with a plan (fix 2026-12-08 14:00, release 2026-12-10 14:00),
// scheduled; the service has the follower.
struct Release {
  core::Store& store;
  core::ProjectConfig project;
  config::ConfigFile config;
  util::FixedClock clock{ts("2026-12-05T09:00Z")};
  core::CaseService service{project, clock};
  scheduler::ReleasePlanFollower follower{config, ".", clock};
  std::string id;

  explicit Release(core::Store& s) : store(s) {
    core::planner::set_plan_follower(&follower);
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::NewCase input;
      input.title = "heap overflow";
      input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
      TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
      id = c.id;
      TRY(core::planner::save_case_plan(service, tx, id, plan_for(ts("2026-12-08T14:00Z"), ts("2026-12-10T14:00Z")),
                                        "alice", clock.now()));
      TRY(scheduler::schedule_release(service, tx, id, "alice"));
      return {};
    }));
  }

  ~Release() { core::planner::set_plan_follower(nullptr); }
  Release(const Release&) = delete;
  Release& operator=(const Release&) = delete;

  Result<core::planner::SavedPlan> replan(const Plan& plan, const SaveOptions& o = {}) {
    core::planner::SavedPlan saved;
    TRY(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(saved, core::planner::save_case_plan(service, tx, id, plan, "bob", clock.now(), o));
      return {};
    }));
    return saved;
  }

  std::vector<Job> jobs() {
    std::vector<Job> out;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, tx.list_jobs(id));
      return {};
    }));
    return out;
  }

  Job of_kind(std::string_view kind) {
    auto all = jobs();
    auto it = std::find_if(all.begin(), all.end(), [&](const Job& j) { return j.kind == kind; });
    REQUIRE(it != all.end());
    return *it;
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

  void mark_done(std::string_view kind) {
    Job j = of_kind(kind);
    j.state = JobState::done;
    unwrap(store.write([&](core::StoreTx& tx) { return tx.update_job(j); }));
  }
};

std::string timeline_text(core::Store& store, const std::string& id, std::string_view kind) {
  std::string out;
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
    for (const auto& e : entries) {
      if (e.kind == kind) {
        out += e.text + "\n";
      }
    }
    return {};
  }));
  return out;
}

}  // namespace

TEST_CASE("issue 21: a new plan moves every pending step and the window, in its transaction") {
  testutil::MemoryStore store;
  Release r(store);
  unwrap(store.write([&](core::StoreTx& tx) {
    return tx.put_download_window({r.id, ts("2026-12-08T14:00Z"), ts("2026-12-10T14:00Z"), core::AtRelease::publish});
  }));

  SUBCASE("later: every pending step and the window follow; the move is printed and recorded") {
    auto saved = unwrap(r.replan(plan_for(ts("2026-12-14T14:00Z"), ts("2026-12-16T14:00Z"))));
    CHECK(r.of_kind(scheduler::kind::k_notice_fix).due_at == ts("2026-12-14T14:00Z"));
    CHECK(r.of_kind(scheduler::kind::k_make_public).due_at == ts("2026-12-16T14:00Z"));
    CHECK(r.of_kind(scheduler::kind::k_publish_files).due_at == ts("2026-12-16T14:00Z"));
    std::vector<std::string> lines;
    for (const auto& m : saved.follow_up.moves) {
      lines.push_back(m.describe());
    }
    CHECK(std::count(lines.begin(), lines.end(), "notice-fix 2026-12-08 14:00 UTC -> 2026-12-14 14:00 UTC") == 1);
    CHECK(std::count(lines.begin(), lines.end(),
                     "download window opens 2026-12-08 14:00 UTC -> 2026-12-14 14:00 UTC") == 1);
    std::string moved = timeline_text(store, r.id, "release-moved");
    CHECK(moved.find("notice-fix 2026-12-08 14:00 UTC -> 2026-12-14 14:00 UTC") != std::string::npos);
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto w, tx.get_download_window(r.id));
      REQUIRE(w.has_value());
      CHECK(w->opens_at == ts("2026-12-14T14:00Z"));
      CHECK(w->releases_at == ts("2026-12-16T14:00Z"));
      TRY_ASSIGN(core::Case c, tx.get_case(r.id));
      CHECK(c.release_at == ts("2026-12-16T14:00Z"));
      return {};
    }));
  }
  SUBCASE("the same times: nothing moves, nothing is recorded as moved") {
    unwrap(r.replan(plan_for(ts("2026-12-08T14:00Z"), ts("2026-12-10T14:00Z"))));
    CHECK(r.plans() == 2);
    CHECK(timeline_text(store, r.id, "release-moved").empty());
  }
  SUBCASE("a step the new plan no longer has is cancelled") {
    Plan release_only;
    release_only.events = {{Step::release, ts("2026-12-16T14:00Z"), "given"}};
    auto saved = unwrap(r.replan(release_only));
    CHECK(r.of_kind(scheduler::kind::k_notice_fix).state == JobState::cancelled);
    CHECK(r.of_kind(scheduler::kind::k_make_public).due_at == ts("2026-12-16T14:00Z"));
    CHECK(timeline_text(store, r.id, "release-moved").find("notice-fix 2026-12-08 14:00 UTC -> cancelled") !=
          std::string::npos);
  }
  SUBCASE("a step done stays done; a plan that moves it is refused naming it") {
    r.mark_done(scheduler::kind::k_open_downloads);
    r.clock.set(ts("2026-12-09T10:00Z"));
    auto refused = r.replan(plan_for(ts("2026-12-14T14:00Z"), ts("2026-12-16T14:00Z")));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message().find("fix-to-packagers already happened at 2026-12-08 14:00 UTC") !=
          std::string::npos);
    CHECK(r.plans() == 1);
    CHECK(r.of_kind(scheduler::kind::k_notice_fix).due_at == ts("2026-12-08T14:00Z"));
    // Keeping the done step's time, the release moves.
    unwrap(r.replan(plan_for(ts("2026-12-08T14:00Z"), ts("2026-12-16T14:00Z"))));
    CHECK(r.of_kind(scheduler::kind::k_open_downloads).state == JobState::done);
    CHECK(r.of_kind(scheduler::kind::k_open_downloads).due_at == ts("2026-12-08T14:00Z"));
    CHECK(r.of_kind(scheduler::kind::k_make_public).due_at == ts("2026-12-16T14:00Z"));
  }
  SUBCASE("a step not done in the past is refused, unless overridden with a reason (recorded)") {
    r.clock.set(ts("2026-12-09T10:00Z"));
    Plan past = plan_for(ts("2026-12-08T14:00Z"), ts("2026-12-11T14:00Z"));
    auto refused = r.replan(past);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message().find("fix-to-packagers 2026-12-08 14:00 UTC is in the past and has not happened") !=
          std::string::npos);
    CHECK(r.plans() == 1);
    auto no_why = r.replan(past, {true, " ", ""});
    CHECK(no_why.error().message().find("--why") != std::string::npos);
    unwrap(r.replan(past, {true, "the distros asked for one more day", ""}));
    CHECK(r.plans() == 2);
    CHECK(timeline_text(store, r.id, "plan").find("override (the distros asked for one more day)") !=
          std::string::npos);
  }
  SUBCASE("a plan failing a rule changes nothing") {
    Plan failing = plan_for(ts("2026-12-14T14:00Z"), ts("2026-12-16T14:00Z"));
    failing.checks.push_back({"weekday", core::planner::Status::fail, "no release on Friday"});
    auto refused = r.replan(failing);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message().find("failing rules: weekday") != std::string::npos);
    CHECK(r.plans() == 1);
    CHECK(r.of_kind(scheduler::kind::k_notice_fix).due_at == ts("2026-12-08T14:00Z"));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(r.id));
      CHECK(c.release_at == ts("2026-12-10T14:00Z"));
      return {};
    }));
  }
  SUBCASE("a running step is not moved under its runner: refused, nothing stored") {
    r.clock.set(ts("2026-12-08T14:00Z"));
    auto claimed = unwrap(store.claim_job({"node-a", r.clock.now(), std::chrono::seconds(30)}));
    REQUIRE(claimed.has_value());
    auto refused = r.replan(plan_for(ts("2026-12-14T14:00Z"), ts("2026-12-16T14:00Z")));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == ErrorCode::conflict);
    CHECK(refused.error().message().find("is running now") != std::string::npos);
    CHECK(r.plans() == 1);
  }
  SUBCASE("without a follower a scheduled case refuses a new plan") {
    core::planner::set_plan_follower(nullptr);
    auto refused = store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY(core::planner::save_case_plan(r.service, tx, r.id,
                                        plan_for(ts("2026-12-14T14:00Z"), ts("2026-12-16T14:00Z")), "bob",
                                        r.clock.now()));
      return {};
    });
    CHECK(refused.error().code() == ErrorCode::conflict);
  }
  SUBCASE("after an abort, the aborted schedule's done steps do not block a new schedule") {
    r.mark_done("open-downloads");
    auto schedule = [&] {
      return store.write([&](core::StoreTx& tx) {
        return scheduler::schedule_release(r.service, tx, r.id, "alice").map([](auto) {});
      });
    };
    CHECK(schedule().error().code() == ErrorCode::conflict);  // not aborted: still scheduled
    unwrap(store.write([&](core::StoreTx& tx) {
      return scheduler::abort_release(r.service, tx, r.id, "fix is broken", "alice").map([](int) {});
    }));
    unwrap(schedule());
    auto all = r.jobs();
    CHECK(std::count_if(all.begin(), all.end(), [](const Job& j) { return j.kind == "open-downloads"; }) == 2);
    CHECK(schedule().error().code() == ErrorCode::conflict);  // the new schedule is live
  }
  SUBCASE("abort cancels and closes the window; schedule again starts from the current plan") {
    unwrap(store.write([&](core::StoreTx& tx) {
      return scheduler::abort_release(r.service, tx, r.id, "fix is broken", "alice").map([](int) {});
    }));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto w, tx.get_download_window(r.id));
      REQUIRE(w.has_value());
      CHECK(core::is_closed_window(*w));
      CHECK(core::phase_at(*w, ts("2026-12-09T00:00Z")) == core::WindowPhase::not_open);  // today's http: 403
      TRY_ASSIGN(core::AreaFacts f, core::area_facts(tx, r.id));
      CHECK(core::embargoed_answer(f, ts("2026-12-09T00:00Z")) == core::AreaAnswer::not_open);
      return {};
    }));
    unwrap(r.replan(plan_for(ts("2026-12-14T14:00Z"), ts("2026-12-16T14:00Z"))));
    unwrap(store.write([&](core::StoreTx& tx) {
      return scheduler::schedule_release(r.service, tx, r.id, "alice").map([](auto) {});
    }));
    auto all = r.jobs();
    auto live = std::count_if(all.begin(), all.end(), [](const Job& j) { return j.state == JobState::pending; });
    CHECK(live > 0);
    for (const Job& j : all) {
      if (j.state == JobState::pending) {
        CHECK(j.due_at >= ts("2026-12-14T14:00Z"));
      }
    }
  }
}

namespace {

// One race: embargod's claim of the steps due at the old fix time against a
// re-plan that moves them a day later. Returns (re-plan stored, steps run).
std::pair<bool, int> race_once(core::Store& runner_store, core::Store& planner_store, bool plan_first) {
  Release r(planner_store);
  r.clock.set(ts("2026-12-08T14:00Z"));
  std::atomic<int> runs{0};
  scheduler::RunnerOptions options;
  options.owner = "node-a";
  scheduler::JobRunner runner(
      runner_store, r.service, r.clock,
      [&](core::StoreTx&, const Job&) -> Result<std::string> {
        ++runs;
        return std::string("ok");
      },
      options);
  std::atomic<bool> stored{false};
  std::function<void()> replan = [&] {
    for (int attempt = 0; attempt < 50; ++attempt) {
      auto s = r.replan(plan_for(ts("2026-12-09T14:00Z"), ts("2026-12-11T14:00Z")));
      if (s || s.error().code() != ErrorCode::busy) {
        stored = s.has_value();
        return;
      }
    }
  };
  std::function<void()> run = [&] {
    for (int attempt = 0; attempt < 50 && !runner.run_due(); ++attempt) {
    }
  };
  std::thread a(plan_first ? replan : run);
  std::thread b(plan_first ? run : replan);
  a.join();
  b.join();
  // Whatever happened, nothing more runs at the old time afterwards.
  for (int attempt = 0; attempt < 50 && !runner.run_due(); ++attempt) {
  }
  return {stored.load(), runs.load()};
}

void check_races(const std::function<std::unique_ptr<core::Store>()>& open) {
  auto runner_store = open();
  auto planner_store = open();
  int stored = 0;
  int ran = 0;
  for (int i = 0; i < 20; ++i) {
    auto [s, runs] = race_once(*runner_store, *planner_store, i % 2 == 0);
    // Either the re-plan committed first (nothing ran at the old time), or
    // the steps ran (each once) and the re-plan was refused.
    CHECK_MESSAGE((s ? runs == 0 : runs == 2), "round " << i << ": stored " << s << ", runs " << runs);
    stored += s ? 1 : 0;
    ran += runs > 0 ? 1 : 0;
  }
  CHECK(stored + ran == 20);
}

}  // namespace

TEST_CASE("issue 21: a re-plan racing a claim on SQLite: each step runs at the old time or the new one") {
  testutil::TempDir dir;
  check_races([&] { return unwrap(storage::sqlite::SqliteStore::open(dir.path() / "s.db", {true, 5000})); });
}

TEST_CASE("issue 21: a re-plan racing a claim on PostgreSQL (two connections): old time or new, never both") {
  std::string url = testutil::new_pg_database();
  check_races([&] { return unwrap(storage::postgres::PgStore::open(url, {})); });
}

TEST_CASE("issue 21: the download area's rule") {
  core::AreaFacts f;
  f.window = core::DownloadWindow{"C", ts("2026-12-08T14:00Z"), ts("2026-12-10T14:00Z"), core::AtRelease::publish};
  f.state = core::CaseState::fix_shared;
  SUBCASE("/embargo/ only within the window") {
    CHECK(core::embargoed_answer(f, ts("2026-12-08T13:59Z")) == core::AreaAnswer::not_open);
    CHECK(core::embargoed_answer(f, ts("2026-12-08T14:00Z")) == core::AreaAnswer::serve);
    CHECK(core::embargoed_answer(f, ts("2026-12-10T13:59Z")) == core::AreaAnswer::serve);
    // Released by the clock, but the case is not public yet: nothing.
    CHECK(core::embargoed_answer(f, ts("2026-12-10T14:00Z")) == core::AreaAnswer::not_open);
    f.window->at_release = core::AtRelease::close;
    CHECK(core::embargoed_answer(f, ts("2026-12-10T14:00Z")) == core::AreaAnswer::gone);
    f.window.reset();  // never opened, or closed by an abort
    CHECK(core::embargoed_answer(f, ts("2026-12-09T00:00Z")) == core::AreaAnswer::not_open);
  }
  SUBCASE("/public/ only once the case is public and publish-files is done") {
    CHECK(core::public_answer(f) == core::AreaAnswer::not_found);
    f.state = core::CaseState::public_;
    CHECK(core::public_answer(f) == core::AreaAnswer::not_found);
    f.files_published = true;
    CHECK(core::public_answer(f) == core::AreaAnswer::serve);
    CHECK(core::embargoed_answer(f, ts("2026-12-10T14:00Z")) == core::AreaAnswer::moved_public);
    f.state = core::CaseState::closed;
    CHECK(core::public_answer(f) == core::AreaAnswer::serve);
    f.window->at_release = core::AtRelease::close;
    CHECK(core::public_answer(f) == core::AreaAnswer::not_found);
  }
}

TEST_CASE("issue 21: a re-plan moves the configured steps (notice-advance, [[publish.steps]]), never cancels them") {
  testutil::MemoryStore store;
  Release r(store);
  r.config.publish.advance_lists = {"distros"};
  config::CommandStep website;
  website.name = "website";
  website.at = Step::release;
  website.offset_minutes = 30;
  website.command = {"true"};
  r.config.publish.steps.push_back(website);
  auto with_advance = [](std::string_view advance, std::string_view fix, std::string_view release) {
    Plan p = plan_for(ts(fix), ts(release));
    p.events.insert(p.events.begin(), {Step::advance_notice, ts(advance), "given"});
    return p;
  };
  unwrap(r.replan(with_advance("2026-12-07T14:00Z", "2026-12-08T14:00Z", "2026-12-10T14:00Z")));
  unwrap(store.write([&](core::StoreTx& tx) {
    return scheduler::schedule_configured_steps(r.config, r.service, tx, r.id, "alice").map([](auto added) {
      CHECK(added.size() == 2);
    });
  }));
  CHECK(r.of_kind("notice-advance").due_at == ts("2026-12-07T14:00Z"));
  CHECK(r.of_kind("run:website").due_at == ts("2026-12-10T14:30Z"));
  auto saved = unwrap(r.replan(with_advance("2026-12-12T14:00Z", "2026-12-14T14:00Z", "2026-12-16T14:00Z")));
  for (std::string_view kind : {"notice-advance", "run:website"}) {
    CAPTURE(kind);
    CHECK(r.of_kind(kind).state == JobState::pending);
  }
  CHECK(r.of_kind("notice-advance").due_at == ts("2026-12-12T14:00Z"));
  CHECK(r.of_kind("run:website").due_at == ts("2026-12-16T14:30Z"));
  auto moved = std::count_if(saved.follow_up.moves.begin(), saved.follow_up.moves.end(),
                             [](const core::planner::StepMove& m) { return m.what == "run:website" && m.to; });
  CHECK(moved == 1);
}

TEST_CASE("issue 21: the area's facts: files count as published once no publish-files step is left") {
  testutil::MemoryStore store;
  Release r(store);
  auto facts = [&] {
    core::AreaFacts f;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(f, core::area_facts(tx, r.id));
      return {};
    }));
    return f;
  };
  CHECK_FALSE(facts().files_published);  // scheduled: publish-files pending
  store.force_case_state(r.id, core::CaseState::public_);
  CHECK(core::public_answer(facts()) == core::AreaAnswer::not_found);  // public by hand, step still pending
  r.mark_done("publish-files");
  CHECK(facts().files_published);
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    auto missing = core::area_facts(tx, "NO-SUCH-CASE");
    CHECK(missing.error().code() == ErrorCode::not_found);
    return {};
  }));
}

TEST_CASE("issue 21: a case released without a schedule has its files public once it is public") {
  testutil::MemoryStore store;
  core::ProjectConfig project;
  util::FixedClock clock{ts("2026-12-05T09:00Z")};
  core::CaseService service{project, clock};
  std::string id;
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    core::NewCase input;
    input.title = "by hand";
    input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
    TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
    id = c.id;
    return {};
  }));
  core::AreaFacts f;
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(f, core::area_facts(tx, id));
    return {};
  }));
  CHECK(f.files_published);
  CHECK(core::public_answer(f) == core::AreaAnswer::not_found);  // not public yet
  store.force_case_state(id, core::CaseState::public_);
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(f, core::area_facts(tx, id));
    return {};
  }));
  CHECK(core::public_answer(f) == core::AreaAnswer::serve);
}

TEST_CASE("issue 21: release schedule names each missing piece before anything is scheduled") {
  testutil::MemoryStore store;
  Release r(store);
  config::ConfigFile settings;
  settings.publish.files_dir = "pub";
  settings.publish.cve = true;
  settings.publish.fix_lists = {"distros"};
  settings.publish.announce_lists = {"announce"};
  config::MailList distros;
  distros.name = "distros";
  distros.address = "distros@example.org";
  distros.download_user = "distros";
  settings.mail.lists.push_back(distros);
  std::vector<std::string> problems;
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(problems, scheduler::schedule_problems(tx, settings, r.id));
    return {};
  }));
  auto has = [&](std::string_view needle) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(needle) != std::string::npos; });
  };
  CHECK(has("no vulnerability is recorded"));
  CHECK(has("publish-files: no built and verified release"));
  CHECK(has("list 'announce' is not configured"));
  CHECK(has("list 'distros' has no live download usercode 'distros'"));
  CHECK(has("publish.cve is true but no vulnerability has a CVE id"));
  CHECK_FALSE(has("the plan fails the policy"));  // the case's plan passes
  CHECK(problems.size() == 5);
}
