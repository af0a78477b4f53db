// Subject tags for every configured case prefix (mail/case_tag.hpp), and
// intake for one project of several (Intake::set_project): new threads get
// the project's ids and team, replies thread to their case whatever its
// project, by header or by a tag of any configured prefix.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <embargo/core/case_service.hpp>
#include <embargo/core/project.hpp>
#include <embargo/mail/case_tag.hpp>
#include <embargo/mail/intake.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

using Tags = std::vector<std::string>;

const Tags k_prefixes{"EMB", "EXIM", "PF"};

core::ProjectEntry project_entry(const char* name, const char* display, const char* prefix) {
  core::ProjectEntry p;
  p.name = name;
  p.display_name = display;
  p.case_prefix = prefix;
  return p;
}

core::ProjectConfig two_projects() {
  core::ProjectConfig config;
  config.case_prefix = "EMB";
  config.projects.push_back(project_entry("exim", "Exim", "EXIM"));
  config.projects.push_back(project_entry("postfix", "Postfix", "PF"));
  return config;
}

std::string mail_with(const std::string& subject, int n, const std::string& in_reply_to = "") {
  std::string reply = in_reply_to.empty() ? "" : fmt::format("In-Reply-To: <{}>\n", in_reply_to);
  return fmt::format("From: r{}@example.net\nSubject: {}\nMessage-ID: <t{}@test>\n{}\nbody {}\n", n, subject, n,
                     reply, n);
}

}  // namespace

TEST_CASE("case_tags: every configured prefix, nothing else") {
  CHECK(mail::case_tags("Re: [EMB-2026-0001] overflow", k_prefixes) == Tags{"EMB-2026-0001"});
  CHECK(mail::case_tags("Re: [EXIM-2026-0012] overflow", k_prefixes) == Tags{"EXIM-2026-0012"});
  CHECK(mail::case_tags("[PF-2027-123456789]", k_prefixes) == Tags{"PF-2027-123456789"});
  CHECK(mail::case_tags("[EXIM-2026-0001] and [EMB-2026-0002] and [EXIM-2026-0001]", k_prefixes) ==
        Tags{"EXIM-2026-0001", "EMB-2026-0002"});
  CHECK(mail::case_tags("[SENDMAIL-2026-0001] unknown prefix", k_prefixes).empty());
  CHECK(mail::case_tags("[exim-2026-0001] lower case", k_prefixes).empty());
  CHECK(mail::case_tags("[EXIM-2026-001] too short", k_prefixes).empty());
  CHECK(mail::case_tags("[EXIM-2026-1234567890] too long", k_prefixes).empty());
  CHECK(mail::case_tags("[EXIM-26-0001] [EXIM-2026-00x1] [EXIM-2026-0001", k_prefixes).empty());
  CHECK(mail::case_tags("[EXIM2026-0001] [-2026-0001] [] [[[", k_prefixes).empty());
  CHECK(mail::case_tags("[[EXIM-2026-0003]]", k_prefixes) == Tags{"EXIM-2026-0003"});
  CHECK(mail::case_prefixes(two_projects()) == k_prefixes);
}

TEST_CASE("Intake for one project of several") {
  testutil::TempDir dir;
  testutil::MemoryStore store;
  core::ProjectConfig config = two_projects();
  config::MailConfig mail;
  util::FixedClock clock(*util::parse_timestamp("2026-03-02T10:00:00Z"));
  core::CaseService cases(config, clock);
  mail::Intake own(store, cases, config, mail, clock, dir.path(), nullptr, {});
  mail::Intake exim(store, cases, config, mail, clock, dir.path(), nullptr, {});
  unwrap(exim.set_project("exim"));
  auto unknown = exim.set_project("sendmail");
  REQUIRE(!unknown);
  CHECK(unknown.error().code() == ErrorCode::not_found);

  auto first = unwrap(own.receive(mail_with("own report", 1)));
  auto e1 = unwrap(exim.receive(mail_with("exim report", 2)));
  auto e2 = unwrap(exim.receive(mail_with("another exim report", 3)));
  CHECK(first.case_id == "EMB-2026-0001");
  CHECK(e1.outcome == mail::IntakeOutcome::new_case);
  CHECK(e1.case_id == "EXIM-2026-0001");  // the project's own counter
  CHECK(e2.case_id == "EXIM-2026-0002");
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(std::string project, tx.case_project(e1.case_id));
    CHECK(project == "exim");
    TRY_ASSIGN(auto timeline, core::load_timeline(tx, e1.case_id));
    REQUIRE(timeline.size() == 3);
    CHECK(timeline[1].kind == "project");
    CHECK(timeline[2].kind == "mail-received");
    return {};
  }));

  SUBCASE("replies thread to their case whatever the project and the address") {
    auto by_tag = unwrap(own.receive(mail_with("Re: [EXIM-2026-0002] another exim report", 4)));
    CHECK(by_tag.outcome == mail::IntakeOutcome::reply);
    CHECK(by_tag.case_id == "EXIM-2026-0002");
    auto by_header = unwrap(exim.receive(mail_with("Re: own report", 5, "t1@test")));
    CHECK(by_header.outcome == mail::IntakeOutcome::reply);
    CHECK(by_header.case_id == "EMB-2026-0001");
    auto own_tag = unwrap(exim.receive(mail_with("Re: [EMB-2026-0001] own report", 6)));
    CHECK(own_tag.case_id == "EMB-2026-0001");
  }
  SUBCASE("a tag naming no case or an unknown prefix starts a new thread") {
    auto missing = unwrap(exim.receive(mail_with("Re: [EXIM-2026-0099] lost", 7)));
    CHECK(missing.outcome == mail::IntakeOutcome::new_case);
    CHECK(missing.case_id == "EXIM-2026-0003");
    auto foreign = unwrap(own.receive(mail_with("Re: [SENDMAIL-2026-0001] hello", 8)));
    CHECK(foreign.outcome == mail::IntakeOutcome::new_case);
    CHECK(foreign.case_id == "EMB-2026-0002");
  }
}
