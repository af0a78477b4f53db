#pragma once

// The duties a case takes on towards the lists it tells (issue 23), from the
// Openwall lists' published rules (oss-security.openwall.org/wiki/
// mailing-lists/distros): a private list (distros, linux-distros, or any
// list with max_embargo_days) gets a proposed public date and time in its
// first message; the release is at most max_embargo_days after the first
// message actually sent to it (its recorded sending time, not the plan);
// and once such a list was told, the release includes a full post to
// oss-security on the day; exploit material shared with such a list goes
// public within its exploit_post_days of the release (notice/
// exploit_material.hpp). What was sent comes from the case's outbox.
//
// Each duty is explained like a planner check: the rule, a state, one line
// saying why, and when it falls due. A case that told no private list and
// plans none has no duties.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <embargo/config/config_file.hpp>
#include <embargo/config/mail_config.hpp>
#include <embargo/config/publish_config.hpp>
#include <embargo/core/reminders.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/time.hpp>

namespace embargo::notice {

namespace duty {
inline constexpr std::string_view k_first_message_date = "first-message-date";
inline constexpr std::string_view k_max_embargo = "max-embargo";
inline constexpr std::string_view k_public_post = "oss-security-post";
inline constexpr std::string_view k_exploit_post = "exploit-post";
}  // namespace duty

struct Duty {
  std::string rule;  // one of duty::, or a CRA stage's (cra_clock.hpp: cra-...)
  std::string list;  // the list it is about ("" for the CRA's)
  // "done" (fulfilled), "ok" (will be, as things stand), "open" (needs
  // doing by `due`) or "fail" (broken, or will be unless something changes).
  std::string state;
  std::string detail;
  std::optional<util::Timestamp> due;
};

// True for a list whose embargo is limited (the Openwall private lists).
bool is_private_list(const config::MailList& list);

// The duties of case `c` at `now`, in list order: for each private list
// told or named in [publish] advance_lists or fix_lists, first-message-date
// and max-embargo, and exploit-post when exploit material was shared with
// it; then one oss-security-post; then the CRA clock's three (cra_clock.hpp,
// when settings.cra is on). A duty still "ok" or "open" whose due time is
// before `now` is "fail" ("overdue: ..."). `settings`: the case's project's
// (config::config_for_case).
Result<std::vector<Duty>> disclosure_duties(core::StoreTx& tx, const core::Case& c, const config::ConfigFile& settings,
                                            util::Timestamp now);

// The duties' due times as reminders (core/reminders.hpp): each duty "open"
// or "fail" with a due time, as condition "duty-<rule>-<list>", under the
// case's own project settings (config::config_for_case of `server`, which
// must outlive this).
class DutyDates : public core::ComingDates {
 public:
  explicit DutyDates(const config::ConfigFile& server) : m_server(server) {}
  Result<std::vector<core::ComingDate>> dates(core::StoreTx& tx, const core::Case& c,
                                              util::Timestamp now) const override;

 private:
  const config::ConfigFile& m_server;
};

// [{rule, list, state, detail, due (RFC 3339 or null)}]: `case show --format
// json`, `release status --format json` and GET /api/v1/cases/{id} "duties".
nlohmann::json duties_json(const std::vector<Duty>& duties);

}  // namespace embargo::notice
