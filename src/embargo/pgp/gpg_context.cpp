#include <embargo/pgp/gpg_context.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

extern char** environ;

namespace embargo::pgp {

tl::unexpected<Error> gpg_failure(ErrorCode code, std::string_view what, gpgme_error_t err) {
  return make_error(code, fmt::format("{}: {}", what, gpgme_strerror(err)));
}

Result<GpgData> GpgData::from_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(ErrorCode::io_error, fmt::format("{}: {}", path.string(), std::strerror(errno)));
  }
  gpgme_data_t data = nullptr;
  gpgme_error_t e = gpgme_data_new_from_fd(&data, fd);
  GpgData d(data, fd);  // closes `fd` on every path
  if (e != 0) {
    return gpg_failure(ErrorCode::io_error, "gpgme data", e);
  }
  return d;
}

void GpgData::reset() {
  if (m_data != nullptr) {
    gpgme_data_release(m_data);
    m_data = nullptr;
  }
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

namespace {

// GPGME's write callback for bounded(): keeps the bytes while they fit.
ssize_t bounded_write(void* handle, const void* buffer, std::size_t size) {
  auto* sink = static_cast<BoundedSink*>(handle);
  if (sink->over || size > sink->limit - sink->bytes.size()) {
    sink->over = true;
    errno = EFBIG;
    return -1;
  }
  sink->bytes.append(static_cast<const char*>(buffer), size);
  return static_cast<ssize_t>(size);
}

// Write-only: no read, seek or release (the sink is owned by the GpgData).
// Never changed; not const only because GPGME takes a non-const pointer.
gpgme_data_cbs k_bounded_cbs = {nullptr, bounded_write, nullptr, nullptr};

}  // namespace

GpgData GpgData::bounded(std::size_t limit) {
  auto sink = std::make_unique<BoundedSink>();
  sink->limit = limit;
  gpgme_data_t data = nullptr;
  if (gpgme_data_new_from_cbs(&data, &k_bounded_cbs, sink.get()) != 0) {
    data = nullptr;  // the operation given it fails with GPG_ERR_INV_VALUE
  }
  GpgData d(data, -1);
  d.m_sink = std::move(sink);
  return d;
}

std::string GpgData::take() {
  if (m_sink != nullptr) {
    std::string out = std::move(m_sink->bytes);
    reset();
    return out;
  }
  std::size_t size = 0;
  char* bytes = gpgme_data_release_and_get_mem(m_data, &size);
  m_data = nullptr;
  std::string out(bytes == nullptr ? "" : std::string(bytes, size));
  gpgme_free(bytes);
  reset();
  return out;
}

std::string GpgKey::user_id() const {
  return m_key->uids != nullptr && m_key->uids->uid != nullptr ? m_key->uids->uid : "";
}

bool GpgKey::can_encrypt() const {
  return m_key->can_encrypt != 0 && m_key->revoked == 0 && m_key->expired == 0 && m_key->disabled == 0 &&
         m_key->invalid == 0;
}

bool GpgKey::can_sign() const {
  return m_key->can_sign != 0 && m_key->revoked == 0 && m_key->expired == 0 && m_key->disabled == 0;
}

// A private GnuPG home in /tmp (mode 0700) holding only imported public
// keys; on destruction the agent it may have started is stopped and the
// directory removed.
class TempGnupgHome {
 public:
  static Result<std::unique_ptr<TempGnupgHome>> create();
  ~TempGnupgHome();
  TempGnupgHome(const TempGnupgHome&) = delete;
  TempGnupgHome& operator=(const TempGnupgHome&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  explicit TempGnupgHome(std::filesystem::path path) : m_path(std::move(path)) {}
  std::filesystem::path m_path;
};

Result<std::unique_ptr<TempGnupgHome>> TempGnupgHome::create() {
  std::string pattern = (std::filesystem::temp_directory_path() / "embargo-gnupg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create a temporary GnuPG home: {}",
                                                       std::generic_category().message(errno)));
  }
  ::chmod(pattern.c_str(), 0700);
  return std::unique_ptr<TempGnupgHome>(new TempGnupgHome(pattern));
}

