#include <embargo/core/mail_address.hpp>

#include <fmt/format.h>

#include <embargo/core/store.hpp>

namespace embargo::core {

Result<void> validate_mail_address(std::string_view address, std::string_view field) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{}: {}", field, why));
  };
  if (address.empty() || address.size() > 254) {
    return bad("an e-mail address must have 1 to 254 characters");
  }
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      return bad("an e-mail address cannot hold spaces or control characters (CR, LF, NUL, ...)");
    }
    if (std::string_view("<>(),;:\\\"[]").find(c) != std::string_view::npos) {
      return bad(fmt::format("an e-mail address cannot hold '{}'", c));
    }
  }
  auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return bad(fmt::format("'{}' is not an e-mail address (local@domain)", address));
  }
  return {};
}

Result<void> queue_mail(StoreTx& tx, const OutboxEntry& entry) {
  TRY(validate_mail_address(entry.envelope_from, "outbox: envelope sender"));
  if (entry.recipients.empty()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("outbox: {} has no recipient", entry.message_id));
  }
  for (const std::string& r : entry.recipients) {
    TRY(validate_mail_address(r, "outbox: recipient"));
  }
  return tx.insert_outbox(entry);
}

}  // namespace embargo::core
