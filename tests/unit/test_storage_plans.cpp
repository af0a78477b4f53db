#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/storage/open_store.hpp>

#include "pg_server.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core::planner;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

void exercise_plans(core::Store& store) {
  core::ProjectConfig config;
  util::FixedClock clock(ts("2026-03-02T09:00Z"));
  core::CaseService service(config, clock);
  Planner planner = unwrap(Planner::create({}));
  core::Case c;
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    core::NewCase input;
    input.title = "heap overflow";
    input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
    input.reporter.deadline = unwrap(util::parse_date("2026-03-04"));
    input.exploitation = core::Exploitation::poc_public;
    TRY_ASSIGN(c, service.create(tx, input, "alice"));
    return {};
  }));

  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    CHECK_FALSE(unwrap(tx.latest_plan(c.id)).has_value());
    return {};
  }));

  // First plan: from the case's data; the deadline (Wednesday) cannot be met
  // with two days for packagers, so it is stored with a warning.
  Plan first = planner.propose(request_for_case(c, clock.now(), clock.now(), std::nullopt));
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    StoredPlan stored = unwrap(save_case_plan(service, tx, c.id, first, "alice", clock.now()));
    CHECK(stored.seq == 1);
    return {};
  }));
  // Second plan with a fixed release supersedes it. It fails a rule: refused
  // without an override (issue 21), stored with one.
  Plan second = planner.propose(request_for_case(c, clock.now(), clock.now(), ts("2026-03-05T14:00Z")));
  auto refused = store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY(save_case_plan(service, tx, c.id, second, "bob", clock.now()));
    return {};
  });
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message().find("failing rules: reporter-deadline") != std::string::npos);
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    SaveOptions o{true, "the reporter agreed to one more day", ""};
    CHECK(unwrap(save_case_plan(service, tx, c.id, second, "bob", clock.now(), o)).stored.seq == 2);
    return {};
  }));

  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    std::optional<StoredPlan> latest = unwrap(tx.latest_plan(c.id));
    REQUIRE(latest.has_value());
    CHECK(latest->seq == 2);
    CHECK(latest->actor == "bob");
    CHECK(latest->created_at == clock.now());
    CHECK(latest->plan == second);
    CHECK_FALSE(latest->plan.ok());  // after the reporter's deadline
    core::Case stored = unwrap(tx.get_case(c.id));
    REQUIRE(stored.release_at.has_value());
    CHECK(*stored.release_at == ts("2026-03-05T14:00Z"));
    std::vector<core::TimelineEntry> entries = unwrap(core::load_timeline(tx, c.id));
    REQUIRE(entries.size() == 3);
    CHECK(entries[1].kind == "plan");
    CHECK(entries[2].text.find("failing rules: reporter-deadline") != std::string::npos);
    CHECK(nlohmann::json::parse(entries[2].data)["plan_seq"] == 2);
    return {};
  }));

  auto missing = store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY(save_case_plan(service, tx, "EMB-2026-0999", first, "alice", clock.now()));
    return {};
  });
  CHECK(missing.error().code() == ErrorCode::not_found);
}

}  // namespace

TEST_CASE("plans in the store") {
  SUBCASE("memory") {
    auto store = unwrap(storage::open_store("memory:", ".", {}));
    exercise_plans(*store);
  }
  SUBCASE("sqlite") {
    testutil::TempDir dir;
    auto store = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {true, 5000}));
    exercise_plans(*store);
  }
}

TEST_CASE("plans in the store: PostgreSQL") {
  auto store = unwrap(storage::open_store(testutil::new_pg_database(), ".", {}));
  exercise_plans(*store);
}
