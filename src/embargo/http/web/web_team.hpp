#pragma once

// The team's view of who holds what and how fast the team answers (issue 13):
//
//   GET /team     members, their keys and away periods, each case's owner and
//                 backup and who acts for it now, and the team events of the
//                 last 30 days (admin, team)
//   GET /stats    response times per case and medians, cases over policy in
//                 red (class "error")
//   GET /metrics  the same medians and counts for Prometheus (text format
//                 0.0.4): aggregates only, no case ids or titles in labels;
//                 a team session or a team member's API token (Bearer)
//
// Every case shown or counted is one the caller may open (core::visible_cases:
// role, projects and grants), the rule of /cases/ID: a team account outside a
// project sees none of its cases here either, a project's member sees its
// cases, a maintainer the cases shared with them.
// Reporters (accounts or links) get 404 on all three, like a missing page;
// /metrics without credentials answers 401.

#include <embargo/core/reminders.hpp>
#include <embargo/core/response_stats.hpp>
#include <embargo/core/store.hpp>
#include <embargo/http/server/access_log.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/http/auth/web_auth.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

struct TeamPagesDeps {
  core::Store& store;
  WebAuth& auth;
  AccessLog& log;
  const util::Clock& clock;
  const core::ReminderPolicy& policy;
  std::string project_name;
};

class TeamPages {
 public:
  explicit TeamPages(TeamPagesDeps deps) : m_d(std::move(deps)) {}
  void add_routes(Router& router);

 private:
  Response team(const Request& req);
  Response stats(const Request& req);
  Response metrics(const Request& req);
  Response html(const Request& req, std::string_view title, const std::string& body, const AuthContext& who);

  TeamPagesDeps m_d;
};

// The Prometheus text for `cases`: counts by state and over policy, medians
// in seconds. No label carries a case id or a title.
std::string metrics_text(const std::vector<core::CaseTimes>& cases);

}  // namespace embargo::http
