#pragma once

// What the mail commands (intake, mail, notice) share: the team key, the SMTP
// transport, the notice renderer, and turning a rendered notice into a
// complete outbox entry. Secrets come from the environment or from files
// named in embargo.toml, never from the command line.

#include <memory>
#include <optional>

#include <embargo/cli/context.hpp>
#include <embargo/mail/message_builder.hpp>
#include <embargo/mail/outbox.hpp>
#include <embargo/mail/smtp_transport.hpp>
#include <embargo/notice/notice_renderer.hpp>
#include <embargo/pgp/gpg.hpp>

namespace embargo::cli {

class MailSupport {
 public:
  // REQUIRES: ctx.data() succeeded.
  static Result<std::unique_ptr<MailSupport>> open(Context& ctx);

  const config::MailConfig& mail() const { return m_mail; }
  // Null when mail.gnupg_home does not exist.
  pgp::Gpg* gpg() { return m_gpg ? &*m_gpg : nullptr; }
  const notice::NoticeRenderer& renderer() const { return *m_renderer; }
  mail::Outbox& outbox() { return *m_outbox; }
  const core::CaseService& cases() const { return m_cases; }

  // A complete outbox entry (built, signed, encrypted) for `notice` to `list`
  // (null: the case's reporter). The team address is the last recipient.
  Result<core::OutboxEntry> make_entry(const core::Case& c, std::string_view kind, const notice::RenderedNotice& notice,
                                       const config::MailList* list, const std::string& in_reply_to);

  // Where `list` (null: the reporter) gets mail and how it is protected.
  Result<std::vector<std::string>> addresses(const core::Case& c, const config::MailList* list) const;
  mail::Protect protection_of(const config::MailList* list) const;

 private:
  MailSupport(Context& ctx, core::CaseService cases) : m_ctx(ctx), m_cases(std::move(cases)) {}

  Context& m_ctx;
  config::MailConfig m_mail;
  core::CaseService m_cases;
  std::optional<pgp::Gpg> m_gpg;
  notice::CaseDatesTimeline m_timeline;
  std::unique_ptr<notice::NoticeRenderer> m_renderer;
  std::unique_ptr<mail::SmtpTransport> m_transport;
  std::unique_ptr<mail::Outbox> m_outbox;
};

// "" or the trimmed content of the first line of `path` (relative to `base`);
// refuses a file others may read.
Result<util::SensitiveString> read_secret_file(const std::filesystem::path& base, const std::string& path);

}  // namespace embargo::cli
