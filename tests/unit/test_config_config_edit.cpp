#include <doctest/doctest.h>

#include <embargo/config/config_edit.hpp>
#include <embargo/config/config_file.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("set_config_value") {
  const std::string text = "# top\n[a]\nx = 1\n# y = \"example\"   # what y is\n\n[b]\nx = 2\n";

  SUBCASE("replaces the key's line in its own table only") {
    auto out = unwrap(config::set_config_value(text, "b", "x", "3"));
    CHECK(out == "# top\n[a]\nx = 1\n# y = \"example\"   # what y is\n\n[b]\nx = 3\n");
  }

  SUBCASE("a commented example becomes the setting, keeping its comment") {
    auto out = unwrap(config::set_config_value(text, "a", "y", "\"set\""));
    CHECK(out.find("y = \"set\"  # what y is\n") != std::string::npos);
    CHECK(out.find("# y =") == std::string::npos);
  }

  SUBCASE("a key the table lacks is added at its end, before the blank lines") {
    auto out = unwrap(config::set_config_value(text, "a", "z", "true"));
    CHECK(out.find("# what y is\nz = true\n\n[b]") != std::string::npos);
  }

  SUBCASE("a missing table is refused, naming it") {
    auto out = config::set_config_value(text, "c", "x", "1");
    REQUIRE_FALSE(out);
    CHECK(out.error().message().find("[c]") != std::string::npos);
  }
}

TEST_CASE("add_mail_list") {
  SUBCASE("the file embargo init writes, with a list added and values set, parses as set") {
    std::string text = config::default_config_text("Exim", "EXIM");
    config::MailList distros;
    distros.name = "distros";
    distros.address = "distros@vs.openwall.org";
    distros.keys = {"ABCD"};
    text = config::add_mail_list(text, distros);
    text = unwrap(config::set_config_value(text, "mail", "team_address", config::toml_quote("security@exim.org")));
    text = unwrap(config::set_config_value(text, "smtp", "url", config::toml_quote("smtp://mx.exim.org:25")));
    text = unwrap(config::set_config_value(text, "publish", "web_dir", config::toml_quote("/srv/www")));
    auto c = unwrap(config::parse_config(text, "embargo.toml"));
    REQUIRE(c.mail.lists.size() == 1);
    CHECK(c.mail.lists[0].subject_tag == "[vs]");
    CHECK(c.mail.lists[0].keys == std::vector<std::string>{"ABCD"});
    CHECK(c.mail.team_address == "security@exim.org");
    CHECK(c.mail.smtp.url == "smtp://mx.exim.org:25");
    CHECK(c.publish.web_dir == "/srv/www");
    CHECK(text.find("# embargo configuration.") == 0);
  }

  SUBCASE("toml_quote escapes quotes and backslashes") {
    CHECK(config::toml_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  }
}
