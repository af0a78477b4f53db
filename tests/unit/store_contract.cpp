#include "store_contract.hpp"

#include <functional>

#include <doctest/doctest.h>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;

namespace {

Case sample_case(const std::string& id, CaseState state) {
  Case c;
  c.id = id;
  c.title = "title of " + id;
  c.state = state;
  c.impact = ImpactClass::rce;
  c.reporter.name = "Jane";
  c.reporter.email = "jane@example.org";
  c.reporter.deadline = util::Date{2026, 3, 1};
  c.reporter.key_fingerprint = "0123456789ABCDEF0123456789ABCDEF01234567";
  c.created_at = util::Timestamp(std::chrono::hours(500000));
  c.updated_at = c.created_at;
  return c;
}

void check_cases(Store& store) {
  testutil::unwrap(store.write([](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(int first, tx.allocate_case_number("EMB", 2026));
    TRY_ASSIGN(int second, tx.allocate_case_number("EMB", 2026));
    TRY_ASSIGN(int other_year, tx.allocate_case_number("EMB", 2027));
    TRY_ASSIGN(int other_prefix, tx.allocate_case_number("EXIM", 2026));
    TRY_ASSIGN(int emb_third, tx.allocate_case_number("EMB", 2026));
    TRY_ASSIGN(int other_prefix_second, tx.allocate_case_number("EXIM", 2026));
    CHECK(first == 1);
    CHECK(second == 2);
    CHECK(other_year == 1);
    CHECK(other_prefix == 1);  // each prefix counts on its own
    CHECK(emb_third == 3);
    CHECK(other_prefix_second == 2);
    TRY(tx.insert_case(sample_case("EMB-2026-0001", CaseState::reported)));
    TRY(tx.insert_case(sample_case("EMB-2026-0002", CaseState::confirmed)));
    return tx.insert_case(sample_case("EMB-2026-0003", CaseState::reported));
  }));
  testutil::unwrap(store.read([](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(Case c, tx.get_case("EMB-2026-0001"));
    CHECK(c.title == "title of EMB-2026-0001");
    CHECK(c.reporter.deadline == util::Date{2026, 3, 1});
    CHECK(c.reporter.key_fingerprint == "0123456789ABCDEF0123456789ABCDEF01234567");  // migration 14
    CHECK(!c.release_at);
    TRY_ASSIGN(auto reported, tx.list_cases({CaseState::reported, 0}));
    REQUIRE(reported.size() == 2);
    CHECK(reported[0].id == "EMB-2026-0001");
    CHECK(reported[1].id == "EMB-2026-0003");
    TRY_ASSIGN(auto limited, tx.list_cases({std::nullopt, 1}));
    CHECK(limited.size() == 1);
    auto missing = tx.get_case("EMB-2026-0099");
    REQUIRE(!missing);
    CHECK(missing.error().code() == ErrorCode::not_found);
    return {};
  }));
  testutil::unwrap(store.write([](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(Case c, tx.get_case("EMB-2026-0001"));
    c.reporter.key_fingerprint.clear();
    TRY(tx.update_case(c));
    TRY_ASSIGN(Case updated, tx.get_case("EMB-2026-0001"));
    CHECK(updated.reporter.key_fingerprint.empty());
    return {};
  }));
}

void check_rollback_and_conflicts(Store& store) {
  auto failed = store.write([](StoreTx& tx) -> Result<void> {
    TRY(tx.insert_case(sample_case("EMB-2026-0050", CaseState::reported)));
    return make_error(ErrorCode::invalid_argument, "abandon");
  });
  CHECK(!failed);
  testutil::unwrap(store.read([](StoreTx& tx) -> Result<void> {
    CHECK(!tx.get_case("EMB-2026-0050"));
    return {};
  }));
  auto duplicate = store.write([](StoreTx& tx) { return tx.insert_case(sample_case("EMB-2026-0001", CaseState::reported)); });
  REQUIRE(!duplicate);
  CHECK(duplicate.error().code() == ErrorCode::conflict);
  auto read_only = store.read([](StoreTx& tx) { return tx.insert_case(sample_case("EMB-2026-0060", CaseState::reported)); });
  CHECK(!read_only);
  auto update_missing = store.write([](StoreTx& tx) { return tx.update_case(sample_case("EMB-2026-0070", CaseState::reported)); });
  REQUIRE(!update_missing);
  CHECK(update_missing.error().code() == ErrorCode::not_found);
}

void check_vulnerabilities_and_timeline(Store& store) {
  testutil::unwrap(store.write([](StoreTx& tx) -> Result<void> {
    Vulnerability v;
    v.case_id = "EMB-2026-0001";
    v.ordinal = 1;
    v.title = "overflow";
    v.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
    TRY(tx.insert_vulnerability(v));
    v.ordinal = 2;
    v.title = "second";
    TRY(tx.insert_vulnerability(v));
    v.title = "second, renamed";
    v.identifier = "CVE-2026-1234";
    v.aliases = {"GCVE-1-2026-0001", "GCVE-1-2026-0002"};  // issue 25: several identifiers
    TRY(tx.update_vulnerability(v));
    TimelineEntry e;
    e.case_id = "EMB-2026-0001";
    e.seq = 1;
    e.at = util::Timestamp(std::chrono::seconds(1));
    e.actor = "alice";
    e.kind = "note";
    e.text = "first";
    e.prev_hash = std::string(k_genesis_hash);
    e.hash = "h1";
    TRY(tx.append_timeline(e));
    e.seq = 2;
    e.text = "second";
    TRY(tx.append_timeline(e));
    e.case_id = "EMB-2026-0002";
    e.seq = 1;
    return tx.append_timeline(e);
  }));
  testutil::unwrap(store.read([](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto vulns, tx.list_vulnerabilities("EMB-2026-0001"));
    REQUIRE(vulns.size() == 2);
    CHECK(vulns[0].cvss.size() == 1);
    CHECK(vulns[1].title == "second, renamed");
    CHECK(vulns[0].aliases.empty());
    CHECK(vulns[1].identifier == "CVE-2026-1234");
    CHECK(vulns[1].aliases == std::vector<std::string>{"GCVE-1-2026-0001", "GCVE-1-2026-0002"});
    TRY_ASSIGN(auto one, load_timeline(tx, "EMB-2026-0001"));
    REQUIRE(one.size() == 2);
    CHECK(one[1].text == "second");
    std::vector<std::string> order;
    TRY(tx.for_each_timeline_entry("", [&](const TimelineEntry& e) -> Result<void> {
      order.push_back(e.case_id + "/" + std::to_string(e.seq));
      return {};
    }));
    CHECK(order == std::vector<std::string>{"EMB-2026-0001/1", "EMB-2026-0001/2", "EMB-2026-0002/1"});
    return {};
  }));
  auto orphan = store.write([](StoreTx& tx) {
    Vulnerability v;
    v.case_id = "EMB-2026-0404";
    v.ordinal = 1;
    v.title = "x";
    return tx.insert_vulnerability(v);
  });
  CHECK(!orphan);
}

