#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/case_service.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/download_area.hpp>
#include <embargo/core/planner/case_plan.hpp>
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

  Result<notice::RenderedNotice> render_input(const notice::NoticeInput& in, const notice::NoticeLinks& links = {}) {
    notice::CaseDatesTimeline dates;
    notice::NoticeRenderer renderer(project, mail, {dir.path()}, dates, links);
    notice::RenderedNotice n;
    TRY(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(n, renderer.render(tx, c, in, clock.now()));
      return {};
    }));
    return n;
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
    INFO(n.body);
    CHECK(n.subject == "[EMBARGO] Exim: advance notice of a security release");
    CHECK(n.body.find("Impact is remote code execution") != std::string::npos);
    CHECK(n.body.find("OS packaging on Sun 2026-03-08 14:00 UTC") != std::string::npos);
    CHECK(n.body.find("release on Tue 2026-03-10 14:00 UTC") != std::string::npos);
    CHECK(n.body.find("heap overflow") == std::string::npos);
    // The table is in time order, "<-- NOW" on a row of its own at the sending time, and each
    // event is shown in the configured zones.
    CHECK(n.body.find("  Sun 2026-03-01 08:00 UTC  Report received\n") != std::string::npos);
    CHECK(n.body.find("  Mon 2026-03-02 09:00 UTC  (this message)  <-- NOW\n") != std::string::npos);
    CHECK(n.body.find("Report received") < n.body.find("(this message)"));
    CHECK(n.body.find("(this message)") < n.body.find("Fix to packagers"));
    CHECK(n.body.find("      London Tue 14:00 GMT | Los Angeles Tue 07:00 PDT\n      New York Tue 10:00 EDT | ") !=
          std::string::npos);
    CHECK(n.body.find("Proposed public disclosure: Tue 2026-03-10 14:00 UTC\n  London Tue 14:00 GMT | ") !=
          std::string::npos);
  }

  SUBCASE("without a plan the case's own dates are used") {
    notice::CaseDatesTimeline dates;
    auto n = f.render(dates, "advance");
    CHECK(n.body.find("release on a date to be announced") != std::string::npos);
    CHECK(n.body.find("Mon 2026-03-02 09:00 UTC  Report received  <-- NOW") != std::string::npos);
  }

  SUBCASE("every identifier of a vulnerability is named (issue 25)") {
    notice::CaseDatesTimeline dates;
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      NewVulnerability v;
      v.title = "heap overflow";
      v.identifier = "GCVE-1-2026-0007";
      v.more_ids = {"CVE-2026-1234"};
      v.fixed = ">=4.99.1";
      TRY(f.service.add_vulnerability(tx, f.c.id, v, "a"));
      return {};
    }));
    auto n = f.render(dates, "release");
    CHECK(n.subject == "Exim 4.99.1: security update released (CVE-2026-1234, GCVE-1-2026-0007)");
    CHECK(n.body.find("CVE-2026-1234, GCVE-1-2026-0007") != std::string::npos);
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

namespace {

config::MailList list_named(std::string name, config::ListPolicy policy) {
  config::MailList l;
  l.name = std::move(name);
  l.address = l.name + "@lists.example.net";
  l.policy = policy;
  return l;
}

}  // namespace

