#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("parse_config: [mail], [[mail.lists]] and [smtp]") {
  SUBCASE("the file embargo init writes parses, with the defaults") {
    auto c = unwrap(config::parse_config(config::default_config_text("Exim", "EXIM"), "embargo.toml"));
    CHECK(c.mail.team_address == "security@example.org");
    CHECK(c.mail.max_message_bytes == 26214400);
    CHECK(c.mail.lists.empty());
    CHECK(c.mail.smtp.url == "smtp://127.0.0.1:25");
    CHECK(c.mail.smtp.starttls == "try");
  }

  SUBCASE("lists with their policies and keys") {
    auto c = unwrap(config::parse_config(R"(
[mail]
team_address = "security@exim.org"
[[mail.lists]]
name = "distros"
address = "distros@vs.openwall.org"
keys = ["ABCD"]
[[mail.lists]]
name = "oss-security"
address = "oss-security@lists.openwall.com"
policy = "clearsign"
[smtp]
url = "smtps://mail.exim.org:465"
starttls = "required"
)",
                                         "t"));
    REQUIRE(c.mail.lists.size() == 2);
    CHECK(c.mail.lists[0].policy == config::ListPolicy::encrypt);
    CHECK(c.mail.lists[1].policy == config::ListPolicy::clearsign);
    CHECK(unwrap(c.mail.list("distros"))->keys == std::vector<std::string>{"ABCD"});
    auto missing = c.mail.list("linux-distros");
    REQUIRE(!missing);
    CHECK(missing.error().message() == "list 'linux-distros' is not configured (configured: distros, oss-security)");
  }

  SUBCASE("errors name the key") {
    auto no_keys = config::parse_config("[[mail.lists]]\nname = \"d\"\naddress = \"d@x\"\n", "t");
    REQUIRE(!no_keys);
    CHECK(no_keys.error().message() == "config: mail.lists[0].keys must name at least one key when policy is encrypt");
    auto policy = config::parse_config("[[mail.lists]]\nname = \"d\"\naddress = \"d@x\"\npolicy = \"shout\"\n", "t");
    REQUIRE(!policy);
    CHECK(policy.error().message().find("mail.lists[0].policy 'shout'") != std::string::npos);
    auto reserved =
        config::parse_config("[[mail.lists]]\nname = \"reporter\"\naddress = \"d@x\"\npolicy = \"sign\"\n", "t");
    REQUIRE(!reserved);
    auto url = config::parse_config("[smtp]\nurl = \"http://x\"\n", "t");
    REQUIRE(!url);
    CHECK(url.error().message() == "config: smtp.url must start with smtp:// or smtps://");
    auto portal = config::parse_config("[mail]\nportal_url = \"https://x/\"\n", "t");
    REQUIRE(!portal);
    CHECK(portal.error().message() == "config: mail.portal_url must contain {token}");
  }
}
