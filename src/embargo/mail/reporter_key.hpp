#pragma once

// The reporter's OpenPGP key (issue 23). Mail to the reporter (the
// acknowledgement, reporter updates, the note that a report went to the
// public route) is signed and encrypted to core::Reporter::key_fingerprint
// when that key can encrypt now and the team can sign (NoticeMailer::
// make_entry). The key comes from the report itself (offered_key: an
// attached application/pgp-keys, else the key of a good signature), from
// the portal, or from `embargo case edit CASE --reporter-key FILE`; every
// way goes through pgp::Gpg::import_encryption_key or encryption_key, which
// refuse an expired, revoked or non-encrypting key naming the problem.

#include <string>

#include <embargo/config/mail_config.hpp>
#include <embargo/core/case.hpp>
#include <embargo/mail/mime_parser.hpp>
#include <embargo/pgp/gpg.hpp>

namespace embargo::mail {

// True when mail to `reporter` goes out encrypted: a key is known, `gpg` is
// the team's home (not null) with mail.signing_key set, and the key can
// encrypt now.
bool encrypts_to_reporter(pgp::Gpg* gpg, const config::MailConfig& mail, const core::Reporter& reporter);

struct OfferedKey {
  std::string fingerprint;  // primary, imported into the team's home; empty: none usable
  std::string source;       // "attached key" or "signature"
  std::string problem;      // why an offered key was refused, for the timeline; empty if none
};

// The key a message from the reporter offers: one attached (application/
// pgp-keys, or an armored public key block), imported when good; else the
// key that made a good `signature`, when it can encrypt. Never fails: a bad
// key is described in `problem`. Nothing when `gpg` is null.
OfferedKey offered_key(pgp::Gpg* gpg, const pgp::SignatureCheck& signature, const MimeContent& content);

}  // namespace embargo::mail
