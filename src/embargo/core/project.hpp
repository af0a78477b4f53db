#pragma once

// Several projects on one server (issue 12): a coordinator runs embargod for
// more than one free-software project. Each case belongs to one project: the
// server's own ("", configured at the top of embargo.toml, whose team is every
// admin and team account, as before) or a named one ([[projects]]) with its
// own case id prefix and its own team (the store's project_members).
//
// Who may see what, on top of core/access.hpp:
//   - a member of the case's project's team: write;
//   - admin and team accounts: write on the server's own cases only;
//   - anyone else, staff included: only what a per-case grant gives
//     (maintainers and staff read or write, reporter accounts the portal);
//   - a reporter's link: the portal of its one case, as before.
// So a member of project A sees project B's cases only when granted.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/access.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core {

Result<void> validate_project_name(std::string_view name);
// The configured project called `name`; NotFound names the configured ones.
Result<const ProjectEntry*> find_project(const ProjectConfig& config, std::string_view name);

// `case_project`: the case's project ("" = the server's own); `user_projects`:
// the projects whose team `who` is on; `grant`: `who`'s row of the case's
// access list.
CaseAccess project_access_to(const Principal& who, std::string_view case_id, std::string_view case_project,
                             const std::vector<std::string>& user_projects, const std::optional<CaseGrant>& grant);

// The same, reading the rows from the store. NotFound when `who` may not see
// the case or it does not exist (the caller answers 404 for both).
Result<CaseAccess> case_access(StoreTx& tx, const Principal& who, std::string_view case_id);

// Whether `who`, with `level` on a case of `case_project` ("" = the server's
// own), may share it (grant an account access, make a reporter link): write
// access, and on the case's project's team, or an admin or team account (the
// server team). Never a reporter or a member of another project only granted
// access, nor a link.
bool may_share(const Principal& who, CaseAccess level, std::string_view case_project,
               const std::vector<std::string>& user_projects);

// The same, reading the rows from the store (`level`: from case_access).
Result<bool> may_share_case(StoreTx& tx, const Principal& who, std::string_view case_id, CaseAccess level);

// Opens a case in project `name` through `cases` (numbered by the project's
// own case id prefix counter), puts it in the project and records that on its
// timeline. NotFound for an unconfigured project.
Result<Case> create_project_case(StoreTx& tx, const ProjectConfig& config, const CaseService& cases,
                                 std::string_view name, const NewCase& input, std::string_view actor);

// The cases `who` may open through a list (staff: every case they may see;
// others: their grants and their projects' cases), optionally of one state,
// ordered by id, at most `limit` (0: all). Reporter links: none.
Result<std::vector<Case>> visible_cases(StoreTx& tx, const Principal& who, std::optional<CaseState> state,
                                        std::size_t limit);

}  // namespace embargo::core
