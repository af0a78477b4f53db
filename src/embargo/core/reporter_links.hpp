#pragma once

// Reporters' private links after they were made (issue 24, finding 3): listed
// without their secret, revoked with the sessions opened from them, and
// expiring ([web] reporter_link_days after they were made or last opened).
// A link is known by its id: the first 12 hex digits of its stored hash,
// which gives nothing towards the secret. A session opened from a link
// carries "link <id>" as its label (http/auth/web_auth.cpp).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/access.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

class StoreTx;

struct ReporterLink {
  std::string id;
  std::string label;  // where it went: "acknowledgement mail", "case page"
  util::Timestamp created_at{};
  std::optional<util::Timestamp> expires_at;  // none: until revoked
  int sessions = 0;                           // live portal sessions opened from it
};

// The id of a link whose stored hash is `hash`.
std::string link_id(std::string_view hash);
// "link <id>": the label of a session opened from link `hash`.
std::string link_session_label(std::string_view hash);

// The live links of case `case_id` at `now`, oldest first.
Result<std::vector<ReporterLink>> list_reporter_links(StoreTx& tx, std::string_view case_id, util::Timestamp now);

// Deletes link `id` of case `case_id` ("all": every link of it and every
// portal session of the case) and the sessions opened from it; returns how
// many links went. NotFound naming the
// id and the command that lists them when there is no such link.
Result<int> revoke_reporter_links(StoreTx& tx, std::string_view case_id, std::string_view id);

// Link `link` used at `now`: it stays good `lifetime` longer (0: no expiry).
Result<void> renew_reporter_link(StoreTx& tx, const Credential& link, util::Timestamp now, std::chrono::days lifetime);

}  // namespace embargo::core
