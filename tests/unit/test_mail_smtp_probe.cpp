// How `embargo doctor` reads an SMTP server's reply (mail/smtp_probe.hpp);
// the probe against real servers is in tests/integration/suites/doctor.bash.

#include <doctest/doctest.h>

#include <embargo/mail/smtp_probe.hpp>

using namespace embargo::mail;

TEST_CASE("smtp_reply_complete: the last line is 'NNN text' and ends the bytes received") {
  CHECK(smtp_reply_complete("250 OK\r\n"));
  CHECK(smtp_reply_complete("250-mail.example.org\r\n250 SIZE 1000\r\n"));
  CHECK_FALSE(smtp_reply_complete("250-mail.example.org\r\n"));
  CHECK_FALSE(smtp_reply_complete("250 OK"));
  CHECK_FALSE(smtp_reply_complete("250 OK\r\n250"));
  CHECK_FALSE(smtp_reply_complete("\r\n\r\n"));
  CHECK_FALSE(smtp_reply_complete(""));
}

TEST_CASE("smtp_reply_text: one line for a terminal, bounded, without control bytes") {
  CHECK(smtp_reply_text("250 OK\r\n") == "250 OK");
  CHECK(smtp_reply_text("550-no\r\n550 5.7.1 refused\r\n") == "550-no / 550 5.7.1 refused");
  CHECK(smtp_reply_text("250 \x1b[31mred\x07\r\n") == "250 ?[31mred?");
  std::string long_reply = "250 " + std::string(1000, 'x') + "\r\n";
  std::string shown = smtp_reply_text(long_reply);
  CHECK(shown.size() == k_max_smtp_reply_shown + 3);
  CHECK(shown.ends_with("..."));
  std::string exact = "250 " + std::string(k_max_smtp_reply_shown - 4, 'x');
  CHECK(smtp_reply_text(exact + "\r\n") == exact);  // exactly the bound: nothing cut
}
