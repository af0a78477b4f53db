// The files a case received by mail (core/mail_files.hpp) on the case page
// and at GET /cases/ID/mailfiles/NAME (issue 24, finding 11). Who may open
// the case page may fetch them (core::case_access: the case's team, the
// maintainers it is shared with); a reporter (account or link) and anyone
// else gets 404, as for the case. A file goes out as a download that no
// browser renders: Content-Disposition: attachment, application/octet-stream,
// X-Content-Type-Options: nosniff and "Content-Security-Policy: default-src
// 'none'; sandbox" (a reporter's attachment is untrusted content served from
// the team's origin). Each read is an access-log line (case_read, view
// "mailfile:NAME"), not a timeline entry. The content is checked against its
// sha256 before it is sent: a damaged file is a 500, never served.

#include <fmt/format.h>

#include <embargo/core/mail_files.hpp>
#include <embargo/core/project.hpp>
#include <embargo/http/web/web_app.hpp>

namespace embargo::http {

std::string mail_files_section(const std::vector<core::TimelineEntry>& entries, const std::string& case_id) {
  auto files = core::mail_files(entries);
  if (files.empty()) {
    return {};
  }
  std::string rows;
  for (const core::MailFile& f : files) {
    rows += fmt::format(
        "<tr><td><a href=\"/cases/{}/mailfiles/{}\" download>{}</a></td><td>{}</td><td>{}</td><td>{}</td>"
        "<td><code>{}</code></td><td>{}</td></tr>\n",
        html_escape(encode_path_segment(case_id)), html_escape(encode_path_segment(f.name)), html_escape(f.name),
        html_escape(f.original_name), html_escape(f.kind), f.size < 0 ? std::string("-") : std::to_string(f.size),
        html_escape(f.sha256), html_escape(f.message_id));
  }
  return fmt::format(
      "<h2>Files from mail</h2><p class=\"meta\">Attachments and decrypted text as "
      "received; they download, never open here. Also <code>embargo case file {} NAME --out FILE</code>.</p>"
      "<table><tr><th>name</th><th>sent as</th><th>kind</th><th>bytes</th><th>sha256</th><th>mail</th></tr>\n{}"
      "</table>",
      html_escape(case_id), rows);
}

Response WebApp::mail_file(const Request& req, const AuthContext& who, const std::string& id,
                           std::string_view encoded_name) {
  return case_file_download(req, who, id, encoded_name, "mailfile", "mail file",
                            [&](core::StoreTx& tx, const std::string& name) -> Result<StoredFileRef> {
                              TRY_ASSIGN(auto entries, core::load_timeline(tx, id));
                              auto found = core::find_mail_file(core::mail_files(entries), name);
                              if (!found) {
                                return make_error(ErrorCode::not_found, "no such file");
                              }
                              return StoredFileRef{found->name, found->sha256, found->size};
                            });
}

}  // namespace embargo::http
