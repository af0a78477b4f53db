#include <embargo/pgp/gpg.hpp>

#include <fmt/format.h>

#include <embargo/pgp/gpg_context.hpp>
#include <embargo/util/strings.hpp>
#include <embargo/util/time.hpp>

namespace embargo::pgp {

namespace {

Error to_error(gpgme_error_t err, std::string_view what) {
  ErrorCode code = ErrorCode::io_error;
  switch (gpgme_err_code(err)) {
    case GPG_ERR_NO_SECKEY:
    case GPG_ERR_NO_PUBKEY:
    case GPG_ERR_EOF:
      code = ErrorCode::not_found;
      break;
    case GPG_ERR_BAD_PASSPHRASE:
    case GPG_ERR_NO_PASSPHRASE:
    case GPG_ERR_CANCELED:  // no passphrase given, and pinentry is never asked
    case GPG_ERR_NO_PIN:
    case GPG_ERR_NO_PIN_ENTRY:
      code = ErrorCode::unauthorized;
      break;
    case GPG_ERR_NO_DATA:
    case GPG_ERR_INV_DATA:
    case GPG_ERR_BAD_DATA:
    case GPG_ERR_DECRYPT_FAILED:
      code = ErrorCode::invalid_argument;
      break;
    default:
      break;
  }
  return Error(code, fmt::format("pgp: {}: {}", what, gpgme_strerror(err)));
}

template <typename T>
Result<T> worded(Gpgme<T> r, std::string_view what) {
  if (!r) {
    return tl::unexpected(to_error(r.error(), what));
  }
  return std::move(*r);
}

SignatureCheck check_of(const std::optional<SignatureInfo>& sig) {
  SignatureCheck check;
  if (!sig) {
    return check;
  }
  check.fingerprint = sig->fingerprint;
  switch (gpgme_err_code(sig->status)) {
    case GPG_ERR_NO_ERROR:
      check.status = "good";
      break;
    case GPG_ERR_BAD_SIGNATURE:
      check.status = "bad";
      break;
    case GPG_ERR_NO_PUBKEY:
      check.status = "no-key";
      break;
    default:
      check.status = "error";
      break;
  }
  return check;
}

}  // namespace

Gpg::Gpg(std::unique_ptr<GpgContext> ctx) : m_ctx(std::move(ctx)) {}
Gpg::Gpg(Gpg&&) noexcept = default;
Gpg& Gpg::operator=(Gpg&&) noexcept = default;
Gpg::~Gpg() = default;

Result<Gpg> Gpg::open(const std::filesystem::path& home, util::SensitiveString passphrase) {
  if (!std::filesystem::is_directory(home)) {
    return make_error(ErrorCode::not_found, fmt::format("pgp: GnuPG home {} does not exist", home.string()));
  }
  TRY_ASSIGN(std::unique_ptr<GpgContext> ctx, GpgContext::open(home, std::move(passphrase)));
  return Gpg(std::move(ctx));
}

Result<void> Gpg::use_signer(std::string_view signer) {
  auto key = m_ctx->key(signer, true);
  if (!key) {
    return make_error(ErrorCode::not_found, fmt::format("pgp: no secret key {} in the keyring", signer));
  }
  if (gpgme_error_t err = m_ctx->use_signer(*key); err != 0) {
    return tl::unexpected(to_error(err, "signer"));
  }
  return {};
}

namespace {

Error too_large(std::string_view what, std::size_t limit) {
  return Error(ErrorCode::invalid_argument, fmt::format("pgp: {}: the decrypted text exceeds {} bytes", what, limit));
}

}  // namespace

Result<Decrypted> Gpg::decrypt_verify(std::string_view ciphertext, std::size_t max_plaintext) {
  auto plain = m_ctx->decrypt_verify(GpgData(ciphertext), max_plaintext);
  if (!plain && gpgme_err_code(plain.error()) == GPG_ERR_TOO_LARGE) {
    return tl::unexpected(too_large("decrypt", max_plaintext));
  }
  TRY_ASSIGN(std::string text, worded(std::move(plain), "decrypt"));
  return Decrypted{std::move(text), check_of(m_ctx->first_signature())};
}

Result<SignatureCheck> Gpg::verify_detached(std::string_view data, std::string_view signature) {
  GpgData signed_text(data);
  if (gpgme_error_t err = m_ctx->verify(GpgData(signature), &signed_text, nullptr); err != 0) {
    return tl::unexpected(to_error(err, "verify"));
  }
  return check_of(m_ctx->first_signature());
}

Result<SignatureCheck> Gpg::verify_clearsigned(std::string_view text, std::string& plaintext) {
  GpgData out = GpgData::bounded(text.size());
  gpgme_error_t err = m_ctx->verify(GpgData(text), nullptr, &out);
  if (out.over_limit()) {
    return tl::unexpected(too_large("verify", text.size()));
  }
  if (err != 0) {
    return tl::unexpected(to_error(err, "verify"));
  }
  SignatureCheck check = check_of(m_ctx->first_signature());
  plaintext = out.take();
  return check;
}

Result<DetachedSignature> Gpg::sign_detached(std::string_view data, std::string_view signer) {
  TRY(use_signer(signer));
  TRY_ASSIGN(Signed sig, worded(m_ctx->sign(GpgData(data), GPGME_SIG_MODE_DETACH), "sign"));
  return DetachedSignature{std::move(sig.armored), "pgp-" + util::to_lower(sig.hash.empty() ? "sha256" : sig.hash)};
}

Result<std::string> Gpg::clearsign(std::string_view text, std::string_view signer) {
  TRY(use_signer(signer));
  TRY_ASSIGN(Signed sig, worded(m_ctx->sign(GpgData(text), GPGME_SIG_MODE_CLEAR), "clearsign"));
  return std::move(sig.armored);
}

Result<std::string> Gpg::encrypt_sign(std::string_view data, const std::vector<std::string>& recipients,
                                      std::string_view signer) {
  if (recipients.empty()) {
    return make_error(ErrorCode::invalid_argument, "pgp: encrypt: no recipient keys");
  }
  TRY(use_signer(signer));
  std::vector<GpgKey> keys;
  for (const auto& r : recipients) {
    auto key = m_ctx->key(r, false);
    if (!key) {
      return make_error(ErrorCode::not_found, fmt::format("pgp: no public key {} in the keyring", r));
    }
    keys.push_back(std::move(*key));
  }
  return worded(m_ctx->encrypt_sign(keys, GpgData(data)), "encrypt");
}

Result<std::vector<std::string>> Gpg::import_keys(std::string_view armored) {
  TRY_ASSIGN(Imported imported, worded(m_ctx->import(GpgData(armored)), "import"));
  if (imported.fingerprints.empty()) {
    return make_error(ErrorCode::invalid_argument, "pgp: import: no OpenPGP public key in the data");
  }
  return std::move(imported.fingerprints);
}

namespace {

// Why mail cannot be encrypted to `key` now; empty when it can.
std::string key_problem(const GpgKey& key) {
  gpgme_key_t k = key.get();
  if (k->revoked != 0) {
    return "is revoked";
  }
  if (k->expired != 0) {
    long expires = k->subkeys != nullptr ? k->subkeys->expires : 0;
    if (expires > 0) {
      auto at = util::Timestamp(std::chrono::seconds(expires));
      return "expired on " + util::format_timestamp(at).substr(0, 10);
    }
    return "is expired";
  }
  if (k->disabled != 0) {
    return "is disabled";
  }
  if (k->invalid != 0) {
    return "is invalid";
  }
  if (!key.can_encrypt()) {
    return "cannot encrypt (no usable encryption subkey)";
  }
  return {};
}

Result<std::string> checked_key(GpgContext& ctx, std::string_view spec) {
  auto key = ctx.key(spec, false);
  if (!key) {
    return tl::unexpected(to_error(key.error(), fmt::format("key {}", spec)));
  }
  if (std::string problem = key_problem(*key); !problem.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("the OpenPGP key {} {}", key->fingerprint(), problem));
  }
  return key->fingerprint();
}

}  // namespace

