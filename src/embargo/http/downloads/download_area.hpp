#pragma once

// The routes of the embargoed download area (seed step 13):
//
//   GET/HEAD /embargo/CASE/        listing of the case's files, for its usercodes
//   GET/HEAD /embargo/CASE/FILE    a file, for its usercodes, while the window is open
//   GET/HEAD /public/CASE/[FILE]   the same without login once released (see below)
//
// Who may see what: only a usercode OF THAT CASE, not revoked, with the
// right password, between the opening and the release time. Before the
// opening every request gets 403 after authentication (401 before it);
// after the release the embargoed URLs redirect to /public/ once the
// release was carried out (or answer 410 Gone when the team chose to
// close), and 403 while it was not. The rule is core::embargoed_answer and
// core::public_answer (core/download_rule.hpp): /public/ serves only once
// the case is public or closed and its publish-files step is done, never
// on the window's dates alone. Unknown cases, users and wrong
// passwords all look alike (401). The window, usercode and file rows are
// read from the store on every request, so `embargo window set`, `usercode
// revoke` and `files add` apply to the next request without a restart.
//
// Paths never reach the file system: the case id and file name are decoded
// from the URL only to look rows up in the store; the server opens
// files/<sha256 from the row> (storage/file_store.hpp) with O_NOFOLLOW.
// Every GET that sends bytes is recorded (download_recorder.hpp).

#include <embargo/core/download_rule.hpp>
#include <embargo/core/store.hpp>
#include <embargo/http/server/access_log.hpp>
#include <embargo/http/auth/authenticator.hpp>
#include <embargo/http/downloads/download_recorder.hpp>
#include <embargo/http/server/router.hpp>
#include <embargo/storage/file_store.hpp>
#include <embargo/util/time.hpp>

namespace embargo::http {

struct DownloadAreaDeps {
  core::Store& store;
  storage::FileStore files;
  Authenticator& auth;
  DownloadRecorder& recorder;
  AccessLog& log;
  const util::Clock& clock;
};

class DownloadArea {
 public:
  explicit DownloadArea(DownloadAreaDeps deps) : m_d(std::move(deps)) {}

  void add_routes(Router& router);

  Response embargoed(const Request& req);
  Response published(const Request& req);

 private:
  struct Lookup;
  void read_area(Lookup& found, const std::string& user);
  static std::string not_open_text(const Lookup& found, util::Timestamp now);
  Response serve(const Request& req, const Lookup& found, std::string_view user, bool is_public);
  Response listing(const Request& req, const Lookup& found, bool is_public);
  Response file(const Request& req, const core::Artifact& a, std::string_view user, bool is_public);
  Response unauthorized(const Request& req, std::string_view case_id, bool stale, bool basic_refused = false);

  DownloadAreaDeps m_d;
};

// Splits "/PREFIX/CASE/" or "/PREFIX/CASE/FILE" (`rest` is what follows
// "/PREFIX/"), decoding %XX. False when malformed (too many segments, bad
// escapes, a decoded '/', '\\' or NUL). `file` is empty for the listing;
// `needs_slash` is set for "/PREFIX/CASE" (redirect to add the slash).
struct AreaPath {
  std::string case_id;
  std::string file;
  bool needs_slash = false;
};
bool parse_area_path(std::string_view rest, AreaPath& out);

}  // namespace embargo::http
