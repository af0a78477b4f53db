// The release scheduler: the job queue's store contract and claiming on
// memory, SQLite and PostgreSQL; release jobs from a plan, run-now, abort;
// the runner's leases, retries and takeover after a node's lease expires.

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

#include "pg_server.hpp"
#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using core::Job;
using core::JobState;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

std::string make_case(core::Store& store, const core::CaseService& service) {
  std::string id;
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    core::NewCase input;
    input.title = "heap overflow";
    input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
    TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
    id = c.id;
    return {};
  }));
  return id;
}

Job job(const std::string& case_id, std::string_view kind, util::Timestamp due, std::vector<std::int64_t> deps = {}) {
  Job j;
  j.case_id = case_id;
  j.kind = std::string(kind);
  j.due_at = due;
  j.depends_on = std::move(deps);
  return j;
}

std::optional<Job> claim(core::Store& store, std::string owner, util::Timestamp now) {
  return unwrap(store.claim_job({std::move(owner), now, std::chrono::seconds(30)}));
}

// The queue's contract, the same on every store.
void check_job_queue(core::Store& store) {
  core::ProjectConfig config;
  util::FixedClock clock(ts("2026-03-02T09:00Z"));
  core::CaseService service(config, clock);
  std::string id = make_case(store, service);
  std::int64_t first = 0;
  std::int64_t second = 0;
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(first, tx.insert_job(job(id, "a", ts("2026-03-02T10:00Z"))));
    TRY_ASSIGN(second, tx.insert_job(job(id, "b", ts("2026-03-02T09:30Z"), {first})));
    return {};
  }));
  CHECK(first != second);
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto jobs, tx.list_jobs(id));
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].kind == "b");  // by due time
    CHECK(jobs[0].depends_on == std::vector<std::int64_t>{first});
    CHECK(jobs[1].state == JobState::pending);
    CHECK(unwrap(tx.list_jobs("")).size() == 2);
    CHECK(unwrap(tx.get_job(first)) == jobs[1]);
    CHECK(tx.get_job(first + second + 100).error().code() == ErrorCode::not_found);
    return {};
  }));

  // Nothing due yet; b is due but waits for a.
  CHECK_FALSE(claim(store, "n1", ts("2026-03-02T09:59Z")).has_value());
  auto a = claim(store, "n1", ts("2026-03-02T10:00Z"));
  REQUIRE(a.has_value());
  CHECK(a->id == first);
  CHECK(a->state == JobState::running);
  CHECK(a->lease_owner == "n1");
  CHECK(a->attempts == 1);
  CHECK(a->lease_until == ts("2026-03-02T10:00:30Z"));
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    CHECK(unwrap(tx.get_job(first)) == *a);
    return {};
  }));
  // a is held: nobody else gets it, and b still waits.
  CHECK_FALSE(claim(store, "n2", ts("2026-03-02T10:00:10Z")).has_value());
  // n1 died: after its lease another node takes a over.
  auto taken = claim(store, "n2", ts("2026-03-02T10:00:31Z"));
  REQUIRE(taken.has_value());
  CHECK(taken->id == first);
  CHECK(taken->lease_owner == "n2");
  CHECK(taken->attempts == 2);
  taken->state = JobState::done;
  unwrap(store.write([&](core::StoreTx& tx) { return tx.update_job(*taken); }));
  auto b = claim(store, "n2", ts("2026-03-02T10:00:32Z"));
  REQUIRE(b.has_value());
  CHECK(b->id == second);

  Job missing = *b;
  missing.id = first + second + 100;
  auto r = store.write([&](core::StoreTx& tx) { return tx.update_job(missing); });
  CHECK(r.error().code() == ErrorCode::not_found);
}

