#include <embargo/util/secret_box.hpp>

#include <vector>

#include <sodium.h>

#include <embargo/util/secret.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::util {

namespace {

constexpr std::size_t k_nonce_size = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t k_tag_size = crypto_aead_xchacha20poly1305_ietf_ABYTES;

bool from_hex(std::string_view hex, std::vector<unsigned char>& out) {
  out.resize(hex.size() / 2);
  std::size_t written = 0;
  return hex.size() % 2 == 0 &&
         sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, nullptr) == 0 &&
         written == out.size();
}

}  // namespace

SecretBox::SecretBox(const Key& key) : m_key(key) { ensure_sodium(); }

SecretBox::~SecretBox() { sodium_memzero(m_key.data(), m_key.size()); }

SecretBox::Key SecretBox::generate_key() {
  ensure_sodium();
  Key key{};
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  return key;
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view context) const {
  std::vector<unsigned char> out(k_nonce_size + plaintext.size() + k_tag_size);
  randombytes_buf(out.data(), k_nonce_size);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + k_nonce_size, &length, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr, out.data(), m_key.data());
  return to_hex(out.data(), k_nonce_size + length);
}

Result<std::string> SecretBox::open(std::string_view sealed, std::string_view context) const {
  std::vector<unsigned char> bytes;
  if (!from_hex(sealed, bytes) || bytes.size() < k_nonce_size + k_tag_size) {
    return make_error(ErrorCode::corruption, "sealed secret: malformed");
  }
  std::string plain(bytes.size() - k_nonce_size - k_tag_size, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr, bytes.data() + k_nonce_size,
          bytes.size() - k_nonce_size, reinterpret_cast<const unsigned char*>(context.data()), context.size(),
          bytes.data(), m_key.data()) != 0) {
    return make_error(ErrorCode::corruption, "sealed secret: does not open under this key (wrong key file?)");
  }
  plain.resize(length);
  return plain;
}

}  // namespace embargo::util
