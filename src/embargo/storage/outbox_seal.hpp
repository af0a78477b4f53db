#pragma once

// Outbox bodies at rest (issue 24, finding 3). A queued message may hold a
// bearer secret in its text: a reporter's portal link in an acknowledgement,
// a download password in a fix notice sent to a signed list with
// --send-password-in-clear. The stores keep each body sealed (util::SecretBox,
// the message's Message-ID as context) under the outbox key, which lives
// outside the database (config::load_outbox_key): a copy of the database
// alone holds no such secret in clear.
//
// A stored body starts with k_sealed_prefix when sealed. Rows written before
// sealing existed, or by a store opened without a key (tests, `memory:`),
// are in clear and read back as they are.

#include <memory>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>
#include <embargo/util/secret_box.hpp>

namespace embargo::storage {

inline constexpr std::string_view k_sealed_prefix = "embargo-sealed-v1:";

class OutboxSeal {
 public:
  // `box` null: bodies are stored in clear.
  explicit OutboxSeal(std::shared_ptr<const util::SecretBox> box = nullptr) : m_box(std::move(box)) {}

  // What to store for `message` of outbox entry `message_id`.
  std::string seal(std::string_view message_id, std::string_view message) const;
  // The message `stored` holds. Corruption naming the entry when it is sealed
  // under another key (or for another entry), or sealed and this store has
  // no key.
  Result<std::string> open(std::string_view message_id, std::string_view stored) const;

 private:
  std::shared_ptr<const util::SecretBox> m_box;
};

}  // namespace embargo::storage
