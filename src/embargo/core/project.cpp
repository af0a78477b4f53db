#include <embargo/core/project.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace embargo::core {

Result<void> validate_project_name(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
  }
  if (!ok) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("project: '{}' is not 1-64 of a-z, 0-9, '.', '_', '-'", name.substr(0, 70)));
  }
  return {};
}

Result<const ProjectEntry*> find_project(const ProjectConfig& config, std::string_view name) {
  std::string names;
  for (const auto& p : config.projects) {
    if (p.name == name) {
      return &p;
    }
    names += names.empty() ? p.name : ", " + p.name;
  }
  return make_error(ErrorCode::not_found, fmt::format("project: '{}' is not configured ([[projects]]: {})",
                                                      name.substr(0, 70), names.empty() ? "none" : names));
}

Result<Case> create_project_case(StoreTx& tx, const ProjectConfig& config, const CaseService& cases,
                                 std::string_view name, const NewCase& input, std::string_view actor) {
  TRY_ASSIGN(const ProjectEntry* p, find_project(config, name));
  // create() puts it in the project before recording its opening (the team told is the project's),
  // when `cases` knows the project.
  TRY_ASSIGN(Case c, cases.create(tx, input, actor, p->case_prefix));
  TRY_ASSIGN(std::string put, tx.case_project(c.id));
  if (put.empty()) {
    TRY(tx.set_case_project(c.id, p->name));
  }
  TRY(cases.record(tx, c, "project", fmt::format("case of project {} ({})", p->name, p->display_name), actor));
  return c;
}

CaseAccess project_access_to(const Principal& who, std::string_view case_id, std::string_view case_project,
                             const std::vector<std::string>& user_projects, const std::optional<CaseGrant>& grant) {
  if (who.via_link()) {
    return access_to(who, case_id, grant);
  }
  if (case_project.empty()) {
    return access_to(who, case_id, grant);  // the server's own project: as before
  }
  if (std::find(user_projects.begin(), user_projects.end(), case_project) != user_projects.end()) {
    return CaseAccess::write;
  }
  bool granted = grant && grant->case_id == case_id && grant->user == who.name;
  if (!granted) {
    return CaseAccess::none;
  }
  if (who.role == Role::reporter) {
    return CaseAccess::portal;
  }
  return grant->write ? CaseAccess::write : CaseAccess::read;
}

Result<CaseAccess> case_access(StoreTx& tx, const Principal& who, std::string_view case_id) {
  std::optional<CaseGrant> grant;
  std::vector<std::string> projects;
  std::string project;
  if (!who.via_link()) {
    TRY_ASSIGN(grant, tx.find_grant(case_id, who.name));
    TRY_ASSIGN(project, tx.case_project(case_id));
    if (!project.empty()) {
      TRY_ASSIGN(projects, tx.list_user_projects(who.name));
    }
  }
  CaseAccess a = project_access_to(who, case_id, project, projects, grant);
  if (a == CaseAccess::none) {
    return make_error(ErrorCode::not_found, "no such case");
  }
  TRY(tx.get_case(case_id));
  return a;
}

bool may_share(const Principal& who, CaseAccess level, std::string_view case_project,
               const std::vector<std::string>& user_projects) {
  if (level != CaseAccess::write || who.via_link() || who.role == Role::reporter) {
    return false;
  }
  if (who.is_staff()) {
    return true;
  }
  return !case_project.empty() &&
         std::find(user_projects.begin(), user_projects.end(), case_project) != user_projects.end();
}

Result<bool> may_share_case(StoreTx& tx, const Principal& who, std::string_view case_id, CaseAccess level) {
  if (level != CaseAccess::write || who.via_link()) {
    return false;
  }
  TRY_ASSIGN(std::string project, tx.case_project(case_id));
  std::vector<std::string> projects;
  if (!project.empty()) {
    TRY_ASSIGN(projects, tx.list_user_projects(who.name));
  }
  return may_share(who, level, project, projects);
}

Result<std::vector<Case>> visible_cases(StoreTx& tx, const Principal& who, std::optional<CaseState> state,
                                        std::size_t limit) {
  std::vector<Case> out;
  if (who.via_link()) {
    return out;
  }
  TRY_ASSIGN(auto projects, tx.list_user_projects(who.name));
  std::vector<Case> candidates;  // staff: every case in `state`, already read
  std::vector<std::string> ids;
  if (who.is_staff()) {
    TRY_ASSIGN(candidates, tx.list_cases(CaseFilter{state, 0}));
    for (const auto& c : candidates) {
      ids.push_back(c.id);
    }
  } else {
    TRY_ASSIGN(auto grants, tx.list_user_grants(who.name));
    for (const auto& g : grants) {
      ids.push_back(g.case_id);
    }
    for (const auto& p : projects) {
      TRY_ASSIGN(auto in_project, tx.list_project_cases(p));
      ids.insert(ids.end(), in_project.begin(), in_project.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    std::optional<CaseGrant> grant;
    TRY_ASSIGN(grant, tx.find_grant(id, who.name));
    TRY_ASSIGN(std::string project, tx.case_project(id));
    if (project_access_to(who, id, project, projects, grant) == CaseAccess::none) {
      continue;
    }
    Case c;
    if (i < candidates.size()) {
      c = std::move(candidates[i]);
    } else {
      TRY_ASSIGN(c, tx.get_case(id));
    }
    if (state && c.state != *state) {
      continue;
    }
    out.push_back(std::move(c));
    if (limit != 0 && out.size() >= limit) {
      break;
    }
  }
  return out;
}

}  // namespace embargo::core
