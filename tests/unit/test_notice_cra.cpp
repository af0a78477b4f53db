// The CRA clock (notice/cra_clock.hpp) and its report (notice/cra_report.hpp).
#include <algorithm>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <embargo/config/config_file.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/reminders.hpp>
#include <embargo/notice/cra_clock.hpp>
#include <embargo/notice/cra_report.hpp>
#include <embargo/notice/disclosure_duties.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

util::Timestamp ts(const char* text) {
  return unwrap(util::parse_timestamp(text));
}

constexpr const char* k_config = R"(
[project]
name = "Exim"
[mail]
team_address = "security@exim.org"
team_name = "Exim Security Team"
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
keys = ["ABCD"]
[[mail.lists.recipients]]
name = "debian"
contacts = ["team@security.debian.org"]
[cra]
enabled = true
manufacturers = ["debian"]
)";

struct Fixture {
  testutil::MemoryStore store;
  core::ProjectConfig project;
  util::FixedClock clock{ts("2026-03-27T09:00:00Z")};
  core::CaseService service{project, clock};
  config::ConfigFile config = unwrap(config::parse_config(k_config, "t"));
  std::string id;

  Fixture() {
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::User alice;
      alice.name = "alice";
      alice.role = core::Role::team;
      alice.email = "alice@example.org";
      TRY(tx.insert_user(alice));
      core::NewCase input;
      input.title = "heap overflow";
      input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
      TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
      id = c.id;
      core::NewVulnerability v;
      v.title = "heap overflow in BDAT";
      v.affected = ">=4.92,<4.99.1";
      v.fixed = ">=4.99.1";
      TRY(service.add_vulnerability(tx, id, v, "alice"));
      core::VulnerabilityEdit edit;
      edit.cvss = std::vector<std::string>{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
      TRY(service.edit_vulnerability(tx, id, 1, edit, "alice"));
      return {};
    }));
  }

  void at(const char* when) { clock.set(ts(when)); }

  void exploitation(core::Exploitation e) {
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::CaseEdit edit;
      edit.exploitation = e;
      TRY(service.edit(tx, id, edit, "alice"));
      return {};
    }));
  }

  void record(std::string_view kind, const nlohmann::json& data) {
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(id));
      return service.record(tx, c, kind, "x", "alice", data.dump());
    }));
  }

  core::Case get() {
    core::Case c;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(c, tx.get_case(id));
      return {};
    }));
    return c;
  }

  std::vector<notice::Duty> duties(const char* now) {
    std::vector<notice::Duty> out;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(id));
      TRY_ASSIGN(out, notice::disclosure_duties(tx, c, config, ts(now)));
      return {};
    }));
    return out;
  }

  Result<nlohmann::json> report(const std::string& stage) {
    Result<nlohmann::json> out = make_error(ErrorCode::not_found, "unset");
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(id));
      TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(id));
      TRY_ASSIGN(auto timeline, core::load_timeline(tx, id));
      out = notice::cra_report({c, vulns, timeline, config, stage});
      return {};
    }));
    return out;
  }
};

const notice::Duty* rule(const std::vector<notice::Duty>& duties, std::string_view name) {
  auto it = std::find_if(duties.begin(), duties.end(), [&](const auto& d) { return d.rule == name; });
  return it == duties.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("CRA clock: three deadlines from the recorded awareness of active exploitation") {
  Fixture f;

  SUBCASE("no clock while exploitation is not active, or [cra] is off") {
    CHECK(f.duties("2026-03-27T10:00:00Z").empty());
    f.at("2026-03-28T12:00:00Z");
    f.exploitation(core::Exploitation::active);
    f.config.cra.enabled = false;
    CHECK(f.duties("2026-03-28T13:00:00Z").empty());
    auto r = f.report("early-warning");
    REQUIRE_FALSE(r);
    CHECK(r.error().message().find("[cra] enabled = false") != std::string::npos);
  }

  SUBCASE("24 and 72 real hours across the DST change, the final report 14 days after the fix is public") {
    // Europe's clocks go forward on 2026-03-29 at 01:00 UTC: the deadlines are
    // elapsed hours, so still 12:00 UTC.
    f.at("2026-03-28T12:00:00Z");
    f.exploitation(core::Exploitation::active);
    auto d = f.duties("2026-03-28T13:00:00Z");
    REQUIRE(d.size() == 3);
    const auto* early = rule(d, "cra-early-warning");
    const auto* notification = rule(d, "cra-notification");
    const auto* final_report = rule(d, "cra-final-report");
    REQUIRE(early);
    REQUIRE(notification);
    REQUIRE(final_report);
    CHECK(early->state == "open");
    CHECK(*early->due == ts("2026-03-29T12:00:00Z"));
    CHECK(*notification->due == ts("2026-03-31T12:00:00Z"));
    CHECK(final_report->state == "ok");
    CHECK_FALSE(final_report->due);
    CHECK(early->detail.find("Sat 2026-03-28 12:00 UTC") != std::string::npos);

    // Overdue once past, done once recorded as sent.
    CHECK(rule(f.duties("2026-03-29T12:01:00Z"), "cra-early-warning")->state == "fail");
    f.record(notice::cra::k_report_entry, {{"stage", "early-warning"}});
    CHECK(rule(f.duties("2026-03-29T12:01:00Z"), "cra-early-warning")->state == "done");
    CHECK(rule(f.duties("2026-03-29T12:01:00Z"), "cra-notification")->state == "open");

    // The final report: from the planned release, then from the move to public.
    unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(f.id));
      c.release_at = ts("2026-04-02T12:00:00Z");
      return tx.update_case(c);
    }));
    CHECK(*rule(f.duties("2026-03-30T09:00:00Z"), "cra-final-report")->due == ts("2026-04-16T12:00:00Z"));
    f.at("2026-04-02T12:05:00Z");
    f.record(core::entry_kind::k_state, {{"from", "fix-shared"}, {"to", "public"}, {"why", "released"}});
    auto after = rule(f.duties("2026-04-03T09:00:00Z"), "cra-final-report");
    CHECK(after->state == "open");
    CHECK(*after->due == ts("2026-04-16T12:05:00Z"));
  }

  SUBCASE("awareness is the latest change to active") {
    f.at("2026-03-28T12:00:00Z");
    f.exploitation(core::Exploitation::active);
    f.at("2026-03-28T13:00:00Z");
    f.exploitation(core::Exploitation::none);
    CHECK(f.duties("2026-03-28T14:00:00Z").empty());
    f.at("2026-04-01T08:00:00Z");
    f.exploitation(core::Exploitation::active);
    CHECK(*rule(f.duties("2026-04-01T09:00:00Z"), "cra-early-warning")->due == ts("2026-04-02T08:00:00Z"));
  }
}

