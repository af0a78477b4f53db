#include <doctest/doctest.h>

#include <fmt/format.h>

#include <embargo/core/case_service.hpp>
#include <embargo/core/timeline_audit.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

struct Fixture {
  testutil::MemoryStore store;
  ProjectConfig config;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService service{config, clock};

  Case create(const std::string& title = "heap overflow in string_vformat") {
    Case c;
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      NewCase input;
      input.title = title;
      input.reporter = *parse_reporter("Jane Roe <jane@example.org>");
      input.impact = ImpactClass::rce;
      TRY_ASSIGN(c, service.create(tx, input, "alice"));
      return {};
    }));
    return c;
  }

  Result<Case> move(const std::string& id, CaseState to, const std::string& why = "because", bool override_date = false) {
    Case moved;
    TRY(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(moved, service.move(tx, id, to, why, "bob", override_date));
      return {};
    }));
    return moved;
  }

  Result<Vulnerability> add_vuln(const std::string& id, NewVulnerability v) {
    Vulnerability added;
    TRY(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(added, service.add_vulnerability(tx, id, v, "alice"));
      return {};
    }));
    return added;
  }

  std::vector<TimelineEntry> timeline(const std::string& id) {
    std::vector<TimelineEntry> out;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, load_timeline(tx, id));
      return {};
    }));
    return out;
  }
};

NewVulnerability overflow() {
  NewVulnerability v;
  v.title = "heap overflow";
  v.cwe = "787";
  v.affected = ">=4.92, <4.99.1";
  return v;
}

}  // namespace

TEST_CASE("CaseService::create") {
  Fixture f;
  Case c = f.create();
  CHECK(c.id == "EMB-2026-0001");
  CHECK(f.create().id == "EMB-2026-0002");
  CHECK(c.state == CaseState::reported);
  auto entries = f.timeline(c.id);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].kind == "created");
  CHECK(entries[0].actor == "alice");
  CHECK(entries[0].prev_hash == k_genesis_hash);

  SUBCASE("an empty title changes nothing") {
    auto r = f.store.write([&](StoreTx& tx) -> Result<void> {
      NewCase input;
      input.title = "  ";
      return f.service.create(tx, input, "alice").map([](const Case&) {});
    });
    REQUIRE(!r);
    CHECK(r.error().message() == "title: must not be empty");
    CHECK(f.store.query_int("SELECT count(*) FROM cases") == 2);
    CHECK(f.store.query_int("SELECT last FROM case_counters WHERE prefix = 'EMB' AND year = 2026") == 2);
  }
}

TEST_CASE("CaseService::move") {
  Fixture f;
  Case c = f.create();
  SUBCASE("records who, why, from and to") {
    Case moved = unwrap(f.move(c.id, CaseState::confirmed, "reproduced"));
    CHECK(moved.state == CaseState::confirmed);
    auto entries = f.timeline(c.id);
    REQUIRE(entries.size() == 2);
    CHECK(entries[1].kind == "state");
    CHECK(entries[1].actor == "bob");
    CHECK(entries[1].text == "reported -> confirmed: reproduced");
  }
  SUBCASE("a refused move changes nothing and says which condition failed") {
    unwrap(f.move(c.id, CaseState::confirmed));
    auto r = f.move(c.id, CaseState::fixing);
    REQUIRE(!r);
    CHECK(r.error().message().find("no vulnerability is recorded") != std::string::npos);
    CHECK(f.timeline(c.id).size() == 2);
    unwrap(f.add_vuln(c.id, overflow()));
    CHECK(f.move(c.id, CaseState::fixing));
  }
  SUBCASE("a reason is required") {
    auto r = f.move(c.id, CaseState::confirmed, " ");
    REQUIRE(!r);
    CHECK(r.error().message().find("--why") != std::string::npos);
  }
  SUBCASE("an early release is recorded as an override") {
    unwrap(f.move(c.id, CaseState::confirmed));
    unwrap(f.add_vuln(c.id, overflow()));
    unwrap(f.move(c.id, CaseState::fixing));
    unwrap(f.move(c.id, CaseState::notified));
    CHECK(!f.move(c.id, CaseState::fix_shared));
    unwrap(f.store.write(
        [&](StoreTx& tx) { return tx.insert_artifact(Artifact{c.id, "x.tar.xz", "00", 1, true, {}}); }));
    unwrap(f.move(c.id, CaseState::fix_shared));
    CHECK(!f.move(c.id, CaseState::public_));
    unwrap(f.move(c.id, CaseState::public_, "exploit seen in the wild", true));
    CHECK(f.timeline(c.id).back().text.find("overridden") != std::string::npos);
  }
  SUBCASE("unknown case") {
    auto r = f.move("EMB-2026-0099", CaseState::confirmed);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::not_found);
  }
}

