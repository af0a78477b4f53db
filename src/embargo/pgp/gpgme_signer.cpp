#include <fmt/format.h>

#include <embargo/pgp/gpg_context.hpp>
#include <embargo/pgp/gpgme_signer.hpp>

namespace embargo::pgp {

namespace {

// Why a signature that GnuPG checked is not good, in words; empty when good.
// `key`: the signing key, when the keyring has it.
std::string problem_of(const SignatureInfo& sig, const Gpgme<GpgKey>& key) {
  std::string who = sig.fingerprint.empty() ? std::string("an unknown key") : fmt::format("key {}", sig.fingerprint);
  if (key && !key->user_id().empty()) {
    who += fmt::format(" ({})", key->user_id());
  }
  switch (gpgme_err_code(sig.status)) {
    case GPG_ERR_NO_ERROR:
      if ((sig.summary & (GPGME_SIGSUM_KEY_REVOKED | GPGME_SIGSUM_KEY_EXPIRED | GPGME_SIGSUM_SIG_EXPIRED)) != 0) {
        return fmt::format("made by {}, which is revoked or expired", who);
      }
      return "";
    case GPG_ERR_NO_PUBKEY:
      return fmt::format("made by unknown key {} (not in the maintainers' keyring)", sig.fingerprint);
    case GPG_ERR_BAD_SIGNATURE:
      return fmt::format("BAD signature claiming {} (the signed data was changed)", who);
    default:
      return fmt::format("signature by {}: {}", who, gpgme_strerror(sig.status));
  }
}

}  // namespace

GpgmeSigner::GpgmeSigner(SignerOptions options) : m_options(std::move(options)) {}

GpgmeSigner::~GpgmeSigner() = default;

Result<std::unique_ptr<GpgmeSigner>> GpgmeSigner::open(SignerOptions options) {
  std::unique_ptr<GpgmeSigner> s(new GpgmeSigner(std::move(options)));
  util::SensitiveString passphrase = std::move(s->m_options.passphrase);
  if (s->m_options.keyring.empty()) {
    TRY_ASSIGN(s->m_ctx, GpgContext::open(s->m_options.home, std::move(passphrase)));
  } else {
    TRY_ASSIGN(s->m_ctx, GpgContext::open_temporary(std::move(passphrase)));
    TRY(s->import_keyring());
  }
  return s;
}

Result<void> GpgmeSigner::import_keyring() {
  const auto& path = m_options.keyring;
  auto data = GpgData::from_file(path);
  if (!data) {
    return make_error(ErrorCode::not_found, "keyring " + data.error().message());
  }
  auto imported = m_ctx->import(*data);
  if (!imported) {
    return gpg_failure(ErrorCode::invalid_argument, fmt::format("keyring {}", path.string()), imported.error());
  }
  if (imported->count == 0) {
    return make_error(ErrorCode::invalid_argument, fmt::format("keyring {}: holds no OpenPGP keys", path.string()));
  }
  return {};
}

Result<core::release::SignatureCheck> GpgmeSigner::check(const GpgData& signature, const GpgData& signed_text) {
  gpgme_error_t e = m_ctx->verify(signature, &signed_text, nullptr);
  core::release::SignatureCheck out;
  if (e != 0 && gpgme_err_code(e) != GPG_ERR_BAD_SIGNATURE) {
    out.problem = fmt::format("not a usable OpenPGP signature ({})", gpgme_strerror(e));
    return out;
  }
  std::optional<SignatureInfo> sig = m_ctx->first_signature();
  if (!sig) {
    out.problem = "no signature found";
    return out;
  }
  out.fingerprint = sig->fingerprint;
  Gpgme<GpgKey> key = m_ctx->key(sig->fingerprint, false);
  out.problem = problem_of(*sig, key);
  out.good = out.problem.empty();
  if (out.good && key) {
    out.fingerprint = key->fingerprint().empty() ? out.fingerprint : key->fingerprint();
    out.user_id = key->user_id();
  }
  return out;
}

Result<core::release::SignatureCheck> GpgmeSigner::verify_detached(std::string_view data, std::string_view signature) {
  return check(GpgData(signature), GpgData(data));
}

Result<core::release::SignatureCheck> GpgmeSigner::verify_file(const std::filesystem::path& file,
                                                               std::string_view signature) {
  auto text = GpgData::from_file(file);
  if (!text) {
    return make_error(ErrorCode::io_error, "cannot open " + text.error().message());
  }
  return check(GpgData(signature), *text);
}

Result<void> GpgmeSigner::select_signing_key() {
  const std::string& wanted = m_options.signing_key;
  auto key = wanted.empty() ? m_ctx->first_secret_key() : m_ctx->key(wanted, true);
  if (!key) {
    return make_error(ErrorCode::not_found,
                      wanted.empty() ? std::string("no secret key to sign with in the GnuPG home (give --sign-key)")
                                     : fmt::format("signing key {} not found among the secret keys", wanted));
  }
  if (!key->can_sign()) {
    return make_error(ErrorCode::unauthorized,
                      fmt::format("signing key {} cannot sign (revoked, expired, disabled or not a signing key)",
                                  key->fingerprint()));
  }
  if (gpgme_error_t add = m_ctx->use_signer(*key); add != 0) {
    return gpg_failure(ErrorCode::io_error, "signing key", add);
  }
  m_fingerprint = key->fingerprint();
  return {};
}

Result<std::string> GpgmeSigner::sign_file(const std::filesystem::path& file) {
  if (m_fingerprint.empty()) {
    TRY(select_signing_key());
  }
  auto text = GpgData::from_file(file);
  if (!text) {
    return make_error(ErrorCode::io_error, "cannot open " + text.error().message());
  }
  return sign_data(*text, file.filename().string());
}

Result<void> GpgmeSigner::prepare_signing() {
  if (m_fingerprint.empty()) {
    TRY(select_signing_key());
  }
  static constexpr std::string_view k_trial = "embargo: trial signature before a release build\n";
  TRY(sign_data(GpgData(k_trial), "a trial text"));
  return {};
}

Result<std::string> GpgmeSigner::sign_data(const GpgData& text, const std::string& what) {
  auto sig = m_ctx->sign(text, GPGME_SIG_MODE_DETACH);
  switch (gpgme_err_code(sig ? 0 : sig.error())) {
    case GPG_ERR_NO_ERROR:
      break;
    case GPG_ERR_CANCELED:
    case GPG_ERR_NO_PIN:
    case GPG_ERR_NO_PASSPHRASE:
    case GPG_ERR_NO_PIN_ENTRY:
      return make_error(
          ErrorCode::unauthorized,
          fmt::format("signing key {} needs a passphrase; give it with --passphrase-file", m_fingerprint));
    case GPG_ERR_BAD_PASSPHRASE:
      return make_error(ErrorCode::unauthorized, fmt::format("wrong passphrase for signing key {}", m_fingerprint));
    default:
      return gpg_failure(ErrorCode::io_error, fmt::format("signing {} with key {}", what, m_fingerprint), sig.error());
  }
  if (!sig->made) {
    return make_error(ErrorCode::unauthorized, fmt::format("GnuPG made no signature with key {}", m_fingerprint));
  }
  return std::move(sig->armored);
}

}  // namespace embargo::pgp
