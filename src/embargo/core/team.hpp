#pragma once

// The team around the cases (issue 13): each member's PGP key, which events
// they want mail about and when they are away; each case's owner and backup;
// and the reminders already sent, so that none is sent twice.
//
// These are rows of the store (StoreTx::put_member, put_assignment,
// insert_reminder); this header only holds the types and their rules. A
// member profile exists only for an account (core/user.hpp); a user without a
// profile has the defaults (no key, every event, never away).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

// What a team notification is about (core/notify.hpp maps timeline kinds to these).
enum class TeamEvent { new_report, reporter_reply, state_change, plan_change, recipient_status, reminder };

std::string_view to_string(TeamEvent event);
Result<TeamEvent> parse_team_event(std::string_view text);
// Every event, in declaration order.
const std::vector<TeamEvent>& all_team_events();

struct MemberProfile {
  std::string user;
  // The primary key fingerprint (40 hex, upper case) of the member's public
  // key, imported into the team's GnuPG home; empty when none was given.
  std::string pgp_fingerprint;
  // The events the member gets mail about.
  std::vector<TeamEvent> notify = all_team_events();
  // Away on every day from `away_from` to `away_until`, both included.
  std::optional<util::Date> away_from;
  std::optional<util::Date> away_until;

  bool wants(TeamEvent event) const;
  bool away_at(util::Timestamp t) const;

  friend bool operator==(const MemberProfile&, const MemberProfile&) = default;
};

// "new-report,state-change" / "all" / "none" to a list; names the bad one.
Result<std::vector<TeamEvent>> parse_notify_list(std::string_view text);
// The stored form: comma-separated names ("" for none).
std::string format_notify_list(const std::vector<TeamEvent>& events);

struct CaseAssignment {
  std::string case_id;
  std::string owner;   // a user name, or empty
  std::string backup;  // a user name, or empty

  friend bool operator==(const CaseAssignment&, const CaseAssignment&) = default;
};

// Who acts for the case at `t`: the owner, or the backup while the owner is
// away (per their profiles), or empty when neither is set.
std::string acting_holder(const CaseAssignment& a, const std::vector<MemberProfile>& profiles, util::Timestamp t);

// One reminder sent: the key (case, condition, threshold, level) is unique.
struct ReminderRecord {
  std::string case_id;
  std::string condition;  // "no-ack", "stale", "deadline", ...
  std::string threshold;  // "2d", "7d", "1d", "2h"
  int level = 0;          // 0 owner, 1 backup, 2 whole team
  util::Timestamp at{};

  friend bool operator==(const ReminderRecord&, const ReminderRecord&) = default;
};

}  // namespace embargo::core
