#pragma once

// The one rule for e-mail addresses and the one way into the outbox
// (issue 24, finding 6: an address holding CR or LF added SMTP recipients).

#include <string_view>

#include <embargo/core/mail_record.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core {

// An envelope address as embargo accepts it anywhere (a reporter's address,
// a list's, a member's, an outbox recipient): local@domain, at most 254
// bytes, one '@', no space, control character (CR, LF, NUL, ...) or any of
// <>(),;:\" []. InvalidArgument names `field` and the problem. Stricter than
// RFC 5321 (no quoted local parts), so that no address can add an SMTP
// recipient or a header line wherever it is copied to.
Result<void> validate_mail_address(std::string_view address, std::string_view field);

class StoreTx;

// Queues `entry` in the outbox (StoreTx::insert_outbox) after checking its
// envelope: the sender and every recipient pass validate_mail_address, and
// there is at least one recipient. Every writer of the outbox goes through
// here, so a bad address is refused before anything is stored.
Result<void> queue_mail(StoreTx& tx, const OutboxEntry& entry);

}  // namespace embargo::core
