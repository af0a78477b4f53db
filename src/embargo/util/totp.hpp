#pragma once

// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) as phone
// authenticator apps make them: HMAC-SHA-1, 30-second steps counted from the
// Unix epoch, 6 digits by default. Plus base32 (RFC 4648, no padding) and the
// otpauth:// URI that such apps import.
//
// Pure functions, no I/O; thread safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::util {

inline constexpr int k_totp_step_seconds = 30;
inline constexpr int k_totp_digits = 6;
inline constexpr std::size_t k_totp_key_bytes = 20;  // 160 bits, RFC 4226's recommendation

// The step that `t` falls in: floor(unix seconds / 30).
std::int64_t totp_step(Timestamp t);

// The code of `key` (raw bytes) for `step`, zero-padded to `digits` (6-8).
std::string totp_code(std::string_view key, std::int64_t step, int digits = k_totp_digits);

// The step whose code `code` is, among step(now)-1 .. step(now)+1 and
// strictly after `after_step` (a code accepted once is not accepted again),
// or nullopt. Compares in constant time; `code` must be exactly 6 digits.
std::optional<std::int64_t> totp_match(std::string_view key, std::string_view code, Timestamp now,
                                       std::int64_t after_step);

// RFC 4648 base32, upper case, without '=' padding.
std::string base32_encode(std::string_view bytes);
// Accepts upper or lower case, ignores spaces and '=' padding; InvalidArgument
// on any other character.
Result<std::string> base32_decode(std::string_view text);

// "otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30",
// issuer and account percent-encoded.
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view key);

}  // namespace embargo::util
