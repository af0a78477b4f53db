#pragma once

// Authenticated encryption of small secrets at rest (libsodium's
// XChaCha20-Poly1305 AEAD). Used for the Digest HA1 values of usercodes: the
// database holds only the sealed form, the 32-byte key lives in a separate
// file (config/secret_key.hpp), so a copy of the database alone (a backup, a
// stolen disk image of the db) does not let anyone answer a Digest challenge.
//
// `context` is bound into the ciphertext as associated data (e.g. the case id
// and list name), so a sealed value moved to another row does not open.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::util {

class SecretBox {
 public:
  static constexpr std::size_t k_key_size = 32;
  using Key = std::array<std::uint8_t, k_key_size>;

  explicit SecretBox(const Key& key);
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;
  ~SecretBox();

  // A fresh random key.
  static Key generate_key();

  // Hex of nonce || ciphertext || tag. A new random nonce each call.
  std::string seal(std::string_view plaintext, std::string_view context) const;
  // The plaintext; Corruption when `sealed` is malformed, was made under
  // another key or for another context.
  Result<std::string> open(std::string_view sealed, std::string_view context) const;

 private:
  Key m_key;
};

}  // namespace embargo::util
