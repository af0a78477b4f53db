#include <embargo/pgp/gpgme_signer.hpp>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace embargo::pgp {

using core::release::SignatureCheck;

namespace {

// An open file for GPGME to read, closed at scope exit.
class InFile {
 public:
  explicit InFile(const std::filesystem::path& path) : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~InFile() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  InFile(const InFile&) = delete;
  InFile& operator=(const InFile&) = delete;
  int fd() const { return m_fd; }

 private:
  int m_fd;
};

gpgme_error_t passphrase_cb(void* hook, const char* /*uid_hint*/, const char* /*info*/, int prev_was_bad, int fd) {
  if (prev_was_bad != 0) {
    return gpgme_error(GPG_ERR_BAD_PASSPHRASE);
  }
  const auto* secret = static_cast<const util::SensitiveString*>(hook);
  std::string_view p = secret->view();
  if (gpgme_io_writen(fd, p.data(), p.size()) != 0 || gpgme_io_writen(fd, "\n", 1) != 0) {
    return gpgme_error(GPG_ERR_CANCELED);
  }
  return 0;
}

std::string describe_key(gpgme_ctx_t ctx, const char* fpr) {
  if (fpr == nullptr) {
    return "an unknown key";
  }
  gpgme_key_t key = nullptr;
  if (gpgme_get_key(ctx, fpr, &key, 0) == 0 && key != nullptr) {
    GpgKey owned(key);
    if (key->uids != nullptr && key->uids->uid != nullptr) {
      return fmt::format("key {} ({})", fpr, key->uids->uid);
    }
  }
  return fmt::format("key {}", fpr);
}

}  // namespace

Result<std::unique_ptr<GpgmeSigner>> GpgmeSigner::open(SignerOptions options) {
  std::unique_ptr<GpgmeSigner> s(new GpgmeSigner(std::move(options)));
  std::filesystem::path home = s->m_options.home;
  if (!s->m_options.keyring.empty()) {
    TRY_ASSIGN(s->m_temp_home, TempGnupgHome::create());
    home = s->m_temp_home->path();
  }
  TRY_ASSIGN(GpgContext ctx, GpgContext::create(home));
  s->m_ctx.emplace(std::move(ctx));
  gpgme_ctx_t c = s->m_ctx->get();
  gpgme_set_armor(c, 1);
  gpgme_set_offline(c, 1);
  if (!s->m_options.passphrase.empty()) {
    gpgme_set_pinentry_mode(c, GPGME_PINENTRY_MODE_LOOPBACK);
    gpgme_set_passphrase_cb(c, passphrase_cb, &s->m_options.passphrase);
  } else {
    gpgme_set_pinentry_mode(c, GPGME_PINENTRY_MODE_CANCEL);
  }
  if (!s->m_options.keyring.empty()) {
    TRY(s->import_keyring());
  }
  return s;
}

GpgmeSigner::~GpgmeSigner() {
  m_ctx.reset();  // before the temporary home goes
}

Result<void> GpgmeSigner::import_keyring() {
  const auto& path = m_options.keyring;
  InFile in(path);
  if (in.fd() < 0) {
    return make_error(ErrorCode::not_found, fmt::format("keyring {}: {}", path.string(), std::strerror(errno)));
  }
  TRY_ASSIGN(GpgData data, GpgData::from_fd(in.fd()));
  if (gpgme_error_t e = gpgme_op_import(m_ctx->get(), data.get()); e != 0) {
    return gpg_failure(ErrorCode::invalid_argument, fmt::format("keyring {}", path.string()), e);
  }
  gpgme_import_result_t r = gpgme_op_import_result(m_ctx->get());
  if (r == nullptr || r->imported + r->unchanged == 0) {
    return make_error(ErrorCode::invalid_argument, fmt::format("keyring {}: holds no OpenPGP keys", path.string()));
  }
  return {};
}

Result<SignatureCheck> GpgmeSigner::check(GpgData& signature, GpgData& signed_text) {
  gpgme_ctx_t c = m_ctx->get();
  gpgme_error_t e = gpgme_op_verify(c, signature.get(), signed_text.get(), nullptr);
  SignatureCheck out;
  if (e != 0 && gpgme_err_code(e) != GPG_ERR_BAD_SIGNATURE) {
    out.problem = fmt::format("not a usable OpenPGP signature ({})", gpgme_strerror(e));
    return out;
  }
  gpgme_verify_result_t r = gpgme_op_verify_result(c);
  if (r == nullptr || r->signatures == nullptr) {
    out.problem = "no signature found";
    return out;
  }
  gpgme_signature_t s = r->signatures;
  out.fingerprint = s->fpr != nullptr ? s->fpr : "";
  std::string who = describe_key(c, s->fpr);
  switch (gpgme_err_code(s->status)) {
    case GPG_ERR_NO_ERROR:
      if ((s->summary & (GPGME_SIGSUM_KEY_REVOKED | GPGME_SIGSUM_KEY_EXPIRED | GPGME_SIGSUM_SIG_EXPIRED)) != 0) {
        out.problem = fmt::format("made by {}, which is revoked or expired", who);
        return out;
      }
      out.good = true;
      break;
    case GPG_ERR_NO_PUBKEY:
      out.problem = fmt::format("made by unknown key {} (not in the maintainers' keyring)", out.fingerprint);
      return out;
    case GPG_ERR_BAD_SIGNATURE:
      out.problem = fmt::format("BAD signature claiming {} (the signed data was changed)", who);
      return out;
    default:
      out.problem = fmt::format("signature by {}: {}", who, gpgme_strerror(s->status));
      return out;
  }
  gpgme_key_t key = nullptr;
  if (gpgme_get_key(c, s->fpr, &key, 0) == 0 && key != nullptr) {
    GpgKey owned(key);
    out.fingerprint = key->fpr != nullptr ? key->fpr : out.fingerprint;
    if (key->uids != nullptr && key->uids->uid != nullptr) {
      out.user_id = key->uids->uid;
    }
  }
  return out;
}

