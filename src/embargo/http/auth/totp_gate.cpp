#include <embargo/http/auth/totp_gate.hpp>

#include <sodium.h>

#include <embargo/util/totp.hpp>

namespace embargo::http {

namespace {

std::string limiter_key(std::string_view user) {
  return "totp:" + std::string(user);
}

}  // namespace

Result<bool> TotpGate::enabled(core::StoreTx& tx, std::string_view user) {
  TRY_ASSIGN(auto t, tx.find_totp(user));
  return t && t->confirmed;
}

Result<bool> TotpGate::required(std::string_view user) {
  bool on = false;
  TRY(m_store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(on, enabled(tx, user));
    return {};
  }));
  return on;
}

Result<std::string> TotpGate::start_enrolment(std::string_view user) {
  std::string key(util::k_totp_key_bytes, '\0');
  randombytes_buf(key.data(), key.size());
  core::TotpEnrolment t;
  t.user = std::string(user);
  t.secret_sealed = m_box.seal(key, core::totp_context(user));
  t.created_at = m_clock.now();
  auto stored = m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(bool on, enabled(tx, user));
    if (on) {
      return make_error(ErrorCode::conflict, "two-step login is already on; turn it off first");
    }
    return tx.put_totp(t);
  });
  std::string uri = stored ? util::otpauth_uri(m_issuer, user, key) : std::string();
  sodium_memzero(key.data(), key.size());
  TRY(stored);
  return uri;
}

Result<void> TotpGate::check_code(std::string_view user, std::string_view code, std::string_view address,
                                  bool confirmed, bool remove_after) {
  auto now = std::chrono::steady_clock::now();
  if (!m_limiter.address_allowed(address, now) || !m_limiter.usercode_allowed(limiter_key(user), address, now)) {
    return make_error(ErrorCode::busy, "too many wrong codes; try again later");
  }
  bool matched = false;
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto t, tx.find_totp(user));
    if (!t || t->confirmed != confirmed) {
      return make_error(ErrorCode::not_found,
                        confirmed ? "two-step login is not on" : "no two-step enrolment was started");
    }
    TRY_ASSIGN(std::string key, m_box.open(t->secret_sealed, core::totp_context(user)));
    auto step = util::totp_match(key, code, m_clock.now(), t->last_step);
    sodium_memzero(key.data(), key.size());
    if (!step) {
      return {};
    }
    matched = true;
    if (remove_after) {
      return tx.delete_totp(user).map([](bool) {});
    }
    t->last_step = *step;
    t->confirmed = true;
    return tx.put_totp(*t);
  }));
  if (!matched) {
    m_limiter.record_failure(address, limiter_key(user), now);
    return make_error(ErrorCode::unauthorized, "code: wrong, expired or already used; enter the current code");
  }
  m_limiter.record_success(limiter_key(user), address);
  return {};
}

Result<void> TotpGate::confirm(std::string_view user, std::string_view code, std::string_view address) {
  return check_code(user, code, address, false, false);
}

Result<void> TotpGate::disable(std::string_view user, std::string_view code, std::string_view address) {
  return check_code(user, code, address, true, true);
}

Result<bool> TotpGate::reset(core::StoreTx& tx, std::string_view user) {
  TRY(tx.get_user(user));
  return tx.delete_totp(user);
}

std::string TotpGate::hold(std::string_view user) {
  std::string secret = core::new_token("");
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(m_mutex);
  for (auto it = m_pending.begin(); it != m_pending.end();) {
    it = it->second.expires <= now ? m_pending.erase(it) : std::next(it);
  }
  m_pending[core::hash_token(secret)] = Pending{std::string(user), now + k_pending_login_lifetime};
  return secret;
}

Result<std::string> TotpGate::redeem(std::string_view pending, std::string_view code, std::string_view address) {
  std::string hash = core::hash_token(pending);
  std::string user;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_pending.find(hash);
    if (it == m_pending.end() || it->second.expires <= std::chrono::steady_clock::now()) {
      if (it != m_pending.end()) {
        m_pending.erase(it);
      }
      return make_error(ErrorCode::not_found, "this login has expired; log in again");
    }
    user = it->second.user;
  }
  auto checked = check_code(user, code, address, true, false);
  std::lock_guard lock(m_mutex);
  auto it = m_pending.find(hash);
  if (checked) {
    if (it == m_pending.end()) {
      return make_error(ErrorCode::not_found, "this login has expired; log in again");
    }
    m_pending.erase(it);
    return user;
  }
  if (checked.error().code() == ErrorCode::unauthorized && it != m_pending.end() && --it->second.tries_left <= 0) {
    m_pending.erase(it);
  }
  return tl::unexpected(checked.error());
}

}  // namespace embargo::http
