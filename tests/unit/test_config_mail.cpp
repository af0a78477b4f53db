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
    CHECK(url.error().message() == "config: smtp.url must start with smtp://, smtps:// or file:");
    auto portal = config::parse_config("[mail]\nportal_url = \"https://x/\"\n", "t");
    REQUIRE(!portal);
    CHECK(portal.error().message() == "config: mail.portal_url must contain {token}");
  }
}

TEST_CASE("parse_config: the Openwall lists get their published rules by address") {
  SUBCASE("distros and linux-distros: [vs], encrypted, at most 14 days; oss-security: public") {
    auto c = unwrap(config::parse_config(R"(
[[mail.lists]]
name = "distros"
address = "Distros@vs.openwall.org"
keys = ["ABCD"]
[[mail.lists]]
name = "linux-distros"
address = "linux-distros@vs.openwall.org"
keys = ["ABCD"]
max_embargo_days = 7
[[mail.lists]]
name = "oss"
address = "oss-security@lists.openwall.com"
[[mail.lists]]
name = "vendors"
address = "vendors@example.net"
keys = ["ABCD"]
subject_tag = "[sec]"
)",
                                         "t"));
    REQUIRE(c.mail.lists.size() == 4);
    CHECK(c.mail.lists[0].openwall == config::OpenwallList::distros);
    CHECK(c.mail.lists[0].subject_tag == "[vs]");
    CHECK(c.mail.lists[0].max_embargo_days == 14);
    CHECK(c.mail.lists[0].exploit_post_days == 7);
    CHECK(c.mail.lists[1].openwall == config::OpenwallList::linux_distros);
    CHECK(c.mail.lists[1].max_embargo_days == 7);
    CHECK(c.mail.lists[2].openwall == config::OpenwallList::oss_security);
    CHECK(c.mail.lists[2].policy == config::ListPolicy::clearsign);
    CHECK(c.mail.lists[2].subject_tag.empty());
    CHECK(c.mail.lists[3].openwall == config::OpenwallList::none);
    CHECK(c.mail.lists[3].subject_tag == "[sec]");
    CHECK(c.mail.lists[3].max_embargo_days == 0);
    CHECK(c.mail.lists[3].usercode() == "vendors");
  }

  SUBCASE("what the lists would refuse is refused here, naming the key") {
    auto message = [](const std::string& list) {
      auto r = config::parse_config("[[mail.lists]]\nname = \"d\"\n" + list, "t");
      REQUIRE(!r);
      return r.error().message();
    };
    CHECK(message("address = \"distros@vs.openwall.org\"\nkeys = [\"A\"]\nsubject_tag = \"[embargo]\"\n") ==
          "config: mail.lists[0].subject_tag must contain [vs]: distros@vs.openwall.org refuses every message whose "
          "subject lacks it (550 5.7.1 Missing the [vs] anti-spam tag)");
    CHECK(message("address = \"distros@vs.openwall.org\"\npolicy = \"sign\"\n")
              .starts_with("config: mail.lists[0].policy must be encrypt: distros@vs.openwall.org is a private list"));
    CHECK(message("address = \"linux-distros@vs.openwall.org\"\nkeys = [\"A\"]\nmax_embargo_days = 30\n")
              .starts_with("config: mail.lists[0].max_embargo_days must be from 1 to 14"));
    CHECK(message("address = \"oss-security@lists.openwall.com\"\npolicy = \"encrypt\"\nkeys = [\"A\"]\n") ==
          "config: mail.lists[0].policy: oss-security@lists.openwall.com is a public list; use clearsign or sign, "
          "not encrypt");
    CHECK(message("address = \"distros@vs.openwall.org\"\nkeys = [\"A\"]\nexploit_post_days = 8\n")
              .starts_with("config: mail.lists[0].exploit_post_days must be from 1 to 7: exploit material shared "
                           "with distros@vs.openwall.org must be posted to oss-security within 7 days"));
    CHECK(message("address = \"v@example.net\"\npolicy = \"sign\"\nexploit_post_days = -1\n") ==
          "config: mail.lists[0].exploit_post_days must not be negative (0: no such rule)");
    CHECK(message("address = \"v@example.net\"\npolicy = \"sign\"\nmax_embargo_days = -1\n") ==
          "config: mail.lists[0].max_embargo_days must not be negative (0: no limit)");
  }

  SUBCASE("[http] public_url loses its trailing slash and must be http(s)") {
    auto c = unwrap(config::parse_config("[http]\npublic_url = \"https://security.exim.org/\"\n", "t"));
    CHECK(c.http.public_url == "https://security.exim.org");
    auto bad = config::parse_config("[http]\npublic_url = \"security.exim.org\"\n", "t");
    REQUIRE(!bad);
    CHECK(bad.error().message() == "config: http.public_url 'security.exim.org' must start with https:// (or http://)");
  }
}
