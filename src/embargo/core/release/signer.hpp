#pragma once

// What the release builder needs from OpenPGP (pgp/ implements it with
// GPGME). One Signer works on one keyring: the maintainers' keys that tags
// must be signed with, or the release manager's own for signing.

#include <filesystem>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::core::release {

// The outcome of checking one signature. `good` only when the signature is
// valid, made by a key of the keyring, and the key is neither revoked nor
// expired; otherwise `problem` says why in words ("made by unknown key
// 0xABCD...", "bad signature", "key revoked").
struct SignatureCheck {
  bool good = false;
  std::string fingerprint;  // of the signing key, when known
  std::string user_id;      // its primary user id, when the key is known
  std::string problem;
};

class Signer {
 public:
  virtual ~Signer() = default;

  // Checks a detached signature over `data`. An Error only when the check
  // could not run at all (engine missing, signature not OpenPGP data).
  virtual Result<SignatureCheck> verify_detached(std::string_view data, std::string_view signature) = 0;
  virtual Result<SignatureCheck> verify_file(const std::filesystem::path& file, std::string_view signature) = 0;
  // An ASCII-armored detached signature over the file, made with the signing
  // key. NotFound when there is no such secret key; Unauthorized when it
  // needs a passphrase that was not given or was wrong.
  virtual Result<std::string> sign_file(const std::filesystem::path& file) = 0;
  // Selects the signing key and makes one trial signature, so that a missing
  // key or a passphrase that was not given is refused before any work: the
  // same errors as sign_file.
  virtual Result<void> prepare_signing() = 0;
  // Fingerprint of the signing key (after the first sign_file or select).
  virtual std::string signing_fingerprint() const = 0;
};

}  // namespace embargo::core::release
