#include <algorithm>
#include <cstring>
#include <mutex>

#include <fmt/format.h>
#include <gpgme.h>

#include <embargo/pgp/gpg.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::pgp {

namespace {

std::string gpg_message(gpgme_error_t err) {
  return gpgme_strerror(err);
}

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
  return Error(code, fmt::format("pgp: {}: {}", what, gpg_message(err)));
}

// A gpgme_data_t that releases itself.
class Data {
 public:
  Data() { gpgme_data_new(&m_data); }
  explicit Data(std::string_view bytes) { gpgme_data_new_from_mem(&m_data, bytes.data(), bytes.size(), 0); }
  Data(const Data&) = delete;
  Data& operator=(const Data&) = delete;
  ~Data() {
    if (m_data != nullptr) {
      gpgme_data_release(m_data);
    }
  }
  gpgme_data_t get() const { return m_data; }
  std::string take() {
    std::size_t size = 0;
    char* mem = gpgme_data_release_and_get_mem(m_data, &size);
    m_data = nullptr;
    std::string out(mem == nullptr ? "" : std::string(mem, size));
    gpgme_free(mem);
    return out;
  }

 private:
  gpgme_data_t m_data = nullptr;
};

// A key reference that releases itself.
struct KeyRef {
  gpgme_key_t key = nullptr;
  KeyRef() = default;
  KeyRef(const KeyRef&) = delete;
  KeyRef& operator=(const KeyRef&) = delete;
  KeyRef(KeyRef&& o) noexcept : key(o.key) { o.key = nullptr; }
  ~KeyRef() {
    if (key != nullptr) {
      gpgme_key_unref(key);
    }
  }
};

SignatureCheck check_of(gpgme_ctx_t ctx) {
  SignatureCheck check;
  gpgme_verify_result_t result = gpgme_op_verify_result(ctx);
  if (result == nullptr || result->signatures == nullptr) {
    return check;
  }
  gpgme_signature_t sig = result->signatures;
  check.fingerprint = sig->fpr == nullptr ? "" : sig->fpr;
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

gpgme_error_t passphrase_cb(void* hook, const char*, const char*, int prev_was_bad, int fd) {
  const auto* passphrase = static_cast<const util::SensitiveString*>(hook);
  if (prev_was_bad != 0 || passphrase->empty()) {
    return gpgme_error(GPG_ERR_BAD_PASSPHRASE);
  }
  std::string_view p = passphrase->view();
  if (gpgme_io_writen(fd, p.data(), p.size()) != 0 || gpgme_io_writen(fd, "\n", 1) != 0) {
    return gpgme_error(GPG_ERR_CANCELED);
  }
  return 0;
}

}  // namespace

struct Gpg::Impl {
  gpgme_ctx_t ctx = nullptr;
  util::SensitiveString passphrase;
  ~Impl() {
    if (ctx != nullptr) {
      gpgme_release(ctx);
    }
  }

  Result<KeyRef> key(std::string_view spec, bool secret) {
    KeyRef ref;
    std::string s(spec);
    gpgme_error_t err = gpgme_get_key(ctx, s.c_str(), &ref.key, secret ? 1 : 0);
    if (err != 0 || ref.key == nullptr) {
      return make_error(ErrorCode::not_found,
                        fmt::format("pgp: no {} key {} in the keyring", secret ? "secret" : "public", spec));
    }
    return ref;
  }

  Result<void> set_signer(std::string_view signer) {
    TRY_ASSIGN(KeyRef k, key(signer, true));
    gpgme_signers_clear(ctx);
    gpgme_error_t err = gpgme_signers_add(ctx, k.key);
    return err == 0 ? Result<void>{} : tl::unexpected(to_error(err, "signer"));
  }
};

