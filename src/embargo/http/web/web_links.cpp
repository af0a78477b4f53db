// The reporter's private links on the case page (issue 24, finding 3): each
// live link with where it went, when it expires and its open sessions, and a
// button that revokes it (with those sessions). For who may share the case.

#include <fmt/format.h>

#include <embargo/core/reporter_links.hpp>
#include <embargo/http/server/message.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/http/web/web_html.hpp>

namespace embargo::http {

namespace {

using web_html::e;

}  // namespace

Result<std::string> reporter_links_section(core::StoreTx& tx, const std::string& case_id, util::Timestamp now,
                                           const AuthContext& who) {
  TRY_ASSIGN(auto links, core::list_reporter_links(tx, case_id, now));
  std::string out = "<h3>Reporter's private links</h3>";
  if (links.empty()) {
    return out + "<p>No live link.</p>";
  }
  out += "<table><tr><th>Link</th><th>Made for</th><th>Made</th><th>Expires</th><th>Open sessions</th><th></th></tr>";
  std::string csrf = fmt::format("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", e(who.csrf));
  for (const auto& l : links) {
    out += fmt::format(
        "<tr><td><code>{0}</code></td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td><td><form method=\"post\" "
        "action=\"/cases/{5}/revoke-link\">{6}<input type=\"hidden\" name=\"link\" value=\"{0}\"><button>Revoke"
        "</button></form></td></tr>",
        e(l.id), e(l.label.empty() ? "-" : l.label), e(short_time(l.created_at)),
        l.expires_at ? e(short_time(*l.expires_at)) : "never", l.sessions, e(case_id), csrf);
  }
  return out + "</table>";
}

Result<void> revoke_link_action(const core::CaseService& cases, core::StoreTx& tx, const std::string& case_id,
                                const FormFields& form, const std::string& actor) {
  std::string id = field(form, "link");
  if (id.empty()) {
    return make_error(ErrorCode::invalid_argument, "link: which link to revoke");
  }
  TRY_ASSIGN(int gone, core::revoke_reporter_links(tx, case_id, id).map_error([](const Error& err) {
    return Error(err.code() == ErrorCode::not_found ? ErrorCode::invalid_argument : err.code(), err.message());
  }));
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  return cases.record(
      tx, c, core::entry_kind::k_access,
      fmt::format("reporter link {} revoked ({} link{}, with its sessions)", id, gone, gone == 1 ? "" : "s"), actor);
}

}  // namespace embargo::http
