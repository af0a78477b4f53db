// embargo doctor: the OpenPGP keys the configuration names, each tried for
// what it is used for (the team's key signs, each encrypting list's keys
// encrypt) in the data directory's GnuPG home.

#include <embargo/cli/doctor.hpp>

#include <fmt/format.h>

#include <embargo/mail/notice_mailer.hpp>
#include <embargo/pgp/gpg.hpp>

namespace embargo::cli::doctor {

namespace fs = std::filesystem;

namespace {

fs::path gnupg_home(const fs::path& data, const config::MailConfig& mail) {
  return fs::path(mail.gnupg_home).is_absolute() ? fs::path(mail.gnupg_home) : data / mail.gnupg_home;
}

// "0xABCD1234ABCD1234" from a fingerprint (its last 16 digits), for short lines.
std::string short_id(const std::string& fpr) {
  return fpr.size() > 16 ? "0x" + fpr.substr(fpr.size() - 16) : fpr;
}

Finding check_signing_key(pgp::Gpg& gpg, const config::MailConfig& mail, const fs::path& home) {
  if (mail.signing_key.empty()) {
    return fail("signing key: none configured ([mail] signing_key is empty)",
                "make or import the team's key with `embargo setup`, or set [mail] signing_key to its fingerprint");
  }
  auto sig = gpg.sign_detached("embargo doctor", mail.signing_key);
  if (!sig) {
    std::string fix = sig.error().code() == ErrorCode::unauthorized
                          ? "set EMBARGO_PGP_PASSPHRASE or [mail] passphrase_file (mode 0600) to the key's passphrase"
                          : fmt::format("import the team's secret key: gpg --homedir {} --import team-secret.asc",
                                        home.string());
    return fail(fmt::format("signing key {} cannot sign: {}", short_id(mail.signing_key), sig.error().message()), fix);
  }
  return ok(fmt::format("signing key {} can sign", short_id(mail.signing_key)));
}

Finding check_list(pgp::Gpg& gpg, const config::MailList& list, const fs::path& home) {
  if (list.policy != config::ListPolicy::encrypt) {
    return ok(fmt::format("list {}: policy {}, no key needed", list.name, config::to_string(list.policy)));
  }
  std::string fix = fmt::format("import the list's public key (gpg --homedir {} --import KEY.asc) and put its "
                                "fingerprint in the list's keys",
                                home.string());
  if (list.keys.empty()) {
    return fail(fmt::format("list {}: policy encrypt but no keys configured", list.name), fix);
  }
  for (const auto& k : list.keys) {
    if (auto usable = gpg.encryption_key(k); !usable) {
      bool absent = usable.error().code() == ErrorCode::not_found;
      return fail(fmt::format("list {}: no usable encryption key for {}: {}", list.name, k,
                              absent ? "not in the GnuPG home" : usable.error().message()),
                  fix);
    }
  }
  return ok(fmt::format("list {}: {} key{} can encrypt", list.name, list.keys.size(), list.keys.size() == 1 ? "" : "s"));
}

}  // namespace

Findings check_keys(const fs::path& data, const config::ConfigFile& config) {
  const config::MailConfig& mail = config.mail;
  fs::path home = gnupg_home(data, mail);
  std::error_code ec;
  if (!fs::is_directory(home, ec)) {
    return {fail(fmt::format("GnuPG home {} does not exist", home.string()),
                 fmt::format("create it (mkdir -m 700 {}) and import the keys, or run `embargo setup`", home.string()))};
  }
  auto passphrase = mail::secret_from("EMBARGO_PGP_PASSPHRASE", data, mail.passphrase_file);
  if (!passphrase) {
    return {fail("signing key passphrase: " + passphrase.error().message(),
                 "fix [mail] passphrase_file (mode 0600), or set EMBARGO_PGP_PASSPHRASE")};
  }
  auto gpg = pgp::Gpg::open(home, std::move(*passphrase));
  if (!gpg) {
    return {fail("GnuPG home " + home.string() + ": " + gpg.error().message(), "check that gpg and gpg-agent work")};
  }
  Findings out{check_signing_key(*gpg, mail, home)};
  for (const auto& list : mail.lists) {
    out.push_back(check_list(*gpg, list, home));
  }
  return out;
}

}  // namespace embargo::cli::doctor
