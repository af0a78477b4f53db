#pragma once

// The team's view of quarantined mail (issue 24, finding 10; mail/quarantine.hpp):
//
//   GET  /quarantine              the quarantined messages, oldest first, with why
//   GET  /quarantine/ID           one message: its header fields, the reason, the
//                                 text as received (escaped, first 64 KiB), and
//                                 the release and discard forms
//   POST /quarantine/ID/release   run intake again on the stored bytes
//   POST /quarantine/ID/discard   keep it in quarantine/discarded/ with `why`
//
// For the team of the message's project only (mail::may_handle_quarantined:
// admin and team accounts for the server's own mail, a project's members for
// mail that came to that project's address), with a session (not a link, not
// an API token): anyone else gets 404, like a missing page, and the list shows
// only the messages the viewer may handle. The forms carry the
// session's CSRF token. Every view and action is a line in the access log
// (event "quarantine") and every action in quarantine/actions.log; a release
// that opens or joins a case is on its timeline. IDs from the URL are checked
// by validate_quarantine_id before any file is touched.

#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <embargo/core/case_service.hpp>
#include <embargo/core/store.hpp>
#include <embargo/http/auth/web_auth.hpp>
#include <embargo/http/server/access_log.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/mail/quarantine.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

struct QuarantinePagesDeps {
  core::Store& store;
  const core::CaseService& cases;
  WebAuth& auth;
  AccessLog& log;
  const util::Clock& clock;
  std::filesystem::path data_dir;
  std::string project_name;
  // Runs intake again (mail::receive_again); null: release is refused with the command to run.
  mail::Quarantine::Receive receive;
};

class QuarantinePages {
 public:
  explicit QuarantinePages(QuarantinePagesDeps deps)
      : m_d(std::move(deps)), m_quarantine(m_d.data_dir, m_d.store, m_d.cases, m_d.clock) {}
  void add_routes(Router& router);

 private:
  // Who is looking, and the projects whose team they are on.
  struct Viewer {
    AuthContext auth;
    std::vector<std::string> projects;
  };
  Response handle(const Request& req);
  Response list(const Request& req, const Viewer& v);
  // The message `id` if `v` may handle it; NotFound otherwise (absent or another team's).
  Result<mail::QuarantinedMessage> find_for(const Viewer& v, const std::string& id) const;
  Response show(const Request& req, const Viewer& v, const std::string& id, std::string_view message);
  Response act(const Request& req, const Viewer& v, const std::string& id, std::string_view action);
  Response discard(const Request& req, const Viewer& v, const std::string& id, std::string_view why);
  Response release(const Request& req, const Viewer& v, const std::string& id);
  Response html(const Request& req, beast_http::status status, std::string_view title, const std::string& body,
                const AuthContext& who);

  QuarantinePagesDeps m_d;
  mail::Quarantine m_quarantine;
  std::mutex m_release_mutex;  // one release at a time (it opens a GnuPG home)
};

}  // namespace embargo::http
