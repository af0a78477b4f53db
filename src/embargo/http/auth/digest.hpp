#pragma once

// HTTP Digest authentication (RFC 7616) pieces: the hash functions, the
// response computation, challenges, and the NonceAuthority that issues and
// checks nonces.
//
// Nonces are stateless to issue: hex(issue time, seconds) + hex(keyed MAC of
// it under a per-process random key). A nonce is valid if its MAC checks and
// it is younger than the lifetime; older ones are "stale" (the client retries
// with the new nonce of a stale=true challenge, without asking the user). A
// restart invalidates every nonce (new key): clients just retry.
//
// Replay: for every nonce that authenticated a request, the highest nc seen
// is remembered until the nonce expires; a request must carry a greater nc.
// Entries are only made after the response checked, so an attacker without
// the password cannot grow the table.
//
// Thread safety: NonceAuthority is safe to share between threads.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <embargo/util/result.hpp>

namespace embargo::http {

enum class DigestAlgorithm { md5, sha256 };

// "" and "MD5" (any case) -> md5, "SHA-256" -> sha256; the -sess variants
// and SHA-512-256 are NotSupported.
Result<DigestAlgorithm> parse_digest_algorithm(std::string_view text);
std::string_view to_string(DigestAlgorithm a);

// Lower-case hex of the algorithm's hash of `data`.
std::string digest_hash(DigestAlgorithm a, std::string_view data);

struct DigestInput {
  std::string_view ha1;  // hex H(user:realm:password)
  std::string_view nonce;
  std::string_view nc;
  std::string_view cnonce;
  std::string_view qop;
  std::string_view method;
  std::string_view uri;
};
// The expected `response` for qop=auth: H(HA1:nonce:nc:cnonce:qop:H(method:uri)).
std::string digest_response(DigestAlgorithm a, const DigestInput& in);

using SystemTime = std::chrono::system_clock::time_point;

class NonceAuthority {
 public:
  explicit NonceAuthority(std::chrono::seconds lifetime);

  std::string issue(SystemTime now) const;

  enum class State { valid, stale, invalid };
  State check(std::string_view nonce, SystemTime now) const;

  // Records `nc` for a checked nonce; false if it is not greater than one
  // seen before (a replay). Forgets expired nonces as it goes.
  bool accept_nc(std::string_view nonce, std::uint32_t nc, SystemTime now);

  // The opaque value every challenge carries and every response must echo.
  const std::string& opaque() const { return m_opaque; }

 private:
  std::string mac(std::string_view data) const;

  std::chrono::seconds m_lifetime;
  std::string m_key;
  std::string m_opaque;
  std::mutex m_mutex;
  std::unordered_map<std::string, std::pair<std::uint32_t, std::int64_t>> m_seen;  // nonce -> (nc, issued)
  std::int64_t m_last_sweep = 0;
};

// The value of one WWW-Authenticate header for `realm`.
std::string digest_challenge(std::string_view realm, DigestAlgorithm a, std::string_view nonce,
                             std::string_view opaque, bool stale);
std::string basic_challenge(std::string_view realm);

// Parses the 8 hex digits of nc; InvalidArgument otherwise.
Result<std::uint32_t> parse_nc(std::string_view nc);

}  // namespace embargo::http
