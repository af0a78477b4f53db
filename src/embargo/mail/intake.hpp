#pragma once

// Mail intake: one message as the MTA delivers it (`embargo intake mail`).
//
//   - a new thread opens a case (state `reported`; of the project given to
//     set_project, else the server's own) with the sender as the
//     reporter and the subject as title; the reporter gets one
//     acknowledgement (queued in the outbox in the same transaction);
//   - a reply (In-Reply-To / References naming a stored message or one of our
//     own, or "[EMB-2026-0001]" in the subject, with any configured prefix:
//     mail/case_tag.hpp) attaches to its case, whatever its project;
//   - a reply carrying "status: ..." from a recipient sets its status
//     (mail/status_reply.hpp) or is refused on the timeline;
//   - automatic mail (a vacation responder, a bounce, list mail:
//     mail/auto_mail.hpp) is attached to its case when threaded to one, else
//     quarantined with the reason; it never opens a case, is never
//     acknowledged, and (auto-submitted or a bounce) sets no status;
//   - the same Message-ID delivered again is recorded once;
//   - our own notices coming back (the outbox's receipt copies) complete
//     their outbox entries and open nothing;
//   - a PGP/MIME or inline PGP message is decrypted with the team key and a
//     signature is checked; the result is recorded. The decrypted text may
//     not be longer than mail.max_message_bytes either (a compressed message
//     expands): decryption stops there, and the message is quarantined with
//     "the decrypted text exceeds N bytes";
//   - a message that cannot be read (broken MIME, no From, undecryptable) is
//     kept in <data>/quarantine with the reason, never dropped.
//
// Durability: the raw message and its attachments (and the decrypted text of
// an encrypted one) are written to <data>/files (fsync, content-addressed)
// and the records committed (SQLite synchronous=FULL) before receive()
// returns success. Any error it returns
// means nothing was recorded and the MTA should retry (EX_TEMPFAIL).

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/mail_config.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/recipient.hpp>
#include <embargo/mail/mime_parser.hpp>
#include <embargo/pgp/gpg.hpp>

namespace embargo::mail {

enum class IntakeOutcome { new_case, reply, duplicate, receipt, quarantined, too_large };

std::string_view to_string(IntakeOutcome outcome);

struct IntakeResult {
  IntakeOutcome outcome = IntakeOutcome::quarantined;
  std::string case_id;
  std::string message_id;
  std::string reason;          // quarantined / too_large: why
  std::string ack_message_id;  // new_case: the queued acknowledgement
  std::filesystem::path quarantine_file;
  // reply: "accepted: RECIPIENT" or "rejected: why" for a status reply
  // (mail/status_reply.hpp), empty otherwise.
  std::string status_reply;
};

// Builds the acknowledgement for a new case (rendered and signed) as an
// outbox entry; `link` is the reporter's private link, or empty when it may
// not go in this mail: the acknowledgement will not be encrypted (no usable
// reporter key) and the report came encrypted or mail.reporter_encryption is
// "required" (issue 23).
// Called inside intake's write transaction `tx`.
using AckFactory = std::function<Result<core::OutboxEntry>(core::StoreTx& tx, const core::Case& c,
                                                           const ParsedMail& mail, const std::string& link)>;

// The recipients whose status replies count on case `case_id` (those of
// its project's lists). Called inside intake's write transaction `tx`.
using RecipientsOf =
    std::function<Result<std::vector<core::Recipient>>(core::StoreTx& tx, std::string_view case_id)>;

class Intake {
 public:
  // All must outlive the intake. `gpg` may be null (no team key): encrypted
  // mail is then quarantined and signatures are recorded as "error".
  Intake(core::Store& store, const core::CaseService& cases, const core::ProjectConfig& project,
         const config::MailConfig& mail, const util::Clock& clock, std::filesystem::path data_dir, pgp::Gpg* gpg,
         AckFactory ack)
      : m_store(store),
        m_cases(cases),
        m_project(project),
        m_mail(mail),
        m_clock(clock),
        m_data_dir(std::move(data_dir)),
        m_gpg(gpg),
        m_ack(std::move(ack)) {}

