#pragma once

// Response-time figures (issue 13): for each case, how long it took to
// acknowledge the reporter, to confirm, to fix and to release, from the time
// it was opened, read from its timeline; and the medians over all cases.
//
//   acknowledge  the first "reply" entry or mail to the reporter other than
//                the automatic acknowledgement (as core/reminders.hpp)
//   confirm      the first move to `confirmed`
//   fix          the first move to `fix-shared` (the fix went to packagers)
//   release      the first move to `public`
//
// A case is over policy when its acknowledgement took longer than the
// reminder policy's no_ack (or is still missing past it), when it went
// `stale` (no state change for longer than policy.stale while open), or
// when it became public after the reporter's deadline.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <embargo/core/reminders.hpp>
#include <embargo/core/store.hpp>

namespace embargo::core {

struct CaseTimes {
  std::string case_id;
  CaseState state = CaseState::reported;
  util::Timestamp opened{};
  std::optional<std::chrono::seconds> acknowledge;
  std::optional<std::chrono::seconds> confirm;
  std::optional<std::chrono::seconds> fix;
  std::optional<std::chrono::seconds> release;
  std::vector<std::string> over_policy;  // "acknowledge", "stale", "deadline"
};

struct Medians {
  std::size_t cases = 0;
  std::size_t over_policy = 0;
  // nullopt when no case has that figure yet; each with how many cases had it.
  std::optional<std::chrono::seconds> acknowledge, confirm, fix, release;
  std::size_t acknowledged = 0, confirmed = 0, fixed = 0, released = 0;
};

// The figures of one case at `now`.
Result<CaseTimes> case_times(StoreTx& tx, const Case& c, const ReminderPolicy& policy, util::Timestamp now);
// Of every case opened at or after `since` (all when unset), ordered by id.
Result<std::vector<CaseTimes>> all_case_times(StoreTx& tx, const ReminderPolicy& policy, util::Timestamp now,
                                              std::optional<util::Timestamp> since);
Medians medians_of(const std::vector<CaseTimes>& cases);

}  // namespace embargo::core
