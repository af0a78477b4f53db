#include <algorithm>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <embargo/config/config_file.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/notice/exploit_material.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

util::Timestamp ts(const char* text) {
  return unwrap(util::parse_timestamp(text));
}

struct Fixture {
  testutil::MemoryStore store;
  core::ProjectConfig project;
  util::FixedClock clock{ts("2026-12-01T09:00:00Z")};
  core::CaseService service{project, clock};
  config::ConfigFile config;
  core::Case c;

  Fixture() {
    config = unwrap(config::parse_config(R"(
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
keys = ["ABCD"]
[[mail.lists]]
name = "oss-security"
address = "oss-security@lists.openwall.com"
[[mail.lists]]
name = "maintainers"
address = "exim-maintainers@exim.org"
policy = "sign"
)",
                                         "t"));
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::NewCase input;
      input.title = "heap overflow";
      input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
      TRY_ASSIGN(c, service.create(tx, input, "alice"));
      return {};
    }));
  }

  void sent(const std::string& id, const std::string& list, const std::string& kind, const char* at) {
    core::OutboxEntry e;
    e.message_id = id;
    e.case_id = c.id;
    e.kind = kind;
    e.list_name = list;
    e.recipients = {"x@example.org", "security@example.org"};
    e.state = core::OutboxState::sent;
    e.created_at = ts(at);
    e.sent_at = ts(at);
    unwrap(store.write([&](core::StoreTx& tx) { return tx.insert_outbox(e); }));
  }

  std::vector<notice::Duty> duties(const char* now) {
    std::vector<notice::Duty> out;
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, notice::disclosure_duties(tx, c, config, ts(now)));
      return {};
    }));
    return out;
  }
};

const notice::Duty& rule(const std::vector<notice::Duty>& duties, std::string_view name) {
  for (const auto& d : duties) {
    if (d.rule == name) {
      return d;
    }
  }
  FAIL("no duty ", name);
  return duties.front();
}

}  // namespace

