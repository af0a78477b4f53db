#pragma once

// A recipient's status reply by mail (issue 12): a reply to a notice that
// carries "status: acknowledged" etc. (core/status_reply.hpp). Intake calls
// this for every reply it attaches to a case, inside its write transaction.
//
// The reply is accepted only when it proves who sent it:
//   - signed (good signature) by a key the recipient lists, or
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

// `text` is the readable text of the reply (decrypted when it was encrypted);
// `signature` its checked signature.
Result<StatusReplyResult> apply_status_reply(core::StoreTx& tx, const core::RecipientService& recipients,
                                             std::string_view case_id, const ParsedMail& mail,
                                             std::string_view text, const pgp::SignatureCheck& signature);

}  // namespace embargo::mail
