#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>
#include <embargo/core/recipient.hpp>
#include <embargo/core/status_reply.hpp>
#include <embargo/core/timeline_audit.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

NewVulnerability vuln(const std::string& title) {
  NewVulnerability v;
  v.title = title;
  return v;
}

std::vector<Recipient> sample_recipients() {
  return {Recipient{"distros", "distros", {"distros@vs.openwall.org"}, {}, {}, false},
          Recipient{"debian", "distros", {"team@security.debian.org"}, {}, {"deb"}, true},
          Recipient{"redhat", "distros", {"secalert@redhat.com"}, {}, {"rh"}, false}};
}

struct Fixture {
  testutil::MemoryStore store;
  ProjectConfig config;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService cases{config, clock};
  RecipientService recipients{cases, sample_recipients()};
  std::string id;

  Fixture() {
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(Case c, cases.create(tx, NewCase{"heap overflow", {}, ImpactClass::rce, Exploitation::none}, "alice"));
      id = c.id;
      TRY(cases.add_vulnerability(tx, id, vuln("overflow one"), "alice"));
      TRY(cases.add_vulnerability(tx, id, vuln("overflow two"), "alice"));
      return {};
    }));
  }

  Result<std::vector<RecipientState>> set(const StatusChange& change) {
    std::vector<RecipientState> out;
    TRY(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, recipients.set_status(tx, id, change, "alice"));
      return {};
    }));
    return out;
  }

  std::vector<TimelineEntry> timeline() {
    std::vector<TimelineEntry> out;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, load_timeline(tx, id));
      return {};
    }));
    return out;
  }
};

}  // namespace

TEST_CASE("recipient statuses have one name each and parse leniently in case and separator only") {
  for (auto s : {RecipientStatus::notified, RecipientStatus::acknowledged, RecipientStatus::packages_ready,
                 RecipientStatus::not_affected}) {
    CHECK(*parse_recipient_status(to_string(s)) == s);
  }
  CHECK(*parse_recipient_status("Packages_Ready") == RecipientStatus::packages_ready);
  CHECK(*parse_recipient_status(" not affected ") == RecipientStatus::not_affected);
  auto bad = parse_recipient_status("ready");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("status: 'ready'") != std::string::npos);
  CHECK_FALSE(has_answered(RecipientStatus::notified));
  CHECK(has_answered(RecipientStatus::not_affected));
}

TEST_CASE("recipient names are checked") {
  CHECK(validate_recipient_name("debian-lts.2"));
  CHECK_FALSE(validate_recipient_name(""));
  CHECK_FALSE(validate_recipient_name("Debian"));
  CHECK_FALSE(validate_recipient_name(std::string(65, 'a')));
}

TEST_CASE("a status change is one timeline entry per vulnerability and the last one counts") {
  Fixture f;
  auto before = f.timeline().size();
  auto all = unwrap(f.set({"debian", 0, RecipientStatus::acknowledged, "looking", "cli"}));
  CHECK(all.size() == 2);
  unwrap(f.set({"debian", 2, RecipientStatus::packages_ready, "built", "web"}));
  auto entries = f.timeline();
  CHECK(entries.size() == before + 3);
  CHECK(entries.back().kind == entry_kind::k_recipient_status);
  CHECK(entries.back().actor == "alice");
  auto statuses = current_statuses(entries);
  REQUIRE(statuses.size() == 2);
  CHECK(statuses.at({"debian", 1}).status == RecipientStatus::acknowledged);
  CHECK(statuses.at({"debian", 1}).statement == "looking");
  CHECK(statuses.at({"debian", 2}).status == RecipientStatus::packages_ready);
  CHECK(statuses.at({"debian", 2}).via == "web");
  unwrap(f.store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(AuditReport report, audit_timelines(tx, f.id));
    CHECK(report.breaks.empty());
    return {};
  }));
}

