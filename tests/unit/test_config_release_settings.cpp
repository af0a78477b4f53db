#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>

#include "testutil.hpp"

using embargo::config::parse_config;
using testutil::unwrap;

TEST_CASE("config [release]") {
  SUBCASE("defaults are Exim's, also in the file embargo init writes") {
    auto c = unwrap(parse_config("", "t"));
    CHECK(c.release.version_file == "src/src/version.sh");
    CHECK(c.release.tag_patterns.size() == 2);
    auto written = unwrap(parse_config(embargo::config::default_config_text("Exim", "EMB"), "t"));
    CHECK(written.release.tag_patterns == c.release.tag_patterns);
    CHECK(written.release.version_pattern == c.release.version_pattern);
    CHECK(written.release.variant_pattern == c.release.variant_pattern);
    CHECK(written.release.xz_block_mib == 0);
  }
  SUBCASE("set values") {
    auto c = unwrap(parse_config(R"x([release]
tag_patterns = ["v{version}"]
version_file = "VERSION"
version_pattern = "([0-9.]+)"
variant_pattern = ""
keyring = "keys.asc"
signing_key = "ABCD"
xz_block_mib = 16
)x",
                                 "t"));
    CHECK(c.release.tag_patterns == std::vector<std::string>{"v{version}"});
    CHECK(c.release.version_file == "VERSION");
    CHECK(c.release.keyring == "keys.asc");
    CHECK(c.release.signing_key == "ABCD");
    CHECK(c.release.xz_block_mib == 16);
  }
  SUBCASE("bad values name the key") {
    auto r = parse_config("[release]\ntag_patterns = [\"exim\"]\n", "t");
    REQUIRE(!r);
    CHECK(r.error().message().find("release.tag_patterns") != std::string::npos);
    CHECK(!parse_config("[release]\ntag_patterns = []\n", "t"));
    CHECK(!parse_config("[release]\nversion_pattern = \"([\"\n", "t"));
    CHECK(!parse_config("[release]\nversion_pattern = \"no group\"\n", "t"));
    CHECK(!parse_config("[release]\nxz_block_mib = -1\n", "t"));
    CHECK(!parse_config("[release]\nkeyring = 3\n", "t"));
  }
}
