#pragma once

// Checks that the SMTP server of [smtp] would take mail from us without
// sending any: connect (TLS and AUTH as smtp_transport.hpp does them, through
// libcurl), EHLO, MAIL FROM the given address, RSET, QUIT. For `embargo
// doctor`.

#include <cstddef>
#include <string>
#include <string_view>

#include <embargo/config/mail_config.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::mail {

// The server's reply to MAIL FROM (e.g. "250 OK") when it accepted `from`.
// Busy when the server could not be reached or the handshake (TLS, AUTH)
// failed; Unauthorized when it refused MAIL FROM (its reply in the message);
// IOError when the connection broke. Waits at most the settings' timeout
// (10 s at most for the connection itself).
Result<std::string> probe_smtp(const config::SmtpSettings& settings, const util::SensitiveString& password,
                               std::string_view from);

// The server's bytes are outside input; these two read them (fuzzed by
// fuzz/fuzz_smtp_reply.cpp).
//
// True when `received` ends with a complete reply (RFC 5321 4.2: lines
// "NNN-text\r\n" then a last line "NNN text\r\n").
bool smtp_reply_complete(std::string_view received);
// A complete reply as one line for people: without the last line break,
// line breaks as " / ", other control bytes as '?', at most
// k_max_smtp_reply_shown bytes (then "...").
std::string smtp_reply_text(std::string_view received);

// A reply longer than this is refused (a server that never ends its reply).
inline constexpr std::size_t k_max_smtp_reply_bytes = 64 * 1024;
inline constexpr std::size_t k_max_smtp_reply_shown = 512;

}  // namespace embargo::mail
