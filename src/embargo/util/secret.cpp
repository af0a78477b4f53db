#include <embargo/util/secret.hpp>

#include <stdexcept>

#include <sodium.h>

namespace embargo::util {

void ensure_sodium() {
  static const bool k_ready = [] { return sodium_init() >= 0; }();
  if (!k_ready) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

std::string random_secret(std::size_t length) {
  ensure_sodium();
  static constexpr std::string_view k_alphabet = "23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string out(length, ' ');
  for (char& c : out) {
    c = k_alphabet[randombytes_uniform(static_cast<std::uint32_t>(k_alphabet.size()))];
  }
  return out;
}

const std::string& dummy_password_hash() {
  static const std::string hash = hash_password(random_secret(24)).value_or("");
  return hash;
}

Result<std::string> hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return make_error(ErrorCode::io_error, "argon2id: out of memory");
  }
  return std::string(out);
}

bool verify_password(std::string_view password, std::string_view hash) {
  ensure_sodium();
  std::string h(hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  ensure_sodium();
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SensitiveString& SensitiveString::operator=(SensitiveString&& other) noexcept {
  if (this != &other) {
    clear();
    m_value = std::move(other.m_value);
    other.clear();
  }
  return *this;
}

void SensitiveString::clear() {
  if (!m_value.empty()) {
    sodium_memzero(m_value.data(), m_value.size());
  }
  m_value.clear();
}

}  // namespace embargo::util
