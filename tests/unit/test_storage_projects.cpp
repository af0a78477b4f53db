// Two projects on one server (issue 12): the store's part (a case's project,
// project teams) against the memory and SQLite stores, and the access rules
// over it (core/project.hpp): who sees which project's cases, denials as
// carefully as grants.

#include <doctest/doctest.h>

#include <embargo/core/project.hpp>
#include <embargo/storage/open_store.hpp>
#include <embargo/storage/postgres/pg_store.hpp>

#include "pg_server.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

// Cases: EMB-2026-0001 (the server's own), EXIM-2026-0002 (exim),
// PF-2026-0003 (postfix). Users: admin (admin), tina (team), eve (maintainer,
// exim team), paul (maintainer, postfix team), rita (reporter).
void seed(Store& store) {
  unwrap(store.write([](StoreTx& tx) -> Result<void> {
    for (auto [id, project] : {std::pair{"EMB-2026-0001", ""}, std::pair{"EXIM-2026-0002", "exim"},
                               std::pair{"PF-2026-0003", "postfix"}}) {
      Case c;
      c.id = id;
      c.title = std::string("case ") + id;
      c.created_at = c.updated_at = util::Timestamp{std::chrono::seconds(1'800'000'000)};
      TRY(tx.insert_case(c));
      if (*project != '\0') {
        TRY(tx.set_case_project(id, project));
      }
    }
    for (auto [name, role] : {std::pair{"admin", Role::admin}, std::pair{"tina", Role::team},
                              std::pair{"eve", Role::maintainer}, std::pair{"paul", Role::maintainer},
                              std::pair{"rita", Role::reporter}}) {
      User u;
      u.name = name;
      u.role = role;
      TRY(tx.insert_user(u));
    }
    TRY(tx.put_project_member("exim", "eve"));
    TRY(tx.put_project_member("exim", "eve"));  // twice: kept once
    TRY(tx.put_project_member("postfix", "paul"));
    return {};
  }));
}

Result<CaseAccess> level(Store& store, const Principal& who, const std::string& id) {
  Result<CaseAccess> out = CaseAccess::none;
  TRY(store.read([&](StoreTx& tx) -> Result<void> {
    out = case_access(tx, who, id);
    return {};
  }));
  return out;
}

std::string visible(Store& store, const Principal& who) {
  std::string out;
  unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto list, visible_cases(tx, who, std::nullopt, 0));
    for (const auto& c : list) {
      out += (out.empty() ? "" : " ") + c.id;
    }
    return {};
  }));
  return out;
}

