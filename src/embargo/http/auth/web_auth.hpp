#pragma once

// Authentication for the web pages and the API (not the download area, which
// has its usercodes: authenticator.hpp).
//
// - Sessions: a login makes a random 32-character secret, sent once in the
//   cookie `embargo_session` (HttpOnly, SameSite=Strict, Secure over TLS);
//   the store keeps only its SHA-256, with an absolute expiry (12 hours).
//   Logout deletes the session; "log out everywhere" deletes every session of
//   the account.
// - CSRF: every form carries `csrf`, derived from the session secret
//   (SHA-256 of "csrf:" + secret), compared in constant time. Forms shown
//   before login (login, the public report form) use a double-submit cookie
//   `embargo_csrf` instead, holding a token this server minted
//   (new_form_token: time, random, MAC under a per-process key; 2 hours), so
//   a caller cannot make up its own pair. SameSite=Strict already keeps the
//   session cookie off cross-site requests; the token is the second lock.
// - API tokens: "Authorization: Bearer emb_..."; hashed at rest, never
//   accepted from a cookie, so the API needs no CSRF token.
// - Reporter links: /portal/open?t=SECRET (a query string, which the access
//   log never records) shows a button; its POST (with a form token) exchanges
//   the link for a session limited to its case. A GET never makes a session,
//   so a page cannot log a visitor into a case of its choosing (login CSRF).
// - Failed logins are throttled per address and per account name
//   (rate_limiter.hpp); unknown names cost the same argon2id as known ones.
//
// Thread safety: safe to share between worker threads.

#include <optional>
#include <string>

#include <embargo/core/access.hpp>
#include <embargo/core/store.hpp>
#include <embargo/http/auth/digest.hpp>
#include <embargo/http/auth/rate_limiter.hpp>
#include <embargo/http/auth/totp_gate.hpp>
#include <embargo/http/server/message.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

inline constexpr std::string_view k_session_cookie = "embargo_session";
inline constexpr std::string_view k_csrf_cookie = "embargo_csrf";
inline constexpr auto k_session_lifetime = std::chrono::hours(12);

struct AuthContext {
  core::Principal who;
  std::string session_hash;  // empty for an API token
  std::string csrf;          // the token forms must carry; empty for an API token
};

class WebAuth {
 public:
  // Not owned; all must outlive this.
  WebAuth(core::Store& store, const util::Clock& clock, FailureLimiter& limiter)
      : m_store(store), m_clock(clock), m_limiter(limiter) {}

  // How long a reporter's link stays good after it was made or last opened
  // ([web] reporter_link_days; 0: no expiry). Default 90 days.
  void set_link_lifetime(std::chrono::days lifetime) { m_link_lifetime = lifetime; }

  // Checks a password and opens a session: the secret for the cookie.
  // Unauthorized (wrong name or password, one message for both) or Busy
  // (throttled: answer 429). Unauthorized too when the account needs a
  // one-time code (use begin_login).
  Result<std::string> login(std::string_view name, std::string_view password, std::string_view address);
  // As login, but for an account with two-step login on (totp_gate.hpp) it
  // returns a pending login instead of a session: finish it with the code.
  struct LoginStep {
    std::string session;  // set when logged in
    std::string pending;  // set when a code is needed
  };
  Result<LoginStep> begin_login(std::string_view name, std::string_view password, std::string_view address);
  // The session secret for pending login `pending` and a valid `code`
  // (TotpGate::redeem's errors).
  Result<std::string> finish_login(std::string_view pending, std::string_view code, std::string_view address);
  // Turns the second factor on for accounts that enrolled; not owned.
  void set_totp_gate(TotpGate* gate) { m_totp = gate; }
  // The case a reporter's link opens, without opening it. NotFound when the
  // link is unknown, revoked or expired.
  Result<std::string> link_case(std::string_view link_secret);
  // A session for the holder of a reporter's link: the secret for the cookie.
  // NotFound as link_case. Only for a POST carrying a form token: a session
  // made by a GET would let any page log a visitor into someone else's case.
  Result<std::string> open_link(std::string_view link_secret);
  // The session cookie's owner (cookie requests) or the API token's (bearer).
  // nullopt when neither is valid. `bearer`: look only at Authorization.
  std::optional<AuthContext> authenticate(const Request& req, bool bearer);
  // Ends the session; with `everywhere`, every session of the account.
  Result<void> logout(const AuthContext& ctx, bool everywhere);

  // A new reporter link for `case_id` in the caller's transaction (label
  // `label`, the link lifetime): the secret.
  Result<std::string> issue_link(core::StoreTx& tx, std::string_view case_id, std::string_view label = "case page");
  // A new API token for `user`: the secret.
  static Result<std::string> issue_api_token(core::StoreTx& tx, std::string_view user, std::string_view label,
                                             util::Timestamp now);

  static std::string csrf_for(std::string_view session_secret);
  // True when `sent` matches the expected token (constant time, non-empty).
  static bool csrf_ok(std::string_view expected, std::string_view sent);

  // A token for a form shown before login, for its hidden field and the
  // `embargo_csrf` cookie. form_token_ok: `cookie` and `sent` are equal and
  // the token is one this process minted less than 2 hours ago.
  std::string new_form_token() const;
  bool form_token_ok(std::string_view cookie, std::string_view sent) const;

 private:
  Result<std::string> new_session(std::string_view user, std::string_view case_id, std::string_view label = "");
  // The reporter_link credential of `link_secret`; NotFound when unknown,
  // revoked or expired.
  Result<core::Credential> live_link(std::string_view link_secret);
  std::optional<AuthContext> principal_for(core::StoreTx& tx, const core::Credential& c);

  core::Store& m_store;
  const util::Clock& m_clock;
  std::chrono::days m_link_lifetime{90};
  FailureLimiter& m_limiter;
  TotpGate* m_totp = nullptr;
  NonceAuthority m_form_tokens{std::chrono::hours(2)};  // mints and checks the pre-login form tokens
};

}  // namespace embargo::http
