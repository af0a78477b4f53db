#pragma once

// core::release::Signer over GnuPG through GpgContext (gpg_context.hpp, which
// the mail side shares), on one keyring:
//   - a keyring file (the maintainers' public keys): imported into a private
//     temporary GnuPG home, so that only those keys can make a signature good;
//   - or a GnuPG home (given, or $GNUPGHOME / ~/.gnupg), e.g. the release
//     manager's, holding the secret signing key.
// Passphrases: only when one is given does the signer use loopback pinentry
// and answer with it; otherwise no pinentry is ever asked (a key that needs a
// passphrase is refused, unless gpg-agent has it cached). The passphrase is
// kept in a SensitiveString, never logged or stored.

#include <filesystem>
#include <memory>
#include <string>

#include <embargo/core/release/signer.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::pgp {

class GpgContext;
class GpgData;

struct SignerOptions {
  std::filesystem::path home;     // empty = GnuPG's default home
  std::filesystem::path keyring;  // set = a temporary home with only these keys
  std::string signing_key;        // fingerprint, key id or user id; empty = gpg's default
  util::SensitiveString passphrase;
};

class GpgmeSigner final : public core::release::Signer {
 public:
  // NotFound naming the keyring file when it is missing; InvalidArgument when
  // it holds no keys; IOError when GnuPG cannot be run.
  static Result<std::unique_ptr<GpgmeSigner>> open(SignerOptions options);
  ~GpgmeSigner() override;

  Result<core::release::SignatureCheck> verify_detached(std::string_view data, std::string_view signature) override;
  Result<core::release::SignatureCheck> verify_file(const std::filesystem::path& file,
                                                    std::string_view signature) override;
  Result<std::string> sign_file(const std::filesystem::path& file) override;
  Result<void> prepare_signing() override;
  std::string signing_fingerprint() const override { return m_fingerprint; }

 private:
  explicit GpgmeSigner(SignerOptions options);
  Result<void> import_keyring();
  Result<void> select_signing_key();
  // A detached armored signature over `text`; `what` names it in errors.
  Result<std::string> sign_data(const GpgData& text, const std::string& what);
  Result<core::release::SignatureCheck> check(const GpgData& signature, const GpgData& signed_text);

  SignerOptions m_options;  // its passphrase moves into m_ctx
  std::unique_ptr<GpgContext> m_ctx;
  std::string m_fingerprint;  // of the selected signing key
};

}  // namespace embargo::pgp
