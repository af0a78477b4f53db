#pragma once

// The one RAII layer over GPGME's C API (internal to pgp/): data objects over
// memory or a file, key references, a temporary GnuPG home, and GpgContext, one
// context on one GnuPG home with the OpenPGP operations that both the mail side
// (pgp::Gpg) and the release side (pgp::GpgmeSigner) need.
//
// The home is always explicit: a given directory, GnuPG's default (empty
// path: $GNUPGHOME or ~/.gnupg), or a private temporary home that lives and
// dies with the context (its agent stopped, its directory removed).
// Output is ASCII armored; the context is offline (no key servers or CRLs).
//
// Passphrases: only when one is given does the context use loopback pinentry
// and answer from it (once: a second ask means it was wrong); otherwise no
// pinentry is ever asked, so a key that needs a passphrase fails with
// GPG_ERR_CANCELED / GPG_ERR_NO_PIN_ENTRY unless gpg-agent has it cached. The
// passphrase is held in a SensitiveString owned here, never logged or stored.
//
// Errors are GPGME's own (Gpgme<T>, or a bare gpgme_error_t): the callers word
// them, since mail and releases report them differently.
// Not thread-safe: one context per thread, or a lock around it.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gpgme.h>

#include <embargo/util/result.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::pgp {

// "what: <gpgme's words>" as an Error of `code`.
tl::unexpected<Error> gpg_failure(ErrorCode code, std::string_view what, gpgme_error_t err);

// Where a bounded() data object keeps what GPGME writes into it.
struct BoundedSink {
  std::string bytes;
  std::size_t limit = 0;
  bool over = false;  // a write was refused because it would pass `limit`
};

// GPGME's data object. A view or a buffer that GPGME could not allocate
// holds null, and the operation given it then fails with GPG_ERR_INV_VALUE.
class GpgData {
 public:
  // A view of `bytes`, which must outlive the object (no copy).
  explicit GpgData(std::string_view bytes) { gpgme_data_new_from_mem(&m_data, bytes.data(), bytes.size(), 0); }
  // An empty buffer for output.
  static GpgData buffer() { return GpgData(); }
  // An output object that holds at most `limit` bytes: a write that would
  // pass it is refused (EFBIG), which stops the operation writing into it
  // (GPGME cancels it and the gpg process), so memory stays bounded by
  // `limit` whatever the input expands to (a compressed message).
  static GpgData bounded(std::size_t limit);
  // Reads the file at `path`, opened here and closed with the object.
  // IOError "<path>: <reason>" when it cannot be opened.
  static Result<GpgData> from_file(const std::filesystem::path& path);

  ~GpgData() { reset(); }
  GpgData(GpgData&& o) noexcept
      : m_data(std::exchange(o.m_data, nullptr)), m_fd(std::exchange(o.m_fd, -1)), m_sink(std::move(o.m_sink)) {}
  GpgData& operator=(GpgData&&) = delete;
  GpgData(const GpgData&) = delete;
  GpgData& operator=(const GpgData&) = delete;

  gpgme_data_t get() const { return m_data; }
  // The bytes written into a buffer() or bounded(); the object is empty after.
  std::string take();
  // True when a bounded() object refused a write (its limit was reached).
  bool over_limit() const { return m_sink != nullptr && m_sink->over; }

 private:
  GpgData() { gpgme_data_new(&m_data); }
  GpgData(gpgme_data_t data, int fd) : m_data(data), m_fd(fd) {}
  void reset();
  gpgme_data_t m_data = nullptr;
  int m_fd = -1;                       // owned, for from_file()
  std::unique_ptr<BoundedSink> m_sink;  // bounded(): GPGME's callbacks write here (stable address)
};

class GpgKey {
 public:
  explicit GpgKey(gpgme_key_t key) : m_key(key) {}
  ~GpgKey() {
    if (m_key != nullptr) {
      gpgme_key_unref(m_key);
    }
  }
  GpgKey(GpgKey&& o) noexcept : m_key(std::exchange(o.m_key, nullptr)) {}
  GpgKey& operator=(GpgKey&&) = delete;
  GpgKey(const GpgKey&) = delete;
  GpgKey& operator=(const GpgKey&) = delete;

