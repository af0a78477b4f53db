#pragma once

// Checked Basic credentials, so that throughput does not pay argon2id per
// request: the ones that verified, and (separately) the ones that did not,
// so that a client repeating a wrong password costs one argon2id, not one
// per request (new wrong passwords still cost one each, bounded by the
// failure limits of rate_limiter.hpp). The cache stores only a keyed hash (BLAKE2b under a random
// per-process key) of (case, list, generation, stored hash, password): no
// password is kept in memory, the entry cannot be used off this process, and
// a rotation (new generation and hash) makes old entries unreachable. The
// usercode row is still read on every request, so a revocation takes effect
// on the next one. Bounded: cleared when full.
//
// Thread safety: safe to share between threads.

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace embargo::http {

struct CacheKeyInput {
  std::string_view case_id;
  std::string_view list;
  int generation = 0;
  std::string_view password_hash;
  std::string_view password;
};

class CredentialCache {
 public:
  explicit CredentialCache(std::size_t capacity = 10000);

  std::string key_of(const CacheKeyInput& in) const;
  enum class Verdict { unknown, verified, refused };
  Verdict find(const std::string& key) const;
  void insert(std::string key, bool verified);

 private:
  std::string m_key;
  std::size_t m_capacity;
  mutable std::mutex m_mutex;
  std::unordered_set<std::string> m_verified;
  std::unordered_set<std::string> m_refused;
};

}  // namespace embargo::http
