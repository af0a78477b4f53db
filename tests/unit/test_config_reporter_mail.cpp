// Issue 23: [mail] reporter_encryption and bugs_address.

#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("parse_config: mail.reporter_encryption and mail.bugs_address") {
  SUBCASE("the defaults, as embargo init writes them") {
    auto c = unwrap(config::parse_config(config::default_config_text("Exim", "EXIM"), "embargo.toml"));
    CHECK(c.mail.reporter_encryption == config::ReporterEncryption::when_possible);
    CHECK(c.mail.bugs_address.empty());
  }
  SUBCASE("set") {
    auto c = unwrap(
        config::parse_config("[mail]\nreporter_encryption = \"required\"\nbugs_address = \"bugs@exim.org\"\n", "t"));
    CHECK(c.mail.reporter_encryption == config::ReporterEncryption::required);
    CHECK(c.mail.bugs_address == "bugs@exim.org");
  }
  SUBCASE("bad values name the key and the problem") {
    auto bad = config::parse_config("[mail]\nreporter_encryption = \"always\"\n", "t");
    REQUIRE(!bad);
    CHECK(bad.error().message().find("mail.reporter_encryption 'always' is not one of when-possible, required") !=
          std::string::npos);
    bad = config::parse_config("[mail]\nbugs_address = \"bugs\"\n", "t");
    REQUIRE(!bad);
    CHECK(bad.error().message().find("mail.bugs_address 'bugs' is not a mail address") != std::string::npos);
  }
}
