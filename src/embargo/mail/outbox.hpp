#pragma once

// The outbox: every outgoing message (acknowledgements, notices) is stored
// complete, with its Message-ID, before any attempt to send it, and each is
// delivered to the list exactly once.
//
// Mechanism. An entry moves pending -> sending -> sent, each step its own
// committed transaction:
//   1. `sending` (attempts+1, attempt_at=now) is committed BEFORE the SMTP
//      transaction starts;
//   2. the SMTP transaction sends the stored bytes to the list AND, in the
//      same transaction, to the team's own address (mail.team_address), which
//      the MTA pipes back into `embargo intake mail`. SMTP accepts the DATA
//      for all recipients at once or for none, so the list has a copy if and
//      only if that receipt copy comes back;
//   3. on the server's 250, `sent` and the timeline entry are committed.
// A crash or a lost connection between 2 and 3 leaves the entry in `sending`.
// Intake recognises the returning copy by its Message-ID (note_receipt) and
// completes the entry as sent, so nothing is sent again. deliver() sends a
// `sending` entry again only when its copy has not come back within
// mail.receipt_grace_seconds of the attempt, i.e. when the server never
// accepted it; a definite refusal (connection refused, a rejected command)
// returns the entry to `pending` at once. A repeated attempt sends the same
// bytes with the same Message-ID, so even an MTA that took longer than the
// grace period leaves recipients a duplicate their software can recognise.
//
// Team mail about no case (a quarantined message, mail/quarantine.hpp) has
// an empty case_id (NULL in the table since migration 15): it is sent like any
// entry, and its `sent` is recorded on no timeline.
//
// Thread safety: none; one Outbox per command. The store serialises writers.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <embargo/core/case_service.hpp>
#include <embargo/core/mail_record.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/time.hpp>

namespace embargo::mail {

// Sends one stored message. Error codes tell the outbox what happened:
//   busy      certainly not delivered (refused before the message was accepted)
//   other     unknown: the server may have accepted it
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<void> send(const core::OutboxEntry& entry) = 0;
};

struct OutboxOptions {
  std::chrono::seconds receipt_grace{600};
  // Called at "before-send" and "after-send" for crash tests (EMBARGO_FAULT).
  std::function<void(std::string_view point)> fault;
};

struct Delivery {
  std::string message_id;
  // "sent", "already-sent", "confirmed" (by its receipt), "waiting" (for its
  // receipt), "retry" (refused, stays pending) or "unknown" (lost connection)
  std::string outcome;
  std::string detail;
};

class Outbox {
 public:
  // All must outlive the outbox.
  Outbox(core::Store& store, const core::CaseService& cases, const util::Clock& clock, Transport& transport,
         OutboxOptions options)
      : m_store(store), m_cases(cases), m_clock(clock), m_transport(transport), m_options(std::move(options)) {}

  // Delivers one entry per the mechanism above. NotFound for an unknown id.
  Result<Delivery> deliver(std::string_view message_id);
  // Delivers every pending or sending entry, oldest first.
  Result<std::vector<Delivery>> deliver_all();

  // In the caller's transaction: records that our copy of `message_id`
  // came back; a `sending` entry becomes `sent`. False if it is not ours.
  static Result<bool> note_receipt(core::StoreTx& tx, const core::CaseService& cases, std::string_view message_id,
                                   util::Timestamp now);

 private:
  core::Store& m_store;
  const core::CaseService& m_cases;
  const util::Clock& m_clock;
  Transport& m_transport;
  OutboxOptions m_options;
};

// Records `entry` as sent on its case's timeline (kind "mail-sent") in `tx`.
Result<void> record_sent(core::StoreTx& tx, const core::CaseService& cases, core::OutboxEntry& entry,
                         util::Timestamp now, std::string_view how);

}  // namespace embargo::mail
