#pragma once

// Team notification (issue 13): no report waits unseen. CaseService::record
// is the single writer of timeline entries, so it is where events are seen:
// after it appends an entry whose kind is a team event (team_event_of), it
// calls the TeamNotifier it was given, in the same transaction. The notifier
// (mail/team_notifier.hpp) queues one outbox entry per team member, so a
// notification is committed with the event or not at all, and the outbox
// delivers it exactly once. Core declares the interface; mail implements it.
//
// Which kinds are team events:
//   created                      new-report
//   reporter (portal), mail-received on an existing case   reporter-reply
//   state                        state-change
//   plan                         plan-change
//   recipient                    recipient-status (issue 12: the participants
//                                code records a recipient's status change under
//                                this kind; add other kinds to k_recipient_kinds)
//   reminder                     reminder (core/reminders.hpp sends its own mail
//                                to the people it escalates to, not through here)

#include <optional>
#include <string_view>

#include <embargo/core/case.hpp>
#include <embargo/core/team.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core {

class StoreTx;

// The team event an entry is, or nullopt. `first_mail` tells whether a
// "mail-received" entry is the message that opened the case (then the
// "created" entry already told the team).
std::optional<TeamEvent> team_event_of(const TimelineEntry& entry, bool first_mail);

class TeamNotifier {
 public:
  virtual ~TeamNotifier() = default;
  // Called inside the caller's write transaction, after `entry` was appended
  // to `c` (whose head already includes it). An error aborts the transaction.
  virtual Result<void> notify(StoreTx& tx, const Case& c, const TimelineEntry& entry, TeamEvent event) = 0;
};

}  // namespace embargo::core
