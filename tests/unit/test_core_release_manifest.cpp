#include <doctest/doctest.h>

#include <embargo/core/release/release_manifest.hpp>

#include "testutil.hpp"

using namespace embargo::core::release;
using testutil::unwrap;

TEST_CASE("format_sizes and format_sums") {
  std::vector<ManifestEntry> e = {{"exim-4.99.1.tar.gz", 12, "ab", "cd"}, {"exim-4.99.1.tar.xz", 7, "ef", "01"}};
  CHECK(format_sizes(e) == "SIZE (exim-4.99.1.tar.gz) = 12\nSIZE (exim-4.99.1.tar.xz) = 7\n");
  CHECK(format_sums("SHA256", e, false) == "SHA256 (exim-4.99.1.tar.gz) = ab\nSHA256 (exim-4.99.1.tar.xz) = ef\n");
  CHECK(format_sums("SHA512", e, true) == "SHA512 (exim-4.99.1.tar.gz) = cd\nSHA512 (exim-4.99.1.tar.xz) = 01\n");
}

TEST_CASE("parse_manifest") {
  SUBCASE("round trip, names with spaces and parentheses") {
    auto m = unwrap(parse_manifest("f", "SIZE (a b (1).tar) = 3\nSIZE (c) = 4\n", "SIZE"));
    CHECK(m.size() == 2);
    CHECK(m["a b (1).tar"] == "3");
    CHECK(m["c"] == "4");
  }
  SUBCASE("malformed lines name the file and line") {
    auto r = parse_manifest("00-sizes.txt", "SIZE (a) = 1\nSIZE a = 2\n", "SIZE");
    REQUIRE(!r);
    CHECK(r.error().message().find("00-sizes.txt line 2") == 0);
    CHECK(!parse_manifest("f", "SHA256 (a) = 1\n", "SIZE"));
    CHECK(!parse_manifest("f", "SIZE (../etc/passwd) = 1\n", "SIZE"));
    CHECK(!parse_manifest("f", "SIZE () = 1\n", "SIZE"));
    CHECK(!parse_manifest("f", "SIZE (a) = \n", "SIZE"));
    CHECK(!parse_manifest("f", "SIZE (a) = 1\nSIZE (a) = 1\n", "SIZE"));
    CHECK(!parse_manifest("f", "\n", "SIZE"));
  }
  SUBCASE("empty text is an empty manifest") { CHECK(unwrap(parse_manifest("f", "", "SIZE")).empty()); }
}
