#pragma once

// What the mail commands (intake, mail, notice) share: a mail::NoticeMailer
// (team key, renderer, outbox entries, SMTP transport; the same code path
// embargod's release steps use) made from the command's data directory, and
// the outbox over the command's store. Secrets come from the environment or
// from files named in embargo.toml, never from the command line.

#include <memory>

#include <embargo/cli/context.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/mail/outbox.hpp>

namespace embargo::cli {

class MailSupport {
 public:
  // REQUIRES: ctx.data() succeeded. `settings`: the settings of the case the
  // command acts for (Context::case_config); null: the server's own.
  static Result<std::unique_ptr<MailSupport>> open(Context& ctx, const config::ConfigFile* settings = nullptr);

  const config::MailConfig& mail() const { return m_mailer->mail(); }
  // Null when mail.gnupg_home does not exist.
  pgp::Gpg* gpg() { return m_mailer->gpg(); }
  const notice::NoticeRenderer& renderer() const { return m_mailer->renderer(); }
  mail::Outbox& outbox() { return *m_outbox; }
  const core::CaseService& cases() const { return m_cases; }
  mail::NoticeMailer& mailer() { return *m_mailer; }

  // mail::NoticeMailer::make_entry with a new Message-ID.
  Result<core::OutboxEntry> make_entry(const core::Case& c, std::string_view kind, const notice::RenderedNotice& notice,
                                       const config::MailList* list, const std::string& in_reply_to) {
    return m_mailer->make_entry(c, kind, notice, list, in_reply_to);
  }
  Result<std::vector<std::string>> addresses(const core::Case& c, const config::MailList* list) const {
    return m_mailer->addresses(c, list);
  }
  mail::Protect protection_of(const config::MailList* list) const { return m_mailer->protection_of(list); }

 private:
  explicit MailSupport(core::CaseService cases) : m_cases(std::move(cases)) {}

  core::CaseService m_cases;
  std::unique_ptr<mail::NoticeMailer> m_mailer;
  std::unique_ptr<mail::Outbox> m_outbox;
};

// Delivers outbox entry `id` now and prints "<outcome> <id>[<what>][: detail]";
// exit 0 when it is sent, else says that it stays queued and returns the error exit.
Result<int> deliver_and_report(Context& ctx, MailSupport& support, const std::string& id, std::string_view what = "");

using mail::read_secret_file;

// Runs `raw` through intake as `embargo intake mail [--project PROJECT]`
// would, quarantining a failure again under `quarantine_id` (intake_command.cpp;
// for `embargo quarantine release`). NotFound for an unconfigured project.
Result<mail::IntakeResult> intake_again(Context& ctx, const std::string& raw, const std::string& quarantine_id,
                                        const std::string& project);

}  // namespace embargo::cli
