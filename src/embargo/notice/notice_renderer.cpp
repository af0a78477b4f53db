#include <algorithm>
#include <mutex>

#include <fmt/format.h>
#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>

#include <embargo/config/config_file.hpp>
#include <embargo/core/advisory/advisory_input.hpp>
#include <embargo/core/advisory/advisory_page.hpp>
#include <embargo/core/credit.hpp>
#include <embargo/core/download_area.hpp>
#include <embargo/core/release/release_record.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/notice/default_templates.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/notice/notice_renderer.hpp>
#include <embargo/notice/timeline_view.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::notice {

namespace {

std::string impact_text(core::ImpactClass impact) {
  switch (impact) {
    case core::ImpactClass::rce:
      return "remote code execution";
    case core::ImpactClass::lpe:
      return "local privilege escalation";
    case core::ImpactClass::dos:
      return "denial of service";
    case core::ImpactClass::leak:
      return "information disclosure";
    case core::ImpactClass::other:
      return "a security weakness";
    case core::ImpactClass::unknown:
      return "not yet assessed";
  }
  return "not yet assessed";
}

std::string exploitation_text(core::Exploitation e) {
  switch (e) {
    case core::Exploitation::none:
      return "no known exploitation";
    case core::Exploitation::poc_public:
      return "a proof of concept is public";
    case core::Exploitation::active:
      return "exploited in the wild";
  }
  return "no known exploitation";
}

std::string or_tbd(const std::string& s) {
  return s.empty() ? "to be announced" : s;
}
std::string date_or_tbd(const std::string& s) {
  return s.empty() ? "a date to be announced" : s;
}

mstch::array vulnerability_view(const std::vector<core::Vulnerability>& vulns, const core::Case& c,
                                std::string& identifiers, std::string& fixed) {
  mstch::array out;
  for (const auto& v : vulns) {
    mstch::array cvss;
    for (const auto& vec : v.cvss) {
      cvss.emplace_back(vec);
    }
    // Every identifier of the bug: "CVE-2026-1234, GCVE-1-2026-0001".
    out.emplace_back(mstch::map{{"identifier", v.identifier},
                                {"identifiers", core::identifiers_text(v)},
                                {"identifier_or_tbd", core::identifiers_text(v, "(identifier requested)")},
                                {"title", v.title.empty() ? c.title : v.title},
                                {"description", v.description},
                                {"cwe", v.cwe},
                                {"affected", v.affected},
                                {"affected_or_tbd", or_tbd(v.affected)},
                                {"fixed", v.fixed},
                                {"mitigation", v.mitigation},
                                {"impact", impact_text(c.impact)},
                                {"cvss", cvss}});
    for (const std::string& id : core::all_identifiers(v)) {
      identifiers += (identifiers.empty() ? "" : ", ") + id;
    }
    if (fixed.empty() && !v.fixed.empty()) {
      // ">=4.99.1" or ">=4.99.1,<4.100" names the release 4.99.1.
      std::string_view f = v.fixed;
      f = f.starts_with(">=") ? f.substr(2) : f;
      fixed = std::string(f.substr(0, f.find(',')));
    }
  }
  return out;
}

// The key the latest release build signed the files with ("" if none).
std::string files_key_of(const std::vector<core::TimelineEntry>& entries) {
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->kind == core::release::k_release_entry_kind) {
      auto data = nlohmann::json::parse(it->data, nullptr, false);
      return data.is_object() && data.contains("signed_by") && data["signed_by"].is_string()
                 ? data["signed_by"].get<std::string>()
                 : std::string();
    }
  }
  return "";
}

mstch::array artifact_view(const std::vector<core::Artifact>& artifacts, const std::string& area) {
  mstch::array out;
  for (const auto& a : artifacts) {
    out.emplace_back(
        mstch::map{{"name", a.name}, {"sha256", a.sha256}, {"size", std::to_string(a.size)}, {"url", area + a.name}});
  }
  return out;
}

// "(list distros) " before a template's name in errors.
std::string list_prefix(const config::MailList* list) {
  return list == nullptr ? "" : "(list " + list->name + ") ";
}

std::string with_tag(const std::string& subject, const config::MailList* list) {
  if (list == nullptr || list->subject_tag.empty() || subject.find(list->subject_tag) != std::string::npos) {
    return subject;
  }
  return list->subject_tag + " " + subject;
}