void check_users_and_artifacts(Store& store) {
  testutil::unwrap(store.write([](StoreTx& tx) -> Result<void> {
    User u;
    u.name = "admin";
    u.role = Role::admin;
    u.password_hash = "$argon2id$fake";
    TRY(tx.insert_user(u));
    Artifact a;
    a.case_id = "EMB-2026-0001";
    a.name = "exim-4.99.1.tar.xz";
    a.sha256 = std::string(64, 'a');
    a.size = 123;
    a.signature_verified = true;
    return tx.insert_artifact(a);
  }));
  testutil::unwrap(store.read([](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(User u, tx.get_user("admin"));
    CHECK(u.role == Role::admin);
    CHECK(!tx.get_user("nobody"));
    TRY_ASSIGN(auto users, tx.list_users());
    CHECK(users.size() == 1);
    TRY_ASSIGN(auto artifacts, tx.list_artifacts("EMB-2026-0001"));
    REQUIRE(artifacts.size() == 1);
    CHECK(artifacts[0].signature_verified);
    CHECK(artifacts[0].size == 123);
    return {};
  }));
  auto duplicate_user = store.write([](StoreTx& tx) {
    User u;
    u.name = "admin";
    return tx.insert_user(u);
  });
  REQUIRE(!duplicate_user);
  CHECK(duplicate_user.error().code() == ErrorCode::conflict);
}