Result<std::string> Gpg::import_encryption_key(std::string_view armored) {
  if (armored.find("-----BEGIN PGP PUBLIC KEY BLOCK-----") == std::string_view::npos) {
    return make_error(ErrorCode::invalid_argument,
                      "not an armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----)");
  }
  TRY_ASSIGN(std::unique_ptr<GpgContext> probe, GpgContext::open_temporary(util::SensitiveString()));
  auto imported = probe->import(GpgData(armored));
  if (!imported || imported->fingerprints.empty()) {
    return make_error(ErrorCode::invalid_argument, "holds no OpenPGP public key GnuPG can read");
  }
  if (imported->fingerprints.size() > 1) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("holds {} keys; give only the one to encrypt to", imported->fingerprints.size()));
  }
  const std::string& fpr = imported->fingerprints.front();
  if (probe->key(fpr, true)) {
    return make_error(ErrorCode::invalid_argument, "holds a secret key; give only the public key");
  }
  TRY(checked_key(*probe, fpr));
  TRY(worded(m_ctx->import(GpgData(armored)), "import"));
  return fpr;
}

Result<std::string> Gpg::encryption_key(std::string_view spec) {
  return checked_key(*m_ctx, spec);
}

bool Gpg::can_encrypt_to(std::string_view fingerprint) {
  auto key = m_ctx->key(fingerprint, false);
  return key && key->can_encrypt();
}

}  // namespace embargo::pgp