Result<SignatureCheck> GpgmeSigner::verify_detached(std::string_view data, std::string_view signature) {
  TRY_ASSIGN(GpgData sig, GpgData::view(signature));
  TRY_ASSIGN(GpgData text, GpgData::view(data));
  return check(sig, text);
}

Result<SignatureCheck> GpgmeSigner::verify_file(const std::filesystem::path& file, std::string_view signature) {
  InFile in(file);
  if (in.fd() < 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
  }
  TRY_ASSIGN(GpgData sig, GpgData::view(signature));
  TRY_ASSIGN(GpgData text, GpgData::from_fd(in.fd()));
  return check(sig, text);
}

Result<void> GpgmeSigner::select_signing_key() {
  gpgme_ctx_t c = m_ctx->get();
  gpgme_key_t key = nullptr;
  const std::string& wanted = m_options.signing_key;
  gpgme_error_t e = 0;
  if (!wanted.empty()) {
    e = gpgme_get_key(c, wanted.c_str(), &key, 1);
  } else {
    e = gpgme_op_keylist_start(c, nullptr, 1);
    if (e == 0) {
      e = gpgme_op_keylist_next(c, &key);
      gpgme_op_keylist_end(c);
    }
  }
  if (e != 0 || key == nullptr) {
    return make_error(ErrorCode::not_found,
                      wanted.empty() ? std::string("no secret key to sign with in the GnuPG home (give --sign-key)")
                                     : fmt::format("signing key {} not found among the secret keys", wanted));
  }
  GpgKey owned(key);
  if (key->revoked || key->expired || key->disabled || !key->can_sign) {
    return make_error(ErrorCode::unauthorized,
                      fmt::format("signing key {} cannot sign (revoked, expired, disabled or not a signing key)",
                                  key->fpr));
  }
  gpgme_signers_clear(c);
  if (gpgme_error_t add = gpgme_signers_add(c, key); add != 0) {
    return gpg_failure(ErrorCode::io_error, "signing key", add);
  }
  m_fingerprint = key->fpr;
  return {};
}

Result<std::string> GpgmeSigner::sign_file(const std::filesystem::path& file) {
  if (m_fingerprint.empty()) {
    TRY(select_signing_key());
  }
  InFile in(file);
  if (in.fd() < 0) {
    return make_error(ErrorCode::io_error, fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
  }
  TRY_ASSIGN(GpgData text, GpgData::from_fd(in.fd()));
  return sign_data(text, file.filename().string());
}

Result<void> GpgmeSigner::prepare_signing() {
  if (m_fingerprint.empty()) {
    TRY(select_signing_key());
  }
  static constexpr std::string_view k_trial = "embargo: trial signature before a release build\n";
  TRY_ASSIGN(GpgData text, GpgData::view(k_trial));
  TRY(sign_data(text, "a trial text"));
  return {};
}

Result<std::string> GpgmeSigner::sign_data(GpgData& text, const std::string& what) {
  TRY_ASSIGN(GpgData sig, GpgData::empty());
  gpgme_error_t e = gpgme_op_sign(m_ctx->get(), text.get(), sig.get(), GPGME_SIG_MODE_DETACH);
  switch (gpgme_err_code(e)) {
    case GPG_ERR_NO_ERROR:
      break;
    case GPG_ERR_CANCELED:
    case GPG_ERR_NO_PIN:
    case GPG_ERR_NO_PASSPHRASE:
    case GPG_ERR_NO_PIN_ENTRY:
      return make_error(ErrorCode::unauthorized,
                        fmt::format("signing key {} needs a passphrase; give it with --passphrase-file",
                                    m_fingerprint));
    case GPG_ERR_BAD_PASSPHRASE:
      return make_error(ErrorCode::unauthorized, fmt::format("wrong passphrase for signing key {}", m_fingerprint));
    default:
      return gpg_failure(ErrorCode::io_error, fmt::format("signing {} with key {}", what, m_fingerprint), e);
  }
  gpgme_sign_result_t r = gpgme_op_sign_result(m_ctx->get());
  if (r == nullptr || r->signatures == nullptr || r->invalid_signers != nullptr) {
    return make_error(ErrorCode::unauthorized, fmt::format("GnuPG made no signature with key {}", m_fingerprint));
  }
  return sig.take();
}

}  // namespace embargo::pgp
