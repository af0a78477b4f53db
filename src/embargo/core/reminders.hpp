#pragma once

// Reminders (issue 13): the project's policy says how long a report may wait;
// `evaluate_reminders` says, for one instant, which reminders are due, and
// `run_reminders` records and sends them. No sleeping and no clock of its own:
// the caller passes `now` (embargo remind run --now, embargod's minute timer).
//
// Conditions, each with its thresholds (ReminderPolicy, [reminders] in
// embargo.toml):
//   no-ack            no acknowledgement to the reporter (a "reply" entry or
//                     any mail sent to the reporter, intake's automatic
//                     acknowledgement included) `no_ack` after the case was
//                     opened
//   stale-<state>     no state change for `stale` while in <state>
//   deadline, advance-notice, fix-to-packagers, release
//                     the reporter's deadline (its day, 00:00 UTC), the plan's
//                     steps and the case's release coming up: `ahead` before it
//                     (7d, 1d, 2h); only the nearest threshold passed fires.
//                     advance-notice and fix-to-packagers end once that
//                     notice ("advance", "fix") was sent to a list.
//   (more)            dates a ComingDates gives (the lists' disclosure duties,
//                     notice/disclosure_duties.hpp), like the plan's steps
// Only open cases (not public, closed or rejected) get reminders, and public
// ones for the (more) dates only: the duties that fall due after the release.
//
// Escalation: level 0 goes to the case's acting holder (the owner, or the
// backup while the owner is away); level 1 to the backup; level 2 to the whole
// team (members not away). The next level is due `escalate_after` after the
// previous one (at most half the threshold for the coming-up conditions)
// when no one of the team acted on the case since (any entry other than mail
// traffic, the reporter's messages and reminders). A level with nobody to
// send to skips to the team. A reminder stops when its condition clears.
// Each (case, condition, threshold, level) is sent at most once
// (StoreTx::insert_reminder refuses a second), and each is a "reminder"
// timeline entry.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>
#include <embargo/core/team.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

struct ReminderPolicy {
  bool enabled = true;
  std::chrono::seconds no_ack{std::chrono::hours(2 * 24)};
  std::chrono::seconds stale{std::chrono::hours(14 * 24)};
  // Before each coming-up date, largest first.
  std::vector<std::chrono::seconds> ahead{std::chrono::hours(7 * 24), std::chrono::hours(24), std::chrono::hours(2)};
  std::chrono::seconds escalate_after{std::chrono::hours(24)};
};

// "2d", "14d", "36h", "90m" (a positive whole number and a unit) to seconds;
// the error names `field`.
Result<std::chrono::seconds> parse_span(std::string_view text, std::string_view field);
// The shortest of those forms that is exact.
std::string format_span(std::chrono::seconds span);

inline constexpr int k_level_owner = 0;
inline constexpr int k_level_backup = 1;
inline constexpr int k_level_team = 2;

// A recipient a reminder could not be mailed to, and why ("no e-mail address").
struct NotSent {
  std::string name;
  std::string reason;
};
// "alice (no e-mail address), bob (...)": the timeline's and `remind run`'s words.
std::string describe(const std::vector<NotSent>& not_sent);

struct DueReminder {
  std::string case_id;
  std::string condition;  // "no-ack", "stale-reported", "deadline", ...
  std::string threshold;  // format_span of the threshold
  int level = k_level_owner;
  std::vector<std::string> recipients;  // user names
  util::Timestamp due{};                // when this level became due
  std::string text;                     // one line for people (no recipients)
  std::vector<NotSent> not_sent;        // filled by run_reminders from the mailer
};

// Where reminders go out (mail/team_mailer.hpp); called inside the write
// transaction before the timeline entry is recorded, which names who was
// not mailed and why. Returns those recipients.
class ReminderMailer {
 public:
  virtual ~ReminderMailer() = default;
  virtual Result<std::vector<NotSent>> send_reminder(StoreTx& tx, const Case& c, const DueReminder& r) = 0;
};

// Coming-up dates known outside core, reminded like the plan's steps.
struct ComingDate {
  std::string condition;  // "duty-max-embargo-distros"
  std::string what;       // what must be done by `at`
  util::Timestamp at{};
};

class ComingDates {
 public:
  virtual ~ComingDates() = default;
  virtual Result<std::vector<ComingDate>> dates(StoreTx& tx, const Case& c, util::Timestamp now) const = 0;
};

// What is open on a case at `now`, for `whats-next` and the reminders: each
// active condition whose first threshold has passed or is coming.
struct Pending {
  std::string case_id;
  std::string condition;
  std::string what;        // "acknowledge the reporter", "release", ...
  util::Timestamp when{};  // when it is due (past: overdue)
};

// The reminders due at `now` for every open case, read-only.
// `more`: further coming-up dates (may be null), for this and the two below.
Result<std::vector<DueReminder>> evaluate_reminders(StoreTx& tx, const ReminderPolicy& policy, util::Timestamp now,
                                                    const ComingDates* more = nullptr);

// Evaluates, then records each due reminder (row + "reminder" timeline entry
// by actor "remind") and hands it to `mailer` (may be null). In the caller's
// write transaction. `service`'s clock should read `now`.
Result<std::vector<DueReminder>> run_reminders(StoreTx& tx, const CaseService& service, const ReminderPolicy& policy,
                                               util::Timestamp now, ReminderMailer* mailer,
                                               const ComingDates* more = nullptr);

// The open items of every open case at `now`: each active condition (with
// its nearest threshold for coming-up dates), most urgent (earliest `when`)
// first. Callers filter by access.
Result<std::vector<Pending>> pending_items(StoreTx& tx, const ReminderPolicy& policy, util::Timestamp now,
                                           const ComingDates* more = nullptr);

}  // namespace embargo::core