TEST_CASE("bad status changes name the field and change nothing") {
  Fixture f;
  auto before = f.timeline().size();
  auto unknown = f.set({"suse", 1, RecipientStatus::acknowledged, "", "cli"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code() == ErrorCode::not_found);
  CHECK(unknown.error().message().find("recipient: 'suse'") != std::string::npos);
  auto no_vuln = f.set({"debian", 3, RecipientStatus::acknowledged, "", "cli"});
  REQUIRE_FALSE(no_vuln);
  CHECK(no_vuln.error().message().find("vulnerability: case") != std::string::npos);
  CHECK_FALSE(f.set({"debian", 1, RecipientStatus::acknowledged, std::string(2001, 'x'), "cli"}));
  CHECK_FALSE(f.set({"debian", 1, RecipientStatus::acknowledged, "bell\a", "cli"}));
  CHECK(f.timeline().size() == before);
}

TEST_CASE("only the team or the recipient's own people may set its status") {
  auto rs = sample_recipients();
  Principal team{"alice", Role::team, ""};
  Principal deb{"deb", Role::maintainer, ""};
  Principal rh{"rh", Role::reporter, ""};
  Principal link{"reporter", Role::reporter, "EMB-2026-0001"};
  Principal stranger{"mallory", Role::maintainer, ""};
  CHECK(RecipientService::may_set(team, rs[1]));
  CHECK(RecipientService::may_set(team, rs[2]));
  CHECK(RecipientService::may_set(deb, rs[1]));
  CHECK_FALSE(RecipientService::may_set(deb, rs[2]));  // another recipient's status
  CHECK_FALSE(RecipientService::may_set(deb, rs[0]));  // not even the list it belongs to
  CHECK(RecipientService::may_set(rh, rs[2]));
  CHECK_FALSE(RecipientService::may_set(rh, rs[1]));
  CHECK_FALSE(RecipientService::may_set(stranger, rs[1]));
  Principal link_named_deb{"deb", Role::reporter, "EMB-2026-0001"};
  CHECK_FALSE(RecipientService::may_set(link_named_deb, rs[1]));  // a link never sets a status
}

TEST_CASE("the planner warns about important recipients that have not answered, near the release only") {
  Fixture f;
  Case c;
  std::vector<Vulnerability> vulns;
  unwrap(f.store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, tx.get_case(f.id));
    TRY_ASSIGN(vulns, tx.list_vulnerabilities(f.id));
    return {};
  }));
  auto now = f.clock.now();
  auto rs = sample_recipients();
  CHECK(readiness_warnings(c, vulns, rs, {}, now, std::chrono::hours(48)).empty());  // no release date
  c.release_at = now + std::chrono::hours(72);
  CHECK(readiness_warnings(c, vulns, rs, {}, now, std::chrono::hours(48)).empty());  // not near yet
  c.release_at = now + std::chrono::hours(24);
  auto w = readiness_warnings(c, vulns, rs, {}, now, std::chrono::hours(48));
  REQUIRE(w.size() == 1);  // only debian is important
  CHECK(w[0].find("debian (distros) has not acknowledged vulnerability 1, 2") != std::string::npos);
  unwrap(f.set({"debian", 1, RecipientStatus::acknowledged, "", "cli"}));
  auto statuses = current_statuses(f.timeline());
  w = readiness_warnings(c, vulns, rs, statuses, now, std::chrono::hours(48));
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("vulnerability 2 ") != std::string::npos);
  unwrap(f.set({"debian", 2, RecipientStatus::not_affected, "", "cli"}));
  CHECK(readiness_warnings(c, vulns, rs, current_statuses(f.timeline()), now, std::chrono::hours(48)).empty());
}

TEST_CASE("status reply keywords") {
  auto none = unwrap(parse_status_reply("Thanks, we will look at it.\n"));
  CHECK_FALSE(none.has_value());
  auto r =
      unwrap(parse_status_reply("Hi,\r\n\r\n  Status: Packages Ready\r\nVuln: 2\r\nstatement: built for bookworm\r\n"));
  REQUIRE(r);
  CHECK(r->status == RecipientStatus::packages_ready);
  CHECK(r->vulnerability == 2);
  CHECK(r->statement == "built for bookworm");
  auto quoted = unwrap(parse_status_reply("> status: acknowledged\nok\n"));
  CHECK_FALSE(quoted.has_value());
  auto after_sig = unwrap(parse_status_reply("thanks\n-- \nstatus: acknowledged\n"));
  CHECK_FALSE(after_sig.has_value());
  auto all = unwrap(parse_status_reply("status: acknowledged"));
  REQUIRE(all);
  CHECK(all->vulnerability == 0);
  auto twice = parse_status_reply("status: acknowledged\nstatus: not-affected\n");
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message() == "status: given twice");
  CHECK(parse_status_reply("status: maybe\n").error().message().find("status: 'maybe'") == 0);
  CHECK(parse_status_reply("status: acknowledged\nvulnerability: 0\n").error().message().find("vulnerability:") == 0);
  CHECK(parse_status_reply("status: acknowledged\nvulnerability: 2x\n").error().message().find("vulnerability:") == 0);
  CHECK(parse_status_reply("vulnerability: 1\n").error().message().find("status: missing") == 0);
  CHECK_FALSE(parse_status_reply("status: acknowledged\nstatement: " + std::string(3000, 'x')));
}

TEST_CASE("recipients come from [[mail.lists.recipients]] and the lists themselves") {
  auto cfg = config::parse_config(R"(
[mail]
recipient_warning_hours = 24
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
policy = "encrypt"
keys = ["89ABCDEF0123456789ABCDEF0123456789ABCDEF"]
important = true
[[mail.lists.recipients]]
name = "debian"
contacts = ["team@security.debian.org"]
keys = ["0123456789ABCDEF0123456789ABCDEF01234567"]
users = ["deb"]
important = true
)",
                                  "test");
  REQUIRE(cfg);
  auto rs = cfg->mail.recipients();
  REQUIRE(rs.size() == 2);
  CHECK(rs[0].name == "distros");
  CHECK(rs[0].important);
  CHECK(rs[0].contacts == std::vector<std::string>{"distros@vs.openwall.org"});
  CHECK(rs[1].name == "debian");
  CHECK(rs[1].list == "distros");
  CHECK(rs[1].users == std::vector<std::string>{"deb"});
  CHECK(cfg->mail.recipient_warning_hours == 24);
  auto dup = config::parse_config(R"(
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
keys = ["89ABCDEF0123456789ABCDEF0123456789ABCDEF"]
[[mail.lists.recipients]]
name = "distros"
)",
                                  "test");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().message().find("recipient name distros is used twice") != std::string::npos);
  auto bad = config::parse_config(R"(
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
keys = ["89ABCDEF0123456789ABCDEF0123456789ABCDEF"]
[[mail.lists.recipients]]
name = "Debian"
)",
                                  "test");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("mail.lists[0].recipients[0].name") != std::string::npos);
}
