#include <doctest/doctest.h>

#include <embargo/core/credit.hpp>
#include <embargo/core/writeup.hpp>

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

struct Fixture {
  testutil::MemoryStore store;
  ProjectConfig config;
  util::FixedClock clock{*util::parse_timestamp("2026-03-02T09:00:00Z")};
  CaseService cases{config, clock};
  CreditService credit{cases};
  std::string id;

  explicit Fixture(const std::string& reporter = "Jane Roe <jane@example.org>", const std::string& line = "") {
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      NewCase in{"heap overflow <b>", *parse_reporter(reporter), ImpactClass::rce, Exploitation::none};
      in.reporter.credit = line;
      TRY_ASSIGN(Case c, cases.create(tx, in, "alice"));
      id = c.id;
      return {};
    }));
  }

  template <typename F>
  auto in_tx(F fn) {
    decltype(fn(std::declval<StoreTx&>()).value()) out{};
    unwrap(store.write([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out, fn(tx));
      return {};
    }));
    return out;
  }

  std::pair<Case, std::vector<TimelineEntry>> load() {
    std::pair<Case, std::vector<TimelineEntry>> out;
    unwrap(store.read([&](StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(out.first, tx.get_case(id));
      TRY_ASSIGN(out.second, load_timeline(tx, id));
      return {};
    }));
    return out;
  }
};

}  // namespace

TEST_CASE("a credit line is published only once the reporter accepted it") {
  Fixture f("Jane Roe <jane@example.org>", "Jane Roe (Example Lab)");
  auto [c, t] = f.load();
  CHECK(credit_state(c, t).decision == CreditDecision::pending);
  CHECK(credit_state(c, t).line == "Jane Roe (Example Lab)");
  CHECK(published_reporter(c, t).anonymous);
  CHECK(published_reporter(c, t).credit.empty());

  auto s = f.in_tx([&](StoreTx& tx) { return f.credit.accept(tx, f.id, "", "reporter"); });
  CHECK(s.decision == CreditDecision::accepted);
  std::tie(c, t) = f.load();
  CHECK(published_reporter(c, t).credit == "Jane Roe (Example Lab)");
  CHECK_FALSE(published_reporter(c, t).anonymous);
  CHECK(t.back().kind == entry_kind::k_credit);
  CHECK(t.back().actor == "reporter");

  SUBCASE("the team changing the line afterwards needs a new acceptance") {
    f.in_tx([&](StoreTx& tx) {
      CaseEdit e;
      e.credit = "J. Roe";
      return f.cases.edit(tx, f.id, e, "alice");
    });
    std::tie(c, t) = f.load();
    CHECK(credit_state(c, t).decision == CreditDecision::pending);
    CHECK(published_reporter(c, t).anonymous);
  }
  SUBCASE("an edited line is stored and accepted; declining makes the case anonymous") {
    s = f.in_tx([&](StoreTx& tx) { return f.credit.accept(tx, f.id, "  Jane Roe, Example Lab  ", "reporter"); });
    CHECK(s.line == "Jane Roe, Example Lab");
    std::tie(c, t) = f.load();
    CHECK(c.reporter.credit == "Jane Roe, Example Lab");
    CHECK(published_reporter(c, t).credit == "Jane Roe, Example Lab");
    s = f.in_tx([&](StoreTx& tx) { return f.credit.decline(tx, f.id, "reporter"); });
    CHECK(s.decision == CreditDecision::declined);
    std::tie(c, t) = f.load();
    CHECK(c.reporter.anonymous);
    CHECK(published_reporter(c, t).anonymous);
    CHECK(published_reporter(c, t).credit.empty());
  }
  SUBCASE("bad lines are refused and change nothing") {
    auto before = f.load().second.size();
    auto err = [&](std::string_view line) {
      Result<CreditState> r = make_error(ErrorCode::io_error, "");
      (void)f.store.write([&](StoreTx& tx) -> Result<void> {
        r = f.credit.accept(tx, f.id, line, "reporter");
        return r.map([](auto&&) {});
      });
      return r;
    };
    CHECK(err(std::string(201, 'x')).error().message().find("credit: longer than 200") == 0);
    CHECK(err("a\x1b[31mred").error().message() == "credit: contains control characters");
    CHECK(f.load().second.size() == before);
  }
}

TEST_CASE("with no credit and no name there is nothing to accept") {
  Fixture f("jane@example.org");
  auto [c, t] = f.load();
  CHECK(credit_state(c, t).line.empty());
  Result<CreditState> r = make_error(ErrorCode::io_error, "");
  (void)f.store.write([&](StoreTx& tx) -> Result<void> {
    r = f.credit.accept(tx, f.id, "", "reporter");
    return r.map([](auto&&) {});
  });
  REQUIRE_FALSE(r);
  CHECK(r.error().message() == "credit: no line to accept (give one)");
}

TEST_CASE("the write-up lists public steps with times, escaped, and only an accepted credit") {
  Fixture f("Jane Roe <jane@example.org>", "Jane <Roe> | Lab");
  f.in_tx([&](StoreTx& tx) { return f.cases.add_note(tx, f.id, "INTERNAL secret note", "alice").map([] { return 0; }); });
  f.in_tx([&](StoreTx& tx) {
    return f.cases.add_vulnerability(tx, f.id, vuln("overflow *bold* <script>"), "alice");
  });
  auto [c, t] = f.load();
  std::vector<Vulnerability> vulns;
  unwrap(f.store.read([&](StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(vulns, tx.list_vulnerabilities(f.id));
    return {};
  }));
  WriteUpInput in{c, vulns, t, "Exim"};
  std::string md = write_up_markdown(in);
  CHECK(md.find("by an anonymous reporter") != std::string::npos);
  CHECK(md.find("INTERNAL") == std::string::npos);
  CHECK(md.find("overflow \\*bold\\* \\<script\\>") != std::string::npos);
  CHECK(md.find("| 2026-03-02 09:00 UTC | 0m | created |") != std::string::npos);
  std::string h = write_up_html(in);
  CHECK(h.find("<script>") == std::string::npos);
  CHECK(h.find("overflow *bold* &lt;script&gt;") != std::string::npos);
  CHECK(h.find("heap overflow &lt;b&gt;") != std::string::npos);
  in.include_private = true;
  CHECK(write_up_markdown(in).find("INTERNAL secret note") != std::string::npos);

  f.in_tx([&](StoreTx& tx) { return f.credit.accept(tx, f.id, "", "reporter"); });
  std::tie(c, t) = f.load();
  WriteUpInput after{c, vulns, t, "Exim"};
  CHECK(write_up_markdown(after).find("by Jane \\<Roe\\> \\| Lab") != std::string::npos);
  CHECK(write_up_html(after).find("by Jane &lt;Roe&gt; | Lab") != std::string::npos);
}

TEST_CASE("elapsed times") {
  auto t0 = *util::parse_timestamp("2026-03-02T09:00:00Z");
  CHECK(elapsed_text(t0, t0 + std::chrono::seconds(59)) == "0m");
  CHECK(elapsed_text(t0, t0 + std::chrono::minutes(65)) == "1h 05m");
  CHECK(elapsed_text(t0, t0 + std::chrono::hours(76) + std::chrono::minutes(3)) == "3d 4h 03m");
  CHECK(elapsed_text(t0, t0 - std::chrono::hours(1)) == "0m");
}
