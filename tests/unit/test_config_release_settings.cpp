#include <doctest/doctest.h>

#include <sstream>

#include <toml.hpp>

#include <embargo/config/config_file.hpp>
#include <embargo/config/release_layout_config.hpp>

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
  SUBCASE("[release.layout]: Exim's by default, a preset, keys over it, additions") {
    auto layout = [](const std::string& text) {
      std::istringstream in(text);
      return embargo::config::parse_release_layout(toml::parse(in, "t").at("release"));
    };
    auto exim = unwrap(layout("[release]\n"));
    CHECK(exim.top == "src");
    CHECK(exim.empty_dirs == std::vector<std::string>{"Local"});
    CHECK(exim.version_file == "src/version.h");
    auto written = embargo::config::default_config_text("Exim", "EMB");
    CHECK(unwrap(layout(written.substr(written.find("[release]")))).stamp_command == exim.stamp_command);
    CHECK(unwrap(layout("[release.layout]\npreset = \"git-archive\"\n")).plain());
    auto c = unwrap(layout(R"x([release.layout]
top = "pkg"
empty_dirs = ["build", "Local/sub"]
stamp_dir = "pkg"
stamp_command = "./stamp"
stamp_timeout_seconds = 5
isolate_network = false
[[release.layout.add]]
from = "docs"
to = "doc"
exclude = ["*.tmp"]
)x"));
    CHECK(c.top == "pkg");
    CHECK(c.empty_dirs.size() == 2);
    CHECK(c.stamp_command == "./stamp");
    CHECK(c.stamp_timeout_seconds == 5);
    CHECK(!c.isolate_network);
    REQUIRE(c.add.size() == 1);
    CHECK(c.add[0].exclude == std::vector<std::string>{"*.tmp"});
    CHECK(c.docs_dir == "doc/doc-docbook");  // Exim's documentation step is kept
  }
  SUBCASE("[release.layout]: the documentation step, Exim's or set, or none") {
    auto layout = [](const std::string& text) {
      std::istringstream in(text);
      return embargo::config::parse_release_layout(toml::parse(in, "t").at("release"));
    };
    auto exim = unwrap(layout("[release]\n"));
    CHECK(exim.docs_dir == "doc/doc-docbook");
    CHECK(exim.docs_files == std::vector<std::string>{"exim.8", "spec.txt", "filter.txt"});
    CHECK(exim.docs_to == "doc");
    CHECK(exim.docs_command.find("make EXIM_VER=") != std::string::npos);
    auto written = embargo::config::default_config_text("Exim", "EMB");
    CHECK(unwrap(layout(written.substr(written.find("[release]")))).docs_command == exim.docs_command);
    auto c = unwrap(layout(R"x([release.layout]
docs_command = "make docs"
docs_dir = "manual"
docs_tools = ["asciidoctor", "/usr/share/xml"]
docs_files = ["out/guide.txt"]
docs_to = ""
docs_timeout_seconds = 60
)x"));
    CHECK(c.docs_command == "make docs");
    CHECK(c.docs_tools == std::vector<std::string>{"asciidoctor", "/usr/share/xml"});
    CHECK(c.docs_files == std::vector<std::string>{"out/guide.txt"});
    CHECK(c.docs_to.empty());
    CHECK(c.docs_timeout_seconds == 60);
    CHECK(c.sources(true) == std::vector<std::string>{"src", "doc/doc-txt", "manual"});
    CHECK(c.sources() == std::vector<std::string>{"src", "doc/doc-txt"});
    CHECK(unwrap(layout("[release.layout]\ndocs_command = \"\"\n")).docs_command.empty());
    CHECK(unwrap(layout("[release.layout]\npreset = \"git-archive\"\n")).docs_command.empty());
  }
  SUBCASE("[release.layout]: bad documentation values name the key") {
    auto bad = [](const std::string& text, const std::string& key) {
      auto r = parse_config("[release.layout]\n" + text, "t");
      REQUIRE(!r);
      CHECK(r.error().message().find(key) != std::string::npos);
    };
    bad("docs_command = 3\n", "release.layout.docs_command");
    bad("docs_dir = \"/doc\"\n", "release.layout.docs_dir");
    bad("docs_dir = \"\"\n", "release.layout.docs_dir");
    bad("docs_dir = \"src/doc\"\n", "release.layout.docs_dir");  // inside the shipped top
    bad("docs_dir = \"doc/doc-txt/x\"\n", "release.layout.docs_dir");  // inside a shipped addition
    bad("docs_files = []\n", "release.layout.docs_files");
    bad("docs_files = [\"../x\"]\n", "release.layout.docs_files");
    bad("docs_tools = [\"bin/xfpt\"]\n", "release.layout.docs_tools");
    bad("docs_tools = \"xfpt\"\n", "release.layout.docs_tools");
    bad("docs_to = \"doc/\"\n", "release.layout.docs_to");
    bad("docs_timeout_seconds = 0\n", "release.layout.docs_timeout_seconds");
    bad("docs_timeout_seconds = 86401\n", "release.layout.docs_timeout_seconds");
  }
  SUBCASE("[release.layout]: bad values name the key") {
    auto bad = [](const std::string& text, const std::string& key) {
      auto r = parse_config("[release.layout]\n" + text, "t");
      REQUIRE(!r);
      CHECK(r.error().message().find(key) != std::string::npos);
    };
    bad("preset = \"zip\"\n", "release.layout.preset");
    bad("top = \"/src\"\n", "release.layout.top");
    bad("top = \"src/../x\"\n", "release.layout.top");
    bad("empty_dirs = [\"\"]\n", "release.layout.empty_dirs");
    bad("stamp_timeout_seconds = 0\n", "release.layout.stamp_timeout_seconds");
    bad("stamp_dir = \"test\"\n", "release.layout.stamp_dir");
    bad("isolate_network = \"yes\"\n", "release.layout.isolate_network");
    bad("add = 3\n", "release.layout.add");
    bad("[[release.layout.add]]\nto = \"doc\"\n", "release.layout.add.from");
    bad("version_pattern = \"no group\"\n", "release.layout.version_pattern");
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