TempGnupgHome::~TempGnupgHome() {
  // Stop an agent or keyboxd this home may have started; best effort.
  std::string home = m_path.string();
  const char* argv[] = {"gpgconf", "--homedir", home.c_str(), "--kill", "all", nullptr};
  pid_t pid = 0;
  if (::posix_spawnp(&pid, "gpgconf", nullptr, nullptr, const_cast<char* const*>(argv), environ) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

namespace {

// Loopback pinentry: answers once with the passphrase; a second ask for the
// same key means it was wrong.
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

// `key`, owned, or why there is none.
Gpgme<GpgKey> found(gpgme_error_t err, gpgme_key_t key) {
  GpgKey owned(key);
  if (err != 0 || key == nullptr) {
    return tl::make_unexpected(err != 0 ? err : gpgme_error(GPG_ERR_EOF));
  }
  return owned;
}

}  // namespace

Result<std::unique_ptr<GpgContext>> GpgContext::open_temporary(util::SensitiveString passphrase) {
  TRY_ASSIGN(std::unique_ptr<TempGnupgHome> temp, TempGnupgHome::create());
  TRY_ASSIGN(std::unique_ptr<GpgContext> c, open(temp->path(), std::move(passphrase)));
  c->m_temp_home = std::move(temp);
  return c;
}

Result<std::unique_ptr<GpgContext>> GpgContext::open(const std::filesystem::path& home,
                                                     util::SensitiveString passphrase) {
  static const char* version = gpgme_check_version(nullptr);
  if (version == nullptr) {
    return make_error(ErrorCode::io_error, "gpgme: library initialisation failed");
  }
  if (gpgme_error_t e = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP); e != 0) {
    return gpg_failure(ErrorCode::io_error, "GnuPG (gpg) is not installed or too old", e);
  }
  std::unique_ptr<GpgContext> c(new GpgContext());
  c->m_passphrase = std::move(passphrase);
  if (gpgme_error_t e = gpgme_new(&c->m_ctx); e != 0) {
    return gpg_failure(ErrorCode::io_error, "gpgme context", e);
  }
  if (!home.empty()) {
    if (gpgme_error_t e = gpgme_ctx_set_engine_info(c->m_ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str()); e != 0) {
      return gpg_failure(ErrorCode::io_error, fmt::format("GnuPG home {}", home.string()), e);
    }
  }
  gpgme_set_armor(c->m_ctx, 1);
  gpgme_set_offline(c->m_ctx, 1);
  bool loopback = !c->m_passphrase.empty();
  if (gpgme_error_t e = gpgme_set_pinentry_mode(c->m_ctx, loopback ? GPGME_PINENTRY_MODE_LOOPBACK
                                                                   : GPGME_PINENTRY_MODE_CANCEL);
      e != 0) {
    return gpg_failure(ErrorCode::io_error, "pinentry mode", e);
  }
  if (loopback) {
    gpgme_set_passphrase_cb(c->m_ctx, passphrase_cb, &c->m_passphrase);
  }
  return c;
}

GpgContext::~GpgContext() {
  if (m_ctx != nullptr) {
    gpgme_release(m_ctx);
  }
  m_temp_home.reset();  // after the context: stops the agent it used
}

Gpgme<GpgKey> GpgContext::key(std::string_view spec, bool secret) {
  gpgme_key_t key = nullptr;
  gpgme_error_t err = gpgme_get_key(m_ctx, std::string(spec).c_str(), &key, secret ? 1 : 0);
  return found(err, key);
}

Gpgme<GpgKey> GpgContext::first_secret_key() {
  gpgme_key_t key = nullptr;
  gpgme_error_t err = gpgme_op_keylist_start(m_ctx, nullptr, 1);
  if (err == 0) {
    err = gpgme_op_keylist_next(m_ctx, &key);
    gpgme_op_keylist_end(m_ctx);
  }
  return found(err, key);
}

gpgme_error_t GpgContext::use_signer(const GpgKey& key) {
  gpgme_signers_clear(m_ctx);
  return gpgme_signers_add(m_ctx, key.get());
}

Gpgme<Signed> GpgContext::sign(const GpgData& text, gpgme_sig_mode_t mode) {
  GpgData out = GpgData::buffer();
  if (gpgme_error_t err = gpgme_op_sign(m_ctx, text.get(), out.get(), mode); err != 0) {
    return tl::make_unexpected(err);
  }
  Signed s;
  gpgme_sign_result_t r = gpgme_op_sign_result(m_ctx);
  s.made = r != nullptr && r->signatures != nullptr && r->invalid_signers == nullptr;
  const char* hash = r != nullptr && r->signatures != nullptr ? gpgme_hash_algo_name(r->signatures->hash_algo) : nullptr;
  s.hash = hash == nullptr ? "" : hash;
  s.armored = out.take();
  return s;
}

Gpgme<std::string> GpgContext::encrypt_sign(const std::vector<GpgKey>& recipients, const GpgData& data) {
  std::vector<gpgme_key_t> keys;
  for (const GpgKey& k : recipients) {
    keys.push_back(k.get());
  }
  keys.push_back(nullptr);
  GpgData out = GpgData::buffer();
  gpgme_error_t err = gpgme_op_encrypt_sign(m_ctx, keys.data(), GPGME_ENCRYPT_ALWAYS_TRUST, data.get(), out.get());
  if (err != 0) {
    return tl::make_unexpected(err);
  }
  return out.take();
}

gpgme_error_t GpgContext::verify(const GpgData& signature, const GpgData* signed_text, GpgData* plain) {
  return gpgme_op_verify(m_ctx, signature.get(), signed_text == nullptr ? nullptr : signed_text->get(),
                         plain == nullptr ? nullptr : plain->get());
}

Gpgme<std::string> GpgContext::decrypt_verify(const GpgData& ciphertext, std::size_t max_plaintext) {
  GpgData out = GpgData::bounded(max_plaintext);
  gpgme_error_t err = gpgme_op_decrypt_verify(m_ctx, ciphertext.get(), out.get());
  if (out.over_limit()) {
    return tl::make_unexpected(gpgme_error(GPG_ERR_TOO_LARGE));
  }
  if (err != 0) {
    return tl::make_unexpected(err);
  }
  return out.take();
}

std::optional<SignatureInfo> GpgContext::first_signature() {
  gpgme_verify_result_t r = gpgme_op_verify_result(m_ctx);
  if (r == nullptr || r->signatures == nullptr) {
    return std::nullopt;
  }
  gpgme_signature_t s = r->signatures;
  return SignatureInfo{s->status, s->summary, s->fpr == nullptr ? "" : s->fpr};
}

Gpgme<Imported> GpgContext::import(const GpgData& keys) {
  if (gpgme_error_t err = gpgme_op_import(m_ctx, keys.get()); err != 0) {
    return tl::make_unexpected(err);
  }
  Imported out;
  gpgme_import_result_t r = gpgme_op_import_result(m_ctx);
  if (r == nullptr) {
    return out;
  }
  out.count = r->imported + r->unchanged;
  for (gpgme_import_status_t i = r->imports; i != nullptr; i = i->next) {
    if (i->result == 0 && i->fpr != nullptr &&
        std::find(out.fingerprints.begin(), out.fingerprints.end(), i->fpr) == out.fingerprints.end()) {
      out.fingerprints.emplace_back(i->fpr);
    }
  }
  return out;
}

Gpgme<std::string> GpgContext::create_key(std::string_view user_id) {
  unsigned flags = GPGME_CREATE_SIGN | GPGME_CREATE_NOEXPIRE | (m_passphrase.empty() ? GPGME_CREATE_NOPASSWD : 0);
  if (gpgme_error_t err = gpgme_op_createkey(m_ctx, std::string(user_id).c_str(), "ed25519", 0, 0, nullptr, flags);
      err != 0) {
    return tl::make_unexpected(err);
  }
  gpgme_genkey_result_t made = gpgme_op_genkey_result(m_ctx);
  if (made == nullptr || made->fpr == nullptr) {
    return tl::make_unexpected(gpgme_error(GPG_ERR_GENERAL));
  }
  std::string fpr = made->fpr;
  TRY_ASSIGN(GpgKey key, this->key(fpr, true));
  flags = GPGME_CREATE_ENCR | GPGME_CREATE_NOEXPIRE | (m_passphrase.empty() ? GPGME_CREATE_NOPASSWD : 0);
  if (gpgme_error_t err = gpgme_op_createsubkey(m_ctx, key.get(), "cv25519", 0, 0, flags); err != 0) {
    return tl::make_unexpected(err);
  }
  return fpr;
}

}  // namespace embargo::pgp
