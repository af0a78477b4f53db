#include <doctest/doctest.h>

#include <embargo/http/server/message.hpp>
#include <embargo/http/server/range.hpp>

using namespace embargo::http;

TEST_CASE("parse_range") {
  auto partial = [](std::string_view h, std::uint64_t size, std::uint64_t first, std::uint64_t last) {
    RangeResult r = parse_range(h, size);
    CHECK(r.outcome == RangeOutcome::partial);
    CHECK(r.range.first == first);
    CHECK(r.range.last == last);
  };
  partial("bytes=0-9", 100, 0, 9);
  partial("bytes=90-", 100, 90, 99);
  partial("bytes=-10", 100, 90, 99);
  partial("bytes=-1000", 100, 0, 99);
  partial("bytes=50-5000", 100, 50, 99);
  partial("Bytes=1-1", 100, 1, 1);
  CHECK(parse_range("bytes = 1-1", 100).outcome == RangeOutcome::whole);
  CHECK(parse_range("bytes=100-", 100).outcome == RangeOutcome::unsatisfiable);
  CHECK(parse_range("bytes=-0", 100).outcome == RangeOutcome::unsatisfiable);
  CHECK(parse_range("bytes=0-0", 0).outcome == RangeOutcome::unsatisfiable);
  CHECK(parse_range("", 100).outcome == RangeOutcome::whole);
  CHECK(parse_range("bytes=0-1,5-6", 100).outcome == RangeOutcome::whole);
  CHECK(parse_range("bytes=9-1", 100).outcome == RangeOutcome::whole);
  CHECK(parse_range("items=0-1", 100).outcome == RangeOutcome::whole);
  CHECK(parse_range("bytes=a-b", 100).outcome == RangeOutcome::whole);
  CHECK(parse_range("bytes=99999999999999999999-", 100).outcome == RangeOutcome::whole);
}

TEST_CASE("decode_path_segment") {
  std::string out;
  CHECK(decode_path_segment("exim-4.99.tar.xz", out));
  CHECK(out == "exim-4.99.tar.xz");
  CHECK(decode_path_segment("a%20b%2e", out));
  CHECK(out == "a b.");
  CHECK(decode_path_segment("%2e%2e", out));
  CHECK(out == "..");  // decodes; such names never exist (validate_file_name)
  CHECK(!decode_path_segment("a%2fb", out));
  CHECK(!decode_path_segment("a%5cb", out));
  CHECK(!decode_path_segment("a%00b", out));
  CHECK(!decode_path_segment("a%2", out));
  CHECK(!decode_path_segment("a%", out));
  CHECK(!decode_path_segment("%zz", out));
}

TEST_CASE("html_escape and http_date") {
  CHECK(html_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  CHECK(http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
}
