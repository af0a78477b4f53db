#pragma once

// Reads an RFC 5322 message (as an MTA delivers it) with GMime 3 into what
// intake needs: identity headers, the text, the attachments, and how it is
// protected with OpenPGP. It does no cryptography: a PGP/MIME or inline PGP
// message comes back with its payload so that intake can hand it to pgp::Gpg
// and then parse a decrypted PGP/MIME body with parse_mime_entity.
//
// The input is untrusted (fuzz/fuzz_mail_parser.cpp). Errors are
// InvalidArgument naming what is wrong ("mail: no From address"); a message
// is never partly returned.

#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>

namespace embargo::mail {

struct MailPart {
  std::string filename;      // as given, or "part-N" when the sender named none
  std::string content_type;  // "application/pdf"
  std::string data;          // decoded bytes
};

enum class Protection {
  none,
  pgp_mime_encrypted,  // RFC 3156 multipart/encrypted: `payload` is the ciphertext
  pgp_mime_signed,     // RFC 3156 multipart/signed: `signed_data` + detached `payload`
  inline_encrypted,    // a text body that is "-----BEGIN PGP MESSAGE-----"
  inline_signed,       // a text body that is "-----BEGIN PGP SIGNED MESSAGE-----"
};

std::string_view to_string(Protection protection);

struct MimeContent {
  std::string text;  // the text/plain parts in order, UTF-8
  std::vector<MailPart> attachments;
  Protection protection = Protection::none;
  std::string payload;      // ciphertext, detached signature or clearsigned text (see Protection)
  std::string signed_data;  // pgp_mime_signed: the signed part, canonical (CRLF line ends)
};

struct ParsedMail {
  std::string message_id;    // without <>; empty when the message has none
  std::string from_address;  // lower case
  std::string from_name;
  std::string subject;      // decoded, UTF-8
  std::string in_reply_to;  // first id, without <>
  std::vector<std::string> references;
  std::string date;  // the Date header as sent
  // What shows mail sent by a program (mail/auto_mail.hpp), trimmed, empty
  // when absent: Auto-Submitted, List-Id, Precedence, Return-Path (the
  // envelope sender the MTA recorded; "<>" for a bounce), X-Autoreply or
  // X-Autorespond, and the top-level MIME type with its report-type
  // ("multipart/report; report-type=delivery-status").
  std::string auto_submitted;
  std::string list_id;
  std::string precedence;
  std::string return_path;
  std::string x_autoreply;
  std::string report_type;  // multipart/report only: its report-type, lower case ("delivery-status")
  bool multipart_report = false;
  MimeContent content;
};

Result<ParsedMail> parse_mail(std::string_view raw);
// A MIME entity without the message envelope (a decrypted PGP/MIME body).
Result<MimeContent> parse_mime_entity(std::string_view raw);

}  // namespace embargo::mail
