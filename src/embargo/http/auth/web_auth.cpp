#include <embargo/core/reporter_links.hpp>
#include <embargo/http/auth/web_auth.hpp>
#include <embargo/http/server/form.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/sha256.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

std::optional<std::string> bearer_token(const RequestMessage& m) {
  auto it = m.find(beast_http::field::authorization);
  if (it == m.end()) {
    return std::nullopt;
  }
  std::string_view v(it->value().data(), it->value().size());
  if (v.size() < 8 || !util::starts_with_ci(v, "Bearer ")) {
    return std::nullopt;
  }
  return std::string(util::trim(v.substr(7)));
}

}  // namespace

std::string WebAuth::csrf_for(std::string_view session_secret) {
  return util::sha256_hex("csrf:" + std::string(session_secret)).substr(0, 40);
}

bool WebAuth::csrf_ok(std::string_view expected, std::string_view sent) {
  return !expected.empty() && util::constant_time_equal(expected, sent);
}

std::string WebAuth::new_form_token() const {
  return m_form_tokens.issue(m_clock.now());
}

bool WebAuth::form_token_ok(std::string_view cookie, std::string_view sent) const {
  return csrf_ok(cookie, sent) && m_form_tokens.check(sent, m_clock.now()) == NonceAuthority::State::valid;
}

Result<std::string> WebAuth::new_session(std::string_view user, std::string_view case_id, std::string_view label) {
  std::string secret = core::new_token("");
  core::Credential c;
  c.hash = core::hash_token(secret);
  c.kind = core::CredentialKind::session;
  c.user = std::string(user);
  c.case_id = std::string(case_id);
  c.label = std::string(label);
  c.created_at = m_clock.now();
  c.expires_at = c.created_at + std::chrono::duration_cast<std::chrono::microseconds>(k_session_lifetime);
  // Expired sessions are swept here, at each new session: rows never pile up.
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.delete_expired_credentials(c.created_at));
    return tx.insert_credential(c);
  }));
  return secret;
}

Result<std::string> WebAuth::login(std::string_view name, std::string_view password, std::string_view address) {
  TRY_ASSIGN(LoginStep step, begin_login(name, password, address));
  if (!step.pending.empty()) {
    return make_error(ErrorCode::unauthorized, "this account needs a one-time code");
  }
  return step.session;
}

Result<std::string> WebAuth::finish_login(std::string_view pending, std::string_view code, std::string_view address) {
  if (m_totp == nullptr) {
    return make_error(ErrorCode::not_found, "this login has expired; log in again");
  }
  TRY_ASSIGN(std::string user, m_totp->redeem(pending, code, address));
  return new_session(user, "");
}

Result<WebAuth::LoginStep> WebAuth::begin_login(std::string_view name, std::string_view password,
                                                std::string_view address) {
  auto now = std::chrono::steady_clock::now();
  std::string key = "user:" + std::string(name);
  if (!m_limiter.address_allowed(address, now) || !m_limiter.usercode_allowed(key, address, now)) {
    return make_error(ErrorCode::busy, "too many failed logins; try again later");
  }
  std::optional<core::User> user;
  TRY(m_store.read([&](core::StoreTx& tx) -> Result<void> {
    if (auto u = tx.get_user(name)) {
      user = *u;
    }
    return {};
  }));
  bool ok = util::verify_password(password, user ? user->password_hash : util::dummy_password_hash()) && user;
  if (!ok) {
    m_limiter.record_failure(address, key, now);
    return make_error(ErrorCode::unauthorized, "wrong name or password");
  }
  m_limiter.record_success(key, address);
  if (m_totp != nullptr) {
    TRY_ASSIGN(bool needs_code, m_totp->required(user->name));
    if (needs_code) {
      return LoginStep{"", m_totp->hold(user->name)};
    }
  }
  TRY_ASSIGN(std::string session, new_session(user->name, ""));
  return LoginStep{std::move(session), ""};
}