  // New threads become cases of project `name` (a [[projects]] entry: its
  // case id prefix, its team) instead of the server's own project, as for
  // the address security@<that project> piped into `embargo intake mail
  // --project NAME`. Replies still thread to their case, whatever its
  // project. NotFound (nothing changed) for an unconfigured project.
  Result<void> set_project(std::string_view name);

  // The next message quarantined is stored under `name` (an existing
  // quarantine id, mail/quarantine.hpp) instead of a new one: a release that
  // fails again keeps its id and gets the new reason. Empty: new ids.
  void set_quarantine_name(std::string name) { m_quarantine_name = std::move(name); }

  // Called after a message was quarantined (its files written), with its id
  // (the file stem), the reason, the raw bytes and the project whose address
  // it came to ("" = the server's own); for the team's notice
  // (mail/quarantine.hpp). Must not throw; its failure is its own business:
  // the message is kept either way. Not called for a program's mail (a
  // bounce, an auto-reply; RFC 3834) that is quarantined because it
  // threads to no case: answering it could loop (a bounce of the notice
  // itself would be quarantined and announced again); it is listed all the same.
  using OnQuarantine = std::function<void(const std::string& id, const std::string& reason, std::string_view raw,
                                          const std::string& project)>;
  void set_on_quarantine(OnQuarantine on_quarantine) { m_on_quarantine = std::move(on_quarantine); }

  // Where a status reply's recipients come from; unset: mail.recipients()
  // (the settings this intake was given).
  void set_recipients_of(RecipientsOf recipients_of) { m_recipients_of = std::move(recipients_of); }

  // How long the portal link in an acknowledgement stays good ([web]
  // reporter_link_days; 0: no expiry). Default 90 days.
  void set_link_lifetime(std::chrono::days lifetime) { m_link_lifetime = lifetime; }

  // Busy when the sender is over mail.max_per_sender_per_hour (retry later).
  Result<IntakeResult> receive(std::string_view raw);

  // Group commit (intake_batch.cpp): receives several messages with one
  // filesystem sync (syncfs) and ONE store transaction for all of them, so a
  // batch costs about the fsyncs of a single message. One answer per message,
  // in order: what receive() would have answered. A message that cannot be
  // parsed is quarantined (its own answer) and does not disturb the others;
  // a sender over the hourly limit gets Busy for that message only (nothing
  // of it stored). When the whole batch fails (the store is busy or broken,
  // a file cannot be written) the error is returned and NOTHING of the batch
  // was recorded, except quarantined or receipt messages, which are complete
  // on their own. Every Ok answer is durable when this returns: answer the
  // MTA only then. A retried message is found by its Message-ID (or, without
  // one, by the sha256 of its bytes) and answered `duplicate`.
  Result<std::vector<Result<IntakeResult>>> receive_batch(const std::vector<std::string_view>& raws);

 private:
  struct Opened;
  struct Prepared;
  class FileSync;
  // `tell`: call the OnQuarantine hook (false for a program's unthreaded mail).
  Result<IntakeResult> quarantine(std::string_view raw, const std::string& reason, bool tell = true);
  Result<void> open_protection(ParsedMail& mail, Opened& opened);
  Result<std::string> store_file(std::string_view bytes, FileSync* batch);
  Result<std::optional<std::string>> find_thread(core::StoreTx& tx, const ParsedMail& mail);
  Result<Prepared> prepare(std::string_view raw, FileSync* batch);
  Result<std::optional<std::string>> over_rate(core::StoreTx& tx, const Prepared& p);
  Result<IntakeResult> record_in(core::StoreTx& tx, const Prepared& p);
  Result<void> take_reporter_key(core::StoreTx& tx, core::Case& c, const Prepared& p);
  Result<std::string> ack_link(core::StoreTx& tx, const core::Case& c, const Prepared& p);

  core::Store& m_store;
  const core::CaseService& m_cases;
  const core::ProjectConfig& m_project;
  const config::MailConfig& m_mail;
  const util::Clock& m_clock;
  std::filesystem::path m_data_dir;
  pgp::Gpg* m_gpg;
  std::chrono::days m_link_lifetime{90};
  AckFactory m_ack;
  RecipientsOf m_recipients_of;
  std::string m_new_case_project;  // "" = the server's own
  std::string m_quarantine_name;   // set_quarantine_name
  OnQuarantine m_on_quarantine;
};

}  // namespace embargo::mail
