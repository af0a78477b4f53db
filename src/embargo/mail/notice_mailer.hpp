#pragma once

// What sending a notice needs, for both `embargo notice send` (through
// cli::MailSupport) and embargod's release steps (scheduler/step_notices.cpp):
// the team key, the notice renderer, turning a rendered notice into a
// complete outbox entry (built, signed, encrypted per the list's policy) and
// the SMTP transport from [smtp]. Made from the data directory's path and its
// configuration, not from a command's context.
//
// Secrets come from the environment (EMBARGO_PGP_PASSPHRASE,
// EMBARGO_SMTP_PASSWORD) or from the mode-600 files that [mail]
// passphrase_file and [smtp] password_file name; never from the store, the
// command line or a log.
//
// Thread safety: none (GPGME's context is not shared); one per thread.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <embargo/config/config_file.hpp>
#include <embargo/mail/message_builder.hpp>
#include <embargo/mail/smtp_transport.hpp>
#include <embargo/notice/disclosure_timeline.hpp>
#include <embargo/notice/notice_renderer.hpp>
#include <embargo/pgp/gpg.hpp>

namespace embargo::mail {

class NoticeMailer {
 public:
  // Opens the GnuPG home (mail.gnupg_home, when it exists) with the
  // passphrase, and reads the SMTP password. `clock` must outlive the result.
  static Result<std::unique_ptr<NoticeMailer>> open(const std::filesystem::path& data_dir,
                                                    const config::ConfigFile& config, const util::Clock& clock);
  NoticeMailer(const NoticeMailer&) = delete;
  NoticeMailer& operator=(const NoticeMailer&) = delete;

  const config::MailConfig& mail() const { return m_mail; }
  // Null when mail.gnupg_home does not exist or is empty (no keys yet).
  pgp::Gpg* gpg() { return m_gpg ? &*m_gpg : nullptr; }
  const notice::NoticeRenderer& renderer() const { return *m_renderer; }
  // The [smtp] transport (one connection per message).
  Transport& transport() { return *m_transport; }

  // A complete outbox entry for `notice` to `list` (null: the case's
  // reporter: signed and encrypted to the reporter's key when one is usable,
  // mail/reporter_key.hpp). The team address is the last recipient (the receipt copy,
  // outbox.hpp). `message_id` (without <>) empty: a new random one.
  Result<core::OutboxEntry> make_entry(const core::Case& c, std::string_view kind, const notice::RenderedNotice& notice,
                                       const config::MailList* list, const std::string& in_reply_to,
                                       const std::string& message_id = "");

  // Where `list` (null: the reporter) gets mail and how it is protected.
  Result<std::vector<std::string>> addresses(const core::Case& c, const config::MailList* list) const;
  Protect protection_of(const config::MailList* list) const;

 private:
  NoticeMailer(const config::ConfigFile& config, const util::Clock& clock)
      : m_project(config.project), m_mail(config.mail), m_clock(clock) {}

  core::ProjectConfig m_project;
  config::MailConfig m_mail;
  const util::Clock& m_clock;
  std::optional<pgp::Gpg> m_gpg;
  notice::CaseDatesTimeline m_timeline;
  std::unique_ptr<notice::NoticeRenderer> m_renderer;
  std::unique_ptr<Transport> m_transport;  // [smtp] url: SMTP, or file: (file_transport.hpp)
};

// "" or the trimmed content of the first line of `path` (relative to `base`);
// refuses a file others may read.
Result<util::SensitiveString> read_secret_file(const std::filesystem::path& base, const std::string& path);

// The value of environment variable `env` when set and not empty, else
// read_secret_file(base, file).
Result<util::SensitiveString> secret_from(const char* env, const std::filesystem::path& base, const std::string& file);

}  // namespace embargo::mail
