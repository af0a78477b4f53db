#pragma once

// Secrets: generation, argon2id hashing and constant-time comparison, all
// through libsodium. Call sodium_init via ensure_sodium() before any use
// (the functions here do it themselves).

#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::util {

// Initialises libsodium once; Fatal-worthy if it fails (no randomness).
void ensure_sodium();

// `length` characters from an unambiguous alphabet (no 0/O, 1/l/I), drawn
// uniformly from the system CSPRNG: ~5.9 bits each.
std::string random_secret(std::size_t length);

// argon2id (libsodium's interactive limits) in its self-describing string form.
Result<std::string> hash_password(std::string_view password);
// An argon2id hash of a random password nobody knows, made once: what a
// password for an unknown account is checked against, so that an unknown
// name costs the same argon2id work as a known one.
const std::string& dummy_password_hash();
// True when `password` matches `hash`; constant time in the password.
bool verify_password(std::string_view password, std::string_view hash);

// Compares two byte strings in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

// Holds a secret (password, API key, passphrase); wipes it on destruction,
// cannot be copied (pdns's SensitiveData).
class SensitiveString {
 public:
  SensitiveString() = default;
  explicit SensitiveString(std::string value) : m_value(std::move(value)) {}
  SensitiveString(SensitiveString&& other) noexcept : m_value(std::move(other.m_value)) { other.clear(); }
  SensitiveString& operator=(SensitiveString&& other) noexcept;
  SensitiveString(const SensitiveString&) = delete;
  SensitiveString& operator=(const SensitiveString&) = delete;
  ~SensitiveString() { clear(); }

  std::string_view view() const { return m_value; }
  bool empty() const { return m_value.empty(); }
  void clear();

 private:
  std::string m_value;
};

}  // namespace embargo::util
