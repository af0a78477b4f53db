#pragma once

// Renders notices from a case: the mustache templates (default_templates.cpp,
// overridable by <data>/templates/<kind>.mustache, and the partials
// partial-timeline / partial-header likewise) over a view of the case, its
// vulnerabilities, its release files, the disclosure timeline and the list.
//
// Kinds: ack (to the reporter, on intake), advance (vague while the case has
// no release files), fix, heads-up, release, reporter-update, date-change
// (the release moved after the list was told: previous_release, new_release
// and the reason in message).
// Fields: project, team_name, team_address, case_id, title, state, impact,
// exploitation, reporter_name, credit (only when the reporter wants to be
// credited), vulnerabilities[] (identifier, identifier_or_tbd, title,
// description, cwe, affected, affected_or_tbd, fixed, mitigation, cvss[]),
// identifiers_or_case, fixed_or_tbd, fix_available, timeline[] (when, label,
// now: the "<-- NOW" row), has_timeline, release_or_tbd, packaging_or_tbd,
// download_url, download_user, download_password, list_name, artifacts[]
// (name, sha256, size), has_artifacts, signing_key, link, message, previous_release,
// new_release.
// Values are inserted as they are (no HTML escaping: these are mails).
//
// Errors: InvalidArgument for an unknown kind or a template without its
// "Subject:" line, or one mustache cannot parse.

#include <filesystem>
#include <string>
#include <vector>

#include <embargo/config/mail_config.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/store.hpp>
#include <embargo/notice/disclosure_timeline.hpp>

namespace embargo::notice {

struct NoticeInput {
  std::string kind;
  const config::MailList* list = nullptr;  // null: to the reporter
  std::string message;                     // reporter-update: the text
  std::string link;                        // ack: the reporter's private link
  std::string download_password;           // fix: the list's password, if given
  // date-change: the release before and after ("Thu 2026-12-10 14:00 UTC");
  // the reason is `message`.
  std::string previous_release;
  std::string new_release;
};

struct RenderedNotice {
  std::string subject;
  std::string body;
};

class NoticeRenderer {
 public:
  // All must outlive the renderer. `templates_dirs` are searched in order
  // for <kind>.mustache (config::template_dirs); they may not exist.
  NoticeRenderer(const core::ProjectConfig& project, const config::MailConfig& mail,
                 std::vector<std::filesystem::path> templates_dirs, const DisclosureTimeline& timeline)
      : m_project(project), m_mail(mail), m_templates_dirs(std::move(templates_dirs)), m_timeline(timeline) {}

  Result<RenderedNotice> render(core::StoreTx& tx, const core::Case& c, const NoticeInput& input,
                                util::Timestamp now) const;

  static const std::vector<std::string>& kinds();

 private:
  Result<std::string> load(std::string_view kind) const;

  const core::ProjectConfig& m_project;
  const config::MailConfig& m_mail;
  std::vector<std::filesystem::path> m_templates_dirs;
  const DisclosureTimeline& m_timeline;
};

}  // namespace embargo::notice
