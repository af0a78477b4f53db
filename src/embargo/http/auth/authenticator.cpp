#include <embargo/http/auth/authenticator.hpp>

#include <fmt/format.h>

#include <embargo/util/secret.hpp>

namespace embargo::http {

namespace {

using SteadyClock = std::chrono::steady_clock;

std::string limiter_key(std::string_view case_id, std::string_view list) {
  return fmt::format("{}\n{}", case_id, list);
}

}  // namespace

std::string ParsedAuth::user() const {
  if (!credentials) {
    return {};
  }
  if (const auto* b = std::get_if<BasicCredentials>(&*credentials)) {
    return b->user;
  }
  return std::get<DigestCredentials>(*credentials).username;
}

Authenticator::Authenticator(const util::SecretBox* box, RateLimits limits, std::chrono::seconds nonce_lifetime,
                             const util::Clock* clock)
    : m_clock(clock != nullptr ? clock : &m_system_clock), m_box(box), m_limiter(limits), m_nonces(nonce_lifetime) {}

ParsedAuth Authenticator::parse(std::string_view header) const {
  ParsedAuth out;
  if (header.empty()) {
    return out;
  }
  auto parsed = parse_authorization(header);
  if (!parsed) {
    out.error = parsed.error().message();
  } else {
    out.credentials = std::move(*parsed);
  }
  return out;
}

bool Authenticator::address_allowed(std::string_view address) {
  return m_limiter.address_allowed(address, SteadyClock::now());
}

AuthResult Authenticator::fail(const AuthRequest& req, std::string user, std::string reason,
                               std::string_view key) {
  m_limiter.record_failure(req.address, key, SteadyClock::now());
  AuthResult r;
  r.status = AuthStatus::challenge;
  r.user = std::move(user);
  r.reason = std::move(reason);
  r.failure = true;
  return r;
}

AuthResult Authenticator::verify(const AuthRequest& req, const ParsedAuth& parsed, const core::Usercode* usercode) {
  if (!parsed.credentials) {
    if (!parsed.error.empty()) {
      return fail(req, "", parsed.error, "");
    }
    AuthResult r;
    r.reason = "no credentials";
    return r;
  }
  std::string user = parsed.user();
  if (std::holds_alternative<BasicCredentials>(*parsed.credentials) && !req.secure && !m_basic_without_tls) {
    AuthResult r;  // not checked, so not counted: the client needs Digest or HTTPS, not another password
    r.user = user;
    r.reason = "Basic over plain HTTP refused";
    r.basic_refused = true;
    return r;
  }
  bool known = usercode != nullptr && !usercode->revoked() && usercode->case_id == req.case_id;
  // Known or not, the name goes through the same throttle and (below) the same work, so that neither the answer nor
  // its time tells a caller which lists hold a usercode for this case (issue 24, finding 2).
  std::string key = limiter_key(req.case_id, user);
  if (!m_limiter.usercode_allowed(key, req.address, SteadyClock::now())) {
    AuthResult r;
    r.status = AuthStatus::throttled;
    r.user = user;
    r.reason = known ? "usercode throttled after too many failures" : "unknown usercode throttled";
    return r;
  }
  if (!known) {
    if (const auto* basic = std::get_if<BasicCredentials>(&*parsed.credentials)) {
      check_basic(*basic, {req.case_id, user, 0, util::dummy_password_hash()});  // the same argon2id (or cache) work
    }
    return fail(req, user, usercode == nullptr ? "unknown usercode" : "revoked usercode", key);
  }
  if (const auto* basic = std::get_if<BasicCredentials>(&*parsed.credentials)) {
    return verify_basic(req, *basic, *usercode);
  }
  return verify_digest(req, std::get<DigestCredentials>(*parsed.credentials), *usercode);
}

bool Authenticator::check_basic(const BasicCredentials& c, const BasicSecret& secret) {
  std::string cache_key =
      m_cache.key_of({secret.case_id, secret.list, secret.generation, secret.password_hash, c.password.view()});
  auto verdict = m_cache.find(cache_key);
  if (verdict == CredentialCache::Verdict::unknown) {
    bool ok = util::verify_password(c.password.view(), secret.password_hash);
    verdict = ok ? CredentialCache::Verdict::verified : CredentialCache::Verdict::refused;
    m_cache.insert(std::move(cache_key), ok);
  }
  return verdict == CredentialCache::Verdict::verified;
}

AuthResult Authenticator::verify_basic(const AuthRequest& req, const BasicCredentials& c, const core::Usercode& u) {
  std::string key = limiter_key(req.case_id, u.list);
  if (!check_basic(c, {u.case_id, u.list, u.generation, u.password_hash})) {
    return fail(req, u.list, "wrong password (Basic)", key);
  }
  m_limiter.record_success(key, req.address);
  AuthResult r;
  r.status = AuthStatus::ok;
  r.user = u.list;
  return r;
}

AuthResult Authenticator::verify_digest(const AuthRequest& req, const DigestCredentials& c, const core::Usercode& u) {
  std::string key = limiter_key(req.case_id, u.list);
  SystemTime now = this->now();
  if (m_box == nullptr) {
    return fail(req, u.list, "Digest unavailable (no usercode key)", key);
  }
  auto algorithm = parse_digest_algorithm(c.algorithm);
  if (!algorithm) {
    return fail(req, u.list, algorithm.error().message(), key);
  }
  if (c.userhash) {
    return fail(req, u.list, "Digest userhash is not supported", key);
  }
  if (c.qop != "auth" || c.cnonce.empty() || c.nc.empty()) {
    return fail(req, u.list, "Digest needs qop=auth with cnonce and nc", key);
  }
  if (c.realm != core::usercode_realm(req.case_id) || c.uri != req.target ||
      !util::constant_time_equal(c.opaque, m_nonces.opaque())) {
    return fail(req, u.list, "Digest realm, uri or opaque do not match", key);
  }
  auto nc = parse_nc(c.nc);
  if (!nc) {
    return fail(req, u.list, nc.error().message(), key);
  }
  auto state = m_nonces.check(c.nonce, now);
  if (state == NonceAuthority::State::invalid) {
    return fail(req, u.list, "Digest nonce not issued by this server", key);
  }
  const std::string& sealed = *algorithm == DigestAlgorithm::md5 ? u.ha1_md5_sealed : u.ha1_sha256_sealed;
  auto ha1 = m_box->open(sealed, core::ha1_context(u.case_id, u.list, to_string(*algorithm)));
  if (!ha1) {
    return fail(req, u.list, ha1.error().message(), key);
  }
  util::SensitiveString ha1_holder(std::move(*ha1));
  std::string expected = digest_response(
      *algorithm, {ha1_holder.view(), c.nonce, c.nc, c.cnonce, c.qop, req.method, c.uri});
  if (!util::constant_time_equal(expected, c.response)) {
    return fail(req, u.list, fmt::format("wrong password (Digest {})", to_string(*algorithm)), key);
  }
  if (state == NonceAuthority::State::stale) {
    AuthResult r;  // right password, old nonce: the client retries with the new one
    r.user = u.list;
    r.reason = "stale nonce";
    r.stale = true;
    return r;
  }
  if (!m_nonces.accept_nc(c.nonce, *nc, now)) {
    return fail(req, u.list, "replayed Digest nonce count", key);
  }
  m_limiter.record_success(key, req.address);
  AuthResult r;
  r.status = AuthStatus::ok;
  r.user = u.list;
  return r;
}

std::vector<std::string> Authenticator::challenges(std::string_view case_id, bool stale, bool secure) {
  std::string realm = core::usercode_realm(case_id);
  SystemTime now = this->now();
  std::vector<std::string> out;
  if (m_box != nullptr) {
    out.push_back(digest_challenge(realm, DigestAlgorithm::sha256, m_nonces.issue(now), m_nonces.opaque(), stale));
    out.push_back(digest_challenge(realm, DigestAlgorithm::md5, m_nonces.issue(now), m_nonces.opaque(), stale));
  }
  if (secure || m_basic_without_tls) {
    out.push_back(basic_challenge(realm));
  }
  return out;
}

}  // namespace embargo::http
