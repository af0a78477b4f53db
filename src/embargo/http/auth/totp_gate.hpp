#pragma once

// The second login factor (util/totp.hpp) for web accounts: enrolment,
// confirmation, the check at login, turning it off.
//
// - Enrolment: start_enrolment makes a random 160-bit secret, stores it sealed
//   (util::SecretBox, context core::totp_context(user)) and unconfirmed, and
//   returns the otpauth:// URI: the only time the secret leaves the server.
//   confirm() with a valid code turns it on; until then login does not ask.
// - Login: when a user with a confirmed enrolment passes the password check,
//   WebAuth::begin_login holds the login (hold(): a random pending secret,
//   5 minutes, 5 tries) instead of opening a session; redeem() with a valid
//   code gives back the user name.
// - Replay: a code is accepted only for a step after the last accepted one
//   (stored, updated in the same write transaction), so a code seen once is
//   dead for the rest of its window.
// - Failures count against the address and the account in the
//   FailureLimiter; when exhausted the answer is Busy (429).
// - Secrets and codes are never logged, nor put in error messages.
//
// Thread safety: safe to share between worker threads.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include <embargo/core/store.hpp>
#include <embargo/http/auth/rate_limiter.hpp>
#include <embargo/util/secret_box.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

inline constexpr auto k_pending_login_lifetime = std::chrono::minutes(5);
inline constexpr int k_pending_login_tries = 5;

class TotpGate {
 public:
  // Not owned; all must outlive this. `issuer` names the service in the URI.
  // `limiter` counts wrong codes per address and per account ("totp:NAME");
  // give it its own, tight limits (embargod: 10 per account, then one per 5
  // minutes), not the password limiter's: a code has only 10^6 values.
  TotpGate(core::Store& store, const util::SecretBox& box, const util::Clock& clock, FailureLimiter& limiter,
           std::string issuer)
      : m_store(store), m_box(box), m_clock(clock), m_limiter(limiter), m_issuer(std::move(issuer)) {}

  // Whether login asks `user` for a code (a confirmed enrolment).
  Result<bool> required(std::string_view user);
  // Whether `user` has a confirmed enrolment (in the caller's transaction).
  static Result<bool> enabled(core::StoreTx& tx, std::string_view user);

  // A new unconfirmed enrolment (replacing an unconfirmed one): the otpauth://
  // URI. Conflict when already on (turn it off first).
  Result<std::string> start_enrolment(std::string_view user);
  // Turns the started enrolment on. NotFound: none started; Unauthorized:
  // wrong code; Busy: throttled.
  Result<void> confirm(std::string_view user, std::string_view code, std::string_view address);
  // Turns it off; needs a current code. NotFound: not on.
  Result<void> disable(std::string_view user, std::string_view code, std::string_view address);
  // For admins (`embargo user totp-reset`): removes any enrolment, no code
  // asked. Whether there was one.
  static Result<bool> reset(core::StoreTx& tx, std::string_view user);

  // A pending login for `user`, who passed the password check: its secret.
  std::string hold(std::string_view user);
  // The user of pending login `pending` if `code` is valid (the pending login
  // is then used up). NotFound: unknown, expired or out of tries (log in
  // again); Unauthorized: wrong code; Busy: throttled.
  Result<std::string> redeem(std::string_view pending, std::string_view code, std::string_view address);

 private:
  struct Pending {
    std::string user;
    std::chrono::steady_clock::time_point expires;
    int tries_left = k_pending_login_tries;
  };
  // Checks `code` for `user` in a write transaction and records its step.
  // `confirmed`: which enrolment state the check is for.
  Result<void> check_code(std::string_view user, std::string_view code, std::string_view address, bool confirmed,
                          bool remove_after);

  core::Store& m_store;
  const util::SecretBox& m_box;
  const util::Clock& m_clock;
  FailureLimiter& m_limiter;
  std::string m_issuer;
  std::mutex m_mutex;
  std::unordered_map<std::string, Pending> m_pending;  // by the SHA-256 of the pending secret
};

}  // namespace embargo::http
