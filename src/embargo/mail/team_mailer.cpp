#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include <embargo/core/mail_address.hpp>
#include <embargo/core/project.hpp>
#include <embargo/core/store.hpp>
#include <embargo/mail/message_builder.hpp>
#include <embargo/mail/team_mailer.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::mail {

namespace {

bool is_staff(const core::User& u) {
  return u.role == core::Role::admin || u.role == core::Role::team;
}

std::string_view event_phrase(core::TeamEvent e) {
  switch (e) {
    case core::TeamEvent::new_report:
      return "new report";
    case core::TeamEvent::reporter_reply:
      return "reporter replied";
    case core::TeamEvent::state_change:
      return "state changed";
    case core::TeamEvent::plan_change:
      return "plan changed";
    case core::TeamEvent::recipient_status:
      return "recipient status changed";
    case core::TeamEvent::reminder:
      return "reminder";
  }
  return "update";
}

}  // namespace

bool TeamMailer::key_usable(const std::string& fingerprint) {
  if (fingerprint.empty() || m_gpg == nullptr || m_mail.signing_key.empty()) {
    return false;
  }
  std::lock_guard lock(m_gpg_mutex);
  return m_gpg->can_encrypt_to(fingerprint);
}

std::string TeamMailer::unreachable_reason(const core::User& u) {
  if (u.email.empty()) {
    return "no e-mail address";
  }
  if (!core::validate_mail_address(u.email, "email")) {
    return fmt::format("e-mail address '{}' is not valid", u.email);
  }
  return "";
}

Result<bool> TeamMailer::queue(core::StoreTx& tx, const core::Case& c, const core::User& to,
                               const std::optional<core::MemberProfile>& profile, const Letter& letter,
                               const std::string& message_id) {
  if (!unreachable_reason(to).empty()) {
    return false;  // nowhere to send it; a notification never makes the event fail
  }
  std::string fpr = profile ? profile->pgp_fingerprint : std::string();
  bool encrypt = key_usable(fpr);
  OutgoingMessage m;
  m.from = fmt::format("{} <{}>", m_mail.team_name, m_mail.team_address);
  m.to = {to.email};
  m.subject = letter.subject;
  m.message_id = message_id.empty() ? new_message_id(m_mail.team_address) : message_id;
  m.date = m_clock.now();
  m.body = letter.summary + "\n";
  m.auto_submitted = "auto-generated";
  PgpOptions p;
  if (encrypt) {
    m.body = c.id.empty() ? fmt::format("{}\n\n{}\n", letter.summary, letter.detail)
                          : fmt::format("{}\n\nTitle: {}\n\n{}\n", letter.summary, c.title, letter.detail);
    p.mode = Protect::encrypt;
    p.gpg = m_gpg;
    p.signer = m_mail.signing_key;
    p.encrypt_to = {fpr};
  } else if (m_gpg != nullptr && !m_mail.signing_key.empty()) {
    p.mode = Protect::sign;
    p.gpg = m_gpg;
    p.signer = m_mail.signing_key;
  }
  core::OutboxEntry e;
  {
    std::lock_guard lock(m_gpg_mutex);
    auto built = build_message(m, p);
    if (!built && encrypt) {
      // The key went bad since key_usable: send what anyone may read.
      m.body = letter.summary + "\n";
      p.mode = Protect::sign;
      p.encrypt_to.clear();
      built = build_message(m, p);
    }
    if (!built) {
      // The team key cannot sign (passphrase, expiry): a notification must
      // never make the event itself fail (intake would refuse the report),
      // so it goes out unsigned, with what anyone may read.
      m.body = letter.summary + "\n";
      built = build_message(m, PgpOptions{});
    }
    TRY_ASSIGN(e.message, std::move(built));
  }
  e.message_id = m.message_id;
  e.case_id = c.id;
  e.kind = letter.kind;
  e.list_name = "team:" + to.name;
  e.envelope_from = m_mail.team_address;
  e.recipients = {to.email, m_mail.team_address};  // the receipt copy is last (outbox.hpp)
  e.created_at = m_clock.now();
  TRY(core::queue_mail(tx, e));
  return true;
}

Result<void> TeamMailer::notify(core::StoreTx& tx, const core::Case& c, const core::TimelineEntry& entry,
                                core::TeamEvent event) {
  if (!m_team.notify) {
    return {};
  }
  TRY_ASSIGN(auto users, tx.list_users());
  Letter letter;
  letter.kind = fmt::format("team-{}", core::to_string(event));
  letter.subject = fmt::format("[{}] {}", c.id, event_phrase(event));
  letter.summary = fmt::format("{}: {} (state: {}, by {}).\n{}", c.id, event_phrase(event), core::to_string(c.state),
                               entry.actor, config::case_link(m_team, c.id));
  letter.detail = entry.text;
  TRY_ASSIGN(std::string project, tx.case_project(c.id));
  std::vector<std::string> members;
  if (!project.empty()) {
    TRY_ASSIGN(members, tx.list_project_members(project));
  }
  for (const core::User& u : users) {
    bool on_team = std::find(members.begin(), members.end(), u.name) != members.end();
    if (u.role == core::Role::reporter || (!is_staff(u) && !on_team)) {
      continue;
    }
    // The project-aware access decides, as for the case's page: a member of
    // another project's team, admin or team account included, is not told.
    auto level = core::case_access(tx, core::Principal{u.name, u.role, ""}, c.id);
    if (!level) {
      if (level.error().code() == ErrorCode::not_found) {
        continue;
      }
      return tl::unexpected(level.error());
    }
    TRY_ASSIGN(auto profile, tx.find_member(u.name));
    if (profile && !profile->wants(event)) {
      continue;
    }
    TRY(queue(tx, c, u, profile, letter));
  }
  return {};
}

