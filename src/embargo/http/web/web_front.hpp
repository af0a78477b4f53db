#pragma once

// The team's front page (issue 26): GET / for an account that is not a
// reporter's. What needs doing, most urgent first, on one page:
//
//   Due             what `embargo whats-next` prints (core::pending_items with
//                   the lists' disclosure duties as coming dates), overdue in
//                   red (class "error", "OVERDUE"), each with its acting holder
//   Releases        every case with a release step or its release in the next
//                   14 days: its schedule, each step's due time in UTC and in
//                   the case's configured zones, and a NOW row where now falls
//   Quarantined     the mail intake kept (mail/quarantine.hpp), for who may
//                   handle it (mail::may_handle_quarantined)
//   Unacknowledged  recipients whose list was told under embargo (sent the
//                   case's advance or fix notice) and who have not answered
//                   (acknowledged, packages-ready, not-affected) for every
//                   vulnerability
//   Duties          the lists' disclosure duties still "open" or "fail"
//
// Every case shown is one the viewer may open (core::visible_cases, the rule
// of /cases); nothing else of a case leaks. Reads only. The gathering is in
// web_front_data.cpp, the rendering (pure) in web_front.cpp.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/core/recipient.hpp>
#include <embargo/core/store.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/core/vulnerability.hpp>
#include <embargo/mail/quarantine.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/scheduler/schedule_view.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

struct DueItem {
  std::string case_id;  // "" for quarantined mail
  std::string what;
  util::Timestamp when{};
  std::string holder;  // the acting holder; "" unassigned
};

struct ComingRelease {
  core::Case c;
  std::vector<scheduler::ScheduleRow> rows;  // the case's whole schedule, in due order
  std::vector<core::planner::Zone> zones;    // the case's project's zones
};

struct UnacknowledgedRecipient {
  std::string recipient;
  std::string list;
  bool important = false;
  util::Timestamp told_at{};         // the first notice to its list
  std::vector<int> vulnerabilities;  // ordinals without an answer
};

struct FrontPage {
  std::vector<DueItem> due;
  std::vector<ComingRelease> releases;
  std::vector<mail::QuarantinedMessage> quarantined;
  std::vector<std::pair<std::string, UnacknowledgedRecipient>> unacknowledged;  // (case id, recipient)
  std::vector<std::pair<std::string, notice::Duty>> duties;                     // (case id, duty)
};

// "in 3 d 4 h", "2 h 5 min ago", "in 0 min".
std::string relative_time(util::Timestamp t, util::Timestamp now);

// The recipients among `recipients` whose list was sent the advance or fix
// notice of the case whose timeline is `entries`, with the vulnerabilities they have not
// answered for; those that answered for all are left out.
std::vector<UnacknowledgedRecipient> unacknowledged(const std::vector<core::Recipient>& recipients,
                                                    const std::vector<core::Vulnerability>& vulns,
                                                    const std::vector<core::TimelineEntry>& entries);

// The sections, each a <section> with its id ("due", "releases",
// "quarantine", "unacknowledged", "duties") and a sentence when empty.
std::string due_section(const std::vector<DueItem>& items, util::Timestamp now);
std::string releases_section(const std::vector<ComingRelease>& releases, util::Timestamp now);
std::string quarantine_section(const std::vector<mail::QuarantinedMessage>& messages);
std::string unacknowledged_section(const std::vector<std::pair<std::string, UnacknowledgedRecipient>>& rows,
                                   util::Timestamp now);
std::string open_duties_section(const std::vector<std::pair<std::string, notice::Duty>>& rows, util::Timestamp now);

}  // namespace embargo::http
