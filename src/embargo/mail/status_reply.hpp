#pragma once

// A recipient's status reply by mail (issue 12): a reply to a notice that
// carries "status: acknowledged" etc. (core/status_reply.hpp). Intake calls
// this for every reply it attaches to a case, inside its write transaction.
//
// The reply is accepted only when it proves who sent it:
//   - signed (good signature) by a key the recipient lists, the keywords in
//     the signed text itself (a PGP/MIME signed part, or the whole plaintext
//     of an encrypted and signed message; inline clearsigned text counts as
//     unsigned), and the signed text naming the case id, so that a signed
//     reply cannot be replayed onto another case; or
//   - from an address the recipient lists AND answering one of the notices
//     sent to the recipient's list for this case (its Message-ID in
//     In-Reply-To or References).
// Otherwise it is refused: a `recipient-status-rejected` timeline entry says
// why (the mail itself is recorded by intake either way). A From header alone
// proves nothing; a signature by a key of another recipient is not enough.

#include <string>
#include <string_view>

#include <embargo/core/recipient.hpp>
#include <embargo/core/store.hpp>
#include <embargo/mail/mime_parser.hpp>
#include <embargo/pgp/gpg.hpp>

namespace embargo::mail {

enum class StatusReplyOutcome { none, accepted, rejected };

struct StatusReplyResult {
  StatusReplyOutcome outcome = StatusReplyOutcome::none;
  std::string recipient;
  std::string reason;  // rejected: why
};

// `content` is the readable reply (decrypted when it was encrypted; `mail`'s
// own content is not read); `signature` its checked signature.
Result<StatusReplyResult> apply_status_reply(core::StoreTx& tx, const core::RecipientService& recipients,
                                             std::string_view case_id, const ParsedMail& mail,
                                             const MimeContent& content, const pgp::SignatureCheck& signature);

}  // namespace embargo::mail
