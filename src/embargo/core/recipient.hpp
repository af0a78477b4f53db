#pragma once

// Recipients of an embargo and their status per vulnerability (issue 12).
//
// A recipient is a list that receives notices (config [[mail.lists]]) or a
// named distribution or vendor under one ([[mail.lists.recipients]]), with its
// own contact addresses, OpenPGP keys and the web logins of its people. Each
// recipient has a status per vulnerability of a case: notified, acknowledged,
// packages-ready or not-affected, with an optional statement.
//
// The timeline is the record: every change is one `recipient-status` entry
// (data: {"recipient", "list", "vulnerability", "status", "statement", "via"})
// and the current status is the last such entry per (recipient,
// vulnerability). Refused status replies by mail are `recipient-status-rejected`
// entries. No new table: statuses cannot drift from their history.
//
// Who may set a status: the team (admin, team) any recipient's; a person whose
// login the recipient lists only that recipient's own (`may_set`).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <embargo/core/access.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

namespace entry_kind {
inline constexpr std::string_view k_recipient_status = "recipient-status";
inline constexpr std::string_view k_recipient_status_rejected = "recipient-status-rejected";
}  // namespace entry_kind

enum class RecipientStatus { notified, acknowledged, packages_ready, not_affected };

// "notified", "acknowledged", "packages-ready", "not-affected".
std::string_view to_string(RecipientStatus status);
// Exactly the names above, ASCII case-insensitive; "_" or " " for "-" too.
// InvalidArgument names the accepted values.
Result<RecipientStatus> parse_recipient_status(std::string_view text);
// True for every status but `notified`: the recipient has answered.
bool has_answered(RecipientStatus status);

inline constexpr std::size_t k_max_statement_bytes = 2000;

struct Recipient {
  std::string name;  // [a-z0-9._-], 1-64, unique over all lists
  std::string list;  // the list it receives notices through
  std::vector<std::string> contacts;  // mail addresses its replies come from
  std::vector<std::string> keys;      // OpenPGP fingerprints that may sign its replies
  std::vector<std::string> users;     // web logins of its people
  bool important = false;             // the planner warns when it has not answered
};

Result<void> validate_recipient_name(std::string_view name);

// The current status of one recipient for one vulnerability.
struct RecipientState {
  std::string recipient;
  int vulnerability = 0;  // ordinal
  RecipientStatus status = RecipientStatus::notified;
  std::string statement;
  util::Timestamp at{};
  std::string actor;
  std::string via;  // cli, web, api, mail
};

using StatusMap = std::map<std::pair<std::string, int>, RecipientState>;

// The last recipient-status entry per (recipient, vulnerability).
StatusMap current_statuses(const std::vector<TimelineEntry>& timeline);

// A status change as asked for. vulnerability 0: every vulnerability of the case.
struct StatusChange {
  std::string recipient;
  int vulnerability = 0;
  RecipientStatus status = RecipientStatus::notified;
  std::string statement;
  std::string via;  // cli, web, api, mail
};

class RecipientService {
 public:
  // `cases` must outlive the service.
  RecipientService(const CaseService& cases, std::vector<Recipient> recipients)
      : m_cases(cases), m_recipients(std::move(recipients)) {}

  const std::vector<Recipient>& recipients() const { return m_recipients; }
  // NotFound names the configured recipients.
  Result<const Recipient*> find(std::string_view name) const;
  // The recipients whose `users` lists `user`.
  std::vector<const Recipient*> of_user(std::string_view user) const;

  // Staff may set any recipient's status; an account (not a reporter link)
  // named in the recipient's `users` only that recipient's.
  static bool may_set(const Principal& who, const Recipient& r);

  // Checks the recipient, vulnerability, statement, then writes one timeline
  // entry per vulnerability changed. Returns the new states.
  Result<std::vector<RecipientState>> set_status(StoreTx& tx, std::string_view case_id, const StatusChange& change,
                                                 std::string_view actor) const;
  // Records a refused change (a status reply by mail that proved nothing).
  Result<void> record_rejected(StoreTx& tx, std::string_view case_id, std::string_view reason,
                               std::string_view data_json, std::string_view actor) const;

 private:
  const CaseService& m_cases;
  std::vector<Recipient> m_recipients;
};

// One line of the planner's warnings per important recipient that has not
// answered for some vulnerability when the release is at most `within` away
// (or past); empty when there is no release date or nothing to warn about.
std::vector<std::string> readiness_warnings(const Case& c, const std::vector<Vulnerability>& vulns,
                                            const std::vector<Recipient>& recipients, const StatusMap& statuses,
                                            util::Timestamp now, std::chrono::hours within);

}  // namespace embargo::core
