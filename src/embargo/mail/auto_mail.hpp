#pragma once

// Mail loops (RFC 3834, issue 23): intake answers a person, never a program.
// A message is automatic when it is
//
//   auto-submitted  Auto-Submitted other than "no" (a vacation responder,
//                   another ticket system), or X-Autoreply / X-Autorespond;
//   a bounce        a null envelope sender (Return-Path: <>), From
//                   MAILER-DAEMON@, a postmaster@ multipart/report, or any
//                   delivery-status / disposition-notification report;
//   list mail       List-Id, or Precedence: bulk | list | junk.
//
// Intake attaches such a message to its case when it is threaded to one, and
// otherwise quarantines it with the reason; it never opens a case for it,
// never acknowledges it, and (auto-submitted or bounce) never takes a status
// reply from it. Our own mail carries Auto-Submitted (message_builder.hpp),
// so a responder that follows RFC 3834 does not answer it in the first place.

#include <string>

#include <embargo/mail/mime_parser.hpp>

namespace embargo::mail {

enum class AutoKind { person, auto_submitted, bounce, list };

std::string_view to_string(AutoKind kind);

struct AutoMail {
  AutoKind kind = AutoKind::person;
  std::string reason;  // which header says so: "Auto-Submitted: auto-replied"; empty for a person
};

AutoMail classify_automatic(const ParsedMail& mail);

}  // namespace embargo::mail
