#include <fmt/format.h>

#include <embargo/pgp/gpg_context.hpp>
#include <embargo/pgp/key_maker.hpp>

namespace embargo::pgp {

namespace {

// A context on `home` that never asks for a passphrase.
class RawContext {
 public:
  ~RawContext() {
    if (m_ctx != nullptr) {
      gpgme_release(m_ctx);
    }
  }
  Result<void> open(const std::filesystem::path& home) {
    if (gpgme_check_version(nullptr) == nullptr) {
      return make_error(ErrorCode::io_error, "gpgme: library initialisation failed");
    }
    if (gpgme_error_t e = gpgme_new(&m_ctx); e != 0) {
      return gpg_failure(ErrorCode::io_error, "gpgme context", e);
    }
    if (gpgme_error_t e = gpgme_ctx_set_engine_info(m_ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str()); e != 0) {
      return gpg_failure(ErrorCode::io_error, fmt::format("GnuPG home {}", home.string()), e);
    }
    gpgme_set_armor(m_ctx, 1);
    gpgme_set_offline(m_ctx, 1);
    gpgme_set_pinentry_mode(m_ctx, GPGME_PINENTRY_MODE_LOOPBACK);
    return {};
  }
  gpgme_ctx_t get() const { return m_ctx; }

 private:
  gpgme_ctx_t m_ctx = nullptr;
};

constexpr unsigned k_no_passphrase = GPGME_CREATE_NOPASSWD | GPGME_CREATE_NOEXPIRE | GPGME_CREATE_FORCE;

}  // namespace

Result<std::string> create_key(const std::filesystem::path& home, std::string_view user_id, bool encryption_subkey) {
  RawContext c;
  TRY(c.open(home));
  std::string uid(user_id);
  if (gpgme_error_t e = gpgme_op_createkey(c.get(), uid.c_str(), "ed25519", 0, 0, nullptr,
                                           GPGME_CREATE_SIGN | GPGME_CREATE_CERT | k_no_passphrase);
      e != 0) {
    return gpg_failure(ErrorCode::io_error, fmt::format("making the key of {}", uid), e);
  }
  gpgme_genkey_result_t made = gpgme_op_genkey_result(c.get());
  if (made == nullptr || made->fpr == nullptr) {
    return make_error(ErrorCode::io_error, fmt::format("making the key of {}: GnuPG gave no fingerprint", uid));
  }
  std::string fingerprint = made->fpr;
  if (encryption_subkey) {
    gpgme_key_t key = nullptr;
    if (gpgme_error_t e = gpgme_get_key(c.get(), fingerprint.c_str(), &key, 1); e != 0) {
      return gpg_failure(ErrorCode::io_error, fmt::format("the new key of {}", uid), e);
    }
    GpgKey held(key);
    if (gpgme_error_t e = gpgme_op_createsubkey(c.get(), key, "cv25519", 0, 0, GPGME_CREATE_ENCR | k_no_passphrase);
        e != 0) {
      return gpg_failure(ErrorCode::io_error, fmt::format("the encryption subkey of {}", uid), e);
    }
  }
  return fingerprint;
}

Result<std::string> export_public_key(const std::filesystem::path& home, std::string_view fingerprint) {
  RawContext c;
  TRY(c.open(home));
  GpgData out = GpgData::buffer();
  std::string pattern(fingerprint);
  if (gpgme_error_t e = gpgme_op_export(c.get(), pattern.c_str(), 0, out.get()); e != 0) {
    return gpg_failure(ErrorCode::io_error, fmt::format("exporting {}", pattern), e);
  }
  std::string armored = out.take();
  if (armored.empty()) {
    return make_error(ErrorCode::not_found, fmt::format("no public key {} in {}", pattern, home.string()));
  }
  return armored;
}

}  // namespace embargo::pgp
