// The release files of a case through the team's own web login, and their
// testing (issue 22, "Get testing coordinated with other Exim Maintainers").
//
// GET|HEAD /cases/ID/files/NAME: a file recorded on the case (core::Artifact:
// `release build --case`, `files add`), its bytes from the file store, for
// whoever may open the case page (core::case_access: the case's team, admins
// on the server's own cases, the maintainers it is shared with); a reporter
// (account or link), another project's member and anyone else get 404, as
// for the case. Sent as web_file_download.hpp sends mail files: an
// attachment no browser renders, checked against its sha256 first (a damaged
// file is a 500, never served); each read is an access-log line (case_read,
// view "file:NAME"), not a timeline entry. The download area (/embargo/ID/)
// with its usercodes stays what lists use.
//
// The "Testing" part of the case page's release section: every release test
// (`embargo release test --case`) and every "tested on PLATFORM" with who and
// when, and the form (POST /cases/ID/tested-on) that records one. Recording
// needs read access only: the maintainers a case is shared with test it.

#include <fmt/format.h>

#include <embargo/core/project.hpp>
#include <embargo/core/release/release_tested_on.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_html.hpp>

namespace embargo::http {

namespace {

using web_html::csrf_field;
using web_html::e;

std::string tested_on_form(const std::string& case_id, const AuthContext& who) {
  return fmt::format(
      "<form method=\"post\" action=\"/cases/{}/tested-on\">{}<fieldset><legend>Record a test of the release "
      "files</legend><label>Platform <input name=\"platform\" required maxlength=\"200\" "
      "placeholder=\"Debian 12 amd64\"></label><label>Result <select name=\"result\"><option>ok</option>"
      "<option>failed</option></select></label><label>Note <input name=\"note\" maxlength=\"2000\"></label>"
      "<button>Record</button></fieldset></form>",
      e(encode_path_segment(case_id)), csrf_field(who));
}

}  // namespace

std::string release_testing_section(const std::vector<core::TimelineEntry>& entries, const std::string& case_id,
                                    const AuthContext* tester) {
  std::string out = "<h3>Testing</h3>";
  auto tests = core::release::release_tests(entries);
  if (tests.empty()) {
    out += "<p>No test recorded yet.</p>";
  } else {
    out +=
        "<table class=\"testing\"><tr><th>When</th><th>Who</th><th>Platform</th><th>Release</th>"
        "<th>Result</th><th>Entry</th></tr>";
    for (const auto& t : tests) {
      out += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>#{} {}</td></tr>",
                         t.ok ? "ok" : "failed", e(short_time(t.at)), e(t.actor),
                         t.platform.empty() ? "<code>release test</code>" : e(t.platform),
                         e(t.version.empty() ? "-" : t.version), t.ok ? "ok" : "failed", t.seq, e(t.text));
    }
    out += "</table>";
  }
  out += fmt::format(
      "<p class=\"meta\">Built and tested elsewhere? <code>embargo release tested-on {} --platform TEXT --result "
      "ok|failed</code>, or this form.</p>",
      e(case_id));
  return tester != nullptr ? out + tested_on_form(case_id, *tester) : out;
}

Result<void> WebApp::check_case_reader(core::StoreTx& tx, const AuthContext& who, const std::string& id) {
  TRY_ASSIGN(core::CaseAccess level, access(tx, who.who, id));
  if (level < core::CaseAccess::read) {  // a reporter's portal view: as if there were no case
    return make_error(ErrorCode::not_found, "no such case");
  }
  return {};
}

Result<core::TimelineEntry> WebApp::record_test(core::StoreTx& tx, const AuthContext& who, const std::string& id,
                                                std::string_view platform, std::string_view result,
                                                std::string_view note) {
  TRY(check_case_reader(tx, who, id));
  TRY_ASSIGN(core::release::TestedOn t, core::release::parse_tested_on(platform, result, note));
  return core::release::record_tested_on(tx, m_d.cases, id, t, who.who.name);
}

Response WebApp::release_file(const Request& req, const AuthContext& who, const std::string& id,
                              std::string_view encoded_name) {
  return case_file_download(req, who, id, encoded_name, "file", "release file",
                            [&](core::StoreTx& tx, const std::string& name) -> Result<StoredFileRef> {
                              TRY_ASSIGN(auto artifacts, tx.list_artifacts(id));
                              for (const core::Artifact& a : artifacts) {
                                if (a.name == name) {
                                  return StoredFileRef{a.name, a.sha256, a.size};
                                }
                              }
                              return make_error(ErrorCode::not_found, "no such file");
                            });
}

}  // namespace embargo::http
