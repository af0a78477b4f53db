#pragma once

// The navigation bar of the team's pages (the case list, /team, /stats,
// /quarantine): one rule for which links a viewer sees, the same rules the
// pages' handlers apply, so nobody is shown a link that answers 404:
//   Cases, Response times   any account (not a reporter account, not a link)
//   Team                    admin and team accounts
//   Quarantine              whoever may_open_quarantine (below)
// Server-rendered links only (no script), so the pages' strict CSP holds.

#include <string>
#include <vector>

#include <embargo/core/access.hpp>
#include <embargo/core/store.hpp>

namespace embargo::http {

// Whether `who` may open /quarantine at all (http/web/web_quarantine.hpp;
// which messages it lists is mail::may_handle_quarantined's business): an
// admin or team account, or an account on some project's team
// (`user_projects`). Never a reporter account or a link.
bool may_open_quarantine(const core::Principal& who, const std::vector<std::string>& user_projects);

// "<nav>...</nav>" for `who`, or "" when it may open none of the pages. Reads
// `who`'s projects from `store` only when the answer depends on them; when
// the store fails, the Quarantine link is left out.
std::string team_nav(core::Store& store, const core::Principal& who);

}  // namespace embargo::http
