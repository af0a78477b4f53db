#pragma once

// OpenPGP for mail: decrypt and verify what reporters send, sign and encrypt
// what we send. Everything is ASCII armored. The GnuPG home holds the team's
// secret key and the public keys of the lists; it is given explicitly, never
// taken from the environment or a library default, so that tests and several
// installations do not mix. A thin class over GpgContext (gpg_context.hpp),
// which the release signer shares.
//
// The passphrase of the team key is handed to gpg-agent through loopback
// pinentry from a SensitiveString owned by the context; it is never logged or
// stored. Without one no pinentry is asked: a key that needs a passphrase is
// then refused (Unauthorized) unless gpg-agent has it cached.
//
// Errors: NotFound for an unknown key, Unauthorized when the passphrase is
// wrong or missing, InvalidArgument for data that is not OpenPGP, IOError
// otherwise. Not thread-safe: one Gpg per thread.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::pgp {

class GpgContext;

// The outcome of a signature check. `status` is one of:
//   none    the data was not signed
//   good    a valid signature by a key in the keyring
//   bad     the signature does not match the data
//   no-key  signed by a key we do not have
//   error   any other failure (expired or revoked key, unknown algorithm)
struct SignatureCheck {
  std::string status = "none";
  std::string fingerprint;  // of the signing key (or subkey), when known
};

struct DetachedSignature {
  std::string armored;
  std::string micalg;  // for RFC 3156's micalg parameter, e.g. "pgp-sha256"
};

struct Decrypted {
  std::string plaintext;
  SignatureCheck signature;
};

class Gpg {
 public:
  // `home` must exist. An empty `passphrase` means the key has none.
  static Result<Gpg> open(const std::filesystem::path& home, util::SensitiveString passphrase);

  Gpg(Gpg&&) noexcept;
  Gpg& operator=(Gpg&&) noexcept;
  ~Gpg();

  // Decrypts an armored or binary message, verifying a signature inside it.
  // The plaintext may hold at most `max_plaintext` bytes: a compressed
  // message can expand a thousandfold, so decryption writes into a bounded
  // sink and stops at the limit (memory stays about `max_plaintext`);
  // InvalidArgument "pgp: decrypt: the decrypted text exceeds N bytes" then.
  Result<Decrypted> decrypt_verify(std::string_view ciphertext, std::size_t max_plaintext);
  // Checks a detached signature over `data` (RFC 3156 multipart/signed).
  Result<SignatureCheck> verify_detached(std::string_view data, std::string_view signature);
  // Checks a clearsigned text; puts the signed text in `plaintext`. A signed
  // text is never longer than `text`: anything that expands (a compressed
  // signed message) is refused like an over-long decryption above.
  Result<SignatureCheck> verify_clearsigned(std::string_view text, std::string& plaintext);

  // `signer`: fingerprint, key id or address of a secret key in the home.
  Result<DetachedSignature> sign_detached(std::string_view data, std::string_view signer);
  Result<std::string> clearsign(std::string_view text, std::string_view signer);
  // Encrypts to every key in `recipients` (fingerprints) and signs with
  // `signer`. The recipients are trusted because the configuration names them.
  Result<std::string> encrypt_sign(std::string_view data, const std::vector<std::string>& recipients,
                                   std::string_view signer);

  // Imports armored public keys into the home; the primary fingerprints of
  // the keys it held (imported or already there). InvalidArgument when it
  // holds no key.
  Result<std::vector<std::string>> import_keys(std::string_view armored);
  // True when `fingerprint` names a public key that can encrypt now (not
  // revoked, expired, disabled or invalid).
  bool can_encrypt_to(std::string_view fingerprint);

  // A correspondent's key to encrypt to (a reporter's, issue 23): `armored`
  // must hold exactly one public key that can encrypt now. It is examined in
  // a temporary home first and imported into this one only when good.
  // Returns its primary fingerprint. InvalidArgument says the problem: not a
  // public key, several keys, a secret key, "is revoked", "expired on
  // 2026-01-31", "cannot encrypt (no usable encryption subkey)".
  Result<std::string> import_encryption_key(std::string_view armored);
  // The primary fingerprint of the key `spec` (a fingerprint of it or of one
  // of its subkeys, as a signature names it) when it can encrypt now;
  // NotFound when absent, InvalidArgument naming the problem as above.
  Result<std::string> encryption_key(std::string_view spec);

 private:
  explicit Gpg(std::unique_ptr<GpgContext> ctx);
  Result<void> use_signer(std::string_view signer);
  std::unique_ptr<GpgContext> m_ctx;
};

}  // namespace embargo::pgp
