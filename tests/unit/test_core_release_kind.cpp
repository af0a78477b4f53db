#include <doctest/doctest.h>

#include <embargo/core/case_service.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/notice/notice_renderer.hpp>

#include "memory_store.hpp"
#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core;
using testutil::unwrap;

namespace {

struct KindFixture {
  testutil::MemoryStore store;
  ProjectConfig project;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService service{project, clock};
  testutil::TempDir dir;
  Case c;

  explicit KindFixture(ImpactClass impact = ImpactClass::rce) {
    project.project_name = "Exim";
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      NewCase input;
      input.title = "heap overflow in the SMTP reader";
      input.reporter = *parse_reporter("Jane Roe <jane@example.net>");
      input.impact = impact;
      TRY_ASSIGN(c, service.create(tx, input, "alice"));
      return {};
    }));
  }

  Result<void> record(const ReleaseKind& d, const char* actor = "alice") {
    return store.write([&](StoreTx& tx) { return record_release_kind(service, tx, c.id, d, actor); });
  }

  std::vector<TimelineEntry> timeline() {
    std::vector<TimelineEntry> out;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, load_timeline(tx, c.id));
      return {};
    }));
    return out;
  }

  std::string notice(const std::string& kind) {
    config::MailConfig mail;
    notice::CaseDatesTimeline dates;
    notice::NoticeRenderer renderer(project, mail, {dir.path()}, dates);
    notice::RenderedNotice n;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      notice::NoticeInput in;
      in.kind = kind;
      TRY_ASSIGN(n, renderer.render(tx, c, in, clock.now()));
      return {};
    }));
    return n.body;
  }
};

ReleaseKind patch_level() {
  return {ReleaseKindName::patch_level, "exim-4.98.1", "4.98.2", "exim-4.98+fixes", "RCE: only the fix", {}, {}};
}

}  // namespace

TEST_CASE("release kind: the proposal follows the impact (RCE: patch-level, else bundled)") {
  KindFixture rce(ImpactClass::rce);
  CHECK(propose_release_kind(rce.c).kind == ReleaseKindName::patch_level);
  CHECK(propose_release_kind(rce.c).reason.find("remote code execution") != std::string::npos);
  for (auto impact : {ImpactClass::dos, ImpactClass::leak, ImpactClass::lpe, ImpactClass::unknown}) {
    KindFixture f(impact);
    CHECK(propose_release_kind(f.c).kind == ReleaseKindName::bundled);
  }
}

TEST_CASE("release kind: bad decisions are refused naming the field, and nothing is recorded") {
  KindFixture f;
  auto refused = [&](ReleaseKind d, std::string_view field) {
    auto r = f.record(d);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == ErrorCode::invalid_argument);
    CHECK(r.error().message().starts_with(field));
  };
  ReleaseKind d = patch_level();
  d.base = "";
  refused(d, "base:");
  d = patch_level();
  d.base = "exim 4.98";
  refused(d, "base:");
  d.base = "-exim";
  refused(d, "base:");
  d.base = "exim-4..98";
  refused(d, "base:");
  d = patch_level();
  d.target = "v4.98.2";
  refused(d, "target:");
  d.target = "";
  refused(d, "target:");
  d = patch_level();
  d.branch = "exim;rm";
  refused(d, "branch:");
  d = patch_level();
  d.why = "  \n";
  refused(d, "why:");
  d.why = "bell\a";
  refused(d, "why:");
  d.why = std::string(2001, 'x');
  refused(d, "why:");
  CHECK_FALSE(parse_release_kind("minor"));
  CHECK(parse_release_kind("minor").error().message().find("patch-level or bundled") != std::string::npos);
  CHECK_FALSE(latest_release_kind(f.timeline()));
}

TEST_CASE("release kind: recorded on the timeline; the latest decision wins and says what it overrides") {
  KindFixture f;
  unwrap(f.record(patch_level()));
  auto first = latest_release_kind(f.timeline());
  REQUIRE(first);
  CHECK(first->kind == ReleaseKindName::patch_level);
  CHECK(first->base == "exim-4.98.1");
  CHECK(first->target == "4.98.2");
  CHECK(first->branch == "exim-4.98+fixes");
  CHECK(first->decided_by == "alice");

  ReleaseKind bundled{ReleaseKindName::bundled, "exim-4.98.1", "4.99", "", "4.99 is due next week", {}, {}};
  unwrap(f.record(bundled, "bob"));
  auto entries = f.timeline();
  auto latest = latest_release_kind(entries);
  REQUIRE(latest);
  CHECK(latest->kind == ReleaseKindName::bundled);
  CHECK(latest->target == "4.99");
  CHECK(latest->decided_by == "bob");
  // The bundled decision goes against the RCE proposal: the entry says so.
  CHECK(entries.back().kind == k_release_kind_entry);
  CHECK(entries.back().text.find("(proposed: patch-level") != std::string::npos);
  CHECK(describe_release_kind(*latest).find("bundled release 4.99 from exim-4.98.1, decided by bob") == 0);
}

TEST_CASE("release kind: a damaged entry is passed over for the one before it") {
  KindFixture f;
  unwrap(f.record(patch_level()));
  auto entries = f.timeline();
  TimelineEntry damaged = entries.back();
  damaged.data = R"({"kind": 3})";
  entries.push_back(damaged);
  damaged.data = "not json";
  entries.push_back(damaged);
  auto latest = latest_release_kind(entries);
  REQUIRE(latest);
  CHECK(latest->target == "4.98.2");
}

TEST_CASE("release kind: the notices say what the release will be once it is recorded") {
  KindFixture f;
  CHECK(f.notice("advance").find("patch-level") == std::string::npos);
  unwrap(f.record(patch_level()));
  std::string advance = f.notice("advance");
  CHECK(advance.find("This will be a patch-level release, Exim 4.98.2, with only the fix\non top of exim-4.98.1 "
                     "(branch exim-4.98+fixes).") != std::string::npos);
  CHECK(f.notice("heads-up").find("patch-level release, Exim 4.98.2") != std::string::npos);

  ReleaseKind bundled{ReleaseKindName::bundled, "exim-4.98.1", "4.99", "", "next release is close", {}, {}};
  unwrap(f.record(bundled));
  std::string fix = f.notice("fix");
  CHECK(fix.find("The fix will be part of the next release, Exim 4.99.") != std::string::npos);
  CHECK(fix.find("against exim-4.98.1 will be provided") != std::string::npos);
}