void check_projects(Store& store) {
  seed(store);
  SUBCASE("a case's project and the project teams are stored") {
    unwrap(store.read([](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(std::string own, tx.case_project("EMB-2026-0001"));
      CHECK(own.empty());
      TRY_ASSIGN(std::string exim, tx.case_project("EXIM-2026-0002"));
      CHECK(exim == "exim");
      TRY_ASSIGN(auto cases, tx.list_project_cases("exim"));
      CHECK(cases == std::vector<std::string>{"EXIM-2026-0002"});
      TRY_ASSIGN(auto members, tx.list_project_members("exim"));
      CHECK(members == std::vector<std::string>{"eve"});
      TRY_ASSIGN(auto projects, tx.list_user_projects("paul"));
      CHECK(projects == std::vector<std::string>{"postfix"});
      CHECK(tx.put_project_member("exim", "tina").error().code() == ErrorCode::not_supported);  // read-only
      return {};
    }));
    auto again = store.write([](StoreTx& tx) { return tx.set_case_project("EXIM-2026-0002", "postfix"); });
    REQUIRE_FALSE(again);
    CHECK(again.error().code() == ErrorCode::conflict);
    auto missing = store.write([](StoreTx& tx) { return tx.set_case_project("EMB-2026-0099", "exim"); });
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code() == ErrorCode::not_found);
    auto nobody = store.write([](StoreTx& tx) { return tx.put_project_member("exim", "ghost"); });
    REQUIRE_FALSE(nobody);
    CHECK(nobody.error().code() == ErrorCode::not_found);
    unwrap(store.write([](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(bool removed, tx.delete_project_member("exim", "eve"));
      CHECK(removed);
      TRY_ASSIGN(bool again_removed, tx.delete_project_member("exim", "eve"));
      CHECK_FALSE(again_removed);
      return {};
    }));
    CHECK(level(store, {"eve", Role::maintainer, ""}, "EXIM-2026-0002").error().code() == ErrorCode::not_found);
  }
  SUBCASE("project teams write their own cases and see nothing of the others'") {
    Principal eve{"eve", Role::maintainer, ""};
    Principal paul{"paul", Role::maintainer, ""};
    CHECK(*level(store, eve, "EXIM-2026-0002") == CaseAccess::write);
    CHECK(level(store, eve, "PF-2026-0003").error().code() == ErrorCode::not_found);  // another project
    CHECK(level(store, eve, "EMB-2026-0001").error().code() == ErrorCode::not_found);  // the server's own
    CHECK(*level(store, paul, "PF-2026-0003") == CaseAccess::write);
    CHECK(level(store, paul, "EXIM-2026-0002").error().code() == ErrorCode::not_found);
    CHECK(visible(store, eve) == "EXIM-2026-0002");
    CHECK(visible(store, paul) == "PF-2026-0003");
  }
  SUBCASE("the server's admin and team accounts see its own cases, not other projects' unless granted") {
    Principal admin{"admin", Role::admin, ""};
    Principal tina{"tina", Role::team, ""};
    CHECK(*level(store, tina, "EMB-2026-0001") == CaseAccess::write);
    CHECK(level(store, tina, "EXIM-2026-0002").error().code() == ErrorCode::not_found);
    CHECK(level(store, admin, "PF-2026-0003").error().code() == ErrorCode::not_found);
    CHECK(visible(store, tina) == "EMB-2026-0001");
    unwrap(store.write([](StoreTx& tx) { return tx.put_grant({"EXIM-2026-0002", "tina", false}); }));
    CHECK(*level(store, tina, "EXIM-2026-0002") == CaseAccess::read);
    CHECK(visible(store, tina) == "EMB-2026-0001 EXIM-2026-0002");
    unwrap(store.write([](StoreTx& tx) { return tx.put_project_member("exim", "tina"); }));
    CHECK(*level(store, tina, "EXIM-2026-0002") == CaseAccess::write);
  }
  SUBCASE("grants open single cases across projects; reporter accounts get the portal; links stay on their case") {
    unwrap(store.write([](StoreTx& tx) -> Result<void> {
      TRY(tx.put_grant({"PF-2026-0003", "eve", true}));
      return tx.put_grant({"EXIM-2026-0002", "rita", false});
    }));
    Principal eve{"eve", Role::maintainer, ""};
    CHECK(*level(store, eve, "PF-2026-0003") == CaseAccess::write);
    CHECK(visible(store, eve) == "EXIM-2026-0002 PF-2026-0003");
    Principal rita{"rita", Role::reporter, ""};
    CHECK(*level(store, rita, "EXIM-2026-0002") == CaseAccess::portal);
    CHECK(level(store, rita, "PF-2026-0003").error().code() == ErrorCode::not_found);
    Principal link{"reporter", Role::reporter, "PF-2026-0003"};
    CHECK(*level(store, link, "PF-2026-0003") == CaseAccess::portal);
    CHECK(level(store, link, "EXIM-2026-0002").error().code() == ErrorCode::not_found);
    CHECK(visible(store, link).empty());
    Principal eve_link{"eve", Role::reporter, "EMB-2026-0001"};  // a link never gains a team's rights
    CHECK(level(store, eve_link, "EXIM-2026-0002").error().code() == ErrorCode::not_found);
  }
  SUBCASE("who may share a case: its project's team, the server team with write access; nobody else") {
    unwrap(store.write([](StoreTx& tx) -> Result<void> {
      TRY(tx.put_grant({"PF-2026-0003", "eve", true}));
      TRY(tx.put_grant({"PF-2026-0003", "tina", true}));
      TRY(tx.put_grant({"EXIM-2026-0002", "admin", false}));
      return tx.put_grant({"EXIM-2026-0002", "rita", true});
    }));
    auto shares = [&](const Principal& who, const std::string& id) {
      bool out = false;
      unwrap(store.read([&](StoreTx& tx) -> Result<void> {
        auto a = case_access(tx, who, id);
        CaseAccess lvl = a ? *a : CaseAccess::none;
        TRY_ASSIGN(out, may_share_case(tx, who, id, lvl));
        return {};
      }));
      return out;
    };
    Principal eve{"eve", Role::maintainer, ""};
    Principal tina{"tina", Role::team, ""};
    Principal admin{"admin", Role::admin, ""};
    CHECK(shares(eve, "EXIM-2026-0002"));       // her project's case
    CHECK_FALSE(shares(eve, "PF-2026-0003"));   // another project's, even granted write
    CHECK_FALSE(shares(eve, "EMB-2026-0001"));  // the server's own: no access
    CHECK(shares(tina, "EMB-2026-0001"));       // the server team on its own case
    CHECK(shares(tina, "PF-2026-0003"));        // ... and where granted write
    CHECK_FALSE(shares(tina, "EXIM-2026-0002"));
    CHECK_FALSE(shares(admin, "EXIM-2026-0002"));  // granted read only
    CHECK_FALSE(shares({"rita", Role::reporter, ""}, "EXIM-2026-0002"));
    CHECK_FALSE(shares({"reporter", Role::reporter, "EXIM-2026-0002"}, "EXIM-2026-0002"));
    CHECK_FALSE(may_share({"eve", Role::reporter, ""}, CaseAccess::write, "exim", {"exim"}));
    CHECK(may_share({"eve", Role::maintainer, ""}, CaseAccess::write, "exim", {"exim"}));
    CHECK_FALSE(may_share({"eve", Role::maintainer, ""}, CaseAccess::read, "exim", {"exim"}));
  }
  SUBCASE("an unknown case is not found for everyone") {
    CHECK(level(store, {"admin", Role::admin, ""}, "EXIM-2026-0099").error().code() == ErrorCode::not_found);
    CHECK(level(store, {"eve", Role::maintainer, ""}, "EXIM-2026-0099").error().code() == ErrorCode::not_found);
  }
}

}  // namespace