// The users who hear of a message quarantined for `project` (may_handle_quarantined's people).
Result<std::vector<core::User>> TeamMailer::quarantine_team(core::StoreTx& tx, const std::string& project) {
  std::vector<core::User> out;
  if (project.empty()) {
    TRY_ASSIGN(auto users, tx.list_users());
    std::copy_if(users.begin(), users.end(), std::back_inserter(out), is_staff);
    return out;
  }
  TRY_ASSIGN(auto names, tx.list_project_members(project));
  for (const std::string& name : names) {
    TRY_ASSIGN(core::User u, tx.get_user(name));
    if (u.role != core::Role::reporter) {
      out.push_back(std::move(u));
    }
  }
  return out;
}

TeamMailer::Letter TeamMailer::quarantine_letter(const QuarantineNotice& n) const {
  std::string link = m_team.case_url;
  if (auto at = link.find("/cases/{case}"); at != std::string::npos) {
    link = link.substr(0, at) + "/quarantine/" + n.id;
  } else {
    link.clear();
  }
  Letter letter;
  letter.kind = "team-quarantine";
  letter.subject = "[quarantine] mail the intake could not read";
  // Short lines: a summary in plain text stays 7bit (no quoted-printable).
  letter.summary = fmt::format(
      "Intake could not read a message; it is kept in quarantine as\n{}\nSee: embargo quarantine show {}\n{}"
      "After fixing the cause:\nembargo quarantine release {}",
      n.id, n.id, link.empty() ? "" : link + "\n", n.id);
  letter.detail = fmt::format("Reason: {}\nFrom: {}\nSubject: {}\nProject: {}", n.reason, n.from, n.subject,
                              n.project.empty() ? "(the server's own)" : n.project);
  return letter;
}

Result<void> TeamMailer::notify_quarantined(core::StoreTx& tx, const QuarantineNotice& n) {
  if (!m_team.notify) {
    return {};
  }
  std::string domain = m_mail.team_address.substr(m_mail.team_address.find('@') + 1);
  Letter letter = quarantine_letter(n);
  core::Case none;  // mail about no case: case_id "" (outbox.hpp)
  TRY_ASSIGN(auto team, quarantine_team(tx, n.project));
  for (const core::User& u : team) {
    TRY_ASSIGN(auto profile, tx.find_member(u.name));
    if (profile && !profile->wants(core::TeamEvent::new_report)) {
      continue;
    }
    std::string message_id = fmt::format("quarantine.{}.{}@{}", n.raw_sha256.substr(0, 32),
                                         util::sha256_hex(u.name).substr(0, 16), domain);
    TRY_ASSIGN(auto sent, tx.find_outbox(message_id));
    if (sent) {
      continue;  // told already about this message
    }
    TRY(queue(tx, none, u, profile, letter, message_id));
  }
  return {};
}

Result<std::vector<core::NotSent>> TeamMailer::send_reminder(core::StoreTx& tx, const core::Case& c,
                                                             const core::DueReminder& r) {
  std::vector<core::NotSent> not_sent;
  Letter letter;
  letter.kind = "reminder";
  letter.subject = fmt::format("[{}] reminder: {}", c.id, r.condition);
  letter.summary = fmt::format("{}: reminder {} {} to the {} (state: {}).\n{}", c.id, r.condition, r.threshold,
                               r.level == core::k_level_owner    ? "owner"
                               : r.level == core::k_level_backup ? "backup"
                                                                 : "team",
                               core::to_string(c.state), config::case_link(m_team, c.id));
  letter.detail = fmt::format("{}\nReporter: {}", r.text, core::format_reporter(c.reporter));
  for (const std::string& name : r.recipients) {
    TRY_ASSIGN(core::User u, tx.get_user(name));
    TRY_ASSIGN(auto profile, tx.find_member(name));
    if (r.level == core::k_level_team && profile && !profile->wants(core::TeamEvent::reminder)) {
      continue;
    }
    TRY_ASSIGN(bool queued, queue(tx, c, u, profile, letter));
    if (!queued) {
      not_sent.push_back({u.name, unreachable_reason(u)});
    }
  }
  return not_sent;
}

}  // namespace embargo::mail