// Many claimers at once on separate connections: each job goes to one.
void check_one_claim_each(const std::function<std::unique_ptr<core::Store>()>& open) {
  auto store = open();
  core::ProjectConfig config;
  util::FixedClock clock(ts("2026-03-02T09:00Z"));
  core::CaseService service(config, clock);
  std::string id = make_case(*store, service);
  constexpr int k_jobs = 40;
  unwrap(store->write([&](core::StoreTx& tx) -> Result<void> {
    for (int i = 0; i < k_jobs; ++i) {
      TRY(tx.insert_job(job(id, "x", ts("2026-03-02T09:00Z"))).map([](std::int64_t) {}));
    }
    return {};
  }));
  std::mutex m;
  std::vector<std::int64_t> claimed;
  std::vector<std::thread> nodes;
  for (int n = 0; n < 4; ++n) {
    nodes.emplace_back([&, n] {
      auto mine = open();
      while (true) {
        auto got = mine->claim_job({fmt::format("node{}", n), ts("2026-03-02T09:00Z"), std::chrono::seconds(30)});
        if (!got) {
          continue;  // Busy under contention: try again
        }
        if (!*got) {
          return;
        }
        std::lock_guard lock(m);
        claimed.push_back((*got)->id);
      }
    });
  }
  for (auto& t : nodes) {
    t.join();
  }
  std::set<std::int64_t> distinct(claimed.begin(), claimed.end());
  CHECK(claimed.size() == k_jobs);
  CHECK(distinct.size() == k_jobs);
}

core::planner::Plan plan_for(util::Timestamp packagers, util::Timestamp release) {
  core::planner::Plan p;
  p.events = {{core::planner::Step::fix_to_packagers, packagers, "given"},
              {core::planner::Step::release, release, "given"}};
  return p;
}

}  // namespace

TEST_CASE("job queue: memory store") {
  testutil::MemoryStore store;
  check_job_queue(store);
}

TEST_CASE("job queue: SQLite store") {
  testutil::TempDir dir;
  auto store = unwrap(storage::sqlite::SqliteStore::open(dir.path() / "s.db", {true, 5000}));
  check_job_queue(*store);
  check_one_claim_each([&] { return unwrap(storage::sqlite::SqliteStore::open(dir.path() / "s.db", {true, 5000})); });
}

TEST_CASE("job queue: PostgreSQL store, SKIP LOCKED claims") {
  std::string url = testutil::new_pg_database();
  auto store = unwrap(storage::postgres::PgStore::open(url, {}));
  check_job_queue(*store);
  std::string other = testutil::new_pg_database();
  check_one_claim_each([&] { return unwrap(storage::postgres::PgStore::open(other, {})); });
}

