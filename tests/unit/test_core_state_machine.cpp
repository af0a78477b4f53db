#include <doctest/doctest.h>

#include <embargo/core/state_machine.hpp>

using namespace embargo::core;
using namespace std::chrono_literals;

namespace {

TransitionFacts ready_facts() {
  TransitionFacts f;
  f.vulnerabilities = 1;
  f.signed_release = true;
  f.now = embargo::util::Timestamp(1000h);
  f.release_at = embargo::util::Timestamp(999h);
  return f;
}

}  // namespace

TEST_CASE("check_transition") {
  SUBCASE("the happy path is allowed step by step") {
    auto f = ready_facts();
    CHECK(check_transition(CaseState::reported, CaseState::confirmed, f, false));
    CHECK(check_transition(CaseState::confirmed, CaseState::fixing, f, false));
    CHECK(check_transition(CaseState::fixing, CaseState::notified, f, false));
    CHECK(check_transition(CaseState::notified, CaseState::fix_shared, f, false));
    CHECK(check_transition(CaseState::fix_shared, CaseState::public_, f, false));
    CHECK(check_transition(CaseState::public_, CaseState::closed, f, false));
  }
  SUBCASE("skipping a state is refused and names the next states") {
    auto r = check_transition(CaseState::reported, CaseState::fixing, ready_facts(), false);
    REQUIRE(!r);
    CHECK(r.error().code() == embargo::ErrorCode::conflict);
    CHECK(r.error().message() == "cannot move from reported to fixing: not a next state (next: confirmed, rejected)");
  }
  SUBCASE("closed is final") {
    auto r = check_transition(CaseState::closed, CaseState::reported, ready_facts(), false);
    REQUIRE(!r);
    CHECK(r.error().message().find("the case is closed") != std::string::npos);
  }
  SUBCASE("rejection from any state before public, and reopening") {
    for (CaseState s : {CaseState::reported, CaseState::confirmed, CaseState::fixing, CaseState::notified,
                        CaseState::fix_shared}) {
      CHECK(check_transition(s, CaseState::rejected, ready_facts(), false));
    }
    CHECK(!check_transition(CaseState::public_, CaseState::rejected, ready_facts(), false));
    CHECK(check_transition(CaseState::rejected, CaseState::reported, ready_facts(), false));
  }
  SUBCASE("fixing and notified need a vulnerability") {
    auto f = ready_facts();
    f.vulnerabilities = 0;
    auto r = check_transition(CaseState::confirmed, CaseState::fixing, f, false);
    REQUIRE(!r);
    CHECK(r.error().message().find("no vulnerability is recorded") != std::string::npos);
    CHECK(!check_transition(CaseState::fixing, CaseState::notified, f, false));
  }
  SUBCASE("fix-shared needs a signed release") {
    auto f = ready_facts();
    f.signed_release = false;
    auto r = check_transition(CaseState::notified, CaseState::fix_shared, f, true);
    REQUIRE(!r);
    CHECK(r.error().message().find("verified signature") != std::string::npos);
  }
  SUBCASE("public needs the planned date, unless overridden") {
    auto f = ready_facts();
    f.release_at = embargo::util::Timestamp(1001h);
    auto early = check_transition(CaseState::fix_shared, CaseState::public_, f, false);
    REQUIRE(!early);
    CHECK(early.error().message().find("not yet") != std::string::npos);
    CHECK(check_transition(CaseState::fix_shared, CaseState::public_, f, true));
    f.release_at.reset();
    auto unplanned = check_transition(CaseState::fix_shared, CaseState::public_, f, false);
    REQUIRE(!unplanned);
    CHECK(unplanned.error().message().find("no release date is planned") != std::string::npos);
    f.release_at = f.now;
    CHECK(check_transition(CaseState::fix_shared, CaseState::public_, f, false));
  }
}
