#include <array>

#include <embargo/core/notify.hpp>

namespace embargo::core {

namespace {

// Kinds under which a recipient's status change is recorded (issue 12).
constexpr std::array<std::string_view, 2> k_recipient_kinds{"recipient", "recipient-status"};

}  // namespace

std::optional<TeamEvent> team_event_of(const TimelineEntry& entry, bool first_mail) {
  const std::string& k = entry.kind;
  if (k == entry_kind::k_created) {
    return TeamEvent::new_report;
  }
  if (k == entry_kind::k_reporter_message || (k == "mail-received" && !first_mail)) {
    return TeamEvent::reporter_reply;
  }
  if (k == entry_kind::k_state) {
    return TeamEvent::state_change;
  }
  if (k == "plan") {
    return TeamEvent::plan_change;
  }
  for (std::string_view r : k_recipient_kinds) {
    if (k == r) {
      return TeamEvent::recipient_status;
    }
  }
  return std::nullopt;
}

}  // namespace embargo::core