TEST_CASE("NoticeRenderer: the stored plan, the list's rules and real links") {
  Fixture f;
  f.mail.signing_key = "TEAMKEY";
  config::MailList distros = list_named("distros", config::ListPolicy::encrypt);
  distros.subject_tag = "[vs]";
  distros.download_user = "distros-dl";
  config::MailList maintainers = list_named("maintainers", config::ListPolicy::sign);
  notice::NoticeLinks links{"https://security.exim.org", "", "https://downloads.exim.org/exim4/",
                            "https://security.exim.org/advisories/"};
  unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
    planner::StoredPlan stored;
    stored.case_id = f.c.id;
    stored.created_at = f.clock.now();
    stored.actor = "a";
    stored.plan.events = {{planner::Step::advance_notice, *util::parse_timestamp("2026-03-04T14:00:00Z"), "given"},
                          {planner::Step::fix_to_packagers, *util::parse_timestamp("2026-03-08T14:00:00Z"), "given"},
                          {planner::Step::release, *util::parse_timestamp("2026-03-10T14:00:00Z"), "given"}};
    TRY(tx.insert_plan(stored));
    return {};
  }));
  notice::NoticeInput in;
  in.kind = "advance";
  in.list = &distros;

  SUBCASE("the advance notice holds the plan's dates and the list's subject tag") {
    auto n = unwrap(f.render_input(in, links));
    CHECK(n.subject == "[vs] [EMBARGO] Exim: advance notice of a security release");
    CHECK(n.body.find("a date to be announced") == std::string::npos);
    CHECK(n.body.find("OS packaging on Sun 2026-03-08 14:00 UTC") != std::string::npos);
    CHECK(n.body.find("release on Tue 2026-03-10 14:00 UTC") != std::string::npos);
    CHECK(n.body.find("  Wed 2026-03-04 14:00 UTC  Advance notice to the private lists\n") != std::string::npos);
    CHECK(n.body.find("  Tue 2026-03-10 14:00 UTC  Public release (CRD)\n") != std::string::npos);
    // A tag already in the subject is not added twice.
    std::filesystem::create_directories(f.dir.path() / "lists" / "distros");
    unwrap(util::write_file_atomic(f.dir.path() / "lists" / "distros" / "advance.mustache",
                                   "Subject: [vs] own words {{case_id}}\n\nrelease {{release_or_tbd}}\n"));
    auto own = unwrap(f.render_input(in, links));
    CHECK(own.subject == "[vs] own words " + f.c.id);
    CHECK(own.body == "release Tue 2026-03-10 14:00 UTC\n");
    in.list = &maintainers;  // the list's own template is for that list only
    CHECK(unwrap(f.render_input(in, links)).subject == "[EMBARGO] Exim: advance notice of a security release");
  }

  SUBCASE("a list template that does not render is named with its list") {
    std::filesystem::create_directories(f.dir.path() / "lists" / "distros");
    unwrap(util::write_file_atomic(f.dir.path() / "lists" / "distros" / "advance.mustache", "no subject\n"));
    auto r = f.render_input(in, links);
    REQUIRE(!r);
    CHECK(r.error().message() ==
          "template (list distros) advance: must begin with a \"Subject:\" line and a blank line");
  }

  SUBCASE("the fix notice needs a link and a live usercode, and lists each file where it is") {
    in.kind = "fix";
    auto no_link = f.render_input(in, {});
    REQUIRE(!no_link);
    CHECK(no_link.error().message().find("set [http] public_url") != std::string::npos);
    auto no_code = f.render_input(in, links);
    REQUIRE(!no_code);
    CHECK(no_code.error().message() ==
          fmt::format("fix notice to list 'distros': {0} has no live download usercode 'distros-dl' (make one with "
                      "`embargo usercode new {0} --list distros-dl`)",
                      f.c.id));
    Usercode code{f.c.id, "distros-dl", "argon2id-hash", "", "", 1, f.clock.now(), std::nullopt};
    unwrap(f.store.write([&](StoreTx& tx) -> Result<void> {
      TRY(tx.insert_usercode(code));
      Artifact a{f.c.id, "exim-4.99.1.tar.xz", std::string(64, 'b'), 1234, true, f.clock.now()};
      TRY(tx.insert_artifact(a));
      nlohmann::json data = {{"signed_by", "RELEASEKEY"}};
      return f.service.record(tx, f.c, "release", "release built", "a", data.dump());
    }));
    auto n = unwrap(f.render_input(in, links));
    CHECK(n.subject == "[vs] [EMBARGO] Exim: fix available to packagers");
    CHECK(n.body.find("  https://security.exim.org/embargo/" + f.c.id + "/\n") != std::string::npos);
    CHECK(n.body.find("  https://security.exim.org/embargo/" + f.c.id +
                      "/exim-4.99.1.tar.xz\n    size 1234 bytes, "
                      "SHA2-256 " +
                      std::string(64, 'b')) != std::string::npos);
    CHECK(n.body.find("with the usercode distros-dl") != std::string::npos);
    CHECK(n.body.find("The password is not in this message") != std::string::npos);
    CHECK(n.body.find("by the release signing key\nRELEASEKEY.") != std::string::npos);
    CHECK(n.body.find("signed with the team's key TEAMKEY") != std::string::npos);
    in.download_password = "s3cret";
    auto with_password = unwrap(f.render_input(in, links));
    CHECK(with_password.body.find("and the password\ns3cret") != std::string::npos);
    CHECK(with_password.body.find("The password is not in this message") == std::string::npos);
    // A revoked usercode is no usercode.
    code.revoked_at = f.clock.now();
    unwrap(f.store.write([&](StoreTx& tx) { return tx.update_usercode(code); }));
    CHECK(!f.render_input(in, links));
  }

  SUBCASE("a password goes in clear to a signed list only when asked to") {
    in.kind = "fix";
    in.list = &maintainers;
    in.download_password = "s3cret";
    unwrap(f.store.write([&](StoreTx& tx) {
      return tx.insert_usercode(Usercode{f.c.id, "maintainers", "h", "", "", 1, f.clock.now(), std::nullopt});
    }));
    auto refused = f.render_input(in, links);
    REQUIRE(!refused);
    CHECK(refused.error().message().starts_with(
        "--download-password-file: list 'maintainers' gets sign mail, so the password would travel in clear"));
    in.password_in_clear = true;
    CHECK(unwrap(f.render_input(in, links)).body.find("s3cret") != std::string::npos);
  }

  SUBCASE("the release announcement links the public files and the advisory page") {
    in.kind = "release";
    in.list = &maintainers;
    auto n = unwrap(f.render_input(in, links));
    CHECK(n.body.find("Advisory:  https://security.exim.org/advisories/" + f.c.id + ".html\n") != std::string::npos);
    CHECK(n.body.find("Downloads: https://downloads.exim.org/exim4/\n") != std::string::npos);
    CHECK(n.body.find("/embargo/") == std::string::npos);
    CHECK(n.body.find("The files and this message are signed with the key TEAMKEY") != std::string::npos);
  }
}
