#pragma once

// Message digests that HTTP Digest authentication (RFC 7616) needs besides
// SHA-256: MD5 (only for Digest's legacy algorithm, never for integrity).

#include <string>
#include <string_view>

namespace embargo::util {

// Lower-case hex of MD5(`data`) (OpenSSL).
std::string md5_hex(std::string_view data);

}  // namespace embargo::util
