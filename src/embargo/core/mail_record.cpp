#include <fmt/format.h>

#include <embargo/core/mail_record.hpp>

namespace embargo::core {

std::string_view to_string(OutboxState state) {
  switch (state) {
    case OutboxState::pending:
      return "pending";
    case OutboxState::sending:
      return "sending";
    case OutboxState::sent:
      return "sent";
  }
  return "pending";
}

Result<OutboxState> parse_outbox_state(std::string_view text) {
  for (auto s : {OutboxState::pending, OutboxState::sending, OutboxState::sent}) {
    if (to_string(s) == text) {
      return s;
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("outbox state '{}' is not one of pending, sending, sent", text));
}

}  // namespace embargo::core