TEST_CASE("two projects on one server: memory") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("memory:", dir.path(), {true}));
  check_projects(*store);
}

TEST_CASE("two projects on one server: sqlite") {
  testutil::TempDir dir;
  auto store = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {true}));
  check_projects(*store);
}

TEST_CASE("two projects on one server: PostgreSQL") {
  auto store = unwrap(storage::postgres::PgStore::open(testutil::new_pg_database(), {}));
  check_projects(*store);
}

TEST_CASE("project names and the [[projects]] access rule without a store") {
  CHECK(validate_project_name("exim"));
  CHECK_FALSE(validate_project_name("Exim"));
  CHECK_FALSE(validate_project_name(""));
  CHECK(project_access_to({"eve", Role::maintainer, ""}, "X-2026-0001", "exim", {"exim"}, std::nullopt) ==
        CaseAccess::write);
  CHECK(project_access_to({"eve", Role::maintainer, ""}, "X-2026-0001", "postfix", {"exim"}, std::nullopt) ==
        CaseAccess::none);
  // A grant row for another user or case does not count.
  CHECK(project_access_to({"eve", Role::maintainer, ""}, "X-2026-0001", "postfix", {"exim"},
                          CaseGrant{"X-2026-0002", "eve", true}) == CaseAccess::none);
  CHECK(project_access_to({"eve", Role::maintainer, ""}, "X-2026-0001", "postfix", {"exim"},
                          CaseGrant{"X-2026-0001", "mallory", true}) == CaseAccess::none);
}
