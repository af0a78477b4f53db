#include <doctest/doctest.h>

#include <embargo/core/case_service.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/notice/notice_renderer.hpp>
#include <embargo/util/file.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

// A stand-in for the planner's timeline (issue 5 plugs its plan in this way).
class PlanTimeline : public notice::DisclosureTimeline {
 public:
  Result<std::vector<notice::PlannedEvent>> events(StoreTx&, const Case&) const override {
    return std::vector<notice::PlannedEvent>{
        {"release", "Public release", *util::parse_timestamp("2026-03-10T14:00:00Z")},
        {"fix-to-packagers", "Fix to packagers", *util::parse_timestamp("2026-03-08T14:00:00Z")},
        {"received", "Report received", *util::parse_timestamp("2026-03-01T08:00:00Z")},
    };
  }
};

struct Fixture {
  testutil::MemoryStore store;
  ProjectConfig project;
  config::MailConfig mail;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService service{project, clock};
  testutil::TempDir dir;
  Case c;

  Fixture() {
    project.project_name = "Exim";
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      NewCase input;
      input.title = "heap overflow";
      input.reporter = *parse_reporter("Jane Roe <jane@example.net>");
      input.reporter.credit = "Jane Roe (Lab)";
      input.impact = ImpactClass::rce;
      TRY_ASSIGN(c, service.create(tx, input, "a"));
      return {};
    }));
  }

  notice::RenderedNotice render(const notice::DisclosureTimeline& timeline, const std::string& kind) {
    notice::NoticeRenderer renderer(project, mail, {dir.path()}, timeline);
    notice::RenderedNotice n;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      notice::NoticeInput in;
      in.kind = kind;
      TRY_ASSIGN(n, renderer.render(tx, c, in, clock.now()));
      return {};
    }));
    return n;
  }
};

}  // namespace

TEST_CASE("NoticeRenderer") {
  Fixture f;

  SUBCASE("the advance notice is vague while no release files exist, with the planner's dates") {
    PlanTimeline plan;
    auto n = f.render(plan, "advance");
    CHECK(n.subject == "[EMBARGO] Exim: advance notice of a security release");
    CHECK(n.body.find("Impact is remote code execution") != std::string::npos);
    CHECK(n.body.find("OS packaging on 2026-03-08 14:00 UTC") != std::string::npos);
    CHECK(n.body.find("release on 2026-03-10 14:00 UTC") != std::string::npos);
    CHECK(n.body.find("heap overflow") == std::string::npos);
    // The "<-- NOW" row is the last event at or before now, and the table is in time order.
    CHECK(n.body.find("2026-03-01 08:00 UTC  Report received  <-- NOW") != std::string::npos);
    CHECK(n.body.find("Report received") < n.body.find("Fix to packagers"));
    CHECK(n.body.find("Fix to packagers  <-- NOW") == std::string::npos);
  }

  SUBCASE("without a plan the case's own dates are used") {
    notice::CaseDatesTimeline dates;
    auto n = f.render(dates, "advance");
    CHECK(n.body.find("release on a date to be announced") != std::string::npos);
    CHECK(n.body.find("2026-03-02 09:00 UTC  Report received  <-- NOW") != std::string::npos);
  }

  SUBCASE("credit appears only when the reporter wants it; files make the fix available") {
    notice::CaseDatesTimeline dates;
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      NewVulnerability v;
      v.title = "heap overflow";
      v.identifier = "CVE-2026-1234";
      v.fixed = ">=4.99.1";
      TRY(f.service.add_vulnerability(tx, f.c.id, v, "a"));
      Artifact a{f.c.id, "exim-4.99.1.tar.xz", std::string(64, 'a'), 100, true, f.clock.now()};
      return tx.insert_artifact(a);
    }));
    CHECK(f.render(dates, "release").body.find("Credits:") == std::string::npos);  // not accepted yet
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      TRY(CreditService(f.service).accept(tx, f.c.id, "", "reporter"));
      TRY_ASSIGN(f.c, tx.get_case(f.c.id));
      return {};
    }));
    auto n = f.render(dates, "release");
    CHECK(n.subject == "Exim 4.99.1: security update released (CVE-2026-1234)");
    CHECK(n.body.find("Credits:    Jane Roe (Lab)") != std::string::npos);
    CHECK(n.body.find("SHA2-256(exim-4.99.1.tar.xz)= aaaa") != std::string::npos);
    auto advance = f.render(dates, "advance");
    CHECK(advance.body.find("a fix exists") != std::string::npos);
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      CaseEdit e;
      e.credit = "";
      e.anonymous = true;
      TRY_ASSIGN(f.c, f.service.edit(tx, f.c.id, e, "a"));
      return {};
    }));
    CHECK(f.render(dates, "release").body.find("Credits:") == std::string::npos);
  }

  SUBCASE("a template in the data directory overrides the shipped one; bad ones are named") {
    notice::CaseDatesTimeline dates;
    unwrap(
        util::write_file_atomic(f.dir.path() / "advance.mustache", "Subject: custom {{case_id}}\n\nhi {{project}}\n"));
    auto n = f.render(dates, "advance");
    CHECK(n.subject == "custom " + f.c.id);
    CHECK(n.body == "hi Exim\n");
    unwrap(util::write_file_atomic(f.dir.path() / "fix.mustache", "no subject line\n"));
    notice::NoticeRenderer renderer(f.project, f.mail, {f.dir.path()}, dates);
    auto r = f.store.read([&](StoreTx& tx) -> Result<void> {
      notice::NoticeInput in;
      in.kind = "fix";
      TRY(renderer.render(tx, f.c, in, f.clock.now()));
      return {};
    });
    REQUIRE(!r);
    CHECK(r.error().message().find("Subject:") != std::string::npos);
    auto unknown = f.store.read([&](StoreTx& tx) -> Result<void> {
      notice::NoticeInput in;
      in.kind = "nonsense";
      TRY(renderer.render(tx, f.c, in, f.clock.now()));
      return {};
    });
    REQUIRE(!unknown);
    CHECK(unknown.error().message().find("notice kind 'nonsense'") != std::string::npos);
  }
}