Result<core::Credential> WebAuth::live_link(std::string_view link_secret) {
  std::optional<core::Credential> link;
  TRY(m_store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(link, tx.find_credential(core::hash_token(link_secret)));
    return {};
  }));
  if (!link || link->kind != core::CredentialKind::reporter_link ||
      (link->expires_at && *link->expires_at <= m_clock.now())) {
    return make_error(ErrorCode::not_found, "this link is unknown, was revoked or has expired");
  }
  return *link;
}

Result<std::string> WebAuth::link_case(std::string_view link_secret) {
  TRY_ASSIGN(core::Credential link, live_link(link_secret));
  return link.case_id;
}

// The session carries the link's id, so that revoking the link ends it; the
// link stays good for another lifetime (renewed while used).
Result<std::string> WebAuth::open_link(std::string_view link_secret) {
  TRY_ASSIGN(core::Credential link, live_link(link_secret));
  TRY(m_store.write(
      [&](core::StoreTx& tx) { return core::renew_reporter_link(tx, link, m_clock.now(), m_link_lifetime); }));
  return new_session("", link.case_id, core::link_session_label(link.hash));
}

std::optional<AuthContext> WebAuth::principal_for(core::StoreTx& tx, const core::Credential& c) {
  if (c.expires_at && *c.expires_at <= m_clock.now()) {
    return std::nullopt;
  }
  AuthContext ctx;
  ctx.session_hash = c.kind == core::CredentialKind::session ? c.hash : "";
  if (c.user.empty()) {
    if (c.case_id.empty()) {
      return std::nullopt;
    }
    ctx.who = core::Principal{"reporter", core::Role::reporter, c.case_id};
    return ctx;
  }
  auto user = tx.get_user(c.user);
  if (!user) {
    return std::nullopt;
  }
  ctx.who = core::Principal{user->name, user->role, ""};
  return ctx;
}

std::optional<AuthContext> WebAuth::authenticate(const Request& req, bool bearer) {
  std::optional<std::string> secret = bearer ? bearer_token(req.message) : cookie(req.message, k_session_cookie);
  if (!secret || secret->empty() || secret->size() > 128) {
    return std::nullopt;
  }
  auto wanted = bearer ? core::CredentialKind::api_token : core::CredentialKind::session;
  std::optional<AuthContext> out;
  auto read = m_store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto c, tx.find_credential(core::hash_token(*secret)));
    if (c && c->kind == wanted) {
      out = principal_for(tx, *c);
    }
    return {};
  });
  if (!read) {
    return std::nullopt;
  }
  if (out && !bearer) {
    out->csrf = csrf_for(*secret);
  }
  return out;
}

Result<void> WebAuth::logout(const AuthContext& ctx, bool everywhere) {
  return m_store.write([&](core::StoreTx& tx) -> Result<void> {
    if (everywhere && !ctx.who.via_link()) {
      TRY(tx.delete_credentials(ctx.who.name, core::CredentialKind::session));
    }
    if (!ctx.session_hash.empty()) {
      TRY(tx.delete_credential(ctx.session_hash));
    }
    return {};
  });
}

Result<std::string> WebAuth::issue_link(core::StoreTx& tx, std::string_view case_id, std::string_view label) {
  return core::issue_reporter_link(tx, case_id, label, m_clock.now(), m_link_lifetime);
}

Result<std::string> WebAuth::issue_api_token(core::StoreTx& tx, std::string_view user, std::string_view label,
                                             util::Timestamp now) {
  TRY(tx.get_user(user));
  std::string secret = core::new_token("emb_");
  core::Credential c;
  c.hash = core::hash_token(secret);
  c.kind = core::CredentialKind::api_token;
  c.user = std::string(user);
  c.label = std::string(label);
  c.created_at = now;
  TRY(tx.insert_credential(c));
  return secret;
}

}  // namespace embargo::http
