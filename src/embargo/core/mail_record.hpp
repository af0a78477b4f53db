#pragma once

// What the store keeps of mail: each incoming message once (by Message-ID),
// the outbox of outgoing messages (the exactly-once mechanism is described in
// mail/outbox.hpp). The bytes of messages and attachments live in the data
// directory's files/ (content-addressed); these are the records. Reporters'
// private links are web credentials (access.hpp, issue_reporter_link).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

// One incoming message, attached to its case.
struct MailRecord {
  std::string message_id;  // without angle brackets; unique
  std::string case_id;
  std::string sender;  // the From address, lower case
  std::string subject;
  util::Timestamp received_at{};
  std::string sha256;  // of the raw message as received (the file in files/)
  std::int64_t size = 0;
  bool encrypted = false;
  // "none" (unsigned), "good", "bad", "no-key" or "error".
  std::string signature = "none";
};

enum class OutboxState { pending, sending, sent };
std::string_view to_string(OutboxState state);
Result<OutboxState> parse_outbox_state(std::string_view text);

// One outgoing message, stored complete (signed and encrypted) before any
// attempt to send it, so that a retry sends the very same bytes.
struct OutboxEntry {
  std::string message_id;  // without angle brackets; unique
  std::string case_id;
  std::string kind;       // "ack", "advance", "fix", "heads-up", "release", "reporter-update"
  std::string list_name;  // the configured list, or "reporter"
  std::string envelope_from;
  std::vector<std::string> recipients;  // envelope recipients, including the receipt address
  std::string message;                  // the whole RFC 5322 message
  OutboxState state = OutboxState::pending;
  int attempts = 0;
  util::Timestamp created_at{};
  std::optional<util::Timestamp> attempt_at;  // start of the last attempt
  std::optional<util::Timestamp> sent_at;
  bool receipt = false;  // our own copy came back through intake
  std::string last_error;
};

}  // namespace embargo::core
