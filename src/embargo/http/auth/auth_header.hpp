#pragma once

// Parser of the Authorization request header for HTTP Basic (RFC 7617) and
// Digest (RFC 7616) authentication. Input comes from anyone on the network:
// every malformed header is an InvalidArgument naming the problem, never an
// exception or a crash (fuzz/fuzz_auth_header.cpp). The parser only splits
// and decodes; checking the credentials is authenticator.hpp's job.

#include <string>
#include <string_view>
#include <variant>

#include <embargo/util/result.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::http {

struct BasicCredentials {
  std::string user;
  util::SensitiveString password;
};

// The parameters of a Digest response (RFC 7616 section 3.4). Missing
// optional parameters are empty strings.
struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  std::string algorithm;  // as sent; empty means MD5
  std::string cnonce;
  std::string opaque;
  std::string qop;
  std::string nc;
  bool userhash = false;
};

using Credentials = std::variant<BasicCredentials, DigestCredentials>;

// Parses the value of one Authorization header. InvalidArgument for an
// unknown scheme, bad base64, a missing ':' in Basic, a syntax error,
// duplicated or missing required Digest parameters (username, realm, nonce,
// uri, response).
Result<Credentials> parse_authorization(std::string_view header);

// Base64 (RFC 4648, with padding) of `data`, and its inverse (nullopt-like
// error on bad input). Exposed for tests and the Basic challenge helpers.
std::string base64_encode(std::string_view data);
Result<std::string> base64_decode(std::string_view text);

}  // namespace embargo::http
