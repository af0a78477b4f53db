#pragma once

// Checks the credentials of a request to a case's download area against the
// case's usercodes: Basic (argon2id, with the verified-credential cache) or
// Digest SHA-256/MD5 (qop=auth, opaque, expiring nonces, nc replay check),
// with the failure limits of rate_limiter.hpp. Every comparison of a secret
// is constant-time.
//
// Two steps, so that the caller reads the usercode row in the same store
// transaction as the rest of the request: parse() the header (no store
// access), then verify() with the row for the parsed user name (nullptr when
// there is none).
//
// Thread safety: safe to share between threads.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/download_area.hpp>
#include <embargo/http/auth/auth_header.hpp>
#include <embargo/http/auth/credential_cache.hpp>
#include <embargo/http/auth/digest.hpp>
#include <embargo/http/auth/rate_limiter.hpp>
#include <embargo/util/secret_box.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

struct AuthRequest {
  std::string_view case_id;
  std::string_view method;
  std::string_view target;   // the request-target as received (Digest's uri must equal it)
  std::string_view address;  // client IP address
  bool secure = false;       // came over TLS
};

enum class AuthStatus {
  ok,           // authenticated as `user`
  challenge,    // answer 401 with challenges (stale: a Digest nonce expired)
  throttled,    // answer 429: too many failures
};

struct AuthResult {
  AuthStatus status = AuthStatus::challenge;
  std::string user;     // the list name when ok; the claimed name otherwise (for the log)
  std::string reason;   // why it failed, for the log; never contains a secret
  bool stale = false;
  bool failure = false;  // counted as a failed attempt (logged as a denial)
  bool basic_refused = false;  // Basic over plain HTTP, not allowed: say so in the 401
};

struct ParsedAuth {
  std::optional<Credentials> credentials;  // none: no header, or unparseable
  std::string error;                       // set when the header did not parse
  std::string user() const;
};

class Authenticator {
 public:
  // `box` opens the sealed HA1s; nullptr disables Digest (Basic still works).
  // `clock` dates Digest nonces (tests pass a FixedClock); nullptr: the system clock.
  Authenticator(const util::SecretBox* box, RateLimits limits, std::chrono::seconds nonce_lifetime,
                const util::Clock* clock = nullptr);

  // `header` is the Authorization value, or empty when absent.
  ParsedAuth parse(std::string_view header) const;

  // The outcome for `parsed`, `usercode` being the row of the case for the
  // parsed user (nullptr if none). Records failures and successes. An unknown
  // or revoked usercode is throttled and (for Basic) checked against a dummy
  // argon2id hash like a known one with a wrong password: the answers (401,
  // then 429) and their times do not tell which names hold a usercode.
  AuthResult verify(const AuthRequest& req, const ParsedAuth& parsed, const core::Usercode* usercode);

  // Whether Basic may be used over plain HTTP (`[http] allow_basic_without_tls`,
  // for a TLS proxy in front). By default it is refused there: the password
  // would cross the network in clear. Set before serving.
  void allow_basic_without_tls(bool allow) { m_basic_without_tls = allow; }

  // The WWW-Authenticate values for a 401 for `case_id` (Digest SHA-256,
  // Digest MD5, Basic, in that order; Basic only over TLS or when allowed).
  std::vector<std::string> challenges(std::string_view case_id, bool stale, bool secure);

  // True when the address may still try (checked before any other work).
  bool address_allowed(std::string_view address);

 private:
  // The Basic password's secret: a usercode's row, or the dummy one.
  struct BasicSecret {
    std::string_view case_id;
    std::string_view list;
    int generation = 0;
    std::string_view password_hash;
  };
  // True when `c`'s password matches `secret` (argon2id once per password, then the cache).
  bool check_basic(const BasicCredentials& c, const BasicSecret& secret);
  AuthResult verify_basic(const AuthRequest& req, const BasicCredentials& c, const core::Usercode& u);
  AuthResult verify_digest(const AuthRequest& req, const DigestCredentials& c, const core::Usercode& u);
  AuthResult fail(const AuthRequest& req, std::string user, std::string reason, std::string_view limiter_key);

  SystemTime now() const { return m_clock->now(); }

  util::SystemClock m_system_clock;
  const util::Clock* m_clock;
  const util::SecretBox* m_box;
  FailureLimiter m_limiter;
  CredentialCache m_cache;
  NonceAuthority m_nonces;
  bool m_basic_without_tls = false;
};

}  // namespace embargo::http
