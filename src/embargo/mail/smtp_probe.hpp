#pragma once

// Checks that the SMTP server of [smtp] would take mail from us without
// sending any: connect (TLS and AUTH as smtp_transport.hpp does them, through
// libcurl), EHLO, MAIL FROM the given address, RSET, QUIT. For `embargo
// doctor`.

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

}  // namespace embargo::mail
