#include <fmt/format.h>

#include <embargo/storage/outbox_seal.hpp>

namespace embargo::storage {

namespace {

std::string context_of(std::string_view message_id) {
  return fmt::format("embargo outbox {}", message_id);
}

}  // namespace

std::string OutboxSeal::seal(std::string_view message_id, std::string_view message) const {
  if (!m_box) {
    return std::string(message);
  }
  return std::string(k_sealed_prefix) + m_box->seal(message, context_of(message_id));
}

Result<std::string> OutboxSeal::open(std::string_view message_id, std::string_view stored) const {
  if (!stored.starts_with(k_sealed_prefix)) {
    return std::string(stored);
  }
  if (!m_box) {
    return make_error(
        ErrorCode::corruption,
        fmt::format("outbox message <{}> is sealed and this store was opened without the outbox key", message_id));
  }
  return m_box->open(stored.substr(k_sealed_prefix.size()), context_of(message_id)).map_error([&](const Error&) {
    return Error(ErrorCode::corruption,
                 fmt::format("outbox message <{}> does not open with the outbox key (another data directory's key, "
                             "or damaged): restore secrets/outbox.key or EMBARGO_OUTBOX_KEY",
                             message_id));
  });
}

}  // namespace embargo::storage
