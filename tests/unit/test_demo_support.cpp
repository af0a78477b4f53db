// What `embargo demo` stands on (issue 26): init names the team after the
// project and makes the GnuPG home it configures; the file mail sink
// ([smtp] url = "file:DIR") writes each message with its envelope.

#include <sys/stat.h>

#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>
#include <embargo/config/data_dir.hpp>
#include <embargo/mail/file_transport.hpp>
#include <embargo/util/file.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("init names the team after the project and makes its GnuPG home (0700)") {
  testutil::TempDir tmp;
  config::InitOptions options;
  options.project_name = "Exim";
  options.case_prefix = "EXIM";
  auto dir = unwrap(config::init_data_dir(tmp.path() / "sec", options));
  CHECK(dir.config.mail.team_name == "Exim Security Team");
  struct stat st {};
  REQUIRE(::stat((tmp.path() / "sec" / "gnupg").c_str(), &st) == 0);
  CHECK(S_ISDIR(st.st_mode));
  CHECK((st.st_mode & 0777) == 0700);
}

TEST_CASE("[smtp] url = \"file:DIR\" is accepted; \"file:\" alone is refused") {
  auto c = unwrap(config::parse_config("[smtp]\nurl = \"file:mail-out\"\n", "t"));
  CHECK(c.mail.smtp.url == "file:mail-out");
  auto empty = config::parse_config("[smtp]\nurl = \"file:\"\n", "t");
  REQUIRE(!empty);
  CHECK(empty.error().message().find("smtp.url") != std::string::npos);
}

TEST_CASE("the file mail sink writes DIR/<Message-ID>.eml with the envelope on top") {
  testutil::TempDir tmp;
  mail::FileTransport sink(tmp.path() / "out");
  core::OutboxEntry e;
  e.message_id = "abc.1@example.org";
  e.envelope_from = "security@example.org";
  e.recipients = {"distros@example.net", "security@example.org"};
  e.message = "Subject: hi\r\n\r\nbody\r\n";
  unwrap(sink.send(e));
  auto text = unwrap(util::read_file(tmp.path() / "out" / "abc.1@example.org.eml"));
  CHECK(text == "Return-Path: <security@example.org>\r\nX-Envelope-To: distros@example.net, security@example.org\r\n"
                "Subject: hi\r\n\r\nbody\r\n");
  e.message_id = "../x/y";
  unwrap(sink.send(e));
  CHECK(std::filesystem::exists(tmp.path() / "out" / "_.._x_y.eml"));
}
