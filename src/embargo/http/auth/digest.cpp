#include <embargo/http/auth/digest.hpp>

#include <fmt/format.h>
#include <sodium.h>

#include <embargo/util/digest.hpp>
#include <embargo/util/secret.hpp>
#include <embargo/util/sha256.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::http {

namespace {

std::int64_t seconds_of(SystemTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<DigestAlgorithm> parse_digest_algorithm(std::string_view text) {
  if (text.empty() || util::iequals(text, "MD5")) {
    return DigestAlgorithm::md5;
  }
  if (util::iequals(text, "SHA-256")) {
    return DigestAlgorithm::sha256;
  }
  return make_error(ErrorCode::not_supported, fmt::format("Digest algorithm '{}' is not supported", text.substr(0, 32)));
}

std::string_view to_string(DigestAlgorithm a) { return a == DigestAlgorithm::md5 ? "MD5" : "SHA-256"; }

std::string digest_hash(DigestAlgorithm a, std::string_view data) {
  return a == DigestAlgorithm::md5 ? util::md5_hex(data) : util::sha256_hex(data);
}

std::string digest_response(DigestAlgorithm a, const DigestInput& in) {
  std::string ha2 = digest_hash(a, fmt::format("{}:{}", in.method, in.uri));
  return digest_hash(a, fmt::format("{}:{}:{}:{}:{}:{}", in.ha1, in.nonce, in.nc, in.cnonce, in.qop, ha2));
}

NonceAuthority::NonceAuthority(std::chrono::seconds lifetime) : m_lifetime(lifetime) {
  util::ensure_sodium();
  m_key.resize(crypto_auth_KEYBYTES);
  crypto_auth_keygen(reinterpret_cast<unsigned char*>(m_key.data()));
  m_opaque = util::random_secret(32);
}

std::string NonceAuthority::mac(std::string_view data) const {
  unsigned char out[crypto_auth_BYTES];
  crypto_auth(out, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
              reinterpret_cast<const unsigned char*>(m_key.data()));
  return util::to_hex(out, 16);
}

std::string NonceAuthority::issue(SystemTime now) const {
  std::string stamp = fmt::format("{:016x}", static_cast<std::uint64_t>(seconds_of(now)));
  // A random part makes every nonce unique even within one second.
  std::string salt = util::random_secret(8);
  std::string body = stamp + salt;
  return body + mac(body);
}

NonceAuthority::State NonceAuthority::check(std::string_view nonce, SystemTime now) const {
  if (nonce.size() != 16 + 8 + 32) {
    return State::invalid;
  }
  std::string_view body = nonce.substr(0, 24);
  if (!util::constant_time_equal(mac(body), nonce.substr(24))) {
    return State::invalid;
  }
  std::uint64_t issued = 0;
  for (char c : nonce.substr(0, 16)) {
    issued = issued * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  auto age = seconds_of(now) - static_cast<std::int64_t>(issued);
  if (age < 0 || age > m_lifetime.count()) {
    return State::stale;
  }
  return State::valid;
}

bool NonceAuthority::accept_nc(std::string_view nonce, std::uint32_t nc, SystemTime now) {
  std::int64_t t = seconds_of(now);
  std::lock_guard lock(m_mutex);
  if (t - m_last_sweep > m_lifetime.count()) {
    std::erase_if(m_seen, [&](const auto& entry) { return t - entry.second.second > 2 * m_lifetime.count(); });
    m_last_sweep = t;
  }
  auto [it, inserted] = m_seen.try_emplace(std::string(nonce), nc, t);
  if (inserted) {
    return true;
  }
  if (nc <= it->second.first) {
    return false;
  }
  it->second.first = nc;
  return true;
}

std::string digest_challenge(std::string_view realm, DigestAlgorithm a, std::string_view nonce,
                             std::string_view opaque, bool stale) {
  return fmt::format("Digest realm=\"{}\", qop=\"auth\", algorithm={}, nonce=\"{}\", opaque=\"{}\"{}", realm,
                     to_string(a), nonce, opaque, stale ? ", stale=true" : "");
}

std::string basic_challenge(std::string_view realm) {
  return fmt::format("Basic realm=\"{}\", charset=\"UTF-8\"", realm);
}

Result<std::uint32_t> parse_nc(std::string_view nc) {
  if (nc.size() != 8) {
    return make_error(ErrorCode::invalid_argument, "Digest nc must be 8 hex digits");
  }
  std::uint32_t value = 0;
  for (char c : nc) {
    int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (digit < 0) {
      return make_error(ErrorCode::invalid_argument, "Digest nc must be 8 hex digits");
    }
    value = value * 16 + static_cast<std::uint32_t>(digit);
  }
  return value;
}

}  // namespace embargo::http
