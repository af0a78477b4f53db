#pragma once

// Mail to the team's own members (issue 13): team notifications
// (core::TeamNotifier) and reminders (core::ReminderMailer). Each message is
// an outbox entry queued in the caller's transaction, so the outbox delivers
// it exactly once (outbox.hpp), list name "team:<user>".
//
// Confidentiality: a member whose key is usable (a fingerprint in their
// profile, present in the team's GnuPG home, and a team signing key to sign
// with) gets the detail (title, the entry's text) signed and encrypted to
// their key. Anyone else gets only the case id, its state, what happened (the
// event's name) and the link to the case's page: no title, no text. Subjects
// never carry detail (PGP/MIME does not encrypt headers). When the team key
// cannot sign either, that summary goes out unsigned rather than failing the
// event's transaction (a report must never be refused for a notification).
//
// Thread safety: notify and send_reminder may be called from several threads
// (embargod); the Gpg context is used under a mutex.

#include <mutex>
#include <string>
#include <vector>

#include <embargo/config/mail_config.hpp>
#include <embargo/config/team_config.hpp>
#include <embargo/core/notify.hpp>
#include <embargo/core/reminders.hpp>
#include <embargo/pgp/gpg.hpp>
#include <embargo/util/time.hpp>

namespace embargo::mail {

// What notify_quarantined tells (from the header: best effort, printable).
struct QuarantineNotice {
  std::string id;       // the quarantine id
  std::string project;  // "" = the server's own
  std::string reason;
  std::string raw_sha256;
  std::string from;
  std::string subject;
};

class TeamMailer : public core::TeamNotifier, public core::ReminderMailer {
 public:
  // All must outlive the mailer; `gpg` may be null (then nobody's key is usable).
  TeamMailer(const config::MailConfig& mail, const config::TeamConfig& team, pgp::Gpg* gpg, const util::Clock& clock)
      : m_mail(mail), m_team(team), m_gpg(gpg), m_clock(clock) {}

  // The case's team gets one mail each, those who want `event`: admin and
  // team accounts and the members of the case's project's team (not reporter
  // accounts), each only when core::case_access lets them see the case. So a
  // case of a named project is told to its team (and to staff granted access
  // to it), never to the server's staff outside it (issue 24).
  Result<void> notify(core::StoreTx& tx, const core::Case& c, const core::TimelineEntry& entry,
                      core::TeamEvent event) override;
  // Each recipient of `r` gets one mail; returns those who cannot (no valid
  // e-mail address) with the reason.
  Result<std::vector<core::NotSent>> send_reminder(core::StoreTx& tx, const core::Case& c,
                                                   const core::DueReminder& r) override;

  // Why mail cannot reach `u`, or "" when it can.
  static std::string unreachable_reason(const core::User& u);

  // Mail the intake could not read was quarantined (mail/quarantine.hpp;
  // issue 24, finding 10): the team of its project (admin and team accounts
  // for the server's own, the project's members for a named one; as
  // mail::may_handle_quarantined) who want new reports get one mail about no
  // case, once per message: its Message-ID is made from the sha256 of the
  // message's bytes and the member, so a message quarantined again (a failed
  // release, the MTA delivering it twice) is not announced again. The summary
  // names only the id and where to look; the reason, sender and subject go
  // only to members with a usable key (encrypted). Nothing when [team] notify
  // is off, like every team event.
  Result<void> notify_quarantined(core::StoreTx& tx, const QuarantineNotice& n);

  // Whether `fingerprint` can be encrypted to now.
  bool key_usable(const std::string& fingerprint);

 private:
  struct Letter {
    std::string kind;     // outbox kind: "team-new-report", "reminder", ...
    std::string subject;  // no embargoed detail
    std::string detail;   // only for encrypted mail
    std::string summary;  // what anyone may read
  };
  // Queues `letter` to `to`; false (nothing queued) when unreachable_reason says so.
  // `message_id` empty: a fresh one; else that one (notify_quarantined's, for once-only).
  Result<bool> queue(core::StoreTx& tx, const core::Case& c, const core::User& to,
                     const std::optional<core::MemberProfile>& profile, const Letter& letter,
                     const std::string& message_id = {});
  Result<std::vector<core::User>> quarantine_team(core::StoreTx& tx, const std::string& project);
  Letter quarantine_letter(const QuarantineNotice& n) const;

  const config::MailConfig& m_mail;
  const config::TeamConfig& m_team;
  pgp::Gpg* m_gpg;
  const util::Clock& m_clock;
  std::mutex m_gpg_mutex;
};

}  // namespace embargo::mail
