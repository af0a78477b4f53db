#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <sys/stat.h>

#include <embargo/config/project_settings.hpp>
#include <embargo/mail/file_transport.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/mail/reporter_key.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::mail {

namespace fs = std::filesystem;

namespace {

fs::path under(const fs::path& base, const std::string& p) {
  return fs::path(p).is_absolute() ? fs::path(p) : base / p;
}

}  // namespace

Result<util::SensitiveString> read_secret_file(const fs::path& base, const std::string& path) {
  if (path.empty()) {
    return util::SensitiveString();
  }
  fs::path p = under(base, path);
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    return make_error(ErrorCode::unauthorized,
                      fmt::format("{}: a secret file must not be readable by others (chmod 600)", p.string()));
  }
  TRY_ASSIGN(std::string text, util::read_file(p));
  auto nl = text.find('\n');
  util::SensitiveString s(std::string(util::trim(std::string_view(text).substr(0, nl))));
  std::fill(text.begin(), text.end(), '\0');
  return s;
}

Result<util::SensitiveString> secret_from(const char* env, const fs::path& base, const std::string& file) {
  if (const char* v = std::getenv(env); v != nullptr && *v != '\0') {
    return util::SensitiveString(v);
  }
  return read_secret_file(base, file);
}

Result<std::unique_ptr<NoticeMailer>> NoticeMailer::open(const fs::path& data_dir, const config::ConfigFile& config,
                                                         const util::Clock& clock) {
  std::unique_ptr<NoticeMailer> m(new NoticeMailer(config, clock));
  fs::path home = under(data_dir, m->m_mail.gnupg_home);
  std::error_code ec;
  if (fs::is_directory(home) && !fs::is_empty(home, ec)) {  // init's empty home: no keys yet
    TRY_ASSIGN(util::SensitiveString passphrase,
               secret_from("EMBARGO_PGP_PASSPHRASE", data_dir, m->m_mail.passphrase_file));
    TRY_ASSIGN(pgp::Gpg gpg, pgp::Gpg::open(home, std::move(passphrase)));
    m->m_gpg.emplace(std::move(gpg));
  }
  TRY_ASSIGN(util::SensitiveString smtp_password,
             secret_from("EMBARGO_SMTP_PASSWORD", data_dir, m->m_mail.smtp.password_file));
  if (m->m_mail.smtp.url.starts_with("file:")) {
    m->m_transport = std::make_unique<FileTransport>(under(data_dir, m->m_mail.smtp.url.substr(5)));
  } else {
    m->m_transport = std::make_unique<SmtpTransport>(m->m_mail.smtp, std::move(smtp_password));
  }
  m->m_renderer = std::make_unique<notice::NoticeRenderer>(m->m_project, m->m_mail,
                                                           config::template_dirs(data_dir, config.project_key),
                                                           m->m_timeline, notice::links_of(config));
  return m;
}

Result<std::vector<std::string>> NoticeMailer::addresses(const core::Case& c, const config::MailList* list) const {
  if (list != nullptr) {
    return std::vector<std::string>{list->address};
  }
  if (c.reporter.email.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: the reporter has no mail address", c.id));
  }
  return std::vector<std::string>{c.reporter.email};
}

Protect NoticeMailer::protection_of(const config::MailList* list) const {
  if (list == nullptr) {
    return m_mail.signing_key.empty() || !m_gpg ? Protect::plain : Protect::sign;
  }
  switch (list->policy) {
    case config::ListPolicy::encrypt:
      return Protect::encrypt;
    case config::ListPolicy::sign:
      return Protect::sign;
    case config::ListPolicy::clearsign:
      return Protect::clearsign;
  }
  return Protect::encrypt;
}

Result<core::OutboxEntry> NoticeMailer::make_entry(const core::Case& c, std::string_view kind,
                                                   const notice::RenderedNotice& notice, const config::MailList* list,
                                                   const std::string& in_reply_to, const std::string& message_id) {
  TRY_ASSIGN(std::vector<std::string> to, addresses(c, list));
  OutgoingMessage m;
  m.from = fmt::format("{} <{}>", m_mail.team_name, m_mail.team_address);
  m.to = to;
  m.subject = notice.subject;
  m.body = notice.body;
  m.message_id = message_id.empty() ? new_message_id(m_mail.team_address) : message_id;
  m.in_reply_to = in_reply_to;
  m.date = m_clock.now();
  // RFC 3834: the acknowledgement answers the reporter's mail; the rest is generated.
  m.auto_submitted = kind == "ack" ? "auto-replied" : "auto-generated";
  PgpOptions p;
  p.mode = protection_of(list);
  if (p.mode != Protect::plain) {
    if (!m_gpg || m_mail.signing_key.empty()) {
      return make_error(ErrorCode::invalid_argument,
                        "mail.signing_key and the GnuPG home (mail.gnupg_home) are needed to sign notices");
    }
    p.gpg = &*m_gpg;
    p.signer = m_mail.signing_key;
    if (list != nullptr && p.mode == Protect::encrypt) {
      p.encrypt_to = list->keys;
    }
  }
  if (list == nullptr && encrypts_to_reporter(gpg(), m_mail, c.reporter)) {  // issue 23: mail/reporter_key.hpp
    p.mode = Protect::encrypt;
    p.encrypt_to = {c.reporter.key_fingerprint};
  }
  if (p.mode == Protect::encrypt &&
      std::find(p.encrypt_to.begin(), p.encrypt_to.end(), m_mail.signing_key) == p.encrypt_to.end()) {
    // The team's own copy (the receipt) must be readable by the team too.
    p.encrypt_to.push_back(m_mail.signing_key);
  }
  core::OutboxEntry e;
  TRY_ASSIGN(e.message, build_message(m, p));
  e.message_id = m.message_id;
  e.case_id = c.id;
  e.kind = std::string(kind);
  e.list_name = list != nullptr ? list->name : "reporter";
  e.envelope_from = m_mail.team_address;
  e.recipients = to;
  e.recipients.push_back(m_mail.team_address);  // the receipt copy (outbox.hpp)
  e.created_at = m_clock.now();
  return e;
}

}  // namespace embargo::mail
