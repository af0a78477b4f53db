#include <embargo/http/auth/credential_cache.hpp>

#include <sodium.h>

#include <embargo/util/secret.hpp>

namespace embargo::http {

CredentialCache::CredentialCache(std::size_t capacity) : m_capacity(capacity) {
  util::ensure_sodium();
  m_key.resize(crypto_generichash_KEYBYTES);
  randombytes_buf(m_key.data(), m_key.size());
}

std::string CredentialCache::key_of(const CacheKeyInput& in) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, reinterpret_cast<const unsigned char*>(m_key.data()), m_key.size(), 32);
  auto add = [&](std::string_view part) {
    // Length-prefixed, so that no two different inputs hash the same bytes.
    std::uint64_t size = part.size();
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&size), sizeof size);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  };
  add(in.case_id);
  add(in.list);
  add(std::to_string(in.generation));
  add(in.password_hash);
  add(in.password);
  std::string out(32, '\0');
  crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

CredentialCache::Verdict CredentialCache::find(const std::string& key) const {
  std::lock_guard lock(m_mutex);
  // A hash-set lookup compares the 32-byte key with equal-hash entries only;
  // the key is a MAC of the password, so timing reveals nothing usable.
  if (m_verified.count(key) > 0) {
    return Verdict::verified;
  }
  return m_refused.count(key) > 0 ? Verdict::refused : Verdict::unknown;
}

void CredentialCache::insert(std::string key, bool verified) {
  std::lock_guard lock(m_mutex);
  auto& set = verified ? m_verified : m_refused;
  if (set.size() >= m_capacity) {
    set.clear();
  }
  set.insert(std::move(key));
}

}  // namespace embargo::http
