#pragma once

// Builds outgoing messages with GMime, protected per RFC 3156 with pgp::Gpg:
//
//   plain      text/plain (acknowledgements when no team key is configured)
//   clearsign  text/plain whose body is an inline clearsigned text
//   sign       multipart/signed; protocol="application/pgp-signature":
//              part 1 is the text entity, part 2 a detached armored signature
//              over part 1 exactly as serialised, with CRLF line ends
//   encrypt    multipart/encrypted; protocol="application/pgp-encrypted":
//              part 1 "Version: 1", part 2 the armored OpenPGP message that
//              signs and encrypts the text entity (RFC 3156 section 6.2)
//
// Every message embargo sends on its own carries Auto-Submitted (RFC 3834),
// so that a vacation responder does not answer it; intake, in turn, never
// answers automatic mail (mail/auto_mail.hpp).
//
// The result is the whole message with CRLF line ends, ready for SMTP. The
// text entity is quoted-printable when it is not plain 7-bit ASCII, so that
// no relay re-encodes a signed part.

#include <string>
#include <vector>

#include <embargo/pgp/gpg.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::mail {

enum class Protect { plain, clearsign, sign, encrypt };

struct OutgoingMessage {
  std::string from;  // "Name <addr>"
  std::vector<std::string> to;
  std::string subject;
  std::string body;         // UTF-8, LF line ends
  std::string message_id;   // without <>
  std::string in_reply_to;  // without <>, or empty
  util::Timestamp date{};
  // RFC 3834 Auto-Submitted: "auto-replied" (an answer to a message, the
  // acknowledgement) or "auto-generated" (notices, reminders, team mail);
  // empty: no header (mail a person wrote and sends now).
  std::string auto_submitted;
};

struct PgpOptions {
  Protect mode = Protect::plain;
  pgp::Gpg* gpg = nullptr;              // required unless plain
  std::string signer;                   // the team key
  std::vector<std::string> encrypt_to;  // fingerprints (encrypt only)
};

Result<std::string> build_message(const OutgoingMessage& message, const PgpOptions& protection);

// A new Message-ID (without <>) under the domain of `address`.
std::string new_message_id(std::string_view address);

}  // namespace embargo::mail