TEST_CASE("CaseService vulnerabilities") {
  Fixture f;
  Case c = f.create();
  Vulnerability v = unwrap(f.add_vuln(c.id, overflow()));
  CHECK(v.ordinal == 1);
  CHECK(v.cwe == "CWE-787");
  CHECK(v.affected == ">=4.92,<4.99.1");
  SUBCASE("bad ranges and identifiers are refused, naming the field") {
    auto bad = overflow();
    bad.affected = ">=5,<4";
    auto r = f.add_vuln(c.id, bad);
    REQUIRE(!r);
    CHECK(r.error().message().rfind("affected:", 0) == 0);
    bad = overflow();
    bad.identifier = "CVE-26-1";
    CHECK(!f.add_vuln(c.id, bad));
  }
  SUBCASE("one identifier per distinct bug") {
    auto a = overflow();
    a.identifier = "CVE-2026-1234";
    unwrap(f.add_vuln(c.id, a));
    auto r = f.add_vuln(c.id, a);
    REQUIRE(!r);
    CHECK(r.error().code() == ErrorCode::conflict);
  }
  SUBCASE("a CVE and a GCVE side by side (issue 25)") {
    auto edit = [&](const VulnerabilityEdit& e) -> Result<Vulnerability> {
      Vulnerability out;
      TRY(f.store.write([&](StoreTx& tx) -> Result<void> {
        TRY_ASSIGN(out, f.service.edit_vulnerability(tx, c.id, 1, e, "alice"));
        return {};
      }));
      return out;
    };
    VulnerabilityEdit e;
    e.identifier = "CVE-2026-1234";
    unwrap(edit(e));
    e.identifier = "GCVE-1-2026-0007";
    Vulnerability both = unwrap(edit(e));  // used to replace the CVE
    CHECK(both.identifier == "CVE-2026-1234");
    CHECK(both.aliases == std::vector<std::string>{"GCVE-1-2026-0007"});
    CHECK(cve_identifier(both) == "CVE-2026-1234");
    CHECK(identifiers_text(both) == "CVE-2026-1234, GCVE-1-2026-0007");
    Vulnerability stored;
    unwrap(f.store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto all, tx.list_vulnerabilities(c.id));
      stored = all.at(0);
      return {};
    }));
    CHECK(stored == both);
    CHECK(f.timeline(c.id).back().text.find("GCVE-1-2026-0007") != std::string::npos);

    e = {};
    e.identifier = "CVE-2026-9999";  // one CVE per bug: a new one replaces it
    Vulnerability replaced = unwrap(edit(e));
    CHECK(all_identifiers(replaced) == std::vector<std::string>{"CVE-2026-9999", "GCVE-1-2026-0007"});

    e = {};
    e.remove_ids = {"CVE-2026-9999"};
    Vulnerability gcve_only = unwrap(edit(e));
    CHECK(gcve_only.identifier == "GCVE-1-2026-0007");
    CHECK(gcve_only.aliases.empty());
    CHECK(cve_identifier(gcve_only).empty());

    e = {};
    e.more_ids = {"CVE-2026-1234", "GCVE-1-2026-0008"};
    Vulnerability again = unwrap(edit(e));  // the CVE becomes the primary identifier
    CHECK(all_identifiers(again) ==
          std::vector<std::string>{"CVE-2026-1234", "GCVE-1-2026-0007", "GCVE-1-2026-0008"});

    e = {};
    e.remove_ids = {"GCVE-1-2026-0404"};
    auto missing = edit(e);
    REQUIRE(!missing);
    CHECK(missing.error().code() == ErrorCode::not_found);
    CHECK(missing.error().message() == "remove-id: vulnerability 1 of " + c.id + " has no identifier 'GCVE-1-2026-0404'");

    e = {};
    e.more_ids = {"GCVE-1-26-1"};
    auto bad = edit(e);
    REQUIRE(!bad);
    CHECK(bad.error().message().rfind("identifier: 'GCVE-1-26-1'", 0) == 0);

    // Another vulnerability may not take any of them.
    auto second = overflow();
    second.identifier = "CVE-2026-5555";
    second.more_ids = {"GCVE-1-2026-0008"};
    auto clash = f.add_vuln(c.id, second);
    REQUIRE(!clash);
    CHECK(clash.error().code() == ErrorCode::conflict);
    CHECK(clash.error().message() == "identifier: GCVE-1-2026-0008 is already vulnerability 1 of " + c.id);

    e = {};
    e.identifier = "";  // clears them all
    CHECK(all_identifiers(unwrap(edit(e))).empty());
  }
  SUBCASE("edit") {
    Vulnerability changed = unwrap([&]() -> Result<Vulnerability> {
      Vulnerability out;
      TRY(f.store.write([&](StoreTx& tx) -> Result<void> {
        VulnerabilityEdit e;
        e.fixed = ">=4.99.1";
        e.identifier = "CVE-2026-0001";
        TRY_ASSIGN(out, f.service.edit_vulnerability(tx, c.id, 1, e, "alice"));
        return {};
      }));
      return out;
    }());
    CHECK(changed.fixed == ">=4.99.1");
    CHECK(f.timeline(c.id).back().text.find("fixed=>=4.99.1") != std::string::npos);
  }
}