struct ViewSources {
  const core::ProjectConfig& project;
  const config::MailConfig& mail;
  const DisclosureTimeline& timeline;
  const NoticeLinks& links;
};

// What the templates see (notice_renderer.hpp lists the fields).
Result<mstch::map> view_of(const ViewSources& src, core::StoreTx& tx, const core::Case& c, const NoticeInput& in,
                           util::Timestamp now) {
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(c.id));
  TRY_ASSIGN(auto artifacts, tx.list_artifacts(c.id));
  TRY_ASSIGN(auto events, src.timeline.events(tx, c));
  TRY_ASSIGN(auto zones, core::planner::find_zones(src.project.time_zones));
  std::string identifiers;
  std::string fixed;
  mstch::array vuln_view = vulnerability_view(vulns, c, identifiers, fixed);
  TimelineView tl_view = timeline_view(std::move(events), now, zones);
  if (in.list != nullptr && is_private_list(*in.list) && tl_view.release.empty() && in.kind != "reply") {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{} notice to list '{}': the list needs a proposed public disclosure date and time; "
                                  "plan the case first (`embargo case plan {}`)",
                                  in.kind, in.list->name, c.id));
  }
  // Only a credit line the reporter accepted is published (core/credit.hpp).
  TRY_ASSIGN(auto entries, core::load_timeline(tx, c.id));
  core::Reporter published = core::published_reporter(c, entries);
  bool credited = !published.anonymous && !published.credit.empty();
  std::string area = src.links.embargoed_area(c.id);
  std::string files_key = files_key_of(entries);
  auto kind = core::latest_release_kind(entries);
  std::string release_kind_text = kind ? core::release_kind_notice_text(*kind, src.project.project_name) : "";
  std::string mail_key = src.mail.signing_key.empty() ? std::string("(not configured)") : src.mail.signing_key;
  std::string user = in.list ? in.list->usercode() : std::string();
  return mstch::map{{"project", src.project.project_name},
                    {"team_name", src.mail.team_name},
                    {"team_address", src.mail.team_address},
                    {"case_id", c.id},
                    {"title", c.title},
                    {"state", std::string(core::to_string(c.state))},
                    {"impact", impact_text(c.impact)},
                    {"exploitation", exploitation_text(c.exploitation)},
                    {"reporter_name", c.reporter.name.empty() ? std::string("there") : c.reporter.name},
                    {"credit", credited ? published.credit : std::string()},
                    {"vulnerabilities", vuln_view},
                    {"identifiers_or_case", identifiers.empty() ? c.id : identifiers},
                    {"fixed_or_tbd", or_tbd(fixed)},
                    {"fix_available", !artifacts.empty()},
                    {"timeline", tl_view.rows},
                    {"has_timeline", !tl_view.rows.empty()},
                    {"release_or_tbd", date_or_tbd(tl_view.release)},
                    {"release_locals", tl_view.release_locals},
                    {"packaging_or_tbd", date_or_tbd(tl_view.packaging)},
                    {"download_url", area},
                    {"download_user", user},
                    {"download_password", in.download_password},
                    {"password_elsewhere", !user.empty() && in.download_password.empty()},
                    {"list_name", in.list ? in.list->name : std::string("reporter")},
                    {"artifacts", artifact_view(artifacts, area)},
                    {"has_artifacts", !artifacts.empty()},
                    {"files_url", src.links.files_url},
                    {"advisory_url", src.links.advisory_url +
                                         core::advisory::advisory_page_file(src.project.advisory, c.id,
                                                                            core::advisory::page_identifier(vulns))},
                    {"files_key", files_key},
                    {"signing_key", mail_key},
                    {"mail_key_differs", !files_key.empty() && files_key != src.mail.signing_key},
                    {"link", in.link},
                    {"message", in.message},
                    {"previous_release", in.previous_release},
                    {"new_release", in.new_release},
                    {"reply_subject", in.reply_subject},
                    {"release_kind_text", release_kind_text}};
}

void init_mstch() {
  static std::once_flag once;
  std::call_once(once, [] { mstch::config::escape = [](const std::string& s) { return s; }; });
}

}  // namespace

