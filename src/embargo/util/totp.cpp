#include <embargo/util/totp.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <chrono>

#include <fmt/format.h>

#include <embargo/util/secret.hpp>

namespace embargo::util {

namespace {

constexpr std::string_view k_base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char ch : s) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
        ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += fmt::format("%{:02X}", ch);
    }
  }
  return out;
}

}  // namespace

std::int64_t totp_step(Timestamp t) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::int64_t step = seconds / k_totp_step_seconds;
  return seconds < 0 && seconds % k_totp_step_seconds != 0 ? step - 1 : step;
}

std::string totp_code(std::string_view key, std::int64_t step, int digits) {
  std::array<unsigned char, 8> counter{};
  auto c = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i) {
    counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(c & 0xff);
    c >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), counter.data(), counter.size(), mac.data(), &mac_len);
  unsigned offset = mac[mac_len - 1] & 0x0f;
  std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                         (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                         (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) {
    modulus *= 10;
  }
  return fmt::format("{:0{}}", binary % modulus, digits);
}

std::optional<std::int64_t> totp_match(std::string_view key, std::string_view code, Timestamp now,
                                       std::int64_t after_step) {
  if (code.size() != static_cast<std::size_t>(k_totp_digits)) {
    return std::nullopt;
  }
  std::int64_t current = totp_step(now);
  std::optional<std::int64_t> found;
  // Every candidate is computed and compared, matched or not, so the time
  // taken does not say which step (if any) matched.
  for (std::int64_t step = current - 1; step <= current + 1; ++step) {
    bool same = constant_time_equal(totp_code(key, step), code);
    if (same && step > after_step && !found) {
      found = step;
    }
  }
  return found;
}

std::string base32_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char ch : bytes) {
    buffer = (buffer << 8) | ch;
    bits += 8;
    while (bits >= 5) {
      out += k_base32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    out += k_base32[(buffer << (5 - bits)) & 31];
  }
  return out;
}

Result<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == ' ' || ch == '=') {
      continue;
    }
    char upper = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    auto pos = k_base32.find(upper);
    if (pos == std::string_view::npos) {
      return make_error(ErrorCode::invalid_argument, fmt::format("base32: '{}' is not a base32 character", ch));
    }
    buffer = (buffer << 5) | static_cast<std::uint32_t>(pos);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view key) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
                     percent_encode(issuer), percent_encode(account), base32_encode(key), percent_encode(issuer),
                     k_totp_digits, k_totp_step_seconds);
}

}  // namespace embargo::util