TEST_CASE("release jobs: schedule, run, run-now, abort") {
  testutil::MemoryStore store;
  core::ProjectConfig config;
  util::FixedClock clock(ts("2026-03-02T09:00Z"));
  core::CaseService service(config, clock);
  std::string id = make_case(store, service);
  config::ConfigFile file;
  scheduler::ReleaseSteps release_steps({service, file, {}, clock, {}, "embargod"});
  auto step = [&](core::StoreTx& tx, const Job& j) { return release_steps.record(tx, j); };
  auto act = [&](core::StoreTx& view, const Job& j) { return release_steps.act(view, j); };
  scheduler::RunnerOptions options;
  options.owner = "node-a";
  scheduler::JobRunner runner(store, service, clock, step, options, act);

  SUBCASE("no plan, no schedule") {
    auto r = store.write(
        [&](core::StoreTx& tx) { return scheduler::schedule_release(service, tx, id, "alice").map([](auto) {}); });
    REQUIRE(!r);
    CHECK(r.error().message().find("has no plan") != std::string::npos);
  }
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    return core::planner::save_case_plan(service, tx, id, plan_for(ts("2026-03-03T14:00Z"), ts("2026-03-05T14:00Z")),
                                         "alice", clock.now())
        .map([](auto) {});
  }));
  std::vector<Job> jobs;
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(jobs, scheduler::schedule_release(service, tx, id, "alice"));
    return {};
  }));
  // Other steps of the table are scheduled too; these two are looked up by kind.
  auto of_kind = [&](std::string_view kind) {
    auto it = std::find_if(jobs.begin(), jobs.end(), [&](const Job& j) { return j.kind == kind; });
    REQUIRE(it != jobs.end());
    return *it;
  };
  const Job opening = of_kind(scheduler::kind::k_open_downloads);
  const Job going_public = of_kind(scheduler::kind::k_make_public);
  CHECK(jobs.front().kind == scheduler::kind::k_open_downloads);
  CHECK(jobs.back().kind == scheduler::kind::k_make_public);
  CHECK(opening.due_at == ts("2026-03-03T14:00Z"));
  CHECK(std::count(going_public.depends_on.begin(), going_public.depends_on.end(), opening.id) == 1);
  auto due_before = [&](util::Timestamp t) {
    return std::count_if(jobs.begin(), jobs.end(), [&](const Job& j) { return j.due_at <= t; });
  };
  auto again = store.write(
      [&](core::StoreTx& tx) { return scheduler::schedule_release(service, tx, id, "alice").map([](auto) {}); });
  CHECK(again.error().code() == ErrorCode::conflict);

  CHECK(unwrap(runner.run_due()) == 0);
  clock.set(ts("2026-03-03T14:00Z"));
  CHECK(unwrap(runner.run_due()) == due_before(clock.now()));
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto w, tx.get_download_window(id));
    REQUIRE(w.has_value());
    CHECK(w->opens_at == ts("2026-03-03T14:00Z"));
    CHECK(w->releases_at == ts("2026-03-05T14:00Z"));
    CHECK(unwrap(tx.get_job(opening.id)).state == JobState::done);
    return {};
  }));

  SUBCASE("run-now brings the release forward; make-public runs and is recorded") {
    store.force_case_state(id, core::CaseState::fix_shared);  // as after a signed release
    clock.set(ts("2026-03-04T08:00Z"));
    unwrap(store.write([&](core::StoreTx& tx) {
      return scheduler::run_release_now(service, tx, id, "exploit seen in the wild", "alice", clock.now())
          .map([&](int n) { CHECK(n == static_cast<int>(jobs.size() - due_before(ts("2026-03-03T14:00Z")))); });
    }));
    CHECK(unwrap(runner.run_due()) == static_cast<int>(jobs.size() - due_before(ts("2026-03-03T14:00Z"))));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(id));
      CHECK(c.state == core::CaseState::public_);
      TRY_ASSIGN(auto timeline, core::load_timeline(tx, id));
      int steps = 0;
      bool run_now = false;
      for (const auto& e : timeline) {
        steps += e.kind == scheduler::entry::k_step_done ? 1 : 0;
        run_now = run_now || (e.kind == scheduler::entry::k_run_now &&
                              e.text.find("exploit seen in the wild") != std::string::npos);
      }
      CHECK(steps == static_cast<int>(jobs.size()));
      CHECK(run_now);
      return {};
    }));
  }
  SUBCASE("a step that fails is retried later with its error kept") {
    clock.set(ts("2026-03-05T14:00Z"));  // the case is not fix-shared: the move is refused
    CHECK(unwrap(runner.run_due()) == static_cast<int>(jobs.size() - due_before(ts("2026-03-03T14:00Z"))));
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(Job j, tx.get_job(going_public.id));
      CHECK(j.state == JobState::pending);
      CHECK_FALSE(j.last_error.empty());
      CHECK(j.due_at == ts("2026-03-05T14:00:10Z"));
      return {};
    }));
  }
  SUBCASE("abort cancels what is pending") {
    unwrap(store.write([&](core::StoreTx& tx) {
      return scheduler::abort_release(service, tx, id, "fix is broken", "alice").map([&](int n) {
        CHECK(n == static_cast<int>(jobs.size() - due_before(ts("2026-03-03T14:00Z"))));
      });
    }));
    clock.set(ts("2026-03-06T00:00Z"));
    CHECK(unwrap(runner.run_due()) == 0);
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      CHECK(unwrap(tx.get_job(going_public.id)).state == JobState::cancelled);
      return {};
    }));
  }
}

TEST_CASE("job runner: a job whose lease was taken over is not completed twice") {
  testutil::MemoryStore store;
  core::ProjectConfig config;
  util::FixedClock clock(ts("2026-03-02T09:00Z"));
  core::CaseService service(config, clock);
  std::string id = make_case(store, service);
  unwrap(store.write([&](core::StoreTx& tx) { return tx.insert_job(job(id, "x", clock.now())).map([](auto) {}); }));
  int runs = 0;
  scheduler::RunnerOptions options;
  options.owner = "node-b";
  scheduler::JobRunner runner(
      store, service, clock,
      [&](core::StoreTx&, const Job&) -> Result<std::string> {
        ++runs;
        return std::string("ok");
      },
      options);
  // node-a claimed it and died; before its lease ends node-b finds nothing.
  REQUIRE(claim(store, "node-a", clock.now()).has_value());
  CHECK(unwrap(runner.run_due()) == 0);
  clock.set(ts("2026-03-02T09:00:31Z"));
  CHECK(unwrap(runner.run_due()) == 1);
  CHECK(unwrap(runner.run_due()) == 0);
  CHECK(runs == 1);
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(Job j, tx.get_job(1));
    CHECK(j.state == JobState::done);
    CHECK(j.attempts == 2);
    CHECK(j.result == "ok");
    return {};
  }));
}
