// PgTx: projects on one server (migration 10, issue 12; core/project.hpp):
// which project a case belongs to and who is on each project's team.

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

std::vector<std::string> first_column(const pqxx::result& r) {
  std::vector<std::string> out;
  for (const auto& row : r) {
    out.push_back(row[0].as<std::string>());
  }
  return out;
}

}  // namespace

Result<void> PgTx::set_case_project(std::string_view case_id, std::string_view project) {
  TRY(require_writable());
  TRY(get_case(case_id));
  return guarded(fmt::format("project of {}", case_id), [&]() -> Result<void> {
    auto r = m_txn.exec_params(
        "INSERT INTO case_projects(case_id, project) VALUES ($1, $2) ON CONFLICT (case_id) DO NOTHING RETURNING 1",
        std::string(case_id), std::string(project));
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("case {} already belongs to a project", case_id));
    }
    return {};
  });
}

Result<std::string> PgTx::case_project(std::string_view case_id) {
  return guarded(fmt::format("project of {}", case_id), [&]() -> Result<std::string> {
    auto r = m_txn.exec_params("SELECT project FROM case_projects WHERE case_id = $1", std::string(case_id));
    return r.empty() ? std::string() : r[0][0].as<std::string>();
  });
}

Result<std::vector<std::string>> PgTx::list_project_cases(std::string_view project) {
  return guarded(fmt::format("cases of project {}", project), [&]() -> Result<std::vector<std::string>> {
    return first_column(m_txn.exec_params(
        "SELECT case_id FROM case_projects WHERE project = $1 ORDER BY case_id", std::string(project)));
  });
}

Result<void> PgTx::put_project_member(std::string_view project, std::string_view user) {
  TRY(require_writable());
  TRY(get_user(user));
  return guarded(fmt::format("{} on the team of {}", user, project), [&]() -> Result<void> {
    m_txn.exec_params(
        "INSERT INTO project_members(project, user_name) VALUES ($1, $2) ON CONFLICT (project, user_name) DO NOTHING",
        std::string(project), std::string(user));
    return {};
  });
}

Result<bool> PgTx::delete_project_member(std::string_view project, std::string_view user) {
  TRY(require_writable());
  return guarded(fmt::format("{} on the team of {}", user, project), [&]() -> Result<bool> {
    auto r = m_txn.exec_params("DELETE FROM project_members WHERE project = $1 AND user_name = $2 RETURNING 1",
                               std::string(project), std::string(user));
    return !r.empty();
  });
}

Result<std::vector<std::string>> PgTx::list_project_members(std::string_view project) {
  return guarded(fmt::format("team of {}", project), [&]() -> Result<std::vector<std::string>> {
    return first_column(m_txn.exec_params(
        "SELECT user_name FROM project_members WHERE project = $1 ORDER BY user_name", std::string(project)));
  });
}

Result<std::vector<std::string>> PgTx::list_user_projects(std::string_view user) {
  return guarded(fmt::format("projects of {}", user), [&]() -> Result<std::vector<std::string>> {
    return first_column(m_txn.exec_params(
        "SELECT project FROM project_members WHERE user_name = $1 ORDER BY project", std::string(user)));
  });
}

}  // namespace embargo::storage::postgres
