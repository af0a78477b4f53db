#pragma once

// Recipients' status pages and API (issue 12; core/recipient.hpp):
//
//   GET  /recipients/ID          who received the embargo and how far each is
//   POST /recipients/ID          set a status (form: csrf, recipient,
//                                vulnerability = N or "all", status, statement)
//   GET  /api/v1/recipients/ID   the same as JSON (bearer token)
//   POST /api/v1/recipients/ID   {"recipient", "vulnerability" (omitted: all),
//                                 "status", "statement"}
//
// A case's recipients are those of its project's lists (config/
// project_settings.hpp); a case of a project no longer configured is 404.
// Who may see: the case's team (admin and team accounts on the server's own
// cases, the project's team on another project's: core/project.hpp) and those
// granted the case, every recipient; an account that a recipient lists in
// `users`, a case notified to the recipient's list (a notice in the outbox),
// and there only its own recipients' rows. Others get 404, as for a missing
// case. Who may set: the case's team any recipient's status, a recipient's
// person only its own (403 for another's). Reporter links never.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <embargo/core/recipient.hpp>
#include <embargo/http/server/access_log.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/http/auth/web_auth.hpp>

namespace embargo::http {

struct WebRecipientsDeps {
  core::Store& store;
  const core::CaseService& cases;
  WebAuth& auth;
  AccessLog& log;
  // Each project's recipients (its [[mail.lists.recipients]]), by project
  // ("" = the server's own): a case's page shows its own project's only.
  std::map<std::string, std::vector<core::Recipient>, std::less<>> recipients;
  std::string project_name;
};

class WebRecipients {
 public:
  explicit WebRecipients(WebRecipientsDeps deps);

  void add_routes(Router& router);

 private:
  struct View;
  Response page(const Request& req);
  Response api(const Request& req);
  // The recipients `who` may see on case `id`; NotFound when none and no access.
  Result<View> view(core::StoreTx& tx, const core::Principal& who, const std::string& id);
  Result<void> change(core::StoreTx& tx, const core::Principal& who, const std::string& id,
                      const core::StatusChange& change);
  std::string render(const View& v, const AuthContext& who, const std::string& notice) const;
  nlohmann::json to_json(const View& v) const;

  WebRecipientsDeps m_d;
  std::map<std::string, core::RecipientService, std::less<>> m_services;  // by project, as m_d.recipients
};

}  // namespace embargo::http