TEST_CASE("disclosure duties: the Openwall lists' rules from what was sent") {
  Fixture f;

  SUBCASE("nothing told and nothing planned to a private list: no duties") {
    f.sent("m1", "maintainers", "fix", "2026-12-01T10:00:00Z");
    CHECK(f.duties("2026-12-02T09:00:00Z").empty());
  }

  SUBCASE("a list in fix_lists brings the duties before anything is sent") {
    f.config.publish.fix_lists = {"distros"};
    auto d = f.duties("2026-12-01T09:00:00Z");
    REQUIRE(d.size() == 3);
    CHECK(rule(d, notice::duty::k_first_message_date).state == "open");
    CHECK(rule(d, notice::duty::k_first_message_date).detail.find("embargo case plan " + f.c.id) != std::string::npos);
    CHECK(rule(d, notice::duty::k_max_embargo).state == "ok");
    CHECK(rule(d, notice::duty::k_public_post).state == "fail");
  }

  SUBCASE("the 14 days run from the first message actually sent, not from the plan") {
    f.sent("m1", "distros", "advance", "2026-12-01T10:00:00Z");
    f.sent("m2", "distros", "fix", "2026-12-08T10:00:00Z");
    f.c.release_at = ts("2026-12-15T10:00:00Z");
    auto d = f.duties("2026-12-09T09:00:00Z");
    CHECK(rule(d, notice::duty::k_first_message_date).state == "done");
    CHECK(rule(d, notice::duty::k_max_embargo).state == "ok");
    CHECK(rule(d, notice::duty::k_max_embargo).detail ==
          "release Tue 2026-12-15 10:00 UTC is 14 days after the first message (Tue 2026-12-01 10:00 UTC); at most 14 "
          "days");
    f.c.release_at = ts("2026-12-16T14:00:00Z");
    auto late = rule(f.duties("2026-12-09T09:00:00Z"), notice::duty::k_max_embargo);
    CHECK(late.state == "fail");
    CHECK(late.detail.find("more than 14 days: distros publishes what it holds then; release by Tue 2026-12-15 "
                           "10:00 UTC") != std::string::npos);
    REQUIRE(late.due);
    CHECK(*late.due == ts("2026-12-15T10:00:00Z"));
  }

  SUBCASE("once distros was told, the release must include a post to oss-security") {
    f.sent("m1", "distros", "advance", "2026-12-01T10:00:00Z");
    f.c.release_at = ts("2026-12-09T14:00:00Z");
    auto missing = rule(f.duties("2026-12-02T09:00:00Z"), notice::duty::k_public_post);
    CHECK(missing.state == "fail");
    CHECK(missing.detail ==
          "distros is told: the release must include a full post to oss-security on the day; add "
          "\"oss-security\" to [publish] announce_lists (or `embargo notice send " +
              f.c.id + " release --list oss-security`)");
    f.config.publish.announce_lists = {"oss-security"};
    auto planned = rule(f.duties("2026-12-02T09:00:00Z"), notice::duty::k_public_post);
    CHECK(planned.state == "ok");
    CHECK(planned.list == "oss-security");
    // Past the release with nothing posted: overdue.
    auto overdue = rule(f.duties("2026-12-10T09:00:00Z"), notice::duty::k_public_post);
    CHECK(overdue.state == "fail");
    CHECK(overdue.detail.starts_with("overdue: "));
    f.sent("m9", "oss-security", "release", "2026-12-09T14:00:30Z");
    auto done = rule(f.duties("2026-12-10T09:00:00Z"), notice::duty::k_public_post);
    CHECK(done.state == "done");
    CHECK(done.detail == "release posted to oss-security Wed 2026-12-09 14:00 UTC");
  }

  SUBCASE("exploit material shared with distros goes public within 7 days of the release") {
    auto mark = [&](const char* list, const std::string& message_id, const char* at) {
      f.clock.set(ts(at));
      const config::MailList* l = unwrap(f.config.mail.list(list));
      unwrap(f.store.write(
          [&](core::StoreTx& tx) { return notice::record_exploit(f.service, tx, f.c.id, *l, message_id, "alice"); }));
    };
    f.sent("m1", "distros", "reply", "2026-12-02T10:00:00Z");
    auto before = f.duties("2026-12-02T11:00:00Z");  // nothing marked yet
    CHECK(std::none_of(before.begin(), before.end(),
                       [](const notice::Duty& d) { return d.rule == notice::duty::k_exploit_post; }));
    mark("distros", "m1", "2026-12-02T10:00:00Z");
    auto unplanned = rule(f.duties("2026-12-02T11:00:00Z"), notice::duty::k_exploit_post);
    CHECK(unplanned.state == "open");
    CHECK(unplanned.list == "distros");
    CHECK_FALSE(unplanned.due);
    CHECK(unplanned.detail.find("within 7 days of the public disclosure (no public date yet)") != std::string::npos);

    f.c.release_at = ts("2026-12-09T14:00:00Z");
    auto open = rule(f.duties("2026-12-10T09:00:00Z"), notice::duty::k_exploit_post);
    CHECK(open.state == "open");
    REQUIRE(open.due);
    CHECK(*open.due == ts("2026-12-16T14:00:00Z"));
    CHECK(open.detail.find("post it to oss-security by Wed 2026-12-16 14:00 UTC (7 days after the public disclosure "
                           "Wed 2026-12-09 14:00 UTC); `embargo notice reply " +
                           f.c.id + " --list oss-security --exploit") != std::string::npos);
    CHECK(rule(f.duties("2026-12-16T14:01:00Z"), notice::duty::k_exploit_post).state == "fail");

    // A post queued but not sent yet does not count; sent, it does.
    mark("oss-security", "m9", "2026-12-11T09:00:00Z");
    CHECK(rule(f.duties("2026-12-11T09:30:00Z"), notice::duty::k_exploit_post).state == "open");
    f.sent("m9", "oss-security", "reply", "2026-12-11T09:05:00Z");
    auto done = rule(f.duties("2026-12-17T09:00:00Z"), notice::duty::k_exploit_post);
    CHECK(done.state == "done");
    CHECK(done.detail ==
          "exploit material shared with distros Wed 2026-12-02 10:00 UTC; posted to oss-security Fri "
          "2026-12-11 09:05 UTC");
  }

  SUBCASE("exploit material shared with a list without the rule brings no duty") {
    f.clock.set(ts("2026-12-02T10:00:00Z"));
    const config::MailList* l = unwrap(f.config.mail.list("maintainers"));
    unwrap(
        f.store.write([&](core::StoreTx& tx) { return notice::record_exploit(f.service, tx, f.c.id, *l, "", "a"); }));
    CHECK(f.duties("2026-12-03T09:00:00Z").empty());
  }

  SUBCASE("the JSON form names each field") {
    f.sent("m1", "distros", "advance", "2026-12-01T10:00:00Z");
    auto j = notice::duties_json(f.duties("2026-12-02T09:00:00Z"));
    REQUIRE(j.size() == 3);
    CHECK(j[0]["rule"] == "first-message-date");
    CHECK(j[0]["list"] == "distros");
    CHECK(j[1]["rule"] == "max-embargo");
    CHECK(j[1]["due"] == "2026-12-15T10:00:00.000000Z");  // util::format_timestamp, as elsewhere
  }
}
