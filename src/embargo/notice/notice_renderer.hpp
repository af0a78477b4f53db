#pragma once

// Renders notices from a case: the mustache templates (default_templates.cpp,
// overridable per list by <templates>/lists/<list>/<kind>.mustache, then by
// <templates>/<kind>.mustache; the partials partial-timeline / partial-header
// likewise) over a view of the case, its vulnerabilities, its release files,
// the disclosure timeline and the list. A list's subject_tag is put at the
// front of the subject when the subject lacks it.
//
// Kinds: ack (to the reporter, on intake), advance (vague while the case has
// no release files), fix, heads-up, release, reporter-update, date-change
// (the release moved after the list was told: previous_release, new_release
// and the reason in message), reply (the team's answer to a list member's
// question: reply_subject and message; not in kinds(), which are the notices
// a page offers to preview).
// Fields: project, team_name, team_address, case_id, title, state, impact,
// exploitation, reporter_name, credit (only when the reporter wants to be
// credited), vulnerabilities[] (identifier: the primary one, identifiers and
// identifier_or_tbd: all of them, title,
// description, cwe, affected, affected_or_tbd, fixed, mitigation, cvss[]),
// identifiers_or_case, fixed_or_tbd, fix_available, timeline[] (when, label,
// now: the "<-- NOW" row, locals[]: the time in the configured zones),
// has_timeline, release_or_tbd, release_locals, packaging_or_tbd,
// download_url (the case's embargoed area), download_user, download_password,
// password_elsewhere (a usercode without its password), list_name,
// artifacts[] (name, sha256, size, url), has_artifacts, files_url,
// advisory_url, files_key (the key the release build signed the files with),
// signing_key (the team's mail key), mail_key_differs, link, message,
// previous_release, new_release, release_kind_text (what the release will be:
// patch-level or bundled, core/release_kind.hpp; empty until recorded).
// Values are inserted as they are (no HTML escaping: these are mails).
//
// Errors: InvalidArgument for an unknown kind or a template without its
// "Subject:" line, or one mustache cannot parse (naming the template file);
// for a fix notice to a list without a live download usercode, or when no
// link to the embargoed area is known; and for a download password to a list
// whose notices are not encrypted unless NoticeInput::password_in_clear.

#include <filesystem>
#include <string>
#include <vector>

#include <embargo/config/mail_config.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/store.hpp>
#include <embargo/notice/disclosure_timeline.hpp>

namespace embargo::config {
struct ConfigFile;
}

namespace embargo::notice {

struct NoticeInput {
  std::string kind;
  const config::MailList* list = nullptr;  // null: to the reporter
  std::string message;                     // reporter-update: the text
  std::string link;                        // ack: the reporter's private link
  std::string download_password;           // fix: the list's password, if given
  bool password_in_clear = false;          // allow it to a sign or clearsign list
  // date-change: the release before and after ("Thu 2026-12-10 14:00 UTC");
  // the reason is `message`.
  std::string previous_release;
  std::string new_release;
  // reply: the subject answered, without its "Re: "; the answer is `message`.
  std::string reply_subject;
};

// Where a notice's links point.
struct NoticeLinks {
  std::string public_url;    // [http] public_url: embargod as people reach it; ""
  std::string download_url;  // [mail] download_url: an override, {case} replaced; ""
  std::string files_url;     // [publish] files_url
  std::string advisory_url;  // [publish] web_url (the advisory page is CASE.html there)

  // download_url with {case} replaced, else <public_url>/embargo/CASE/, else "".
  std::string embargoed_area(std::string_view case_id) const;
};

// From [http] public_url, [mail] download_url and [publish] of `config`.
NoticeLinks links_of(const config::ConfigFile& config);

struct RenderedNotice {
  std::string subject;
  std::string body;
};

class NoticeRenderer {
 public:
  // All must outlive the renderer. `templates_dirs` are searched in order
  // for <kind>.mustache (config::template_dirs); they may not exist.
  NoticeRenderer(const core::ProjectConfig& project, const config::MailConfig& mail,
                 std::vector<std::filesystem::path> templates_dirs, const DisclosureTimeline& timeline,
                 NoticeLinks links = {})
      : m_project(project),
        m_mail(mail),
        m_templates_dirs(std::move(templates_dirs)),
        m_timeline(timeline),
        m_links(std::move(links)) {}

  Result<RenderedNotice> render(core::StoreTx& tx, const core::Case& c, const NoticeInput& input,
                                util::Timestamp now) const;

  static const std::vector<std::string>& kinds();

 private:
  // The template for `kind`: the list's own, the directory's, the shipped.
  Result<std::string> load(std::string_view kind, const config::MailList* list) const;
  Result<void> check_input(core::StoreTx& tx, const core::Case& c, const NoticeInput& in) const;

  const core::ProjectConfig& m_project;
  const config::MailConfig& m_mail;
  std::vector<std::filesystem::path> m_templates_dirs;
  const DisclosureTimeline& m_timeline;
  NoticeLinks m_links;
};

}  // namespace embargo::notice
