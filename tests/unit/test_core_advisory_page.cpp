// The advisory page, index and Atom feed (core/advisory/advisory_page.hpp,
// atom_feed.hpp): escaping, ordering, what each shows, determinism.

#include <doctest/doctest.h>

#include <embargo/core/advisory/advisory_page.hpp>
#include <embargo/core/advisory/atom_feed.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::core::advisory;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

AdvisoryPage sample() {
  AdvisoryPage p;
  p.case_id = "EXIM-2026-0001";
  p.project = "Exim";
  p.title = "heap overflow in SMTP";
  p.version = "4.99.1";
  p.published = ts("2026-03-05T14:00Z");
  PageVulnerability v;
  v.identifier = "CVE-2026-1234";
  v.title = "heap overflow";
  v.description = "A long BDAT chunk overflows a heap buffer.";
  v.cwe = "CWE-787";
  v.affected = ">=4.97 <4.99.1";
  v.fixed = ">=4.99.1";
  v.mitigation = "Disable CHUNKING.";
  v.cvss = {{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8 Critical"}};
  p.vulns = {v};
  p.credit = "Jane Roe of Example Labs";
  p.timeline = {{ts("2026-03-02T09:00Z"), "Report received"}, {ts("2026-03-01T08:00Z"), "Earlier"}};
  p.downloads = {{"exim-4.99.1.tar.gz", "https://ftp.example.org/exim-4.99.1.tar.gz", std::string(64, 'a'), 1234}};
  p.signing_key = "DD98D92359DE9E3C2663F291697F0EDD68099F6F";
  return p;
}

std::size_t at(const std::string& text, std::string_view what) {
  auto pos = text.find(what);
  REQUIRE_MESSAGE(pos != std::string::npos, what);
  return pos;
}

}  // namespace

TEST_CASE("html_escape") {
  CHECK(html_escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  CHECK(html_escape("tab\tnl\ncr\r") == "tab\tnl\ncr\r");
  CHECK(html_escape(std::string("a\x01\x1f"
                                "b")) == "ab");
  CHECK(html_escape("Ünïcode ✓") == "Ünïcode ✓");
}

TEST_CASE("render_advisory_page") {
  SUBCASE("shows every part") {
    std::string html = render_advisory_page(sample());
    const std::vector<std::string> parts = {"Exim 4.99.1: CVE-2026-1234: heap overflow in SMTP",
                                            "EXIM-2026-0001",
                                            "2026-03-05 14:00 UTC",
                                            "CWE-787",
                                            "9.8 Critical",
                                            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                            "&gt;=4.97 &lt;4.99.1",
                                            "A long BDAT chunk",
                                            "Disable CHUNKING.",
                                            "Jane Roe of Example Labs",
                                            "Report received",
                                            "https://ftp.example.org/exim-4.99.1.tar.gz",
                                            std::string(64, 'a'),
                                            "DD98D92359DE9E3C2663F291697F0EDD68099F6F"};
    for (const std::string& part : parts) {
      CHECK_MESSAGE(html.find(part) != std::string::npos, part);
    }
    CHECK(at(html, "Earlier") < at(html, "Report received"));  // the timeline in time order
  }
  SUBCASE("a vulnerability's other identifiers are shown beside its CVE (issue 25)") {
    AdvisoryPage p = sample();
    p.vulns[0].aliases = {"GCVE-1-2026-0007"};
    std::string html = render_advisory_page(p);
    CHECK(html.find("<th>Identifiers</th><td>CVE-2026-1234, GCVE-1-2026-0007</td>") != std::string::npos);
  }
  SUBCASE("markup in any value comes out as text") {
    AdvisoryPage p = sample();
    p.title = "<script>alert(1)</script>";
    p.vulns[0].description = "<img src=x onerror=alert(2)>";
    p.credit = "\"><script>alert(3)</script>";
    p.downloads[0].url = "javascript:\"><script>";
    std::string html = render_advisory_page(p);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  }
  SUBCASE("without credit, scores or downloads those parts are left out") {
    AdvisoryPage p = sample();
    p.credit.clear();
    p.vulns[0].cvss = {{"CVSS:9/bogus", ""}};
    p.downloads.clear();
    std::string html = render_advisory_page(p);
    CHECK(html.find("Credit") == std::string::npos);
    CHECK(html.find("not scored") != std::string::npos);
    CHECK(html.find("Downloads") == std::string::npos);
  }
  SUBCASE("the same data gives the same bytes") {
    CHECK(render_advisory_page(sample()) == render_advisory_page(sample()));
  }
}

TEST_CASE("render_index and render_atom_feed: newest first") {
  AdvisoryPage older = sample();
  older.case_id = "EXIM-2025-0007";
  older.title = "old <bug>";
  older.published = ts("2025-06-01T14:00Z");
  AdvisoryPage newer = sample();
  std::vector<IndexEntry> entries = {index_entry(older), index_entry(newer)};

  std::string html = render_index("Exim", entries);
  CHECK(at(html, "EXIM-2026-0001.html") < at(html, "EXIM-2025-0007.html"));
  CHECK(html.find("old &lt;bug&gt;") != std::string::npos);
  CHECK(html.find("<bug>") == std::string::npos);

  FeedInfo info{"Exim security advisories", "https://www.example.org/security", {}};
  std::string feed = render_atom_feed(info, entries);
  CHECK(feed.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", 0) == 0);
  CHECK(feed.find("<id>https://www.example.org/security/atom.xml</id>") != std::string::npos);
  CHECK(feed.find("<updated>2026-03-05T14:00:00Z</updated>") < feed.find("<entry>"));  // the newest entry's time
  CHECK(at(feed, "<id>https://www.example.org/security/EXIM-2026-0001.html</id>") <
        at(feed, "<id>https://www.example.org/security/EXIM-2025-0007.html</id>"));
  CHECK(feed.find("old &lt;bug&gt;") != std::string::npos);
  CHECK(feed.find("<summary>Exim security release 4.99.1 fixing CVE-2026-1234 heap overflow.</summary>") !=
        std::string::npos);
  CHECK(feed.find("<bug>") == std::string::npos);
  CHECK(render_atom_feed(info, {entries[1], entries[0]}) == feed);  // order of the input does not matter

  SUBCASE("an empty feed still has its required elements") {
    std::string empty = render_atom_feed({"T", "https://x.example/", ts("2026-01-01T00:00Z")}, {});
    CHECK(empty.find("<updated>2026-01-01T00:00:00Z</updated>") != std::string::npos);
    CHECK(empty.find("<entry>") == std::string::npos);
  }
}

TEST_CASE("join_url") {
  CHECK(join_url("https://x.example/a", "b.html") == "https://x.example/a/b.html");
  CHECK(join_url("https://x.example/a/", "b.html") == "https://x.example/a/b.html");
}
