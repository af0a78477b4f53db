// SqliteTx: projects on one server (issue 12; core/project.hpp): which project
// a case belongs to and who is on each project's team. Kept apart from
// sqlite_tx.cpp.

#include <fmt/format.h>

#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

namespace {

Result<std::vector<std::string>> column_list(Statement& s) {
  std::vector<std::string> out;
  for (;;) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) {
      break;
    }
    out.push_back(s.column_text(0));
  }
  TRY(s.reset());
  return out;
}

}  // namespace

Result<void> SqliteTx::set_case_project(std::string_view case_id, std::string_view project) {
  TRY(require_writable());
  TRY(get_case(case_id));
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO case_projects(case_id, project) VALUES (?1, ?2)"));
  s->bind(1, case_id).bind(2, project);
  return s->run().or_else([&](const Error& e) -> Result<void> {
    if (e.code() == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, fmt::format("case {} already belongs to a project", case_id));
    }
    return tl::unexpected(e);
  });
}

Result<std::string> SqliteTx::case_project(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT project FROM case_projects WHERE case_id = ?1"));
  s->bind(1, case_id);
  TRY_ASSIGN(bool row, s->step());
  std::string out = row ? s->column_text(0) : std::string();
  TRY(s->reset());
  return out;
}

Result<std::vector<std::string>> SqliteTx::list_project_cases(std::string_view project) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT case_id FROM case_projects WHERE project = ?1 ORDER BY case_id"));
  s->bind(1, project);
  return column_list(*s);
}

Result<void> SqliteTx::put_project_member(std::string_view project, std::string_view user) {
  TRY(require_writable());
  TRY(get_user(user));
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO project_members(project, user) VALUES (?1, ?2) "
                                           "ON CONFLICT(project, user) DO NOTHING"));
  s->bind(1, project).bind(2, user);
  return s->run();
}

Result<bool> SqliteTx::delete_project_member(std::string_view project, std::string_view user) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("DELETE FROM project_members WHERE project = ?1 AND user = ?2"));
  s->bind(1, project).bind(2, user);
  TRY(s->run());
  return m_store.database().changes() > 0;
}

Result<std::vector<std::string>> SqliteTx::list_project_members(std::string_view project) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT user FROM project_members WHERE project = ?1 ORDER BY user"));
  s->bind(1, project);
  return column_list(*s);
}

Result<std::vector<std::string>> SqliteTx::list_user_projects(std::string_view user) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT project FROM project_members WHERE user = ?1 ORDER BY project"));
  s->bind(1, user);
  return column_list(*s);
}

}  // namespace embargo::storage::sqlite