  // REQUIRES for the accessors: a key is held.
  gpgme_key_t get() const { return m_key; }
  std::string fingerprint() const { return m_key->fpr == nullptr ? "" : m_key->fpr; }
  // The primary user id, empty when it has none.
  std::string user_id() const;
  // Not revoked, expired, disabled or invalid, and has an encryption subkey.
  bool can_encrypt() const;
  // Not revoked, expired or disabled, and may sign.
  bool can_sign() const;

 private:
  gpgme_key_t m_key = nullptr;
};

class TempGnupgHome;  // a private home in /tmp, see open_temporary()

template <typename T>
using Gpgme = tl::expected<T, gpgme_error_t>;

// The first signature seen by the last verify() or decrypt_verify().
struct SignatureInfo {
  gpgme_error_t status = 0;  // 0: valid; GPG_ERR_BAD_SIGNATURE, GPG_ERR_NO_PUBKEY, ...
  gpgme_sigsum_t summary = {};
  std::string fingerprint;  // of the signing key or subkey, as the signature names it
};

struct Signed {
  std::string armored;
  std::string hash;   // digest algorithm, e.g. "SHA256"; empty when GnuPG did not say
  bool made = false;  // GnuPG reported a signature and no invalid signer
};

struct Imported {
  std::vector<std::string> fingerprints;  // keys imported or already there, once each
  int count = 0;                          // GnuPG's imported + unchanged
};

class GpgContext {
 public:
  // IOError when GnuPG is missing or too old, or the home cannot be used.
  static Result<std::unique_ptr<GpgContext>> open(const std::filesystem::path& home,
                                                  util::SensitiveString passphrase);
  // The same on a private temporary home (mode 0700) that holds only what is
  // imported into it; it goes with the context, its agent stopped.
  static Result<std::unique_ptr<GpgContext>> open_temporary(util::SensitiveString passphrase);
  ~GpgContext();
  GpgContext(const GpgContext&) = delete;
  GpgContext& operator=(const GpgContext&) = delete;

  // The key `spec` (fingerprint, key id, address) names; GPG_ERR_EOF when absent.
  Gpgme<GpgKey> key(std::string_view spec, bool secret);
  // The first secret key of the home; GPG_ERR_EOF when there is none.
  Gpgme<GpgKey> first_secret_key();
  // Makes `key` the only signer of later sign() and encrypt_sign() calls.
  gpgme_error_t use_signer(const GpgKey& key);

  Gpgme<Signed> sign(const GpgData& text, gpgme_sig_mode_t mode);
  // Encrypts to `recipients` (trusted: the configuration names them) and signs.
  Gpgme<std::string> encrypt_sign(const std::vector<GpgKey>& recipients, const GpgData& data);
  // `signed_text` for a detached signature, `plain` to receive a clearsigned
  // or inline-signed text; either may be null. Then see first_signature().
  gpgme_error_t verify(const GpgData& signature, const GpgData* signed_text, GpgData* plain);
  // The plaintext, at most `max_plaintext` bytes: decryption goes into a
  // bounded() sink and stops as soon as it would pass the limit, with
  // GPG_ERR_TOO_LARGE (memory stays bounded whatever the message expands to).
  Gpgme<std::string> decrypt_verify(const GpgData& ciphertext, std::size_t max_plaintext);
  // Nothing when the data was not signed.
  std::optional<SignatureInfo> first_signature();

  Gpgme<Imported> import(const GpgData& keys);
  // A new key pair for `user_id` ("Name <address>"): an ed25519 primary key
  // that signs, with a cv25519 subkey that encrypts, not expiring; protected
  // by the context's passphrase (none when it has none). Its fingerprint.
  Gpgme<std::string> create_key(std::string_view user_id);

 private:
  GpgContext() = default;

  std::unique_ptr<TempGnupgHome> m_temp_home;  // outlives m_ctx (released in the destructor)
  util::SensitiveString m_passphrase;          // the pinentry hook points here
  gpgme_ctx_t m_ctx = nullptr;
};

}  // namespace embargo::pgp
