#pragma once

// The team mailer (mail/team_mailer.hpp) for commands: opened once per
// command by Context::case_service() when [team] notify is on, so that every
// team event a command records queues the team's mail in the same
// transaction. The team key comes from [mail] (gnupg_home, signing_key,
// EMBARGO_PGP_PASSPHRASE or passphrase_file); without a GnuPG home the mail
// carries no detail.

#include <memory>
#include <optional>

#include <embargo/config/data_dir.hpp>
#include <embargo/mail/team_mailer.hpp>
#include <embargo/pgp/gpg.hpp>

namespace embargo::cli {

struct TeamSupport {
  std::optional<pgp::Gpg> gpg;
  std::unique_ptr<mail::TeamMailer> mailer;

  // REQUIRES: `data` outlives the result.
  static Result<std::unique_ptr<TeamSupport>> open(const config::DataDir& data, const util::Clock& clock);
};

}  // namespace embargo::cli
