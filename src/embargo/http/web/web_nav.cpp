#include <embargo/http/web/web_nav.hpp>

namespace embargo::http {

bool may_open_quarantine(const core::Principal& who, const std::vector<std::string>& user_projects) {
  if (who.via_link() || who.role == core::Role::reporter) {
    return false;
  }
  return who.is_staff() || !user_projects.empty();
}

std::string team_nav(core::Store& store, const core::Principal& who) {
  if (who.via_link() || who.role == core::Role::reporter) {
    return "";
  }
  bool quarantine = who.is_staff();
  if (!quarantine) {
    std::vector<std::string> projects;
    auto read = store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(projects, tx.list_user_projects(who.name));
      return {};
    });
    quarantine = read && may_open_quarantine(who, projects);
  }
  std::string nav = "<nav><a href=\"/\">Due</a> <a href=\"/cases\">Cases</a>";
  if (who.is_staff()) {
    nav += " <a href=\"/team\">Team</a>";
  }
  nav += " <a href=\"/stats\">Response times</a>";
  if (quarantine) {
    nav += " <a href=\"/quarantine\">Quarantine</a>";
  }
  return nav + "</nav>";
}

}  // namespace embargo::http
