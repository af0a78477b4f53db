#pragma once

// SMTP submission through libcurl: STARTTLS (none / try / required) or
// implicit TLS (smtps://), AUTH when a user is configured. One connection per
// message. Errors follow mail::Transport: Busy when the server certainly did
// not take the message (no connection, TLS or AUTH failure, a command
// refused before the end of DATA), IOError when it may have (the connection
// broke after the whole message was written).

#include <embargo/config/mail_config.hpp>
#include <embargo/mail/outbox.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::mail {

class SmtpTransport : public Transport {
 public:
  SmtpTransport(config::SmtpSettings settings, util::SensitiveString password)
      : m_settings(std::move(settings)), m_password(std::move(password)) {}

  Result<void> send(const core::OutboxEntry& entry) override;

 private:
  config::SmtpSettings m_settings;
  util::SensitiveString m_password;
};

}  // namespace embargo::mail