Gpg::Gpg(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Gpg::Gpg(Gpg&&) noexcept = default;
Gpg& Gpg::operator=(Gpg&&) noexcept = default;
Gpg::~Gpg() = default;

Result<Gpg> Gpg::open(const std::filesystem::path& home, util::SensitiveString passphrase) {
  static std::once_flag once;
  std::call_once(once, [] { gpgme_check_version(nullptr); });
  if (!std::filesystem::is_directory(home)) {
    return make_error(ErrorCode::not_found, fmt::format("pgp: GnuPG home {} does not exist", home.string()));
  }
  auto impl = std::make_unique<Impl>();
  impl->passphrase = std::move(passphrase);
  gpgme_error_t err = gpgme_new(&impl->ctx);
  if (err == 0) {
    err = gpgme_ctx_set_engine_info(impl->ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str());
  }
  if (err == 0) {
    err = gpgme_set_pinentry_mode(impl->ctx, GPGME_PINENTRY_MODE_LOOPBACK);
  }
  if (err != 0) {
    return tl::unexpected(to_error(err, "cannot start GnuPG"));
  }
  gpgme_set_armor(impl->ctx, 1);
  gpgme_set_passphrase_cb(impl->ctx, passphrase_cb, &impl->passphrase);
  return Gpg(std::move(impl));
}

Result<Decrypted> Gpg::decrypt_verify(std::string_view ciphertext) {
  Data in(ciphertext);
  Data out;
  gpgme_error_t err = gpgme_op_decrypt_verify(m_impl->ctx, in.get(), out.get());
  if (err != 0) {
    return tl::unexpected(to_error(err, "decrypt"));
  }
  Decrypted result;
  result.signature = check_of(m_impl->ctx);
  result.plaintext = out.take();
  return result;
}

Result<SignatureCheck> Gpg::verify_detached(std::string_view data, std::string_view signature) {
  Data sig(signature);
  Data signed_text(data);
  gpgme_error_t err = gpgme_op_verify(m_impl->ctx, sig.get(), signed_text.get(), nullptr);
  if (err != 0) {
    return tl::unexpected(to_error(err, "verify"));
  }
  return check_of(m_impl->ctx);
}

Result<SignatureCheck> Gpg::verify_clearsigned(std::string_view text, std::string& plaintext) {
  Data in(text);
  Data out;
  gpgme_error_t err = gpgme_op_verify(m_impl->ctx, in.get(), nullptr, out.get());
  if (err != 0) {
    return tl::unexpected(to_error(err, "verify"));
  }
  SignatureCheck check = check_of(m_impl->ctx);
  plaintext = out.take();
  return check;
}

Result<DetachedSignature> Gpg::sign_detached(std::string_view data, std::string_view signer) {
  TRY(m_impl->set_signer(signer));
  Data in(data);
  Data out;
  gpgme_error_t err = gpgme_op_sign(m_impl->ctx, in.get(), out.get(), GPGME_SIG_MODE_DETACH);
  if (err != 0) {
    return tl::unexpected(to_error(err, "sign"));
  }
  DetachedSignature sig;
  gpgme_sign_result_t result = gpgme_op_sign_result(m_impl->ctx);
  const char* hash = result != nullptr && result->signatures != nullptr
                         ? gpgme_hash_algo_name(result->signatures->hash_algo)
                         : nullptr;
  sig.micalg = "pgp-" + util::to_lower(hash == nullptr ? "sha256" : hash);
  sig.armored = out.take();
  return sig;
}

Result<std::string> Gpg::clearsign(std::string_view text, std::string_view signer) {
  TRY(m_impl->set_signer(signer));
  Data in(text);
  Data out;
  gpgme_error_t err = gpgme_op_sign(m_impl->ctx, in.get(), out.get(), GPGME_SIG_MODE_CLEAR);
  if (err != 0) {
    return tl::unexpected(to_error(err, "clearsign"));
  }
  return out.take();
}

Result<std::string> Gpg::encrypt_sign(std::string_view data, const std::vector<std::string>& recipients,
                                      std::string_view signer) {
  if (recipients.empty()) {
    return make_error(ErrorCode::invalid_argument, "pgp: encrypt: no recipient keys");
  }
  TRY(m_impl->set_signer(signer));
  std::vector<KeyRef> refs;
  std::vector<gpgme_key_t> keys;
  for (const auto& r : recipients) {
    TRY_ASSIGN(KeyRef k, m_impl->key(r, false));
    keys.push_back(k.key);
    refs.push_back(std::move(k));
  }
  keys.push_back(nullptr);
  Data in(data);
  Data out;
  gpgme_error_t err = gpgme_op_encrypt_sign(m_impl->ctx, keys.data(), GPGME_ENCRYPT_ALWAYS_TRUST, in.get(), out.get());
  if (err != 0) {
    return tl::unexpected(to_error(err, "encrypt"));
  }
  return out.take();
}

Result<std::string> Gpg::fingerprint(std::string_view spec, bool secret) {
  TRY_ASSIGN(KeyRef k, m_impl->key(spec, secret));
  return std::string(k.key->fpr == nullptr ? "" : k.key->fpr);
}

Result<std::vector<std::string>> Gpg::import_keys(std::string_view armored) {
  Data in(armored);
  gpgme_error_t err = gpgme_op_import(m_impl->ctx, in.get());
  if (err != 0) {
    return tl::unexpected(to_error(err, "import"));
  }
  gpgme_import_result_t result = gpgme_op_import_result(m_impl->ctx);
  std::vector<std::string> out;
  for (gpgme_import_status_t i = result == nullptr ? nullptr : result->imports; i != nullptr; i = i->next) {
    if (i->result == 0 && i->fpr != nullptr &&
        std::find(out.begin(), out.end(), std::string(i->fpr)) == out.end()) {
      out.emplace_back(i->fpr);
    }
  }
  if (out.empty()) {
    return make_error(ErrorCode::invalid_argument, "pgp: import: no OpenPGP public key in the data");
  }
  return out;
}

bool Gpg::can_encrypt_to(std::string_view fingerprint) {
  auto k = m_impl->key(fingerprint, false);
  if (!k) {
    return false;
  }
  gpgme_key_t key = k->key;
  return key->can_encrypt != 0 && key->revoked == 0 && key->expired == 0 && key->disabled == 0 && key->invalid == 0;
}

}  // namespace embargo::pgp