TEST_CASE("CaseService::edit") {
  Fixture f;
  Case c = f.create();
  auto edit = [&](CaseEdit e) {
    return f.store.write([&](StoreTx& tx) { return f.service.edit(tx, c.id, e, "alice").map([](const Case&) {}); });
  };
  CaseEdit e;
  e.deadline = util::Date{2026, 3, 20};
  e.credit = "Jane Roe (Example Lab)";
  CHECK(edit(e));
  CaseEdit both;
  both.anonymous = true;
  auto r = edit(both);
  REQUIRE(!r);
  CHECK(r.error().message().find("anonymous") != std::string::npos);
  CHECK(!edit(CaseEdit{}));
}

TEST_CASE("timeline hash chain") {
  Fixture f;
  Case c = f.create();
  unwrap(f.store.write([&](StoreTx& tx) { return f.service.add_note(tx, c.id, "first note", "alice"); }));
  unwrap(f.move(c.id, CaseState::confirmed));
  Case other = f.create("another");
  auto audit = [&](const std::string& id) {
    AuditReport report;
    unwrap(f.store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(report, audit_timelines(tx, id));
      return {};
    }));
    return report;
  };
  // Edits and removals as someone with the database file could make them.
  auto update = [&](int seq, const std::string& set) {
    f.store.exec(fmt::format("DROP TRIGGER timeline_append_only_update; "
                             "UPDATE timeline SET {} WHERE case_id = '{}' AND seq = {}", set, c.id, seq));
  };
  auto delete_entry = [&](int seq) {
    f.store.exec(fmt::format("DROP TRIGGER timeline_append_only_delete; "
                             "DELETE FROM timeline WHERE case_id = '{}' AND seq = {}", c.id, seq));
  };
  SUBCASE("an untouched store verifies") {
    auto all = audit("");
    CHECK(all.breaks.empty());
    CHECK(all.entries == 4);
    CHECK(all.cases == 2);
  }
  SUBCASE("an edited text is found at that entry") {
    update(2, "text = 'first note, edited'");
    auto report = audit("");
    REQUIRE(report.breaks.size() == 1);
    CHECK(report.breaks[0].case_id == c.id);
    CHECK(report.breaks[0].seq == 2);
    CHECK(report.breaks[0].reason.find("edited") != std::string::npos);
    CHECK(audit(other.id).breaks.empty());
  }
  SUBCASE("an edited time or actor is found") {
    update(1, "actor = 'mallory'");
    auto report = audit(c.id);
    REQUIRE(report.breaks.size() == 1);
    CHECK(report.breaks[0].seq == 1);
  }
  SUBCASE("a removed last entry is found through the head") {
    delete_entry(3);
    auto report = audit(c.id);
    REQUIRE(report.breaks.size() == 1);
    CHECK(report.breaks[0].reason.find("3 entries but 2") != std::string::npos);
  }
  SUBCASE("a removed middle entry is found") {
    delete_entry(2);
    auto report = audit(c.id);
    REQUIRE(report.breaks.size() == 1);
    CHECK(report.breaks[0].seq == 3);
  }
  SUBCASE("a rehashed entry breaks the next link") {
    auto entries = f.timeline(c.id);
    entries[1].text = "rewritten";
    update(2, fmt::format("text = '{}', hash = '{}'", entries[1].text, compute_entry_hash(entries[1])));
    auto report = audit(c.id);
    REQUIRE(report.breaks.size() == 1);
    CHECK(report.breaks[0].seq == 3);
  }
}