TEST_CASE("CRA report: each stage from the case's data, addressed to the manufacturers") {
  Fixture f;
  f.at("2026-03-28T12:00:00Z");
  CHECK_FALSE(f.report("early-warning"));
  f.exploitation(core::Exploitation::active);
  auto r = unwrap(f.report("notification"));
  CHECK(r["stage"] == "notification");
  CHECK(r["due"] == "2026-03-31T12:00:00.000000Z");
  CHECK(r["to"][0]["name"] == "debian");
  CHECK(r["to"][0]["contacts"][0] == "team@security.debian.org");
  CHECK(r["vulnerabilities"][0]["severity"] == "Critical");
  CHECK(r["contact"] == "Exim Security Team <security@exim.org>");
  std::string text = notice::cra_report_text(r);
  CHECK(text.find("Vulnerability notification (Exim, " + f.id + ")") != std::string::npos);
  CHECK(text.find("To: debian <team@security.debian.org>") != std::string::npos);
  CHECK(text.find("Affected versions: >=4.92,<4.99.1") != std::string::npos);
  CHECK(text.find("Severity: Critical (9.8,") != std::string::npos);
  CHECK(text.find("Security update: not planned yet") != std::string::npos);
  // The early warning names the vulnerability without its details.
  CHECK(notice::cra_report_text(unwrap(f.report("early-warning"))).find("Severity:") == std::string::npos);
  CHECK(notice::parse_cra_stage("final-report").error().message() ==
        "stage: 'final-report' is not early-warning, notification or final");
}

TEST_CASE("CRA config: manufacturers must be recipients; [cra] may be a project's own") {
  auto bad = config::parse_config("[cra]\nenabled = true\nmanufacturers = [\"redhat\"]\n", "t");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("cra.manufacturers names 'redhat'") != std::string::npos);
  auto typo = config::parse_config("[cra]\nenable = true\n", "t");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message().find("cra.enable is not a key of [cra]") != std::string::npos);
  CHECK_FALSE(unwrap(config::parse_config("", "t")).cra.enabled);
}

TEST_CASE("reminders: a public case is reminded of the duties that outlast the release") {
  Fixture f;
  f.at("2026-03-28T12:00:00Z");
  f.exploitation(core::Exploitation::active);
  f.at("2026-04-02T12:00:00Z");
  f.record(core::entry_kind::k_state, {{"from", "fix-shared"}, {"to", "public"}, {"why", "released"}});
  unwrap(f.store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(f.id));
    c.state = core::CaseState::public_;
    return tx.update_case(c);
  }));
  notice::DutyDates dates(f.config);
  core::ReminderPolicy policy;
  std::vector<core::DueReminder> due;
  unwrap(f.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(due, core::evaluate_reminders(tx, policy, ts("2026-04-10T12:30:00Z"), &dates));
    return {};
  }));
  std::vector<std::string> conditions;
  for (const auto& r : due) {
    conditions.push_back(r.condition);
  }
  // 7 days before the final report; nothing about acknowledging or a stale state.
  CHECK(fmt::format("{}", fmt::join(conditions, ",")) == "duty-cra-final-report");
  unwrap(f.store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(due, core::evaluate_reminders(tx, policy, ts("2026-04-10T12:30:00Z"), nullptr));
    return {};
  }));
  CHECK(due.empty());
}
