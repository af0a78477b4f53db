#include <doctest/doctest.h>

#include <embargo/mail/message_builder.hpp>
#include <embargo/mail/mime_parser.hpp>

#include "testutil.hpp"

using namespace embargo;
using namespace embargo::mail;
using testutil::unwrap;

TEST_CASE("parse_mail") {
  SUBCASE("identity headers, charset conversion and attachments") {
    std::string raw =
        "From: \"Roe, Jane\" <Jane@Example.NET>\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= bug\n"
        "Message-ID: <m1@x>\nIn-Reply-To: <p@x>\nReferences: <a@x> <b@x>\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n\nGr=FC=DFe\n--b\nContent-Type: application/pdf\n"
        "Content-Disposition: attachment; filename=\"../../x.pdf\"\nContent-Transfer-Encoding: base64\n\n"
        "JVBERg==\n--b--\n";
    ParsedMail m = unwrap(parse_mail(raw));
    CHECK(m.message_id == "m1@x");
    CHECK(m.from_address == "jane@example.net");
    CHECK(m.from_name == "Roe, Jane");
    CHECK(m.subject == "Grüße bug");
    CHECK(m.in_reply_to == "p@x");
    CHECK(m.references == std::vector<std::string>{"a@x", "b@x"});
    CHECK(m.content.text == "Grüße");
    REQUIRE(m.content.attachments.size() == 1);
    CHECK(m.content.attachments[0].filename == "x.pdf");
    CHECK(m.content.attachments[0].content_type == "application/pdf");
    CHECK(m.content.attachments[0].data == "%PDF");
    CHECK(m.content.protection == Protection::none);
  }

  SUBCASE("PGP forms are recognised, not opened") {
    auto inline_enc = unwrap(parse_mail("From: a@x\n\n-----BEGIN PGP MESSAGE-----\n\nx\n-----END PGP MESSAGE-----\n"));
    CHECK(inline_enc.content.protection == Protection::inline_encrypted);
    auto signed_mime = unwrap(parse_mail(
        "From: a@x\nMIME-Version: 1.0\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\"; "
        "boundary=\"s\"\n\n--s\nContent-Type: text/plain\n\nhello\n--s\nContent-Type: application/pgp-signature\n\n"
        "SIG\n--s--\n"));
    CHECK(signed_mime.content.protection == Protection::pgp_mime_signed);
    CHECK(signed_mime.content.signed_data == "Content-Type: text/plain\r\n\r\nhello");
    CHECK(signed_mime.content.text == "hello");
    CHECK(signed_mime.content.payload.starts_with("SIG"));
  }

  SUBCASE("errors name the problem") {
    auto empty = parse_mail("");
    REQUIRE(!empty);
    CHECK(empty.error().message() == "mail: empty message");
    auto no_from = parse_mail("Subject: x\n\nbody\n");
    REQUIRE(!no_from);
    CHECK(no_from.error().message() == "mail: no From address");
    auto no_parts = parse_mail("From: a@x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=q\n\nnone\n");
    REQUIRE(!no_parts);
    CHECK(no_parts.error().message().find("without parts") != std::string::npos);
    auto bad_enc = parse_mail(
        "From: a@x\nMIME-Version: 1.0\nContent-Type: multipart/encrypted; boundary=e\n\n--e\nContent-Type: "
        "x/y\n\n1\n--e--\n");
    REQUIRE(!bad_enc);
    CHECK(bad_enc.error().message().find("RFC 3156") != std::string::npos);
  }

  SUBCASE("deep nesting is refused before GMime recurses into it") {
    std::string raw = "From: a@x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n";
    for (int i = 1; i < 200000; ++i) {
      raw += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n";
    }
    auto r = parse_mail(raw);
    REQUIRE(!r);
    CHECK(r.error().message() == "mail: more than 1000 multipart boundaries");
    std::string shallow = "From: a@x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n";
    for (int i = 1; i < 60; ++i) {
      shallow +=
          "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n";
    }
    auto deep = parse_mail(shallow);
    REQUIRE(!deep);
    CHECK(deep.error().message().find("nested deeper than 32") != std::string::npos);
  }
}

TEST_CASE("build_message") {
  SUBCASE("a plain message parses back to what was built") {
    OutgoingMessage m;
    m.from = "Example Security Team <security@example.org>";
    m.to = {"jane@example.net"};
    m.subject = "[EMB-2026-0001] Grüße";
    m.body = "line one\nFrom the start\nnon-ASCII: é\n";
    m.message_id = new_message_id("security@example.org");
    m.in_reply_to = "r1@x";
    m.date = *util::parse_timestamp("2026-03-02T09:00:00Z");
    std::string raw = unwrap(build_message(m, PgpOptions{}));
    CHECK(raw.find("\r\n") != std::string::npos);
    CHECK(raw.find("Content-Transfer-Encoding: quoted-printable") != std::string::npos);
    ParsedMail back = unwrap(parse_mail(raw));
    CHECK(back.subject == m.subject);
    CHECK(back.message_id == m.message_id);
    CHECK(back.in_reply_to == "r1@x");
    CHECK(back.from_address == "security@example.org");
    CHECK(back.content.text.find("non-ASCII: é") != std::string::npos);
    CHECK(m.message_id.ends_with("@example.org"));
  }

  SUBCASE("signing without a key is refused") {
    OutgoingMessage m;
    m.from = "a@x";
    PgpOptions p;
    p.mode = Protect::sign;
    auto r = build_message(m, p);
    REQUIRE(!r);
    CHECK(r.error().message().find("signing_key") != std::string::npos);
  }
}