std::int64_t counter(Store& store) {
  std::int64_t n = 0;
  testutil::unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(n, tx.change_counter());
    return {};
  }));
  return n;
}

// Every change that decides what a case list shows moves the counter; a
// rolled-back write and a read do not.
void check_change_counter(Store& store) {
  auto changes = [&](const std::function<Result<void>(StoreTx&)>& fn) {
    std::int64_t before = counter(store);
    testutil::unwrap(store.write(fn));
    return counter(store) != before;
  };
  CHECK(changes([](StoreTx& tx) {
    Case c = sample_case("EMB-2026-0001", CaseState::confirmed);
    return tx.update_case(c);
  }));
  CHECK(changes([](StoreTx& tx) {
    User u;
    u.name = "maint";
    u.role = Role::maintainer;
    u.email = "m@example.org";
    u.password_hash = "x";
    return tx.insert_user(u);
  }));
  CHECK(changes([](StoreTx& tx) { return tx.put_grant(CaseGrant{"EMB-2026-0001", "maint", false}); }));
  CHECK(changes([](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(bool removed, tx.delete_grant("EMB-2026-0001", "maint"));
    CHECK(removed);
    TRY_ASSIGN(auto gone, tx.find_grant("EMB-2026-0001", "maint"));
    CHECK(!gone);
    TRY_ASSIGN(bool again, tx.delete_grant("EMB-2026-0001", "maint"));
    CHECK(!again);
    return {};
  }));
  CHECK(changes([](StoreTx& tx) { return tx.set_case_project("EMB-2026-0002", "other"); }));
  CHECK(changes([](StoreTx& tx) { return tx.put_project_member("other", "maint"); }));
  std::int64_t before = counter(store);
  auto failed = store.write([](StoreTx& tx) -> Result<void> {
    TRY(tx.update_case(sample_case("EMB-2026-0003", CaseState::confirmed)));
    return make_error(ErrorCode::conflict, "roll back");
  });
  CHECK(!failed);
  CHECK(counter(store) == before);
}

// Team mail about no case (a quarantined message; migration 14): an outbox
// entry with an empty case_id is stored, read back with "" and updated; one
// naming a missing case is still refused.
void check_outbox_without_case(Store& store) {
  OutboxEntry e;
  e.message_id = "quarantine.1@example.org";
  e.kind = "team-quarantine";
  e.list_name = "team:alice";
  e.envelope_from = "security@example.org";
  e.recipients = {"alice@example.org", "security@example.org"};
  e.message = "Subject: x\r\n\r\nbody\r\n";
  e.created_at = util::Timestamp(std::chrono::hours(500000));
  testutil::unwrap(store.write([&](StoreTx& tx) { return tx.insert_outbox(e); }));
  testutil::unwrap(store.write([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto found, tx.find_outbox(e.message_id));
    REQUIRE(found.has_value());
    CHECK(found->case_id.empty());
    found->state = OutboxState::sent;
    found->sent_at = e.created_at;
    return tx.update_outbox(*found);
  }));
  std::vector<OutboxEntry> read;
  testutil::unwrap(store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(read, tx.list_outbox(OutboxState::sent));
    return {};
  }));
  REQUIRE(read.size() == 1);
  CHECK(read[0].case_id.empty());
  OutboxEntry other = e;
  other.message_id = "quarantine.2@example.org";
  other.case_id = "EMB-2099-0001";
  CHECK_FALSE(store.write([&](StoreTx& tx) { return tx.insert_outbox(other); }).has_value());
}

}  // namespace

namespace testutil {

void check_store_contract(Store& store) {
  SUBCASE("cases") { check_cases(store); }
  SUBCASE("rollback and conflicts") {
    check_cases(store);
    check_rollback_and_conflicts(store);
  }
  SUBCASE("vulnerabilities and timeline") {
    check_cases(store);
    check_vulnerabilities_and_timeline(store);
  }
  SUBCASE("users and artifacts") {
    check_cases(store);
    check_users_and_artifacts(store);
  }
  SUBCASE("the change counter") {
    check_cases(store);
    check_change_counter(store);
  }
  SUBCASE("outbox entries about no case") { check_outbox_without_case(store); }
}

}  // namespace testutil