const std::vector<std::string>& NoticeRenderer::kinds() {
  static const std::vector<std::string> k{"ack",     "advance",         "fix",        "heads-up",
                                          "release", "reporter-update", "date-change"};
  return k;
}

NoticeLinks links_of(const config::ConfigFile& config) {
  return NoticeLinks{config.http.public_url, config.mail.download_url, config.publish.files_url,
                     config.publish.web_url};
}

std::string NoticeLinks::embargoed_area(std::string_view case_id) const {
  if (!download_url.empty()) {
    std::string out = download_url;
    for (auto at = out.find("{case}"); at != std::string::npos; at = out.find("{case}", at)) {
      out.replace(at, 6, case_id);
    }
    return out;
  }
  if (public_url.empty()) {
    return "";
  }
  return fmt::format("{}/embargo/{}/", public_url, case_id);
}

Result<std::string> NoticeRenderer::load(std::string_view kind, const config::MailList* list) const {
  auto fallback = default_template(kind);
  if (!fallback) {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("notice kind '{}' is not one of ack, advance, fix, heads-up, release, reporter-update, "
                    "date-change, reply",
                    kind));
  }
  std::vector<std::filesystem::path> candidates;
  std::string file = std::string(kind) + ".mustache";
  if (list != nullptr) {
    for (const auto& dir : m_templates_dirs) {
      candidates.push_back(dir / "lists" / list->name / file);
    }
  }
  for (const auto& dir : m_templates_dirs) {
    candidates.push_back(dir / file);
  }
  for (const auto& path : candidates) {
    auto custom = util::read_file(path);
    if (custom) {
      return *custom;
    }
    if (custom.error().code() != ErrorCode::not_found) {
      return tl::unexpected(custom.error());
    }
  }
  return std::string(*fallback);
}

// Refusals before anything is rendered (notice_renderer.hpp, Errors).
Result<void> NoticeRenderer::check_input(core::StoreTx& tx, const core::Case& c, const NoticeInput& in) const {
  if (in.list == nullptr || in.kind != "fix") {
    return {};
  }
  if (m_links.embargoed_area(c.id).empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "fix notice: no link to the embargoed files: set [http] public_url (the address people reach "
                      "embargod at)");
  }
  std::string user = in.list->usercode();
  TRY_ASSIGN(bool live, core::has_live_usercode(tx, c.id, user));
  if (!live) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("fix notice to list '{}': {} has no live download usercode '{}' "
                                  "(make one with `embargo usercode new {} --list {}`)",
                                  in.list->name, c.id, user, c.id, user));
  }
  if (!in.download_password.empty() && in.list->policy != config::ListPolicy::encrypt && !in.password_in_clear) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("--download-password-file: list '{}' gets {} mail, so the password would travel "
                                  "in clear; give it another way, or add --send-password-in-clear",
                                  in.list->name, config::to_string(in.list->policy)));
  }
  return {};
}

Result<RenderedNotice> NoticeRenderer::render(core::StoreTx& tx, const core::Case& c, const NoticeInput& in,
                                              util::Timestamp now) const {
  init_mstch();
  TRY(check_input(tx, c, in));
  TRY_ASSIGN(std::string text, load(in.kind, in.list));
  TRY_ASSIGN(std::string partial_timeline, load("partial-timeline", in.list));
  TRY_ASSIGN(std::string partial_header, load("partial-header", in.list));
  ViewSources sources{m_project, m_mail, m_timeline, m_links};
  TRY_ASSIGN(mstch::map view, view_of(sources, tx, c, in, now));
  std::string out;
  try {
    out = mstch::render(text, view, {{"timeline", partial_timeline}, {"header", partial_header}});
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("template {}{}: {}", list_prefix(in.list), in.kind, e.what()));
  }
  if (!out.starts_with("Subject:")) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("template {}{}: must begin with a \"Subject:\" line and a blank line",
                                  list_prefix(in.list), in.kind));
  }
  auto end = out.find('\n');
  RenderedNotice notice;
  notice.subject = with_tag(std::string(util::trim(std::string_view(out).substr(8, end - 8))), in.list);
  notice.body = end == std::string::npos ? "" : out.substr(end + 1);
  while (notice.body.starts_with("\n")) {
    notice.body.erase(0, 1);
  }
  return notice;
}

}  // namespace embargo::notice
