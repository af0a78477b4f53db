#include <cstdlib>

#include <embargo/mail/notice_mailer.hpp>
#include <embargo/cli/team_support.hpp>

namespace embargo::cli {

namespace fs = std::filesystem;

Result<std::unique_ptr<TeamSupport>> TeamSupport::open(const config::DataDir& data, const util::Clock& clock) {
  auto s = std::make_unique<TeamSupport>();
  const config::MailConfig& mail = data.config.mail;
  fs::path home = fs::path(mail.gnupg_home).is_absolute() ? fs::path(mail.gnupg_home) : data.path / mail.gnupg_home;
  std::error_code ec;
  if (fs::is_directory(home) && !fs::is_empty(home, ec)) {  // init's empty home: no keys yet
    util::SensitiveString passphrase;
    if (const char* v = std::getenv("EMBARGO_PGP_PASSPHRASE"); v != nullptr && *v != '\0') {
      passphrase = util::SensitiveString(v);
    } else {
      TRY_ASSIGN(passphrase, mail::read_secret_file(data.path, mail.passphrase_file));
    }
    TRY_ASSIGN(pgp::Gpg gpg, pgp::Gpg::open(home, std::move(passphrase)));
    s->gpg.emplace(std::move(gpg));
  }
  s->mailer = std::make_unique<mail::TeamMailer>(mail, data.config.team, s->gpg ? &*s->gpg : nullptr, clock);
  return s;
}

}  // namespace embargo::cli
